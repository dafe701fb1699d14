"""The aid files' events in the pathway timeline (``instances.chronologie``), persona by persona.

The source reads the files of the pathway by its id, in two SQL branches of the timeline's single query,
instead of compiling ``DemandeAide.visible_by`` (docs/decisions/0002): these tests check that it shows
exactly what the former ORM source showed on the files ``visible_by`` lets each viewer see."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import F, Q
from django.utils.translation import gettext as _

from instances.actions import (
    decision_notifier,
    decision_urgence_prendre,
    lettre_notification_produire,
    seance_convoquer,
)
from instances.chronologie import evenements_demandes_aide
from instances.enums import EtatDemande, FormeAide, IssueDecision, RoleMembre
from instances.models import Decision, DemandeAide, TransitionDemande
from parcours.chronologie import Evenement, evenements_des_sources
from parcours.models import Parcours
from parcours.permissions import can_view_sante_parcours, est_partenaire_seulement
from social.models import Utilisateur
from tests import factories as f
from tests.instances.fabriques import Conseils, demande, inscrire, parcours_de, seance
from tests.parcours.factories import DesignationPartenaireFactory, MembreEquipeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(conseils: Conseils) -> tuple[Parcours, dict[str, Utilisateur]]:
    """A pathway of the Arrageois with a draft, a pending file, a file on the agenda of a convoked
    session and an urgent decision with its letter, sent; every kind of viewer, some with two hats."""
    monde = conseils.monde
    parcours = parcours_de(monde)
    demande(parcours, deposer=False)
    demande(parcours, code="fsl_eau", montant="80")
    a_l_ordre = demande(parcours, code="fsl_maintien", montant="250")
    une_seance = seance(conseils)
    inscrire(conseils, une_seance, a_l_ordre)
    seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    urgente = demande(parcours, code="secours_urgence_departement", montant="100", urgence=True)
    decision = decision_urgence_prendre(
        demande=urgente,
        issue=IssueDecision.ACCORD,
        montant=Decimal("100"),
        forme=FormeAide.SUBVENTION,
        motivation="Coupure d'électricité imminente.",
        acting_user=conseils.delegataire,
    )
    lettre_notification_produire(decision=decision, acting_user=conseils.delegataire)
    decision_notifier(decision=decision, acting_user=conseils.delegataire)
    # A file of another pathway: never in this one's timeline.
    demande(parcours_de(monde, calais=True))

    DesignationPartenaireFactory(parcours=parcours, organisation=monde.ccas_arras)
    # Two hats: a team member from another site, a designated partner and an encadrant who also sit
    # on the committee (its council branches of ``visible_by`` then add files).
    MembreEquipeFactory(parcours=parcours, utilisateur=monde.ts_calais)
    for user in (monde.partenaire_ccas_arras, monde.encadrant_arras):
        f.MandatFactory(organe=conseils.commission, utilisateur=user, role=RoleMembre.ELU)
    personas = {
        nom: getattr(monde, nom)
        for nom in (
            "ts_arras",
            "ts_calais",
            "encadrant_arras",
            "evaluateur_arras",
            "accueil_arras",
            "partenaire_ccas_arras",
            "partenaire_ml_calais",
            "elu_arrageois",
            "elu_calaisis",
            "admin",
        )
    }
    personas |= {
        "secretaire": conseils.secretaire,
        "presidente": conseils.presidente,
        "membre_partenaire": conseils.partenaire.utilisateur,
        "delegataire": conseils.delegataire,
    }
    return parcours, personas


def _source(parcours_id: int, user: Utilisateur, limite: int) -> list[Evenement]:
    parcours = Parcours.objects.get(pk=parcours_id)  # a fresh object: roles cached per pathway object
    resultat = evenements_demandes_aide(
        parcours=parcours, user=user, partenaire=est_partenaire_seulement(user, parcours), limite=limite
    )
    return evenements_des_sources([resultat])[0]


def _evenements_orm(*, demandes: Q, limite: int) -> list[Evenement]:
    """The former ORM source (model instances, one query per kind), the reference of the SQL branches;
    its decisions ordered by the moment their event reports (``updated_at``), as the merge needs."""
    evenements: list[Evenement] = []
    for decision in (
        Decision.objects.filter(demandes)
        .select_related("demande__type_aide", "decidee_par", "lettre__depose_par")
        .order_by(F("updated_at").desc(), "-id")[:limite]
    ):
        titre = _("Aide « %(type)s » : %(issue)s") % {
            "type": decision.demande.type_aide.libelle,
            "issue": decision.get_issue_display().lower(),
        }
        if decision.montant is not None:
            titre += f" ({decision.montant} €)"
        detail = decision.motivation or decision.motif_ajournement
        if decision.par_delegation:
            detail = (_("Décision d'urgence par délégation. ") + detail).strip()
        auteur = decision.decidee_par.get_full_name() if decision.decidee_par else ""
        evenements.append(Evenement(decision.updated_at, "decision_aide", titre, detail, auteur))
        lettre = decision.lettre
        if lettre is not None and lettre.supprime_le is None:
            evenements.append(
                Evenement(
                    lettre.depose_le,
                    "lettre_decision",
                    _("Lettre de notification de la décision (aide « %(type)s » : %(issue)s)")
                    % {
                        "type": decision.demande.type_aide.libelle,
                        "issue": decision.get_issue_display().lower(),
                    },
                    _("Envoyée le %(date)s.") % {"date": decision.notifiee_le.strftime("%d/%m/%Y")}
                    if decision.notifiee_le
                    else _("Classée dans les documents du parcours, pas encore envoyée."),
                    lettre.depose_par.get_full_name() if lettre.depose_par else "",
                )
            )
    for transition in (
        TransitionDemande.objects.filter(demandes, vers=EtatDemande.DEPOSEE)
        .select_related("demande__type_aide", "acting_user")
        .order_by("-created_at")[:limite]
    ):
        evenements.append(
            Evenement(
                transition.created_at,
                "demande_aide",
                _("Demande d'aide « %(type)s » déposée (%(montant)s €)")
                % {
                    "type": transition.demande.type_aide.libelle,
                    "montant": transition.demande.montant_demande,
                },
                "",
                transition.acting_user.get_full_name() if transition.acting_user else "",
            )
        )
    return evenements


def _par_visible_by(parcours_id: int, user: Utilisateur, limite: int) -> list[Evenement]:
    """The former source: the same gate, then the ORM reads of the files ``DemandeAide.visible_by`` gives."""
    parcours = Parcours.objects.get(pk=parcours_id)
    if est_partenaire_seulement(user, parcours) or not can_view_sante_parcours(user, parcours):
        return []
    visibles = DemandeAide.objects.visible_by(user).filter(parcours=parcours)
    return _evenements_orm(demandes=Q(demande__in=visibles), limite=limite)


@pytest.mark.parametrize("limite", [1, 3, 26])
def test_dp_2_chronologie_des_aides_identique_a_visible_by_pour_chaque_persona(
    scene: tuple[Parcours, dict[str, Utilisateur]], limite: int
) -> None:
    parcours, personas = scene
    vus = {}
    for nom, user in personas.items():
        attendu = _par_visible_by(parcours.pk, user, limite)
        assert _source(parcours.pk, user, limite) == attendu, nom
        vus[nom] = len(attendu)
    # Not vacuous: the pathway's staff see the decision, its letter and the three submissions (each kind
    # cut at ``limite``); partners, council members and other staff see none of it here.
    complet = min(limite, 1) * 2 + min(limite, 3)
    assert {nom for nom, n in vus.items() if n} == {"ts_arras", "ts_calais", "encadrant_arras"}
    assert vus["ts_arras"] == vus["ts_calais"] == vus["encadrant_arras"] == complet


def test_chronologie_des_aides_contenu(scene: tuple[Parcours, dict[str, Utilisateur]]) -> None:
    parcours, personas = scene
    evenements = _source(parcours.pk, personas["ts_arras"], 26)
    genres = sorted(e.genre for e in evenements)
    assert genres == ["decision_aide", "demande_aide", "demande_aide", "demande_aide", "lettre_decision"]
    [decision] = [e for e in evenements if e.genre == "decision_aide"]
    assert decision.titre.endswith(": accord (100.00 €)")
    assert decision.detail.startswith("Décision d'urgence par délégation.")
    [lettre] = [e for e in evenements if e.genre == "lettre_decision"]
    assert lettre.detail.startswith("Envoyée le ")
