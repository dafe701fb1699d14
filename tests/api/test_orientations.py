"""/api/v1/ referrals to partner services: create from a pathway, the pathway's list, the partner's inbox,
the answer; every persona; refusals in the error shape that change nothing; journal rows; query counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.models import OrientationPartenaire
from parcours.models.orientations import StatutOrientationPartenaire
from social.enums import OperationJournal
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, verifier_erreur
from tests.conftest import Monde, client_de
from tests.parcours.fabriques_orientations import Scene, construire_scene, jours, orientation_directe
from tests.parcours.factories import DesignationPartenaireFactory

pytestmark = pytest.mark.django_db
S = StatutOrientationPartenaire
# Session and user, perimeter, count, page, attachments of the page, journal (lock, previous hash, row)
# and savepoints.
REQUETES_BOITE = 11


@pytest.fixture
def scene(monde: Monde) -> Scene:
    return construire_scene(monde)


def client(scene: Scene, persona: str) -> Client:
    return client_de(None if persona == "anonyme" else getattr(scene.monde, persona))


def url_parcours(scene: Scene) -> str:
    return reverse("api:parcours_orientations_partenaires", args=[scene.parcours.public_id])


def donnees(scene: Scene, **autres: Any) -> dict[str, Any]:
    return {
        "service": str(scene.service.public_id),
        "message": "Aide alimentaire pour la famille.",
        "nom_partage": "Jeanne Lefèvre",
        "consentement_le": timezone.localdate().isoformat(),
        "consentement_mode": "oral_entretien",
        **autres,
    }


# Create.


def test_le_referent_oriente_et_le_lien_part_par_courriel(
    scene: Scene, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client(scene, "ts_arras").post(
            url_parcours(scene), donnees(scene), content_type="application/json"
        )
    assert reponse.status_code == 201, reponse.content
    corps = reponse.json()
    assert corps["statut"] == "ouverte"
    assert corps["service"]["nom"] == "Aide alimentaire d'urgence"
    assert corps["organisation"]["nom"] == "CCAS d'Arras"
    assert corps["nom_partage"] == "Jeanne Lefèvre" and corps["telephone_partage"] == ""
    assert "/orientations/reponse/" in mail.outbox[0].body
    assert mail.outbox[0].body.count("http://testserver/orientations/reponse/") == 1


@pytest.mark.parametrize(
    ("persona", "statut", "code"),
    [
        ("ts_calais", 404, "introuvable"),
        ("partenaire_ccas_arras", 404, "introuvable"),
        ("partenaire_ml_calais", 404, "introuvable"),
        ("elu_arrageois", 404, "introuvable"),
        ("accueil_arras", 403, "interdit"),
        ("anonyme", 401, "non_authentifie"),
    ],
)
def test_orienter_est_refuse_hors_du_role(scene: Scene, persona: str, statut: int, code: str) -> None:
    reponse = client(scene, persona).post(
        url_parcours(scene), donnees(scene), content_type="application/json"
    )
    verifier_erreur(reponse, statut, code)
    assert not OrientationPartenaire.objects.exists()


def test_orienter_une_saisie_invalide_repond_par_champ(scene: Scene) -> None:
    agent = client(scene, "ts_arras")
    erreur = verifier_erreur(
        agent.post(
            url_parcours(scene), {"service": str(scene.service.public_id)}, content_type="application/json"
        ),
        400,
        "donnees_invalides",
    )
    assert {"message", "consentement_le", "consentement_mode"} <= set(erreur["champs"])
    futur = (timezone.localdate() + jours(2)).isoformat()
    erreur = verifier_erreur(
        agent.post(
            url_parcours(scene), donnees(scene, consentement_le=futur), content_type="application/json"
        ),
        400,
        "date_future",
    )
    assert list(erreur["champs"]) == ["consentement_le"]
    assert not OrientationPartenaire.objects.exists()
    assert agent.post(url_parcours(scene), donnees(scene), content_type="application/json").status_code == 201
    verifier_erreur(
        agent.post(url_parcours(scene), donnees(scene), content_type="application/json"), 409, "deja_orientee"
    )


# The pathway's list.


@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("ts_arras", 200),
        ("encadrant_arras", 200),
        ("ts_calais", 404),
        ("elu_arrageois", 404),
        ("anonyme", 401),
    ],
)
def test_les_orientations_du_parcours_par_persona(scene: Scene, persona: str, statut: int) -> None:
    scene.orienter()
    reponse = client(scene, persona).get(url_parcours(scene))
    assert reponse.status_code == statut
    if statut == 200:
        assert [o["service"]["nom"] for o in reponse.json()] == ["Aide alimentaire d'urgence"]


def test_un_partenaire_designe_ne_voit_que_les_orientations_vers_son_organisation(scene: Scene) -> None:
    scene.orienter()
    vers_calais = scene.orienter(service=scene.service_calais)
    DesignationPartenaireFactory(parcours=scene.parcours, organisation=scene.monde.ml_calais)
    reponse = client(scene, "partenaire_ml_calais").get(url_parcours(scene))
    assert [o["public_id"] for o in reponse.json()] == [str(vers_calais.public_id)]


# The inbox.


def test_la_boite_du_partenaire_ne_montre_que_son_organisation_et_journalise(scene: Scene) -> None:
    vers_ccas = scene.orienter()
    scene.orienter(service=scene.service_calais)
    dernier = dernier_id_journal()
    reponse = client(scene, "partenaire_ccas_arras").get(reverse("api:orientations_recues"))
    assert reponse.status_code == 200
    assert [o["public_id"] for o in reponse.json()["results"]] == [str(vers_ccas.public_id)]
    lignes = lignes_journal_depuis(dernier)
    assert [(ligne.operation, ligne.objet_ids) for ligne in lignes] == [
        (OperationJournal.LISTE, [scene.personne.public_id])
    ]
    autre = client(scene, "partenaire_ml_calais").get(reverse("api:orientations_recues")).json()
    assert str(vers_ccas.public_id) not in {o["public_id"] for o in autre["results"]}


def test_la_boite_filtre_par_statut(scene: Scene) -> None:
    ouverte = scene.orienter()
    orientation_directe(scene, statut=S.VALIDEE, repondue_le=timezone.now())
    corps = (
        client(scene, "partenaire_ccas_arras")
        .get(reverse("api:orientations_recues"), {"statut": "ouverte"})
        .json()
    )
    assert [o["public_id"] for o in corps["results"]] == [str(ouverte.public_id)]
    verifier_erreur(
        client(scene, "partenaire_ccas_arras").get(reverse("api:orientations_recues"), {"statut": "inconnu"}),
        400,
        "donnees_invalides",
    )


@pytest.mark.parametrize(
    ("persona", "statut", "code"),
    [("ts_arras", 403, "interdit"), ("elu_arrageois", 403, "interdit"), ("anonyme", 401, "non_authentifie")],
)
def test_la_boite_est_reservee_aux_partenaires(scene: Scene, persona: str, statut: int, code: str) -> None:
    verifier_erreur(client(scene, persona).get(reverse("api:orientations_recues")), statut, code)


def _requetes(client: Client) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(reverse("api:orientations_recues")).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


def test_la_boite_fait_le_meme_nombre_de_requetes_pour_1_et_n_orientations(
    scene: Scene, django_assert_num_queries: Callable[..., Any]
) -> None:
    partenaire = client(scene, "partenaire_ccas_arras")
    orientation_directe(scene)
    un = _requetes(partenaire)
    for _ in range(30):
        orientation_directe(scene)
    assert _requetes(partenaire) == un
    with django_assert_num_queries(REQUETES_BOITE):
        partenaire.get(reverse("api:orientations_recues"))


# The answer.


def url_reponse(orientation: OrientationPartenaire) -> str:
    return reverse("api:orientation_repondre", args=[orientation.public_id])


def test_le_partenaire_accepte_depuis_l_api(scene: Scene) -> None:
    orientation = scene.orienter()
    reponse = client(scene, "partenaire_ccas_arras").post(
        url_reponse(orientation), {"decision": "validee"}, content_type="application/json"
    )
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["statut"] == "validee"


@pytest.mark.parametrize(
    ("persona", "statut", "code"),
    [
        ("partenaire_ml_calais", 404, "introuvable"),
        ("ts_calais", 404, "introuvable"),
        ("elu_arrageois", 404, "introuvable"),
        ("ts_arras", 403, "interdit"),
        ("anonyme", 401, "non_authentifie"),
    ],
)
def test_repondre_est_refuse_hors_de_l_organisation(
    scene: Scene, persona: str, statut: int, code: str
) -> None:
    orientation = scene.orienter()
    reponse = client(scene, persona).post(
        url_reponse(orientation), {"decision": "validee"}, content_type="application/json"
    )
    verifier_erreur(reponse, statut, code)
    orientation.refresh_from_db()
    assert orientation.statut == S.OUVERTE


def test_repondre_refus_sans_motif_puis_orientation_close(scene: Scene) -> None:
    orientation = scene.orienter()
    partenaire = client(scene, "partenaire_ccas_arras")
    erreur = verifier_erreur(
        partenaire.post(url_reponse(orientation), {"decision": "refusee"}, content_type="application/json"),
        400,
        "motif_requis",
    )
    assert list(erreur["champs"]) == ["motif"]
    orientation.refresh_from_db()
    assert orientation.statut == S.OUVERTE
    assert (
        partenaire.post(
            url_reponse(orientation),
            {"decision": "refusee", "motif": "Complet."},
            content_type="application/json",
        ).status_code
        == 200
    )
    verifier_erreur(
        partenaire.post(url_reponse(orientation), {"decision": "validee"}, content_type="application/json"),
        409,
        "transition_impossible",
    )


def test_le_schema_documente_les_operations(scene: Scene) -> None:
    schema = client(scene, "anonyme").get(reverse("api:schema"), {"format": "json"}).json()
    operations = {
        operation["operationId"] for chemin in schema["paths"].values() for operation in chemin.values()
    }
    assert {
        "parcours_orientations_partenaires_liste",
        "parcours_orientations_partenaires_creer",
        "orientations_recues",
        "orientation_repondre",
    } <= operations
