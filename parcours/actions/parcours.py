"""Opening a pathway, moving it through its workflow, changing its référent, recording the next step."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction

from parcours import workflows
from parcours.actions._outils import aujourd_hui, enregistrer, exiger_ouvert, refuser, verrouiller
from parcours.actions.echeances import echeances_recalculer
from parcours.actions.liens import terminer_designation
from parcours.enums import Dispositif, EtatPch, EtatRsa, EtatSanctionRsa, EvenementParcours, StatutObjectif
from parcours.models import (
    ChangementReferent,
    DecisionPch,
    DesignationPartenaire,
    DossierApa,
    DossierRsa,
    MembreEquipe,
    Objectif,
    Parcours,
    ProcedureSanctionRsa,
    TransitionParcours,
)
from parcours.permissions import (
    can_be_referent,
    can_change_referent,
    can_open_parcours,
    can_record_suite,
    can_transition_parcours,
    oublier_roles,
)
from parcours.regles.jeunes import jeunes_public_verifier
from social.actions import rattachement_creer
from social.models import Personne, Rattachement, Site, Utilisateur
from social.perimetre import oublier_perimetre
from social.temps_reel import diffuser


@transaction.atomic
def parcours_ouvrir(
    *,
    personne: Personne,
    dispositif: Dispositif | str,
    acting_user: Utilisateur,
    site: Site,
    referent: Utilisateur | None = None,
    date_reception: datetime.date | None = None,
) -> Parcours:
    """Open a pathway in its initial state at a site, attach the person's file to the site (when it is
    not already), optionally with a référent, and compute its deadlines.

    Refused (``DomainError``): a role or site outside the user's perimeter, an unknown dispositif, an
    open pathway in the same dispositif, a référent who is not an agent of the site, a future date; for
    the youth pathway, a person outside its public on the reception day (FAJ-1, ASE-1)."""
    if dispositif not in workflows.WORKFLOWS:
        raise refuser(f"Dispositif inconnu : « {dispositif} ».", "dispositif_inconnu", champ="dispositif")
    libelle = Dispositif(dispositif).label
    if not can_open_parcours(acting_user, personne, site):
        raise refuser(
            "Votre rôle ne permet pas d'ouvrir un parcours pour cette personne sur ce site.", "interdit"
        )
    date_reception = date_reception or aujourd_hui()
    if date_reception > aujourd_hui():
        raise refuser(
            "La date de réception ne peut pas être dans le futur.", "date_future", champ="date_reception"
        )
    if dispositif == Dispositif.JEUNES:
        # FAJ-1 and ASE-1: the youth public on the reception day (dated bounds, rule G-1).
        jeunes_public_verifier(
            naissance=personne.date_naissance,
            jour=date_reception,
            confie_ase_avant_majorite=personne.confie_ase_avant_majorite,
        )
    # Locks the person's row: two agents opening the same dispositif at once are serialised.
    Personne.objects.select_for_update(of=("self",)).values_list("pk", flat=True).get(pk=personne.pk)
    if Parcours.objects.ouverts().filter(personne=personne, dispositif=dispositif).exists():
        raise refuser(f"Cette personne a déjà un parcours {libelle} ouvert.", "parcours_deja_ouvert")
    parcours = Parcours(
        personne=personne,
        dispositif=dispositif,
        etat=workflows.etat_initial(dispositif),
        site=site,
        date_reception=date_reception,
        date_ouverture=aujourd_hui(),
        created_by=acting_user,
    )
    if referent is not None and not can_be_referent(referent, parcours):
        raise refuser(
            "Le référent doit être un travailleur social, un évaluateur ou un encadrant du site responsable.",
            "referent_invalide",
            champ="referent",
        )
    parcours.referent = referent
    try:
        with transaction.atomic():
            enregistrer(parcours, acting_user=acting_user, raison="Ouverture du parcours")
    except IntegrityError as exc:  # the unique constraint, if a concurrent opening slipped through
        raise refuser(f"Cette personne a déjà un parcours {libelle} ouvert.", "parcours_deja_ouvert") from exc
    TransitionParcours.objects.create(
        parcours=parcours,
        depuis="",
        vers=parcours.etat,
        motif="Ouverture du parcours",
        date_effet=parcours.date_reception,  # the first event of the file: its clocks start there
        acting_user=acting_user,
    )
    if referent is not None:
        ChangementReferent.objects.create(
            parcours=parcours,
            ancien=None,
            nouveau=referent,
            acting_user=acting_user,
            motif="Ouverture du parcours",
        )
        if referent.pk != acting_user.pk:
            diffuser(
                utilisateur_ids=[referent.pk],
                evenement=EvenementParcours.REFERENT_CHANGE.value,
                objet_ids=[parcours.public_id],
            )
    if not Rattachement.objects.actives().filter(personne=personne, site=site).exists():
        rattachement_creer(personne=personne, site=site, acting_user=acting_user, motif=f"Parcours {libelle}")
        oublier_perimetre(acting_user)
    echeances_recalculer(parcours=parcours)
    return parcours


@transaction.atomic
def parcours_transitionner(
    *,
    parcours: Parcours,
    vers: str,
    acting_user: Utilisateur,
    motif: str = "",
    suite_prevue: str = "",
    date_effet: datetime.date | None = None,
    par_action_dediee: bool = False,
) -> Parcours:
    """Move the pathway to ``vers`` following its dispositif's table (``parcours.workflows``), log the
    transition and recompute the deadlines. A closing transition ends the partner designations.

    Refused (``DomainError``, nothing written), in this order: a closed pathway (``parcours_clos``), a
    transition the table does not have from the current state (``transition_impossible``), a role the
    table does not name (``interdit``), a missing motivation (``motif_requis``), a missing référent
    (``referent_requis``), no objective recorded where the table asks one (``objectif_requis``), an
    effective date in the future or before the previous transition."""
    parcours = verrouiller(parcours)  # the source state is read under the lock: no double transition
    exiger_ouvert(parcours)
    flux = workflows.workflow(parcours.dispositif)
    transition = flux.transition(parcours.etat, vers)
    if transition is None:
        possibles = ", ".join(
            f"« {workflows.libelle_etat(parcours.dispositif, t.vers)} »" for t in flux.depuis(parcours.etat)
        )
        raise refuser(
            f"Le parcours est à l'état « {parcours.libelle_etat} » : il ne peut pas passer à "
            f"« {workflows.libelle_etat(parcours.dispositif, vers)} »."
            + (f" États possibles : {possibles}." if possibles else ""),
            "transition_impossible",
            etat=parcours.etat,
            vers=vers,
        )
    formulaire_dedie = None if par_action_dediee else etape_a_action_dediee(parcours, vers)
    if formulaire_dedie is not None:
        # Once a file exists (RSA, APA, PCH, sanction), its steps are recorded with their data and rules by
        # their own actions (parcours.actions.rsa, .apa, .pch, .rsa_sanctions), never as a bare state change.
        raise refuser(
            f"« {workflows.libelle_etat(parcours.dispositif, vers)} » s'enregistre avec son formulaire "
            f"dédié ({formulaire_dedie}), qui vérifie les règles applicables.",
            "action_dediee_requise",
            etat=parcours.etat,
            vers=vers,
        )
    if not can_transition_parcours(acting_user, parcours, transition):
        autorises = ", ".join(sorted(_libelle_role(r) for r in transition.roles))
        raise refuser(
            f"Votre rôle sur ce parcours ne permet pas de « {transition.libelle} » (réservé : {autorises}).",
            "interdit",
        )
    motif = motif.strip()
    if transition.motif_requis and not motif:
        raise refuser(
            f"Un motif écrit est obligatoire pour « {transition.libelle} ».", "motif_requis", champ="motif"
        )
    if transition.referent_requis and parcours.referent_id is None:
        raise refuser(
            f"Désignez d'abord un référent unique : il est requis pour « {transition.libelle} ».",
            "referent_requis",
        )
    if (
        transition.objectif_requis
        and not Objectif.objects.filter(parcours=parcours).exclude(statut=StatutObjectif.ABANDONNE).exists()
    ):
        raise refuser(
            "Inscrivez d'abord au moins un objectif au projet vers l'autonomie (emploi, formation, "
            f"logement…) : il est requis pour « {transition.libelle} ».",
            "objectif_requis",
        )
    date_effet = date_effet or aujourd_hui()
    derniere = parcours.transitions.order_by("-date_effet").values_list("date_effet", flat=True).first()
    if date_effet > aujourd_hui():
        raise refuser("La date d'effet ne peut pas être dans le futur.", "date_future", champ="date_effet")
    if derniere is not None and date_effet < derniere:
        raise refuser(
            f"La date d'effet ne peut pas précéder la dernière étape du parcours ({derniere:%d/%m/%Y}).",
            "date_anterieure",
            champ="date_effet",
        )
    depuis = parcours.etat
    parcours.etat = transition.vers
    champs = ["etat", "updated_at"]
    if transition.cloture:
        parcours.date_cloture = date_effet
        parcours.motif_cloture = motif
        parcours.suite_prevue = suite_prevue.strip()
        champs += ["date_cloture", "motif_cloture", "suite_prevue"]
    enregistrer(parcours, acting_user=acting_user, raison=transition.libelle, update_fields=champs)
    TransitionParcours.objects.create(
        parcours=parcours,
        depuis=depuis,
        vers=transition.vers,
        motif=motif,
        date_effet=date_effet,
        acting_user=acting_user,
    )
    if transition.cloture:
        for designation in DesignationPartenaire.objects.actives().filter(parcours=parcours):
            terminer_designation(designation, acting_user=acting_user, le=date_effet)
    echeances_recalculer(parcours=parcours)
    _diffuser_a_l_equipe(parcours, acting_user=acting_user, evenement=EvenementParcours.TRANSITION.value)
    oublier_roles(parcours)
    return parcours


@transaction.atomic
def referent_changer(
    *, parcours: Parcours, nouveau: Utilisateur | None, acting_user: Utilisateur, motif: str = ""
) -> Parcours:
    """Replace the référent unique (one at a time), log the change and notify the former and the new
    référent after commit. ``nouveau`` None withdraws the référent: a motif is then required."""
    parcours = verrouiller(parcours)
    exiger_ouvert(parcours)
    if not can_change_referent(acting_user, parcours):
        raise refuser("Seuls les encadrants du site responsable peuvent changer le référent.", "interdit")
    ancien = parcours.referent
    if (nouveau.pk if nouveau else None) == parcours.referent_id:
        raise refuser(
            "Cette personne est déjà le référent du parcours.", "referent_inchange", champ="referent"
        )
    if nouveau is not None and not can_be_referent(nouveau, parcours):
        raise refuser(
            "Le référent doit être un travailleur social, un évaluateur ou un encadrant du site responsable.",
            "referent_invalide",
            champ="referent",
        )
    motif = motif.strip()
    if nouveau is None and not motif:
        raise refuser("Un motif est obligatoire pour retirer le référent.", "motif_requis", champ="motif")
    parcours.referent = nouveau
    enregistrer(
        parcours,
        acting_user=acting_user,
        raison="Changement de référent",
        update_fields=["referent", "updated_at"],
    )
    ChangementReferent.objects.create(
        parcours=parcours, ancien=ancien, nouveau=nouveau, motif=motif, acting_user=acting_user
    )
    diffuser(
        utilisateur_ids=[u.pk for u in (ancien, nouveau) if u is not None],
        evenement=EvenementParcours.REFERENT_CHANGE.value,
        objet_ids=[parcours.public_id],
    )
    oublier_roles(parcours)
    return parcours


@transaction.atomic
def parcours_renseigner_suite(*, parcours: Parcours, suite_prevue: str, acting_user: Utilisateur) -> Parcours:
    """Record the next step of a closed pathway (ends the "exit without a next step" rupture)."""
    parcours = verrouiller(parcours)
    if not can_record_suite(acting_user, parcours):
        raise refuser(
            "Seuls le référent et les encadrants du site renseignent la suite d'un parcours clos.", "interdit"
        )
    if not suite_prevue.strip():
        raise refuser("Décrivez la suite prévue.", "suite_requise", champ="suite_prevue")
    parcours.suite_prevue = suite_prevue.strip()
    enregistrer(
        parcours, acting_user=acting_user, raison="Suite prévue", update_fields=["suite_prevue", "updated_at"]
    )
    return parcours


def _diffuser_a_l_equipe(parcours: Parcours, *, acting_user: Utilisateur, evenement: str) -> None:
    """Tell the référent and the team members (not the author) that the pathway changed."""
    destinataires = set(
        MembreEquipe.objects.actives().filter(parcours=parcours).values_list("utilisateur_id", flat=True)
    )
    if parcours.referent_id is not None:
        destinataires.add(parcours.referent_id)
    destinataires.discard(acting_user.pk)
    if destinataires:
        diffuser(utilisateur_ids=destinataires, evenement=evenement, objet_ids=[parcours.public_id])


def _libelle_role(role: str) -> str:
    from parcours.enums import RoleParcours

    return str(RoleParcours(role).label).lower()


def etats_par_action_dediee(
    parcours: Parcours, *, dossier_existe: bool | None = None, sanction_en_vigueur: bool | None = None
) -> tuple[frozenset[str], str]:
    """The states this pathway may reach only through a dedicated form, and that form's French name.

    RSA orientation and contract once the RSA file exists (RSA-2/4/7); the APA steps once the APA file
    exists (APA-2 to APA-10); a new CDAPH decision or a payment once a PCH decision exists (PCH-5); any way
    out of a suspension but the exit while a sanction is in force (lifted on compliance, RSA-11). At most
    two queries, whatever the target state; none when the caller already knows whether the file (RSA, APA
    file, PCH decision) exists and whether a sanction is in force (the pathway page read them)."""
    etats = frozenset(workflows.workflow(parcours.dispositif).etats.values)

    def existe(modele: Any) -> bool:
        return (
            dossier_existe
            if dossier_existe is not None
            else modele.objects.filter(parcours=parcours).exists()
        )

    if parcours.dispositif == Dispositif.RSA:
        if parcours.etat == EtatRsa.SUSPENDU and (
            sanction_en_vigueur
            if sanction_en_vigueur is not None
            else ProcedureSanctionRsa.objects.filter(
                parcours=parcours, etat__in=[EtatSanctionRsa.DECIDEE, EtatSanctionRsa.NOTIFIEE]
            ).exists()
        ):
            return etats - {EtatRsa.SORTIE}, "mise en conformité de la procédure de sanction"
        if existe(DossierRsa):
            return workflows.ETATS_RSA_PAR_LE_DOSSIER, "orientation ou contrat d'engagement"
    elif parcours.dispositif == Dispositif.APA:
        if existe(DossierApa):
            return workflows.ETATS_APA_PAR_LE_DOSSIER, "étape du dossier APA"
        return workflows.ETATS_APA_SANS_DOSSIER_INTERDITS, "APA en établissement (dossier APA)"
    elif parcours.dispositif == Dispositif.PCH and existe(DecisionPch):
        return etats - {EtatPch.CLOS}, "décision de la CDAPH ou versement"
    return frozenset(), ""


def etape_a_action_dediee(parcours: Parcours, vers: str) -> str | None:
    """The dedicated form a move to ``vers`` must go through (its French name), or None for a bare move."""
    etats, formulaire = etats_par_action_dediee(parcours)
    return formulaire if vers in etats else None
