"""/api/v1/parcours/<id>/rsa/: the RSA file, read and written, for every persona; partner views without
the file, the criteria or the hours; refusals in the error shape that change nothing; journal rows;
query counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours import actions
from parcours.enums import Dispositif, EtatRsa
from parcours.models import OrientationRsa, Parcours
from parcours.regles.enums import FreinOrientation, MotifHeuresReduites, ParcoursRsa
from parcours.regles.rsa import JustificationHeures
from social.enums import OperationJournal
from social.models import Personne, Utilisateur
from social.parametres import ajouter_mois
from tests import factories as f
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, verifier_erreur
from tests.conftest import Monde, client_de
from tests.parcours.factories import ouvrir
from tests.parcours.test_parcours_rsa import criteres, dossier, etat_fige, il_y_a, orienter, parcours_rsa

pytestmark = pytest.mark.django_db

PERSONAS = [
    "referent",
    "meme_site",
    "encadrant",
    "accueil",
    "autre_territoire",
    "partenaire_designe",
    "partenaire_non_designe",
    "elu",
    "anonyme",
]
HORS_PERIMETRE = {"autre_territoire": 404, "partenaire_non_designe": 404, "elu": 404, "anonyme": 401}
LECTURE = {"referent": 200, "meme_site": 200, "encadrant": 200, "accueil": 403, "partenaire_designe": 200}


@dataclass
class Scene:
    monde: Monde
    parcours: Parcours
    acteurs: dict[str, Utilisateur | None]

    def client(self, persona: str) -> Client:
        return client_de(self.acteurs[persona])


@pytest.fixture
def scene(monde: Monde, personne_arras: Personne) -> Scene:
    parcours = parcours_rsa(monde, personne_arras, recu=il_y_a(20))
    actions.partenaire_designer(parcours=parcours, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    dossier(parcours, monde.ts_arras)
    collegue = f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras).utilisateur
    return Scene(
        monde=monde,
        parcours=Parcours.objects.get(pk=parcours.pk),
        acteurs={
            "referent": monde.ts_arras,
            "meme_site": collegue,
            "encadrant": monde.encadrant_arras,
            "accueil": monde.accueil_arras,
            "autre_territoire": monde.ts_calais,
            "partenaire_designe": monde.partenaire_ccas_arras,
            "partenaire_non_designe": monde.partenaire_ml_calais,
            "elu": monde.elu_calaisis,
            "anonyme": None,
        },
    )


def _url(nom: str, parcours: Parcours) -> str:
    return reverse(f"api:{nom}", kwargs={"public_id": parcours.public_id})


def orientation(**autres: Any) -> dict[str, Any]:
    return {
        "parcours_type": ParcoursRsa.SOCIAL,
        "criteres": {
            "situation_emploi": "sans_activite",
            "duree_sans_activite_mois": 14,
            "niveau_qualification": "niveau_3",
            "freins": ["sante", "mobilite"],
            "aspirations": "Auxiliaire de vie",
        },
        "decidee_le": il_y_a(4).isoformat(),
        "notifiee_le": il_y_a(3).isoformat(),
    } | autres


def contrat(**autres: Any) -> dict[str, Any]:
    return {"signe_le": il_y_a(1).isoformat(), "heures_hebdomadaires": "15", "objectifs": "Permis B"} | autres


def dossier_saisi(**autres: Any) -> dict[str, Any]:
    return {
        "statut_droit": "4",
        "soumis_droits_devoirs": True,
        "information_recue_le": il_y_a(19).isoformat(),
        "organisme_payeur": "caf",
    } | autres


@dataclass(frozen=True)
class Operation:
    methode: str
    nom: str
    attendus: dict[str, int]
    donnees: Callable[[], dict[str, Any]] = dict
    oriente: bool = False
    libelle: str = ""

    @property
    def id(self) -> str:
        return "-".join(filter(None, (self.methode, self.nom, self.libelle)))


def reorientation() -> dict[str, Any]:
    """A new orientation of an oriented person: the encadrant's, with a written reason."""
    return orientation(
        parcours_type=ParcoursRsa.EMPLOI,
        decidee_le=il_y_a(2).isoformat(),
        notifiee_le=il_y_a(1).isoformat(),
        motif="Avis de l'équipe pluridisciplinaire.",
    )


ECRITURE = {"meme_site": 403, "accueil": 403, "partenaire_designe": 403}
OPERATIONS = [
    Operation("get", "parcours_rsa", LECTURE),
    Operation("put", "parcours_rsa", {**ECRITURE, "referent": 200, "encadrant": 200}, dossier_saisi),
    Operation(
        "post", "parcours_rsa_orientations", {**ECRITURE, "referent": 201, "encadrant": 201}, orientation
    ),
    Operation(
        "post",
        "parcours_rsa_contrats",
        {**ECRITURE, "referent": 201, "encadrant": 201},
        contrat,
        oriente=True,
    ),
    Operation(
        "post",
        "parcours_rsa_orientations",
        {**ECRITURE, "referent": 403, "encadrant": 201},
        reorientation,
        oriente=True,
        libelle="reorientation",
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.id)
def test_chaque_operation_pour_chaque_persona(scene: Scene, operation: Operation, persona: str) -> None:
    if operation.oriente:
        orienter(scene.parcours, scene.monde.ts_arras, decidee=il_y_a(4), notifiee=il_y_a(3))
    attendu = {**HORS_PERIMETRE, **operation.attendus}[persona]
    avant = etat_fige(scene.parcours)
    url = _url(operation.nom, scene.parcours)
    client = scene.client(persona)
    if operation.methode == "get":
        reponse = client.get(url)
    else:
        reponse = getattr(client, operation.methode)(
            url, operation.donnees(), content_type="application/json"
        )
    if attendu < 400:
        assert reponse.status_code == attendu, reponse.content
        if operation.methode != "get":
            assert etat_fige(scene.parcours) != avant
    else:
        code = {401: "non_authentifie", 403: "interdit", 404: "introuvable"}[attendu]
        verifier_erreur(reponse, attendu, code)
        assert etat_fige(scene.parcours) == avant


def test_parcours_non_rsa_introuvable(monde: Monde, personne_arras: Personne) -> None:
    apa = ouvrir(
        personne_arras,
        par=monde.evaluateur_arras,
        site=monde.autonomie_arras,
        dispositif=Dispositif.APA,
        referent=monde.evaluateur_arras,
    )
    reponse = client_de(monde.evaluateur_arras).get(_url("parcours_rsa", apa))
    erreur = verifier_erreur(reponse, 404, "introuvable")
    assert erreur["message"] == "Ce parcours n'est pas un parcours RSA."


# Reading: the staff's view and the partner's.


def test_l_equipe_lit_le_dossier_les_criteres_et_les_echeances(scene: Scene) -> None:
    monde = scene.monde
    orienter(
        scene.parcours,
        monde.ts_arras,
        organisme=monde.ccas_arras,
        decidee=il_y_a(4),
        notifiee=il_y_a(3),
        criteres=criteres(freins=frozenset({FreinOrientation.SANTE})),
    )
    actions.rsa_contrat_signer(
        parcours=scene.parcours,
        signe_le=il_y_a(1),
        heures_hebdomadaires=Decimal("10"),
        justification=JustificationHeures(motif=MotifHeuresReduites.SANTE),
        objectifs="Suivi avec l'infirmière",
        acting_user=monde.ts_arras,
    )
    corps = scene.client("meme_site").get(_url("parcours_rsa", scene.parcours)).json()
    assert set(corps) == {"dossier", "statut_orientation", "orientations", "contrats", "echeances"}
    assert corps["dossier"] == {
        "statut_droit": "2",
        "libelle_statut_droit": "Droit ouvert et versable",
        "soumis_droits_devoirs": True,
        "information_recue_le": il_y_a(20).isoformat(),
        "organisme_payeur": "caf",
    }
    assert corps["statut_orientation"] == "oriente"
    (actuelle,) = corps["orientations"]
    assert actuelle["organisme_referent_id"] == str(monde.ccas_arras.public_id)
    assert actuelle["criteres"]["freins"] == ["sante"]
    assert actuelle["criteres"]["situation_emploi"] == "sans_activite"
    (signe,) = corps["contrats"]
    assert (signe["heures_hebdomadaires"], signe["justification_motif"], signe["justification"]) == (
        "10.0",
        "sante",
        "Santé",
    )
    assert {e["type"]: e["statut"] for e in corps["echeances"]} == {
        "rsa_orientation": "tenue",
        "rsa_contrat": "tenue",
        "rsa_diagnostic_conjoint": "ouverte",
    }


def test_le_partenaire_recoit_une_vue_reduite(scene: Scene) -> None:
    monde = scene.monde
    orienter(scene.parcours, monde.ts_arras, criteres=criteres(freins=frozenset({FreinOrientation.SANTE})))
    corps = scene.client("partenaire_designe").get(_url("parcours_rsa", scene.parcours)).json()
    assert set(corps) == {"orientations", "contrats", "echeances"}
    (actuelle,) = corps["orientations"]
    assert set(actuelle) == {
        "public_id",
        "parcours_type",
        "libelle_parcours",
        "organisme_referent",
        "organisme_referent_id",
        "decidee_le",
        "notifiee_le",
        "actuelle",
    }
    assert "sante" not in str(corps) and "Santé" not in str(corps)


def test_lecture_journalisee(scene: Scene) -> None:
    depuis = dernier_id_journal()
    scene.client("encadrant").get(_url("parcours_rsa", scene.parcours))
    (ligne,) = lignes_journal_depuis(depuis)
    assert (ligne.operation, ligne.objet_ids, ligne.contexte) == (
        OperationJournal.CONSULTATION,
        [scene.parcours.personne.public_id],
        "api:parcours_rsa",
    )


# Writing.


def test_orientation_puis_date_limite_du_contrat(scene: Scene) -> None:
    reponse = scene.client("referent").post(
        _url("parcours_rsa_orientations", scene.parcours),
        orientation(organisme_referent=str(scene.monde.ccas_arras.public_id), vulnerabilites=["aidant"]),
        content_type="application/json",
    )
    assert reponse.status_code == 201, reponse.content
    corps = reponse.json()
    contrat_du = next(e for e in corps["echeances"] if e["type"] == "rsa_contrat")
    assert (contrat_du["date_depart"], contrat_du["date_limite"], contrat_du["statut"]) == (
        il_y_a(3).isoformat(),
        ajouter_mois(il_y_a(3), 1).isoformat(),
        "ouverte",
    )
    enregistree = OrientationRsa.objects.get(parcours=scene.parcours)
    assert (enregistree.organisme_referent, enregistree.vulnerabilites) == (
        scene.monde.ccas_arras,
        ["aidant"],
    )
    scene.parcours.refresh_from_db()
    assert scene.parcours.etat == EtatRsa.ORIENTE


@pytest.mark.parametrize(
    ("donnees", "statut", "code", "champs"),
    [
        (
            orientation(criteres={"situation_emploi": "sans_activite", "niveau_qualification": "niveau_3"}),
            400,
            "rsa_duree_sans_activite_requise",
            {
                "criteres.duree_sans_activite_mois": [
                    "Indiquez depuis combien de mois la personne est sans activité."
                ]
            },
        ),
        (
            orientation(notifiee_le=il_y_a(5).isoformat()),
            400,
            "rsa_notification_avant_decision",
            {"notifiee_le": [f"La notification ne peut pas précéder la décision ({il_y_a(4):%d/%m/%Y})."]},
        ),
        (orientation(parcours_type="professionnel"), 400, "donnees_invalides", None),
        (orientation(criteres={"situation_emploi": "x"}), 400, "donnees_invalides", None),
    ],
)
def test_orientation_refusee_rien_ne_change(
    scene: Scene, donnees: dict[str, Any], statut: int, code: str, champs: dict[str, list[str]] | None
) -> None:
    avant = etat_fige(scene.parcours)
    depuis = dernier_id_journal()
    reponse = scene.client("referent").post(
        _url("parcours_rsa_orientations", scene.parcours), donnees, content_type="application/json"
    )
    erreur = verifier_erreur(reponse, statut, code)
    if champs is not None:
        assert erreur["champs"] == champs
    assert etat_fige(scene.parcours) == avant
    assert lignes_journal_depuis(depuis) == []  # the request was rolled back


def test_rsa_7_non_soumis_ne_peut_etre_oriente(scene: Scene) -> None:
    dossier(scene.parcours, scene.monde.ts_arras, soumis=False)
    avant = etat_fige(scene.parcours)
    reponse = scene.client("referent").post(
        _url("parcours_rsa_orientations", scene.parcours), orientation(), content_type="application/json"
    )
    erreur = verifier_erreur(reponse, 400, "rsa_non_soumis_droits_devoirs")
    assert erreur["message"] == (
        "Orientation impossible : la personne n'est pas soumise aux droits et devoirs (CASF L262-28)."
    )
    assert etat_fige(scene.parcours) == avant


def test_orientation_sans_dossier_conflit(monde: Monde, personne_arras: Personne) -> None:
    parcours = parcours_rsa(monde, personne_arras)
    reponse = client_de(monde.ts_arras).post(
        _url("parcours_rsa_orientations", parcours), orientation(), content_type="application/json"
    )
    verifier_erreur(reponse, 409, "rsa_dossier_requis")
    assert OrientationRsa.objects.count() == 0


def test_rsa_4_heures_reduites_sans_justification_refusees(scene: Scene) -> None:
    orienter(scene.parcours, scene.monde.ts_arras, decidee=il_y_a(4), notifiee=il_y_a(3))
    avant = etat_fige(scene.parcours)
    reponse = scene.client("referent").post(
        _url("parcours_rsa_contrats", scene.parcours),
        contrat(heures_hebdomadaires="10"),
        content_type="application/json",
    )
    erreur = verifier_erreur(reponse, 400, "rsa_heures_reduites_sans_justification")
    assert list(erreur["champs"]) == ["justification_motif"]
    assert "moins de 15 heures" in erreur["message"]
    assert etat_fige(scene.parcours) == avant

    autre = scene.client("referent").post(
        _url("parcours_rsa_contrats", scene.parcours),
        contrat(heures_hebdomadaires="10", justification_motif="autre"),
        content_type="application/json",
    )
    assert list(verifier_erreur(autre, 400, "rsa_heures_motif_a_preciser")["champs"]) == [
        "justification_precision"
    ]
    justifie = scene.client("referent").post(
        _url("parcours_rsa_contrats", scene.parcours),
        contrat(heures_hebdomadaires="10", justification_motif="parent_isole_sans_garde"),
        content_type="application/json",
    )
    assert justifie.status_code == 201
    assert justifie.json()["contrats"][0]["justification_motif"] == "parent_isole_sans_garde"


def test_contrat_avant_orientation_conflit(scene: Scene) -> None:
    reponse = scene.client("referent").post(
        _url("parcours_rsa_contrats", scene.parcours), contrat(), content_type="application/json"
    )
    verifier_erreur(reponse, 409, "transition_impossible")


def test_reorientation_par_l_encadrant_avec_motif(scene: Scene) -> None:
    orienter(scene.parcours, scene.monde.ts_arras, decidee=il_y_a(10))
    url = _url("parcours_rsa_orientations", scene.parcours)
    sans_motif = scene.client("encadrant").post(url, orientation(), content_type="application/json")
    assert verifier_erreur(sans_motif, 400, "motif_requis")["champs"] == {
        "motif": [
            "Un motif écrit est obligatoire pour une réorientation (avis de l'équipe pluridisciplinaire ou "
            "diagnostic conjoint)."
        ]
    }
    referent = scene.client("referent").post(url, orientation(motif="EP"), content_type="application/json")
    verifier_erreur(referent, 403, "interdit")
    reponse = scene.client("encadrant").post(
        url, orientation(parcours_type="emploi", motif="Avis de l'EP"), content_type="application/json"
    )
    assert reponse.status_code == 201
    assert [o["parcours_type"] for o in reponse.json()["orientations"]] == ["emploi", "social"]


def test_dossier_mis_a_jour_et_echeance_recalculee(scene: Scene) -> None:
    reponse = scene.client("referent").put(
        _url("parcours_rsa", scene.parcours), dossier_saisi(), content_type="application/json"
    )
    assert reponse.status_code == 200
    corps = reponse.json()
    assert corps["dossier"]["statut_droit"] == "4"
    orientation_due = next(e for e in corps["echeances"] if e["type"] == "rsa_orientation")
    assert orientation_due["date_depart"] == il_y_a(19).isoformat()
    invalide = scene.client("referent").put(
        _url("parcours_rsa", scene.parcours), dossier_saisi(statut_droit="9"), content_type="application/json"
    )
    assert list(verifier_erreur(invalide, 400, "donnees_invalides")["champs"]) == ["statut_droit"]


# Query counts.


def _requetes(client: Client, parcours: Parcours) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(_url("parcours_rsa", parcours)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


@pytest.mark.parametrize("persona", ["referent", "partenaire_designe"])
def test_lecture_nombre_de_requetes_independant_du_nombre_d_orientations(scene: Scene, persona: str) -> None:
    monde, parcours = scene.monde, scene.parcours
    orienter(parcours, monde.ts_arras, decidee=il_y_a(15), organisme=f.OrganisationFactory())
    client = scene.client(persona)
    une = _requetes(client, parcours)
    for jours in range(14, 4, -1):
        orienter(
            parcours,
            monde.encadrant_arras,
            decidee=il_y_a(jours),
            organisme=f.OrganisationFactory(),
            motif=f"Réorientation {jours}",
        )
    assert _requetes(client, parcours) == une
