"""/api/v1/parcours/<id>/ase/: the person's ASE facts (ASE-1), read and recorded, for every persona; the
pathway's team only (DP-4): the other readers of the pathway get the same 404 as for a person the block
does not concern, and a designated partner never receives ASE data from any endpoint; refusals in the
error shape that change nothing; journal rows."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from parcours import actions
from parcours.enums import Dispositif, EtatPch, StatutEcheance, TypeEcheance
from parcours.models import Echeance, Parcours
from parcours.regles.commun import anniversaire
from social.enums import OperationJournal
from social.models import Personne
from tests import factories as f
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, verifier_erreur
from tests.api.test_parcours import HORS_PERIMETRE, PERSONAS
from tests.api.test_parcours import Scene as ScenePersonas
from tests.conftest import Monde, client_de
from tests.parcours.fabriques_sections import acteur
from tests.parcours.factories import ouvrir

pytestmark = pytest.mark.django_db


def il_y_a(jours: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=jours)


@dataclass
class Scene(ScenePersonas):
    @property
    def personne(self) -> Personne:
        return Personne.objects.get(pk=self.parcours.personne_id)


@pytest.fixture
def scene(monde: Monde) -> Scene:
    """A 16-year-old's PCH pathway (the ASE facts follow the person, whatever the dispositif), the CCAS
    designated; she is recorded as entrusted to the ASE: her entretien d'accès à l'autonomie is due."""
    personne = f.PersonneFactory(
        commune=monde.arras, date_naissance=f.age_de(16) - datetime.timedelta(days=30)
    )
    parcours = ouvrir(
        personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras, dispositif=Dispositif.PCH
    )
    actions.partenaire_designer(parcours=parcours, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    actions.personne_ase_renseigner(
        parcours=parcours, acting_user=monde.ts_arras, confie_ase_avant_majorite=True
    )
    f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras)  # « meme_site »
    return Scene(
        monde=monde,
        parcours=Parcours.objects.get(pk=parcours.pk),
        acteurs={persona: acteur(monde, persona, elu=monde.elu_calaisis) for persona in PERSONAS},
    )


def _url(parcours: Parcours, nom: str = "parcours_ase") -> str:
    return reverse(f"api:{nom}", kwargs={"public_id": parcours.public_id})


def _etat_fige(parcours: Parcours) -> tuple[object, ...]:
    """Everything the ASE write may change: the person's facts, her history, the deadlines."""
    personne = Personne.objects.get(pk=parcours.personne_id)
    return (
        personne.confie_ase_avant_majorite,
        personne.entretien_autonomie_le,
        personne.updated_at,
        personne.history.count(),
        list(Echeance.objects.filter(parcours__personne=personne).order_by("id").values()),
    )


def _echeance_ase(parcours: Parcours) -> Echeance | None:
    return Echeance.objects.filter(parcours=parcours, type=TypeEcheance.ASE_ENTRETIEN_AUTONOMIE).first()


@dataclass(frozen=True)
class Operation:
    methode: str
    attendus: dict[str, int]
    donnees: Callable[[], dict[str, Any]] = dict

    @property
    def id(self) -> str:
        return self.methode


def entretien_tenu() -> dict[str, Any]:
    return {"confie_ase_avant_majorite": True, "entretien_autonomie_le": il_y_a(3).isoformat()}


# Reading: the other readers of the pathway get the 404 of a person the block does not concern (DP-4),
# as the page shows them no block; recording: 403 for them, as the page answers (the role, not the data).
OPERATIONS = [
    Operation(
        "get",
        {"referent": 200, "encadrant": 200, "meme_site": 404, "accueil": 403, "partenaire_designe": 404},
    ),
    Operation(
        "post",
        {"referent": 200, "encadrant": 200, "meme_site": 403, "accueil": 403, "partenaire_designe": 403},
        entretien_tenu,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.id)
def test_chaque_operation_pour_chaque_persona(scene: Scene, operation: Operation, persona: str) -> None:
    attendu = {**HORS_PERIMETRE, **operation.attendus}[persona]
    limite = anniversaire(scene.personne.date_naissance, 17).isoformat()
    avant = _etat_fige(scene.parcours)
    client = scene.client(persona)
    if operation.methode == "get":
        reponse = client.get(_url(scene.parcours))
    else:
        reponse = client.post(_url(scene.parcours), operation.donnees(), content_type="application/json")
    if attendu < 400:
        assert reponse.status_code == attendu, reponse.content
        corps = reponse.json()
        assert corps["echeance"]["date_limite"] == limite
        if operation.methode == "get":
            assert _etat_fige(scene.parcours) == avant
            assert (corps["confie_ase_avant_majorite"], corps["entretien_autonomie_le"]) == (True, None)
            assert corps["echeance"]["statut"] == StatutEcheance.OUVERTE
        else:
            personne = scene.personne
            assert (personne.confie_ase_avant_majorite, personne.entretien_autonomie_le) == (True, il_y_a(3))
            assert personne.history.first().history_user == scene.acteurs[persona]
            echeance = _echeance_ase(scene.parcours)
            assert echeance is not None
            assert (echeance.statut, echeance.tenue_le) == (StatutEcheance.TENUE, il_y_a(3))
            assert (corps["entretien_autonomie_le"], corps["echeance"]["statut"]) == (
                il_y_a(3).isoformat(),
                StatutEcheance.TENUE,
            )
    else:
        code = {401: "non_authentifie", 403: "interdit", 404: "introuvable"}[attendu]
        verifier_erreur(reponse, attendu, code)
        assert _etat_fige(scene.parcours) == avant
        contenu = reponse.content.decode()
        assert limite not in contenu and "autonomie" not in contenu


# Reading.


def test_dp_4_le_404_ne_dit_pas_si_la_personne_est_confiee_a_l_ase(
    scene: Scene, personne_arras: Personne
) -> None:
    """The colleague of the site, on an entrusted minor, gets exactly the answer the référent gets for an
    adult's RSA pathway, which the block does not concern."""
    monde = scene.monde
    rsa = ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    sans_objet = scene.client("referent").get(_url(rsa))
    collegue = scene.client("meme_site").get(_url(scene.parcours))
    erreur = verifier_erreur(collegue, 404, "introuvable")
    assert (
        erreur["message"]
        == "Ce parcours n'a pas de volet aide sociale à l'enfance que vous puissiez consulter."
    )
    assert sans_objet.status_code == 404
    assert collegue.content == sans_objet.content


def test_ase_1_un_jeune_non_confie_a_l_ase_sans_echeance(monde: Monde) -> None:
    """A youth pathway always has the block, even before anything is recorded: no deadline then."""
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=f.age_de(20))
    jeunes = ouvrir(
        personne,
        par=monde.ts_arras,
        site=monde.mds_arras,
        referent=monde.ts_arras,
        dispositif=Dispositif.JEUNES,
    )
    reponse = client_de(monde.encadrant_arras).get(_url(jeunes))
    assert reponse.status_code == 200
    assert reponse.json() == {
        "confie_ase_avant_majorite": False,
        "entretien_autonomie_le": None,
        "echeance": None,
        "peut_renseigner": True,
    }


def test_lecture_et_ecriture_journalisees(scene: Scene) -> None:
    depuis = dernier_id_journal()
    scene.client("encadrant").get(_url(scene.parcours))
    scene.client("referent").post(_url(scene.parcours), entretien_tenu(), content_type="application/json")
    lignes = lignes_journal_depuis(depuis)
    assert [(ligne.operation, ligne.objet_ids, ligne.contexte) for ligne in lignes] == [
        (OperationJournal.CONSULTATION, [scene.parcours.personne.public_id], "api:parcours_ase"),
        (OperationJournal.MODIFICATION, [scene.parcours.personne.public_id], "api:parcours_ase"),
    ]


# Recording.


def test_ase_1_renseigner_puis_retirer_recalcule_l_echeance(monde: Monde) -> None:
    """Recorded as entrusted: the entretien is due on her 17th birthday, on each of her open pathways;
    recorded as not entrusted: the deadline no longer applies, removed."""
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=f.age_de(15))
    pch = ouvrir(
        personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras, dispositif=Dispositif.PCH
    )
    client = client_de(monde.ts_arras)
    reponse = client.post(_url(pch), {"confie_ase_avant_majorite": True}, content_type="application/json")
    assert reponse.status_code == 200, reponse.content
    echeance = reponse.json()["echeance"]
    assert (echeance["type"], echeance["date_limite"], echeance["statut"]) == (
        TypeEcheance.ASE_ENTRETIEN_AUTONOMIE,
        anniversaire(personne.date_naissance, 17).isoformat(),
        StatutEcheance.OUVERTE,
    )
    assert _echeance_ase(pch) is not None
    reponse = client.post(_url(pch), {"confie_ase_avant_majorite": False}, content_type="application/json")
    assert reponse.status_code == 200
    assert reponse.json() == {
        "confie_ase_avant_majorite": False,
        "entretien_autonomie_le": None,
        "echeance": None,
        "peut_renseigner": True,
    }
    assert _echeance_ase(pch) is None
    assert not Personne.objects.get(pk=personne.pk).confie_ase_avant_majorite


def test_sans_la_date_l_entretien_enregistre_est_garde(monde: Monde) -> None:
    """A body with the flag only keeps the entretien already recorded (an API client that does not know
    the field erases nothing); « non confiée » clears it, as the action requires."""
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=f.age_de(16))
    pch = ouvrir(
        personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras, dispositif=Dispositif.PCH
    )
    client = client_de(monde.ts_arras)
    tenu = {"confie_ase_avant_majorite": True, "entretien_autonomie_le": il_y_a(3).isoformat()}
    assert client.post(_url(pch), tenu, content_type="application/json").status_code == 200
    reponse = client.post(_url(pch), {"confie_ase_avant_majorite": True}, content_type="application/json")
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["entretien_autonomie_le"] == il_y_a(3).isoformat()
    assert Personne.objects.get(pk=personne.pk).entretien_autonomie_le == il_y_a(3)
    reponse = client.post(_url(pch), {"confie_ase_avant_majorite": False}, content_type="application/json")
    assert reponse.status_code == 200, reponse.content
    assert Personne.objects.get(pk=personne.pk).entretien_autonomie_le is None


def test_l_equipe_repond_sur_un_parcours_que_le_volet_ne_concerne_pas(
    monde: Monde, personne_arras: Personne
) -> None:
    """An adult's RSA pathway shows no ASE block (404), yet its team may record the facts, as the action
    allows: the answer then carries them, and recording « confiée » makes the block appear."""
    rsa = ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    client = client_de(monde.ts_arras)
    assert client.get(_url(rsa)).status_code == 404
    reponse = client.post(_url(rsa), {"confie_ase_avant_majorite": False}, content_type="application/json")
    assert reponse.status_code == 200, reponse.content
    assert reponse.json() == {
        "confie_ase_avant_majorite": False,
        "entretien_autonomie_le": None,
        "echeance": None,
        "peut_renseigner": True,
    }
    assert client.get(_url(rsa)).status_code == 404
    client.post(_url(rsa), {"confie_ase_avant_majorite": True}, content_type="application/json")
    lecture = client.get(_url(rsa))
    assert lecture.status_code == 200
    assert (lecture.json()["confie_ase_avant_majorite"], lecture.json()["echeance"]) == (
        True,
        None,
    )  # an adult


@pytest.mark.parametrize(
    ("donnees", "code", "champ", "message"),
    [
        (
            {"confie_ase_avant_majorite": False, "entretien_autonomie_le": il_y_a(3).isoformat()},
            "entretien_sans_ase",
            "entretien_autonomie_le",
            "L'entretien d'accès à l'autonomie concerne un mineur confié à l'ASE : cochez d'abord "
            "« confié(e) à l'ASE avant sa majorité ».",
        ),
        (
            {"confie_ase_avant_majorite": True, "entretien_autonomie_le": (il_y_a(-1)).isoformat()},
            "date_future",
            "entretien_autonomie_le",
            "La date de l'entretien ne peut pas être dans le futur.",
        ),
        (
            {"confie_ase_avant_majorite": True, "entretien_autonomie_le": "2000-01-01"},
            "date_avant_naissance",
            "entretien_autonomie_le",
            "La date de l'entretien précède la date de naissance.",
        ),
        (
            {"entretien_autonomie_le": il_y_a(3).isoformat()},
            "donnees_invalides",
            "confie_ase_avant_majorite",
            "Ce champ est obligatoire.",
        ),
        (
            {"confie_ase_avant_majorite": True, "entretien_autonomie_le": "03/01/2025"},
            "donnees_invalides",
            "entretien_autonomie_le",
            None,
        ),
    ],
    ids=["entretien-sans-ase", "futur", "avant-naissance", "sans-case", "date-mal-formee"],
)
def test_ase_1_saisie_invalide_400_rien_ne_change(
    scene: Scene, donnees: dict[str, Any], code: str, champ: str, message: str | None
) -> None:
    avant = _etat_fige(scene.parcours)
    reponse = scene.client("referent").post(_url(scene.parcours), donnees, content_type="application/json")
    erreur = verifier_erreur(reponse, 400, code)
    assert list(erreur["champs"]) == [champ]
    if message is not None:
        assert erreur["champs"][champ] == [message]
    if code != "donnees_invalides":
        assert erreur["message"] == message
    assert _etat_fige(scene.parcours) == avant


def test_parcours_clos_409_rien_ne_change(scene: Scene) -> None:
    actions.parcours_transitionner(
        parcours=scene.parcours, vers=EtatPch.CLOS, acting_user=scene.monde.ts_arras, motif="Fin de droits"
    )
    avant = _etat_fige(scene.parcours)
    reponse = scene.client("referent").post(
        _url(scene.parcours), entretien_tenu(), content_type="application/json"
    )
    verifier_erreur(reponse, 409, "parcours_clos")
    assert _etat_fige(scene.parcours) == avant


# DP-4: a designated partner never receives ASE data, from any endpoint she may read.


def test_dp_4_le_partenaire_designe_ne_recoit_jamais_l_ase(scene: Scene) -> None:
    scene.client("referent").post(_url(scene.parcours), entretien_tenu(), content_type="application/json")
    limite = anniversaire(scene.personne.date_naissance, 17)
    assert scene.client("referent").get(_url(scene.parcours, "parcours_detail")).status_code == 200
    partenaire = scene.client("partenaire_designe")
    detail = partenaire.get(_url(scene.parcours, "parcours_detail"))
    assert detail.status_code == 200
    corps = detail.json()
    assert "ase_entretien_autonomie" not in {e["type"] for e in corps["echeances"]}
    lectures = {
        "detail": detail,
        "liste": partenaire.get(reverse("api:parcours_liste")),
        "chronologie": partenaire.get(_url(scene.parcours, "parcours_chronologie")),
        "notes": partenaire.get(_url(scene.parcours, "parcours_notes")),
        "rendez_vous": partenaire.get(_url(scene.parcours, "parcours_rendez_vous")),
        "personne": partenaire.get(
            reverse("api:personne_detail", kwargs={"public_id": scene.parcours.personne.public_id})
        ),
    }
    for nom, reponse in lectures.items():
        assert reponse.status_code == 200, (nom, reponse.content)
        contenu = reponse.content.decode()
        for indice in ("confie_ase", "entretien_autonomie", "autonomie", "ASE", limite.isoformat()):
            assert indice not in contenu, (nom, indice)
        assert il_y_a(3).isoformat() not in contenu, nom
    verifier_erreur(partenaire.get(_url(scene.parcours)), 404, "introuvable")
