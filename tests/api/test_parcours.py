"""/api/v1/parcours/: every endpoint for every persona (the pathway, its plan d'action, appointments,
designations and next step), writes that change the pathway and refusals that change nothing, partner views
without health or confidential fields, journal rows, query counts."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours import actions
from parcours.enums import AxeAccompagnement, Confidentialite, Dispositif, EtatRsa, ModaliteRendezVous
from parcours.models import (
    ActionParcours,
    ChangementReferent,
    DesignationPartenaire,
    MembreEquipe,
    Note,
    Objectif,
    Parcours,
    RendezVous,
    TransitionParcours,
)
from social.enums import OperationJournal
from social.models import Personne, Utilisateur
from tests import factories as f
from tests.api.outils import dernier_id_journal, lignes_journal_depuis, verifier_erreur
from tests.conftest import Monde, client_de
from tests.parcours.factories import (
    ActionParcoursFactory,
    ObjectifFactory,
    ParcoursFactory,
    RendezVousFactory,
    ouvrir,
    rajeunir,
)

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


@dataclass
class Scene:
    monde: Monde
    parcours: Parcours
    acteurs: dict[str, Utilisateur | None]

    def client(self, persona: str) -> Client:
        return client_de(self.acteurs[persona])


@pytest.fixture
def scene(monde: Monde, personne_arras: Personne) -> Scene:
    parcours = ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    actions.partenaire_designer(parcours=parcours, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
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


def _url(nom: str, parcours: Parcours, **kwargs: Any) -> str:
    return reverse(f"api:{nom}", kwargs={"public_id": parcours.public_id, **kwargs})


# Scope shared by every endpoint of one pathway: out of perimeter 404, anonymous 401.
HORS_PERIMETRE = {"autre_territoire": 404, "partenaire_non_designe": 404, "elu": 404, "anonyme": 401}
LECTURE = {"referent": 200, "meme_site": 200, "encadrant": 200, "accueil": 403, "partenaire_designe": 200}


@dataclass(frozen=True)
class Operation:
    methode: str
    nom: str
    attendus: dict[str, int]
    donnees: Callable[[Scene], dict[str, Any]] = lambda scene: {}
    # Builds what the operation acts on (an objective, an action…) and returns its part of the URL.
    objet: Callable[[Scene], dict[str, Any]] = lambda scene: {}
    libelle: str = ""

    @property
    def id(self) -> str:
        return "-".join(filter(None, (self.methode, self.nom, self.libelle)))


def _dans_deux_jours() -> str:
    return (timezone.now() + datetime.timedelta(days=2)).isoformat()


def _objectif(scene: Scene, **traits: Any) -> dict[str, Any]:
    return {"objectif": ObjectifFactory(parcours=scene.parcours, **traits).public_id}


def _action(scene: Scene) -> dict[str, Any]:
    return {"action": ActionParcoursFactory(objectif__parcours=scene.parcours).public_id}


def _rendez_vous_passe(scene: Scene, **autres: Any) -> dict[str, Any]:
    rdv = RendezVousFactory(parcours=scene.parcours, agent=scene.monde.ts_arras, passe=True, **autres)
    return {"rendez_vous": rdv.public_id}


def _designation(scene: Scene) -> dict[str, Any]:
    return {"designation": scene.parcours.designations.get().public_id}


def _sorti(scene: Scene) -> dict[str, Any]:
    """The pathway closed today: its next step may then be recorded."""
    actions.parcours_transitionner(
        parcours=scene.parcours, vers=EtatRsa.SORTIE, acting_user=scene.monde.ts_arras, motif="Fin"
    )
    return {}


ECRITURE_EQUIPE = {
    "referent": 201,
    "meme_site": 403,
    "encadrant": 201,
    "accueil": 403,
    "partenaire_designe": 403,
}
PLAN = {**ECRITURE_EQUIPE, "referent": 200, "encadrant": 200}
REFERENT_OU_ENCADRANT = PLAN
OPERATIONS = [
    Operation("get", "parcours_detail", LECTURE),
    Operation("get", "parcours_chronologie", LECTURE),
    Operation("get", "parcours_notes", LECTURE),
    Operation("get", "parcours_rendez_vous", LECTURE),
    Operation(
        "post",
        "parcours_transition",
        {"referent": 200, "meme_site": 403, "encadrant": 200, "accueil": 403, "partenaire_designe": 403},
        lambda scene: {"vers": EtatRsa.ORIENTE},
    ),
    Operation(
        "post",
        "parcours_referent",
        {"referent": 403, "meme_site": 403, "encadrant": 200, "accueil": 403, "partenaire_designe": 403},
        lambda scene: {"referent": "ts2.arras", "motif": "Répartition"},
    ),
    Operation(
        "post",
        "parcours_notes",
        {"referent": 201, "meme_site": 403, "encadrant": 201, "accueil": 403, "partenaire_designe": 201},
        lambda scene: {"texte": "Point d'étape", "confidentialite": Confidentialite.PARTENAIRES},
    ),
    Operation(
        "post",
        "parcours_rendez_vous",
        ECRITURE_EQUIPE,
        lambda scene: {"date_heure": _dans_deux_jours(), "modalite": ModaliteRendezVous.TELEPHONE},
    ),
    Operation(
        "post",
        "parcours_partenaires",
        ECRITURE_EQUIPE,
        lambda scene: {"organisation": str(scene.monde.ml_calais.public_id)},
    ),
    Operation(
        "post",
        "parcours_equipe",
        ECRITURE_EQUIPE,
        lambda scene: {"utilisateur": "evaluateur.arras", "role": "Évaluatrice"},
    ),
    Operation(
        "post",
        "parcours_objectifs",
        ECRITURE_EQUIPE,
        lambda scene: {"axe": AxeAccompagnement.FORMATION, "libelle": "Trouver une formation"},
    ),
    # The plan d'action: objectives and their actions (can_manage_plan). A health objective is not even
    # visible to a partner (404), as its actions.
    Operation("patch", "parcours_objectif_detail", PLAN, lambda scene: {"statut": "atteint"}, _objectif),
    Operation(
        "patch",
        "parcours_objectif_detail",
        {**PLAN, "partenaire_designe": 404},
        lambda scene: {"statut": "abandonne"},
        lambda scene: _objectif(scene, sante=True),
        libelle="sante",
    ),
    Operation(
        "post", "parcours_actions", ECRITURE_EQUIPE, lambda scene: {"libelle": "Inscription"}, _objectif
    ),
    Operation(
        "post",
        "parcours_actions",
        {**ECRITURE_EQUIPE, "partenaire_designe": 404},
        lambda scene: {"libelle": "Prendre rendez-vous"},
        lambda scene: _objectif(scene, sante=True),
        libelle="sante",
    ),
    Operation("patch", "parcours_action_detail", PLAN, lambda scene: {"statut": "realisee"}, _action),
    # An appointment's outcome: the team or the agent it was with; a partner sees only those with her
    # organisation (404 otherwise) and does not record them (403).
    Operation(
        "patch",
        "parcours_rendez_vous_detail",
        {**PLAN, "partenaire_designe": 404},
        lambda scene: {"resultat": "honore"},
        _rendez_vous_passe,
    ),
    Operation(
        "patch",
        "parcours_rendez_vous_detail",
        PLAN,
        lambda scene: {"resultat": "absent"},
        lambda scene: _rendez_vous_passe(scene, organisation=scene.monde.ccas_arras),
        libelle="avec-le-ccas",
    ),
    Operation("post", "parcours_designation_fin", REFERENT_OU_ENCADRANT, objet=_designation),
    # After the exit (the CCAS's designation ends with it, its last day included): the référent and the
    # encadrants record the next step.
    Operation(
        "post",
        "parcours_suite",
        REFERENT_OU_ENCADRANT,
        lambda scene: {"suite_prevue": "Relais CCAS"},
        _sorti,
    ),
]


def _tout_fige(parcours: Parcours) -> tuple[object, ...]:
    """Everything an operation of this file may write on the pathway."""
    return (
        *_fige(parcours),
        parcours.referent_id,
        parcours.suite_prevue,
        ChangementReferent.objects.filter(parcours=parcours).count(),
        Note.objects.filter(parcours=parcours).count(),
        list(RendezVous.objects.filter(parcours=parcours).order_by("id").values()),
        list(DesignationPartenaire.objects.filter(parcours=parcours).order_by("id").values()),
        list(MembreEquipe.objects.filter(parcours=parcours).order_by("id").values()),
        list(Objectif.objects.filter(parcours=parcours).order_by("id").values()),
        list(ActionParcours.objects.filter(objectif__parcours=parcours).order_by("id").values()),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda o: o.id)
def test_chaque_operation_pour_chaque_persona(scene: Scene, operation: Operation, persona: str) -> None:
    attendu = {**HORS_PERIMETRE, **operation.attendus}[persona]
    client = scene.client(persona)
    url = _url(operation.nom, scene.parcours, **operation.objet(scene))
    avant = _tout_fige(scene.parcours)
    if operation.methode == "get":
        reponse = client.get(url)
    else:
        reponse = getattr(client, operation.methode)(
            url, operation.donnees(scene), content_type="application/json"
        )
    if attendu < 400:
        assert reponse.status_code == attendu, reponse.content
        assert (_tout_fige(scene.parcours) == avant) == (operation.methode == "get")
    else:
        code = {401: "non_authentifie", 403: "interdit", 404: "introuvable"}[attendu]
        verifier_erreur(reponse, attendu, code)
        assert _tout_fige(scene.parcours) == avant
        assert "suivi médical" not in reponse.content.decode()


def test_inconnu_identique_a_hors_perimetre(scene: Scene) -> None:
    client = scene.client("autre_territoire")
    hors = client.get(_url("parcours_detail", scene.parcours))
    absent = client.get(reverse("api:parcours_detail", kwargs={"public_id": uuid.uuid4()}))
    assert hors.status_code == absent.status_code == 404
    assert hors.content == absent.content


# List.


@pytest.mark.parametrize(
    ("persona", "attendu"),
    [
        ("referent", 1),
        ("meme_site", 1),
        ("encadrant", 1),
        ("accueil", 1),  # the open pathways of her site: existence, not content
        ("autre_territoire", 0),
        ("partenaire_designe", 1),
        ("partenaire_non_designe", 0),
        ("elu", 0),
    ],
)
def test_liste_par_persona(scene: Scene, persona: str, attendu: int) -> None:
    reponse = scene.client(persona).get(reverse("api:parcours_liste"))
    assert reponse.status_code == 200
    assert reponse.json()["count"] == attendu


def test_liste_anonyme_401(scene: Scene) -> None:
    verifier_erreur(Client().get(reverse("api:parcours_liste")), 401, "non_authentifie")


def test_liste_journalisee_et_filtrable(scene: Scene) -> None:
    autre = ParcoursFactory(
        personne__commune=scene.monde.arras, site=scene.monde.mds_arras, apa=True, ancien=True
    )
    client = scene.client("referent")
    depuis = dernier_id_journal()

    corps = client.get(reverse("api:parcours_liste")).json()

    (ligne,) = lignes_journal_depuis(depuis)
    assert ligne.operation == OperationJournal.LISTE
    assert ligne.contexte == "api:parcours_liste"
    assert set(ligne.objet_ids) == {scene.parcours.personne.public_id, autre.personne.public_id}
    assert [p["public_id"] for p in corps["results"]] == [str(autre.public_id), str(scene.parcours.public_id)]
    assert corps["results"][0]["alertes"] == ["sans_referent", "sans_contact"]
    filtre = client.get(reverse("api:parcours_liste"), {"dispositif": Dispositif.RSA}).json()
    assert [p["public_id"] for p in filtre["results"]] == [str(scene.parcours.public_id)]
    mes = client.get(reverse("api:parcours_liste"), {"mes_parcours": "true"}).json()
    assert mes["count"] == 1
    rupture = client.get(reverse("api:parcours_liste"), {"alerte": "rupture"}).json()
    assert [p["public_id"] for p in rupture["results"]] == [str(autre.public_id)]
    personne = client.get(reverse("api:parcours_liste"), {"personne": str(autre.personne.public_id)}).json()
    assert personne["count"] == 1
    verifier_erreur(
        client.get(reverse("api:parcours_liste"), {"alerte": "inconnue"}), 400, "donnees_invalides"
    )


def _requetes_liste(client: Client) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(reverse("api:parcours_liste")).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


def test_liste_nombre_de_requetes_independant_du_nombre_de_parcours(monde: Monde) -> None:
    client = client_de(monde.ts_arras)
    ParcoursFactory(personne__commune=monde.arras, site=monde.mds_arras, referent=monde.ts_arras)
    un = _requetes_liste(client)
    for _ in range(49):
        ParcoursFactory(personne__commune=monde.arras, site=monde.mds_arras, referent=monde.ts_arras)
    assert _requetes_liste(client) == un


# Detail.


CHAMPS_PARTENAIRE = {
    "public_id",
    "personne",
    "dispositif",
    "etat",
    "libelle_etat",
    "site",
    "referent",
    "date_ouverture",
    "date_cloture",
    "url",
    "suite_prevue",
    "echeances",
    "designations",
    "equipe",
}


def test_le_partenaire_recoit_une_vue_reduite(scene: Scene) -> None:
    agent = scene.client("referent").get(_url("parcours_detail", scene.parcours)).json()
    partenaire = scene.client("partenaire_designe").get(_url("parcours_detail", scene.parcours)).json()

    assert set(partenaire) == CHAMPS_PARTENAIRE
    assert {"alertes", "motif_cloture", "roles", "transitions_possibles", "prochaine_echeance"} <= set(agent)
    assert agent["roles"] == ["agent_site", "referent"]
    assert [t["vers"] for t in agent["transitions_possibles"]] == ["oriente", "sortie"]
    assert partenaire["designations"][0]["organisation"]["nom"] == "CCAS d'Arras"
    assert agent["echeances"][0]["type"] == "rsa_orientation"


def test_le_partenaire_ne_recoit_ni_sante_ni_notes_confidentielles_ni_motifs(scene: Scene) -> None:
    monde, parcours = scene.monde, scene.parcours
    ObjectifFactory(parcours=parcours, sante=True)
    ObjectifFactory(parcours=parcours, libelle="Passer le permis")
    for confidentialite in Confidentialite.values:
        actions.note_ajouter(
            parcours=parcours,
            auteur=monde.ts_arras,
            texte=f"note {confidentialite}",
            confidentialite=confidentialite,
        )
    actions.parcours_transitionner(
        parcours=parcours, vers=EtatRsa.SORTIE, acting_user=monde.ts_arras, motif="Hospitalisation longue"
    )
    RendezVousFactory(parcours=parcours, agent=monde.ts_arras)
    client = scene.client("partenaire_designe")

    notes = client.get(_url("parcours_notes", parcours)).json()["results"]
    chronologie = client.get(_url("parcours_chronologie", parcours)).json()
    rendez_vous = client.get(_url("parcours_rendez_vous", parcours)).json()["results"]

    assert [n["texte"] for n in notes] == ["note partenaires"]
    texte = str(chronologie)
    assert "Hospitalisation" not in texte and "suivi médical" not in texte
    assert "Passer le permis" in texte
    assert rendez_vous == []  # the appointment is with the MDS agent, not with her organisation
    agent = str(scene.client("referent").get(_url("parcours_chronologie", parcours)).json())
    assert "Hospitalisation" in agent and "suivi médical" in agent


def test_detail_journalise_la_consultation_de_la_fiche(scene: Scene) -> None:
    depuis = dernier_id_journal()
    scene.client("meme_site").get(_url("parcours_detail", scene.parcours))
    (ligne,) = lignes_journal_depuis(depuis)
    assert (ligne.operation, ligne.objet_type, ligne.objet_ids, ligne.contexte) == (
        OperationJournal.CONSULTATION,
        "personne",
        [scene.parcours.personne.public_id],
        "api:parcours_detail",
    )


# Transitions: refusals with a clear message, and nothing changes.


def _fige(parcours: Parcours) -> tuple[object, ...]:
    parcours.refresh_from_db()
    return (parcours.etat, parcours.updated_at, TransitionParcours.objects.filter(parcours=parcours).count())


@pytest.mark.parametrize(
    ("persona", "donnees", "statut", "code", "message"),
    [
        (
            "referent",
            {"vers": EtatRsa.EN_ACCOMPAGNEMENT},
            409,
            "transition_impossible",
            "Le parcours est à l'état « À orienter » : il ne peut pas passer à « En accompagnement ». "
            "États possibles : « Orienté », « Sorti du dispositif ».",
        ),
        (
            "referent",
            {"vers": EtatRsa.SORTIE},
            400,
            "motif_requis",
            "Un motif écrit est obligatoire pour « Clôturer : sortie du dispositif ».",
        ),
        (
            "meme_site",
            {"vers": EtatRsa.ORIENTE},
            403,
            "interdit",
            "Votre rôle sur ce parcours ne permet pas de « Enregistrer l'orientation » "
            "(réservé : encadrant du site responsable, référent unique).",
        ),
        ("referent", {"vers": "inconnu"}, 409, "transition_impossible", None),
    ],
)
def test_transition_refusee_rien_ne_change(
    scene: Scene, persona: str, donnees: dict[str, str], statut: int, code: str, message: str | None
) -> None:
    avant = _fige(scene.parcours)
    depuis = dernier_id_journal()
    reponse = scene.client(persona).post(
        _url("parcours_transition", scene.parcours), donnees, content_type="application/json"
    )
    erreur = verifier_erreur(reponse, statut, code)
    if message:
        assert erreur["message"] == message
    if code == "motif_requis":
        assert erreur["champs"] == {"motif": [message]}
    assert _fige(scene.parcours) == avant
    assert lignes_journal_depuis(depuis) == []  # the request was rolled back


def test_transition_reussie(scene: Scene) -> None:
    reponse = scene.client("referent").post(
        _url("parcours_transition", scene.parcours),
        {"vers": EtatRsa.ORIENTE},
        content_type="application/json",
    )
    assert reponse.status_code == 200
    corps = reponse.json()
    assert (corps["etat"], corps["libelle_etat"]) == ("oriente", "Orienté")
    assert [t["vers"] for t in corps["transitions_possibles"]] == ["contractualise", "sortie"]
    assert {e["type"]: e["statut"] for e in corps["echeances"]} == {
        "rsa_contrat": "ouverte",
        "rsa_orientation": "tenue",
    }


def test_changer_de_referent(scene: Scene) -> None:
    reponse = scene.client("encadrant").post(
        _url("parcours_referent", scene.parcours),
        {"referent": "ts2.arras", "motif": "Répartition"},
        content_type="application/json",
    )
    assert reponse.status_code == 200
    assert reponse.json()["referent"]["username"] == "ts2.arras"
    assert ChangementReferent.objects.filter(parcours=scene.parcours).count() == 2
    inconnu = scene.client("encadrant").post(
        _url("parcours_referent", scene.parcours), {"referent": "personne"}, content_type="application/json"
    )
    assert verifier_erreur(inconnu, 400, "donnees_invalides")["champs"] == {
        "referent": ["Utilisateur inconnu : personne."]
    }
    hors_site = scene.client("encadrant").post(
        _url("parcours_referent", scene.parcours), {"referent": "ts.calais"}, content_type="application/json"
    )
    assert verifier_erreur(hors_site, 400, "referent_invalide")["champs"]["referent"]


# Opening.


@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("referent", 201),
        ("meme_site", 201),
        ("encadrant", 201),
        ("accueil", 403),
        ("autre_territoire", 404),
        ("partenaire_designe", 403),
        ("partenaire_non_designe", 404),
        ("elu", 404),
        ("anonyme", 401),
    ],
)
def test_ouvrir_par_persona(scene: Scene, persona: str, statut: int) -> None:
    rajeunir(scene.parcours.personne)
    reponse = scene.client(persona).post(
        reverse("api:parcours_liste"),
        {
            "personne": str(scene.parcours.personne.public_id),
            "dispositif": "jeunes",
            "site": scene.monde.mds_arras.pk,
        },
        content_type="application/json",
    )
    assert reponse.status_code == statut, reponse.content
    if statut == 201:
        corps = reponse.json()
        assert (corps["dispositif"], corps["etat"]) == ("jeunes", "accueil")
        assert reponse["Location"].endswith(
            reverse("api:parcours_detail", kwargs={"public_id": corps["public_id"]})
        )


def test_ouvrir_un_second_parcours_rsa_409(scene: Scene) -> None:
    reponse = scene.client("referent").post(
        reverse("api:parcours_liste"),
        {
            "personne": str(scene.parcours.personne.public_id),
            "dispositif": "rsa",
            "site": scene.monde.mds_arras.pk,
        },
        content_type="application/json",
    )
    verifier_erreur(reponse, 409, "parcours_deja_ouvert")
    assert Parcours.objects.count() == 1


def test_faj_1_ouvrir_un_parcours_jeunes_hors_de_18_a_25_ans_400(scene: Scene) -> None:
    """Jeanne is 46 on the reception day: refused, the message on ``date_reception``, nothing saved."""
    personne = scene.parcours.personne
    recu = timezone.localdate() - datetime.timedelta(days=10)
    reponse = scene.client("referent").post(
        reverse("api:parcours_liste"),
        {
            "personne": str(personne.public_id),
            "dispositif": "jeunes",
            "site": scene.monde.mds_arras.pk,
            "date_reception": recu.isoformat(),
        },
        content_type="application/json",
    )
    erreur = verifier_erreur(reponse, 400, "jeunes_age_hors_bornes")
    message = (
        f"Le parcours jeunes s'adresse aux jeunes de 18 à 25 ans révolus à la date de réception "
        f"({recu:%d/%m/%Y}) ; cette personne a alors {personne.age(recu)} ans."
    )
    assert erreur["message"] == message
    assert erreur["champs"] == {"date_reception": [message]}
    assert not Parcours.objects.filter(dispositif=Dispositif.JEUNES).exists()


def test_dp_4_l_echeance_ase_ni_au_partenaire_ni_au_collegue_du_site(scene: Scene) -> None:
    """A 16-year-old entrusted to the ASE: her entretien d'accès à l'autonomie is a deadline of her
    pathway for its team; the designated partner and the other agents of the site do not see it."""
    monde = scene.monde
    mineur = f.PersonneFactory(commune=monde.arras, date_naissance=f.age_de(16))
    pch = ouvrir(
        mineur, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras, dispositif=Dispositif.PCH
    )
    actions.partenaire_designer(parcours=pch, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    actions.personne_ase_renseigner(parcours=pch, acting_user=monde.ts_arras, confie_ase_avant_majorite=True)

    def types(persona: str) -> list[str]:
        reponse = scene.client(persona).get(_url("parcours_detail", pch))
        assert reponse.status_code == 200
        return [echeance["type"] for echeance in reponse.json()["echeances"]]

    assert "ase_entretien_autonomie" in types("referent")
    assert "ase_entretien_autonomie" in types("encadrant")
    assert "ase_entretien_autonomie" not in types("meme_site")
    assert "ase_entretien_autonomie" not in types("partenaire_designe")


# The other writes.


def test_rendez_vous_renseigne(scene: Scene) -> None:
    rdv = RendezVousFactory(parcours=scene.parcours, agent=scene.monde.ts_arras, passe=True)
    url = _url("parcours_rendez_vous_detail", scene.parcours, rendez_vous=rdv.public_id)
    assert (
        scene.client("meme_site")
        .patch(url, {"resultat": "honore"}, content_type="application/json")
        .status_code
        == 403
    )
    reponse = scene.client("referent").patch(url, {"resultat": "honore"}, content_type="application/json")
    assert reponse.status_code == 200 and reponse.json()["resultat"] == "honore"
    autre = _url("parcours_rendez_vous_detail", scene.parcours, rendez_vous=uuid.uuid4())
    verifier_erreur(
        scene.client("referent").patch(autre, {"resultat": "honore"}, content_type="application/json"),
        404,
        "introuvable",
    )


def test_fin_de_designation(scene: Scene) -> None:
    designation = scene.parcours.designations.get()
    url = _url("parcours_designation_fin", scene.parcours, designation=designation.public_id)
    verifier_erreur(scene.client("partenaire_designe").post(url), 403, "interdit")
    reponse = scene.client("referent").post(url)
    assert reponse.status_code == 200 and reponse.json()["date_fin"] == timezone.localdate().isoformat()
    verifier_erreur(scene.client("referent").post(url), 409, "deja_terminee")


def test_plan_d_action_par_l_api(scene: Scene) -> None:
    client = scene.client("referent")
    objectif = client.post(
        _url("parcours_objectifs", scene.parcours),
        {"axe": "mobilite", "libelle": "Permis"},
        content_type="application/json",
    ).json()
    action = client.post(
        _url("parcours_actions", scene.parcours, objectif=objectif["public_id"]),
        {"libelle": "Inscription", "organisation": str(scene.monde.ccas_arras.public_id)},
        content_type="application/json",
    )
    assert action.status_code == 201 and action.json()["organisation"]["nom"] == "CCAS d'Arras"
    url_action = _url("parcours_action_detail", scene.parcours, action=action.json()["public_id"])
    assert (
        client.patch(url_action, {"statut": "realisee"}, content_type="application/json").json()["statut"]
        == "realisee"
    )
    verifier_erreur(
        client.patch(url_action, {"statut": "a_faire"}, content_type="application/json"),
        409,
        "transition_impossible",
    )
    url_objectif = _url("parcours_objectif_detail", scene.parcours, objectif=objectif["public_id"])
    assert (
        client.patch(url_objectif, {"statut": "atteint"}, content_type="application/json").json()["statut"]
        == "atteint"
    )


def test_un_partenaire_n_atteint_pas_un_objectif_de_sante(scene: Scene) -> None:
    sante = ObjectifFactory(parcours=scene.parcours, sante=True)
    url = _url("parcours_actions", scene.parcours, objectif=sante.public_id)
    verifier_erreur(
        scene.client("partenaire_designe").post(url, {"libelle": "x"}, content_type="application/json"),
        404,
        "introuvable",
    )


def test_suite_prevue(scene: Scene) -> None:
    url = _url("parcours_suite", scene.parcours)
    verifier_erreur(
        scene.client("referent").post(url, {"suite_prevue": "x"}, content_type="application/json"),
        403,
        "interdit",
    )
    actions.parcours_transitionner(
        parcours=scene.parcours, vers=EtatRsa.SORTIE, acting_user=scene.monde.ts_arras, motif="Fin"
    )
    reponse = scene.client("referent").post(
        url, {"suite_prevue": "Relais CCAS"}, content_type="application/json"
    )
    assert reponse.status_code == 200 and reponse.json()["suite_prevue"] == "Relais CCAS"


def test_note_partagee_visible_du_partenaire(scene: Scene) -> None:
    scene.client("partenaire_designe").post(
        _url("parcours_notes", scene.parcours),
        {"texte": "RDV CCAS fixé", "confidentialite": "partenaires"},
        content_type="application/json",
    )
    note = Note.objects.get()
    assert (note.auteur, note.confidentialite) == (scene.monde.partenaire_ccas_arras, "partenaires")
    textes = [
        n["texte"]
        for n in scene.client("referent").get(_url("parcours_notes", scene.parcours)).json()["results"]
    ]
    assert textes == ["RDV CCAS fixé"]


def test_schema_des_operations_de_parcours(scene: Scene) -> None:
    schema = scene.client("referent").get(reverse("api:schema"), {"format": "json"}).json()
    operations = {o["operationId"] for chemin in schema["paths"].values() for o in chemin.values()}
    assert {
        "parcours_liste",
        "parcours_ouvrir",
        "parcours_detail",
        "parcours_transition",
        "parcours_referent",
        "parcours_notes",
        "parcours_note_ajouter",
        "parcours_rendez_vous",
        "parcours_rendez_vous_planifier",
        "parcours_chronologie",
        "parcours_ase",
        "parcours_ase_renseigner",
    } <= operations
    partenaire = schema["components"]["schemas"]["ParcoursPartenaire"]["properties"]
    assert set(partenaire) == CHAMPS_PARTENAIRE


def test_chronologie_paginee_de_page_en_page(scene: Scene) -> None:
    """The API timeline is read page by page (50 events), exact across pages, with the same number of
    queries on the first and a later page; a bad page number is a 400, a page past the end a 404."""
    ObjectifFactory.create_batch(60, parcours=scene.parcours)
    client = scene.client("referent")
    url = _url("parcours_chronologie", scene.parcours)

    premiere = client.get(url).json()
    seconde = client.get(url, {"page": 2}).json()

    assert (premiere["page"], premiere["precedente"], premiere["suivante"]) == (1, None, 2)
    assert len(premiere["results"]) == 50
    assert (seconde["page"], seconde["precedente"], seconde["suivante"]) == (2, 1, None)
    tous = premiere["results"] + seconde["results"]
    assert sum(e["genre"] == "objectif" for e in tous) == 60
    moments = [e["moment"] for e in tous]
    assert moments == sorted(moments, reverse=True)
    with CaptureQueriesContext(connection) as page_1:
        client.get(url)
    with CaptureQueriesContext(connection) as page_2:
        client.get(url, {"page": 2})
    assert len(page_1) == len(page_2)
    assert "page" in verifier_erreur(client.get(url, {"page": "deux"}), 400, "donnees_invalides")["champs"]
    assert client.get(url, {"page": 3}).status_code == 404
