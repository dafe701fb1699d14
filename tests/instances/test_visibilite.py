"""Who sees which aid file and which session (``visible_by``), persona by persona."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from instances.actions import (
    decision_enregistrer,
    decision_notifier,
    decision_urgence_prendre,
    lettre_notification_produire,
    proces_verbal_produire,
    seance_cloturer,
    seance_convoquer,
    seance_decisions_notifier,
    seance_valider,
)
from instances.enums import EtatDemande, FormeAide, IssueDecision, SensVote
from instances.models import Decision, DemandeAide, Seance
from instances.permissions import (
    can_view_demandes_aide,
    can_view_detail_demandes_aide,
    can_view_resume_demandes_aide,
)
from instances.selectors import ordre_du_jour, resumes_demandes_du_parcours
from social.models import Utilisateur
from tests.instances.fabriques import Conseils, demande, inscrire, parcours_de, seance, seance_ouverte
from tests.parcours.factories import DesignationPartenaireFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(conseils: Conseils) -> dict[str, object]:
    parcours = parcours_de(conseils.monde)
    a_l_ordre = demande(parcours, montant="300")
    hors_ordre = demande(parcours, code="fsl_eau", montant="100")
    calais = demande(parcours_de(conseils.monde, calais=True))
    une_seance = seance(conseils)
    inscrire(conseils, une_seance, a_l_ordre)
    return {
        "parcours": parcours,
        "a_l_ordre": a_l_ordre,
        "hors_ordre": hors_ordre,
        "calais": calais,
        "seance": une_seance,
    }


def _visibles(user: Utilisateur) -> set[int]:
    return set(DemandeAide.objects.visible_by(user).values_list("pk", flat=True))


def test_referent_et_site_voient_les_demandes_du_parcours(conseils: Conseils, dossiers: dict) -> None:
    attendus = {dossiers["a_l_ordre"].pk, dossiers["hors_ordre"].pk}
    assert _visibles(conseils.monde.ts_arras) == attendus
    assert _visibles(conseils.monde.encadrant_arras) == attendus
    assert _visibles(conseils.monde.ts_calais) == {dossiers["calais"].pk}


def test_accueil_partenaire_et_anonyme_ne_voient_rien(conseils: Conseils, dossiers: dict) -> None:
    from django.contrib.auth.models import AnonymousUser

    # Even designated on the pathway, a partner does not read the aid files themselves (only their
    # summary, ``resume_visible_by``, below).
    DesignationPartenaireFactory(parcours=dossiers["parcours"], organisation=conseils.monde.ccas_arras)
    for user in (
        conseils.monde.accueil_arras,
        conseils.monde.partenaire_ccas_arras,
        conseils.monde.partenaire_ml_calais,
        conseils.monde.admin,
    ):
        assert _visibles(user) == set()
    assert not DemandeAide.objects.visible_by(AnonymousUser()).exists()


def test_membre_voit_seulement_les_dossiers_de_l_ordre_du_jour_apres_convocation(
    conseils: Conseils, dossiers: dict
) -> None:
    elu = conseils.monde.elu_arrageois
    assert _visibles(elu) == set()  # not yet convoked
    assert not Seance.objects.visible_by(elu).exists()
    seance_convoquer(seance=dossiers["seance"], acting_user=conseils.secretaire)
    assert _visibles(elu) == {dossiers["a_l_ordre"].pk}
    assert list(Seance.objects.visible_by(elu)) == [dossiers["seance"]]
    # The council member of another territory sees nothing.
    assert _visibles(conseils.monde.elu_calaisis) == set()
    assert not Seance.objects.visible_by(conseils.monde.elu_calaisis).exists()


def test_membre_perd_l_acces_apres_la_fenetre(conseils: Conseils, dossiers: dict) -> None:
    une_seance: Seance = dossiers["seance"]
    seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    une_seance.etat = "validee"
    une_seance.validee_le = timezone.localdate() - datetime.timedelta(days=31)
    une_seance.visible_jusqu_au = timezone.localdate()
    une_seance.save()
    assert _visibles(conseils.monde.elu_arrageois) == {dossiers["a_l_ordre"].pk}
    une_seance.visible_jusqu_au = timezone.localdate() - datetime.timedelta(days=1)
    une_seance.save()
    assert _visibles(conseils.monde.elu_arrageois) == set()


def test_secretariat_voit_les_demandes_deposees_de_son_territoire(conseils: Conseils, dossiers: dict) -> None:
    brouillon = demande(dossiers["parcours"], deposer=False)
    visibles = _visibles(conseils.secretaire)
    assert {dossiers["a_l_ordre"].pk, dossiers["hors_ordre"].pk} <= visibles
    assert dossiers["calais"].pk not in visibles and brouillon.pk not in visibles
    assert list(Seance.objects.visible_by(conseils.secretaire)) == [dossiers["seance"]]


def test_dp_7_ordre_du_jour_pseudonymise_pour_les_membres(conseils: Conseils, dossiers: dict) -> None:
    seance_convoquer(seance=dossiers["seance"], acting_user=conseils.secretaire)
    [ligne] = ordre_du_jour(seance=dossiers["seance"], user=conseils.monde.elu_arrageois)
    assert ligne.presentation is not None and ligne.presentation.pseudonymisee
    assert ligne.presentation.libelle == "L.M. (né·e en 2004)"
    [ligne] = ordre_du_jour(seance=dossiers["seance"], user=conseils.secretaire)
    assert ligne.presentation is not None and ligne.presentation.libelle == "Martin Léa"
    conseils.commission.presentation_pseudonymisee = False
    conseils.commission.save()
    [ligne] = ordre_du_jour(seance=dossiers["seance"], user=conseils.monde.elu_arrageois)
    assert ligne.presentation is not None and not ligne.presentation.pseudonymisee


# --- Designated partners: the partner-facing summary (DESIGN.md persona table) -------------------------

CHAMPS_RESUME = {
    "reference",
    "type_aide",
    "libelle_type_aide",
    "etat",
    "libelle_etat",
    "deposee_le",
    "issue",
    "libelle_issue",
    "decidee_le",
    "notifiee_le",
}


def _resumes(user: Utilisateur) -> set[int]:
    return set(DemandeAide.objects.resume_visible_by(user).values_list("pk", flat=True))


def test_partenaire_designe_voit_le_resume_des_demandes_deposees_du_parcours(
    conseils: Conseils, dossiers: dict
) -> None:
    DesignationPartenaireFactory(parcours=dossiers["parcours"], organisation=conseils.monde.ccas_arras)
    brouillon = demande(dossiers["parcours"], deposer=False)
    partenaire = conseils.monde.partenaire_ccas_arras
    # Submitted files of the designated pathway only: not the draft, not another pathway's file.
    assert _resumes(partenaire) == {dossiers["a_l_ordre"].pk, dossiers["hors_ordre"].pk}
    assert brouillon.pk not in _resumes(partenaire)
    # Never the files themselves (the detail pages and endpoints fetch through ``visible_by``).
    assert _visibles(partenaire) == set()
    assert not can_view_detail_demandes_aide(partenaire, dossiers["parcours"])
    assert can_view_resume_demandes_aide(partenaire, dossiers["parcours"])
    assert can_view_demandes_aide(partenaire, dossiers["parcours"])
    # Staff read the files in full, not the partner summary.
    assert _resumes(conseils.monde.ts_arras) == set()
    assert can_view_detail_demandes_aide(conseils.monde.ts_arras, dossiers["parcours"])
    assert not can_view_resume_demandes_aide(conseils.monde.ts_arras, dossiers["parcours"])


def test_partenaire_non_designe_membre_d_instance_et_anonyme_sans_resume(
    conseils: Conseils, dossiers: dict
) -> None:
    from django.contrib.auth.models import AnonymousUser

    DesignationPartenaireFactory(parcours=dossiers["parcours"], organisation=conseils.monde.ccas_arras)
    for user in (
        conseils.monde.partenaire_ml_calais,
        conseils.monde.accueil_arras,
        conseils.monde.elu_arrageois,
        conseils.monde.admin,
        conseils.partenaire.utilisateur,  # a partner's seat on the committee is not a designation
    ):
        assert _resumes(user) == set(), user
        assert not can_view_demandes_aide(user, dossiers["parcours"]), user
    assert not DemandeAide.objects.resume_visible_by(AnonymousUser()).exists()


@pytest.mark.parametrize(
    ("debut", "fin"),
    [(-30, -1), (1, None)],
    ids=["designation_terminee", "designation_a_venir"],
)
def test_designation_hors_de_ses_dates_ne_donne_rien(
    conseils: Conseils, dossiers: dict, debut: int, fin: int | None
) -> None:
    jour = timezone.localdate()
    DesignationPartenaireFactory(
        parcours=dossiers["parcours"],
        organisation=conseils.monde.ccas_arras,
        date_debut=jour + datetime.timedelta(days=debut),
        date_fin=jour + datetime.timedelta(days=fin) if fin is not None else None,
    )
    partenaire = conseils.monde.partenaire_ccas_arras
    assert _resumes(partenaire) == set()
    assert not can_view_demandes_aide(partenaire, dossiers["parcours"])
    assert resumes_demandes_du_parcours(user=partenaire, parcours=dossiers["parcours"]) == []


def test_resume_porte_l_issue_et_ses_dates_jamais_les_champs_reserves(conseils: Conseils) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    urgente = demande(parcours, code="secours_urgence_departement", montant="100", urgence=True)
    en_attente = demande(parcours, code="fsl_eau", montant="80")
    decision = decision_urgence_prendre(
        demande=urgente,
        issue=IssueDecision.ACCORD,
        montant=Decimal("100"),
        forme=FormeAide.SUBVENTION,
        acting_user=conseils.delegataire,
    )
    lettre_notification_produire(decision=decision, acting_user=conseils.delegataire)
    decision = decision_notifier(decision=decision, acting_user=conseils.delegataire)

    resumes = resumes_demandes_du_parcours(user=conseils.monde.partenaire_ccas_arras, parcours=parcours)
    assert [r.reference for r in resumes] == [en_attente.reference, urgente.reference]
    for resume in resumes:
        assert {f.name for f in dataclasses.fields(resume)} == CHAMPS_RESUME
    attente, accordee = resumes
    assert (attente.etat, attente.issue, attente.decidee_le, attente.notifiee_le) == (
        EtatDemande.DEPOSEE,
        "",
        None,
        None,
    )
    assert attente.deposee_le == en_attente.deposee_le
    assert (accordee.etat, accordee.issue, accordee.libelle_issue) == (
        EtatDemande.NOTIFIEE,
        IssueDecision.ACCORD,
        "Accord",
    )
    assert accordee.decidee_le == decision.decidee_le
    assert accordee.notifiee_le == decision.notifiee_le is not None
    assert accordee.libelle_type_aide == urgente.type_aide.libelle


def test_resume_attend_la_notification_pour_une_decision_en_seance(conseils: Conseils) -> None:
    """A decision recorded in an open session may still be corrected there: the partner reads the file
    as on the agenda until the session is closed, then « décidée » without its outcome until the person
    has been notified (G-3: she learns it from her letter first), then the outcome and its days."""
    une_seance, [point] = seance_ouverte(conseils, dossiers=1)
    parcours = point.demande.parcours
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    partenaire = conseils.monde.partenaire_ccas_arras
    decision_enregistrer(
        point=point,
        issue=IssueDecision.REFUS,
        motivation="Les ressources du foyer dépassent le barème du règlement.",
        votes={conseils.president.pk: SensVote.POUR, conseils.elu.pk: SensVote.POUR},
        version=None,
        acting_user=conseils.secretaire,
    )
    [resume] = resumes_demandes_du_parcours(user=partenaire, parcours=parcours)
    assert (resume.etat, resume.issue, resume.decidee_le) == (EtatDemande.INSCRITE, "", None)
    seance_cloturer(seance=une_seance, acting_user=conseils.secretaire)
    [resume] = resumes_demandes_du_parcours(user=partenaire, parcours=parcours)
    assert (resume.etat, resume.issue, resume.libelle_issue) == (EtatDemande.DECIDEE, "", "")
    assert resume.decidee_le is None and resume.notifiee_le is None
    seance_valider(seance=une_seance, acting_user=conseils.secretaire)
    proces_verbal_produire(seance=une_seance, acting_user=conseils.secretaire)
    decision = Decision.objects.get(point=point)
    lettre_notification_produire(decision=decision, acting_user=conseils.secretaire)
    [resume] = resumes_demandes_du_parcours(user=partenaire, parcours=parcours)
    assert (resume.etat, resume.issue) == (EtatDemande.DECIDEE, "")
    seance_decisions_notifier(seance=une_seance, acting_user=conseils.secretaire)
    [resume] = resumes_demandes_du_parcours(user=partenaire, parcours=parcours)
    assert (resume.etat, resume.issue, resume.libelle_issue) == (EtatDemande.NOTIFIEE, "refus", "Refus")
    assert resume.decidee_le == timezone.localdate()
    assert resume.notifiee_le == timezone.localdate()


@pytest.mark.parametrize(
    ("persona", "section", "detail", "resume"),
    [
        ("ts_arras", True, True, False),
        ("encadrant_arras", True, True, False),
        ("accueil_arras", False, False, False),
        ("ts_calais", False, False, False),
        ("partenaire_ccas_arras", True, False, True),
        ("partenaire_ml_calais", False, False, False),
        ("elu_arrageois", False, False, False),
        ("elu_calaisis", False, False, False),
    ],
)
def test_permissions_de_la_section_aides_par_persona(
    conseils: Conseils, persona: str, section: bool, detail: bool, resume: bool
) -> None:
    parcours = parcours_de(conseils.monde)
    DesignationPartenaireFactory(parcours=parcours, organisation=conseils.monde.ccas_arras)
    une = demande(parcours)
    user = getattr(conseils.monde, persona)
    assert can_view_demandes_aide(user, parcours) is section
    assert can_view_detail_demandes_aide(user, parcours) is detail
    assert can_view_resume_demandes_aide(user, parcours) is resume
    # The pure functions and the scoping methods agree.
    assert (une.pk in _visibles(user)) is detail
    assert (une.pk in _resumes(user)) is resume
