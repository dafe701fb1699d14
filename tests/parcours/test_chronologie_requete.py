"""The pathway timeline read in one SQL query (``parcours.chronologie.BrancheChronologie``).

The built-in kinds and the referrals used to be read by one ORM query each, through the selectors that
say what each viewer may read (``notes_lisibles``, ``rendez_vous_visibles``, ``objectifs_visibles``,
``actions_visibles``). They are now branches of a single ``UNION ALL`` query with named columns
(docs/decisions/0002). These tests keep the former ORM formulation as the reference and check, persona by
persona and for several limits, that the events are the same, in the same order."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.chronologie import Evenement, evenements_des_sources
from parcours.enums import Confidentialite, ModaliteRendezVous, ResultatRendezVous, StatutAction
from parcours.models import ChangementReferent, Parcours, TransitionOrientationPartenaire, TransitionParcours
from parcours.models.orientations import StatutOrientationPartenaire
from parcours.permissions import est_partenaire_seulement
from parcours.selectors import (
    SOURCES_INTEGREES,
    actions_visibles,
    evenements_recents,
    notes_lisibles,
    objectifs_visibles,
    rendez_vous_visibles,
)
from parcours.selectors_orientations import chronologie_orientations
from social.models import Utilisateur
from social.perimetre import perimetre_de
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.fabriques_orientations import Scene, construire_scene
from tests.parcours.factories import (
    ActionParcoursFactory,
    DesignationPartenaireFactory,
    MembreEquipeFactory,
    NoteFactory,
    ObjectifFactory,
    RendezVousFactory,
    TransitionParcoursFactory,
)

pytestmark = pytest.mark.django_db

PERSONAS = (
    "ts_arras",  # référent
    "ts_calais",  # team member from another site
    "encadrant_arras",
    "evaluateur_arras",
    "accueil_arras",
    "partenaire_ccas_arras",  # designated partner
    "partenaire_ml_calais",  # designated partner, her appointment and referral only
    "elu_arrageois",
    "admin",
)


def _nom(utilisateur: Utilisateur | None) -> str:
    return str(utilisateur) if utilisateur is not None else _("Compte supprimé")


# The former ORM sources, kept as the reference.


def _transitions(parcours: Parcours, partenaire: bool, limite: int) -> list[Evenement]:
    evenements = []
    for transition in (
        TransitionParcours.objects.filter(parcours=parcours)
        .select_related("acting_user")
        .order_by("-created_at", "-id")[:limite]
    ):
        transition.parcours = parcours
        if transition.depuis == transition.vers:
            titre = _("État inchangé : %(vers)s") % {"vers": transition.libelle_vers}
        elif transition.depuis:
            titre = _("État : %(depuis)s → %(vers)s") % {
                "depuis": transition.libelle_depuis,
                "vers": transition.libelle_vers,
            }
        else:
            titre = _("Ouverture du parcours (%(vers)s)") % {"vers": transition.libelle_vers}
        detail = "" if partenaire else transition.motif
        if transition.date_effet != timezone.localtime(transition.created_at).date():
            effet = _("Date d'effet : %(date)s.") % {"date": transition.date_effet.strftime("%d/%m/%Y")}
            detail = f"{effet} {detail}".strip()
        auteur = _("Procédure automatique") if transition.automatique else _nom(transition.acting_user)
        evenements.append(Evenement(transition.created_at, "transition", titre, detail, auteur))
    return evenements


def _referents(parcours: Parcours, partenaire: bool, limite: int) -> list[Evenement]:
    return [
        Evenement(
            changement.created_at,
            "referent",
            _("Référent : %(ancien)s → %(nouveau)s")
            % {"ancien": changement.ancien or _("aucun"), "nouveau": changement.nouveau or _("aucun")},
            "" if partenaire else changement.motif,
            _nom(changement.acting_user),
        )
        for changement in ChangementReferent.objects.filter(parcours=parcours)
        .select_related("ancien", "nouveau", "acting_user")
        .order_by("-created_at", "-id")[:limite]
    ]


def _notes(parcours: Parcours, user: Utilisateur, limite: int) -> list[Evenement]:
    return [
        Evenement(
            note.created_at,
            "note",
            _("Note (%(confidentialite)s)") % {"confidentialite": note.get_confidentialite_display()},
            note.texte,
            _nom(note.auteur),
        )
        for note in notes_lisibles(parcours=parcours, user=user)[:limite]
    ]


def _rendez_vous(parcours: Parcours, user: Utilisateur, limite: int) -> list[Evenement]:
    return [
        Evenement(
            rdv.date_heure,
            "rendez_vous",
            _("Rendez-vous %(modalite)s avec %(avec)s : %(resultat)s")
            % {
                "modalite": rdv.get_modalite_display().lower(),
                "avec": rdv.organisation.nom if rdv.organisation else _nom(rdv.agent),
                "resultat": rdv.get_resultat_display().lower(),
            },
            " – ".join(x for x in [rdv.lieu, rdv.objet] if x),
        )
        for rdv in rendez_vous_visibles(parcours=parcours, user=user)[:limite]
    ]


def _objectifs(parcours: Parcours, user: Utilisateur, limite: int) -> list[Evenement]:
    return [
        Evenement(
            objectif.created_at,
            "objectif",
            _("Objectif (%(axe)s) : %(libelle)s")
            % {"axe": objectif.get_axe_display(), "libelle": objectif.libelle},
        )
        for objectif in objectifs_visibles(parcours=parcours, user=user).order_by("-created_at", "-id")[
            :limite
        ]
    ]


def _actions(parcours: Parcours, user: Utilisateur, limite: int) -> list[Evenement]:
    return [
        Evenement(
            action.updated_at,
            "action",
            _("Action : %(libelle)s (%(statut)s)")
            % {"libelle": action.libelle, "statut": action.get_statut_display().lower()},
        )
        for action in actions_visibles(parcours=parcours, user=user)
        .select_related(None)
        .order_by("-updated_at", "-id")[:limite]
    ]


_TITRES = {
    "": "Orientation vers « %(service)s » (%(structure)s)",
    StatutOrientationPartenaire.VALIDEE: "Orientation acceptée par « %(service)s » (%(structure)s)",
    StatutOrientationPartenaire.REFUSEE: "Orientation refusée par « %(service)s » (%(structure)s)",
    StatutOrientationPartenaire.EXPIREE: "Orientation vers « %(service)s » expirée sans réponse",
}


def _orientations(parcours: Parcours, user: Utilisateur, partenaire: bool, limite: int) -> list[Evenement]:
    transitions = TransitionOrientationPartenaire.objects.filter(
        orientation__parcours=parcours, orientation__anonymisee_le__isnull=True
    )
    if partenaire:
        transitions = transitions.filter(orientation__organisation_id__in=perimetre_de(user).organisation_ids)
    evenements = []
    for transition in transitions.select_related("orientation__service__structure", "acting_user").order_by(
        "-created_at", "-id"
    )[:limite]:
        service = transition.orientation.service
        cle = transition.vers if transition.depuis else ""
        titre = _(_TITRES.get(cle, _TITRES[""])) % {
            "service": service.nom,
            "structure": service.structure.nom,
        }
        auteur = str(transition.acting_user) if transition.acting_user else transition.get_canal_display()
        evenements.append(
            Evenement(transition.created_at, "orientation_partenaire", titre, transition.motif, auteur)
        )
    return evenements


def _reference(parcours: Parcours, user: Utilisateur, limite: int) -> list[list[Evenement]]:
    partenaire = est_partenaire_seulement(user, parcours)
    return [
        _transitions(parcours, partenaire, limite),
        _referents(parcours, partenaire, limite),
        _notes(parcours, user, limite),
        _rendez_vous(parcours, user, limite),
        _objectifs(parcours, user, limite),
        _actions(parcours, user, limite),
        _orientations(parcours, user, partenaire, limite),
    ]


def _par_requete(parcours: Parcours, user: Utilisateur, limite: int) -> list[list[Evenement]]:
    partenaire = est_partenaire_seulement(user, parcours)
    sources = (*SOURCES_INTEGREES, chronologie_orientations)
    return evenements_des_sources(
        [s(parcours=parcours, user=user, partenaire=partenaire, limite=limite) for s in sources]
    )


@pytest.fixture
def scene(monde: Monde) -> Scene:
    """A pathway of Arras with every built-in kind of event, some for some viewers only: notes of the
    three levels by three authors, appointments with and without a partner organisation (one whose agent
    left), objectives and actions of the health axe and others, a former référent withdrawn, a transition
    with a date of effect in the past and an automatic one, referrals to two organisations, one anonymised."""
    scene = construire_scene(monde)
    parcours = scene.parcours
    MembreEquipeFactory(parcours=parcours, utilisateur=monde.ts_calais)
    DesignationPartenaireFactory(parcours=parcours, organisation=monde.ccas_arras)
    DesignationPartenaireFactory(parcours=parcours, organisation=monde.ml_calais)
    hier = timezone.localdate() - datetime.timedelta(days=1)
    TransitionParcoursFactory(
        parcours=parcours,
        depuis=parcours.etat,
        vers=parcours.etat,
        motif="Relance",
        acting_user=monde.ts_arras,
    )
    TransitionParcoursFactory(
        parcours=parcours, depuis=parcours.etat, vers="oriente", date_effet=hier, motif="Orientation sociale"
    )
    TransitionParcoursFactory(parcours=parcours, depuis="oriente", vers=parcours.etat, automatique=True)
    ChangementReferent.objects.create(
        parcours=parcours,
        ancien=monde.ts_arras,
        nouveau=None,
        motif="Congé",
        acting_user=monde.encadrant_arras,
    )
    ChangementReferent.objects.create(
        parcours=parcours, ancien=None, nouveau=monde.ts_arras, motif="Retour", acting_user=None
    )
    for auteur, niveau in [
        (monde.ts_arras, Confidentialite.AUTEUR),
        (monde.ts_arras, Confidentialite.EQUIPE),
        (monde.ts_calais, Confidentialite.PARTENAIRES),
        (monde.partenaire_ccas_arras, Confidentialite.AUTEUR),
        (monde.partenaire_ccas_arras, Confidentialite.PARTENAIRES),
        (monde.encadrant_arras, Confidentialite.EQUIPE),
    ]:
        NoteFactory(parcours=parcours, auteur=auteur, confidentialite=niveau)
    parti = f.UtilisateurFactory(first_name="", last_name="")
    RendezVousFactory(parcours=parcours, agent=monde.ts_arras, honore=True, presentiel=True, objet="Bilan")
    RendezVousFactory(parcours=parcours, agent=None, organisation=monde.ccas_arras, absent=True)
    RendezVousFactory(parcours=parcours, agent=monde.partenaire_ml_calais, organisation=monde.ml_calais)
    RendezVousFactory(parcours=parcours, agent=parti, modalite=ModaliteRendezVous.VISIO)
    RendezVousFactory(parcours=parcours, agent=monde.encadrant_arras, resultat=ResultatRendezVous.A_VENIR)
    emploi = ObjectifFactory(parcours=parcours)
    sante = ObjectifFactory(parcours=parcours, sante=True)
    ActionParcoursFactory(objectif=emploi, statut=StatutAction.EN_COURS)
    ActionParcoursFactory(objectif=sante)
    ActionParcoursFactory(objectif=emploi, organisation=monde.ccas_arras, statut=StatutAction.REALISEE)
    scene.orienter()
    scene.orienter(service=scene.service_calais)
    ancienne = scene.orienter(service=scene.service_sans_organisation)
    ancienne.anonymisee_le = timezone.now()
    ancienne.save(update_fields=["anonymisee_le"])
    # A pathway of another person: never in this one's timeline.
    autre = construire_scene(monde).parcours
    NoteFactory(parcours=autre, auteur=monde.ts_arras, confidentialite=Confidentialite.PARTENAIRES)
    return scene


@pytest.mark.parametrize("limite", [1, 2, 26])
def test_dp_2_chronologie_en_une_requete_identique_aux_selecteurs_pour_chaque_persona(
    scene: Scene, limite: int
) -> None:
    vus: dict[str, list[int]] = {}
    for nom in PERSONAS:
        user = getattr(scene.monde, nom)
        # Fresh objects: roles and perimeters are cached per pathway and per user object.
        attendu = _reference(Parcours.objects.get(pk=scene.parcours.pk), user, limite)
        lu = _par_requete(
            Parcours.objects.get(pk=scene.parcours.pk), Utilisateur.objects.get(pk=user.pk), limite
        )
        assert lu == attendu, nom
        vus[nom] = [len(siens) for siens in attendu]
    if limite == 26:
        # Not vacuous: the viewers differ. Notes: the référent reads her own private note, the team's
        # and the shared ones; a team member from another site the team's and the shared ones; a
        # designated partner the shared ones and her own; staff without a role on the pathway the shared
        # ones only.
        assert [
            vus[n][2] for n in ("ts_arras", "ts_calais", "partenaire_ccas_arras", "evaluateur_arras")
        ] == [
            5,
            4,
            3,
            2,
        ]
        # Appointments, objectives and actions, referrals: a partner sees those of her organisation, and no
        # objective of the health axe (nor its actions).
        assert vus["ts_arras"][3:] == [5, 2, 3, 2]
        assert vus["partenaire_ccas_arras"][3:] == [1, 1, 2, 1]
        assert vus["partenaire_ml_calais"][3:] == [1, 1, 2, 1]


def test_chronologie_lue_en_une_requete_quel_que_soit_le_nombre_d_evenements(scene: Scene) -> None:
    parcours, user = scene.parcours, scene.monde.ts_arras

    def requetes() -> int:
        frais = Parcours.objects.get(pk=parcours.pk)
        est_partenaire_seulement(user, frais)  # the roles, read by the page before the timeline
        with CaptureQueriesContext(connection) as capture:
            evenements_des_sources(
                [s(parcours=frais, user=user, partenaire=False, limite=26) for s in SOURCES_INTEGREES]
            )
        return len(capture.captured_queries)

    avant = requetes()
    for _rang in range(5):
        NoteFactory(parcours=parcours, auteur=user)
        RendezVousFactory(parcours=parcours, agent=user)
    assert requetes() == avant == 1


def test_chronologie_complete_fusionne_les_sources_par_moment(scene: Scene) -> None:
    evenements = evenements_recents(parcours=scene.parcours, user=scene.monde.ts_arras, limite=200)
    moments = [e.moment for e in evenements]
    assert moments == sorted(moments, reverse=True)
    assert {e.genre for e in evenements} >= {
        "transition",
        "referent",
        "note",
        "rendez_vous",
        "objectif",
        "action",
        "orientation_partenaire",
    }
