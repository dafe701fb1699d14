"""The RSA file of a pathway: the right (RSA-16, RSA-7, RSA-1), the orientation (RSA-2, RSA-3, RSA-6) and
the contrat d'engagement (RSA-4), through the pure rules of ``parcours.regles.rsa``.

Each action checks, in this order: an open RSA pathway, a state of the workflow table that allows the
step (409), the user's role (403), the RSA file, the rules, the dates; then it writes the row, moves the
pathway through ``parcours_transitionner`` (transition log, events) and the deadlines follow
(``echeances_recalculer``). A refusal raises ``DomainError`` with a French message and writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from decimal import Decimal
from typing import Final

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from parcours import workflows
from parcours.actions._outils import aujourd_hui, enregistrer, exiger_ouvert, refuser, verrouiller
from parcours.actions.echeances import echeances_recalculer
from parcours.actions.parcours import parcours_transitionner
from parcours.enums import Dispositif, EtatRsa, StatutDroitRsa
from parcours.models import ContratEngagement, DossierRsa, OrientationRsa, Parcours
from parcours.permissions import (
    ROLES_EQUIPE,
    can_transition_parcours,
    can_view_sante_parcours,
    roles_sur_parcours,
)
from parcours.regles.commun import date_fr, vers_enum
from parcours.regles.enums import ParcoursRsa, Vulnerabilite
from parcours.regles.rsa import (
    CriteresOrientation,
    DecisionOrientation,
    JustificationHeures,
    rsa_contrat_verifier,
    rsa_orientation_verifier,
)
from social.enums import OrganismePayeur
from social.models import Organisation, Utilisateur

AnyUser = Utilisateur | AnonymousUser

# The département's own service (the pathway's MDS) as organisme référent: no ``Organisation`` row. The
# rule records an id but does not read it.
MDS_REFERENTE: Final = 0
HEURES_PAR_SEMAINE: Final = Decimal(168)
DIXIEME: Final = Decimal("0.1")


# Who may (on top of ``Parcours.objects.visible_by``; the workflow table names the roles of each step).


def can_renseigner_dossier_rsa(user: AnyUser, parcours: Parcours) -> bool:
    """The référent, the team members and the encadrants of the responsible site, on an open RSA
    pathway."""
    return (
        parcours.dispositif == Dispositif.RSA
        and not parcours.est_clos
        and bool(roles_sur_parcours(user, parcours) & ROLES_EQUIPE)
    )


def can_orienter_rsa(user: AnyUser, parcours: Parcours) -> bool:
    """The roles the workflow table names for an orientation from the current state: the référent or an
    encadrant for the first one, an encadrant for a reorientation (after the EP or the joint diagnostic)."""
    transition = _transition_vers(parcours, EtatRsa.ORIENTE)
    return transition is not None and can_transition_parcours(user, parcours, transition)


def can_signer_contrat_rsa(user: AnyUser, parcours: Parcours) -> bool:
    """The référent, the team members and the encadrants of the site, once the pathway is oriented; and
    to renew the contract once signed (contractualisé, en accompagnement)."""
    transition = _transition_vers(parcours, EtatRsa.CONTRACTUALISE)
    return transition is not None and can_transition_parcours(user, parcours, transition)


def can_view_criteres_orientation(user: AnyUser, parcours: Parcours) -> bool:
    """The orientation criteria (difficulties: health, housing…), the RSA file (status of the right),
    the hours' justification and the contract's objectives: the département's staff of the pathway,
    never partners (need-to-know, rule DP-2)."""
    return can_view_sante_parcours(user, parcours)


def _transition_vers(parcours: Parcours, vers: str) -> workflows.Transition | None:
    if parcours.dispositif != Dispositif.RSA:
        return None
    return workflows.workflow(parcours.dispositif).transition(parcours.etat, vers)


# The RSA file.


@transaction.atomic
def rsa_dossier_renseigner(
    *,
    parcours: Parcours,
    statut_droit: StatutDroitRsa | str,
    soumis_droits_devoirs: bool,
    information_recue_le: datetime.date,
    organisme_payeur: OrganismePayeur | str,
    acting_user: Utilisateur,
) -> DossierRsa:
    """Record or update the RSA file as the CAF/MSA reports it: the status of the right (CNAF codes,
    RSA-16), the « droits et devoirs » flag (RSA-7), the day the information on the opening or transfer
    of the right was received (start of the orientation clock, RSA-1), the paying body. The deadlines
    are recomputed."""
    parcours = verrouiller(parcours)
    _exiger_rsa(parcours)
    exiger_ouvert(parcours)
    if not can_renseigner_dossier_rsa(acting_user, parcours):
        raise refuser(
            "Seuls le référent, les membres de l'équipe et les encadrants du site renseignent le dossier "
            "RSA.",
            "interdit",
        )
    valeurs = {
        "statut_droit": vers_enum(StatutDroitRsa, statut_droit, "statut_droit"),
        "soumis_droits_devoirs": bool(soumis_droits_devoirs),
        "information_recue_le": information_recue_le,
        "organisme_payeur": vers_enum(OrganismePayeur, organisme_payeur, "organisme_payeur"),
    }
    if information_recue_le > aujourd_hui():
        raise refuser(
            "La date de réception de l'information ne peut pas être dans le futur.",
            "date_future",
            champ="information_recue_le",
        )
    premiere = (
        OrientationRsa.objects.filter(parcours=parcours)
        .order_by("decidee_le")
        .values_list("decidee_le", flat=True)
        .first()
    )
    if premiere is not None and information_recue_le > premiere:
        raise refuser(
            f"L'information d'ouverture ou de transfert du droit ne peut pas suivre la première décision "
            f"d'orientation ({date_fr(premiere)}).",
            "rsa_information_apres_orientation",
            champ="information_recue_le",
        )
    dossier = DossierRsa.objects.filter(parcours=parcours).first()
    if dossier is None:
        dossier = DossierRsa(parcours=parcours, **valeurs)
        enregistrer(dossier, acting_user=acting_user, raison="Dossier RSA renseigné")
    else:
        modifies = [nom for nom, valeur in valeurs.items() if getattr(dossier, nom) != valeur]
        if modifies:
            for nom in modifies:
                setattr(dossier, nom, valeurs[nom])
            enregistrer(
                dossier,
                acting_user=acting_user,
                raison="Dossier RSA mis à jour",
                update_fields=[*modifies, "updated_at"],
            )
    echeances_recalculer(parcours=parcours)
    return dossier


# Orientation.


@transaction.atomic
def rsa_orienter(
    *,
    parcours: Parcours,
    criteres: CriteresOrientation,
    parcours_type: ParcoursRsa | str,
    organisme_referent: Organisation | None,
    decidee_le: datetime.date,
    notifiee_le: datetime.date,
    acting_user: Utilisateur,
    vulnerabilites: Collection[Vulnerabilite | str] = (),
    motif: str = "",
) -> OrientationRsa:
    """Record an orientation decision (RSA-2): one parcours, its criteria, its organisme référent
    (``None``: the pathway's MDS), the decision and notification days; and move the pathway to
    « Orienté » (first orientation, or reorientation with a written motif, as the workflow table says).

    The contract must then be signed within 1 month of the notification: a new orientation restarts
    that clock (RSA-3); in the social parcours, the joint diagnostic is due 6 months after it, 12 with a
    vulnerability (RSA-6). Only a person « soumis aux droits et devoirs » can be oriented (RSA-7)."""
    parcours = verrouiller(parcours)
    _exiger_rsa(parcours)
    exiger_ouvert(parcours)
    transition = _transition_vers(parcours, EtatRsa.ORIENTE)
    if transition is None:
        raise refuser(
            f"Le parcours est à l'état « {parcours.libelle_etat} » : une orientation ne peut pas y être "
            "enregistrée.",
            "transition_impossible",
            etat=parcours.etat,
        )
    if not can_transition_parcours(acting_user, parcours, transition):
        raise refuser(
            "Votre rôle sur ce parcours ne permet pas d'enregistrer cette orientation "
            "(la première : référent unique ou encadrant ; une réorientation : encadrant du site).",
            "interdit",
        )
    dossier = _dossier(parcours)
    decision = DecisionOrientation(
        parcours=vers_enum(ParcoursRsa, parcours_type, "parcours_type"),
        criteres=criteres,
        organisme_referent_id=organisme_referent.pk if organisme_referent is not None else MDS_REFERENTE,
        decidee_le=decidee_le,
    )
    rsa_orientation_verifier(soumis_droits_devoirs=dossier.soumis_droits_devoirs, orientation=decision)
    vulnerables = sorted({vers_enum(Vulnerabilite, v, "vulnerabilites") for v in vulnerabilites})
    motif = motif.strip()
    if transition.motif_requis and not motif:
        raise refuser(
            "Un motif écrit est obligatoire pour une réorientation (avis de l'équipe pluridisciplinaire "
            "ou diagnostic conjoint).",
            "motif_requis",
            champ="motif",
        )
    _verifier_dates_orientation(parcours, dossier, decidee_le=decidee_le, notifiee_le=notifiee_le)
    reorientation = parcours.etat != EtatRsa.A_ORIENTER
    criteres = decision.criteres
    orientation = OrientationRsa(
        parcours=parcours,
        parcours_type=decision.parcours,
        situation_emploi=criteres.situation_emploi,
        duree_sans_activite_mois=criteres.duree_sans_activite_mois,
        niveau_qualification=criteres.niveau_qualification,
        beneficiaire_obligation_emploi=criteres.beneficiaire_obligation_emploi,
        metier_recherche=criteres.metier_recherche.strip(),
        aspirations=criteres.aspirations.strip(),
        freins=sorted(criteres.freins),
        frein_autre_precision=criteres.frein_autre_precision.strip(),
        vulnerabilites=vulnerables,
        organisme_referent=organisme_referent,
        decidee_le=decidee_le,
        notifiee_le=notifiee_le,
        motif=motif,
        decidee_par=acting_user,
    )
    enregistrer(
        orientation, acting_user=acting_user, raison="Réorientation" if reorientation else "Orientation"
    )
    libelle = f"{decision.parcours.label}."
    parcours_transitionner(
        parcours=parcours,
        vers=EtatRsa.ORIENTE,
        acting_user=acting_user,
        motif=f"{libelle} {motif}" if motif else libelle,
        date_effet=decidee_le,
        par_action_dediee=True,
    )
    return orientation


def _verifier_dates_orientation(
    parcours: Parcours, dossier: DossierRsa, *, decidee_le: datetime.date, notifiee_le: datetime.date
) -> None:
    jour = aujourd_hui()
    if decidee_le > jour:
        raise refuser(
            "La date de la décision ne peut pas être dans le futur.", "date_future", champ="decidee_le"
        )
    if notifiee_le > jour:
        raise refuser(
            "La date de notification ne peut pas être dans le futur : enregistrez l'orientation une fois "
            "notifiée.",
            "date_future",
            champ="notifiee_le",
        )
    if notifiee_le < decidee_le:
        raise refuser(
            f"La notification ne peut pas précéder la décision ({date_fr(decidee_le)}).",
            "rsa_notification_avant_decision",
            champ="notifiee_le",
        )
    if decidee_le < dossier.information_recue_le:
        raise refuser(
            "La décision d'orientation ne peut pas précéder la réception de l'information d'ouverture ou "
            f"de transfert du droit ({date_fr(dossier.information_recue_le)}).",
            "rsa_orientation_avant_information",
            champ="decidee_le",
        )
    _verifier_apres_derniere_etape(parcours, decidee_le, champ="decidee_le")


# Contrat d'engagement.


@transaction.atomic
def rsa_contrat_signer(
    *,
    parcours: Parcours,
    signe_le: datetime.date,
    heures_hebdomadaires: Decimal,
    justification: JustificationHeures | None,
    objectifs: str,
    acting_user: Utilisateur,
    date_fin: datetime.date | None = None,
) -> ContratEngagement:
    """Record the contrat d'engagement signed with the référent unique (CASF L262-34, C. trav. L5411-6)
    and move the pathway to « Contrat d'engagement signé » (from « orienté », or a renewal from
    « contractualisé » or « en accompagnement », L262-35). At least the default weekly hours in force on
    the signature day (15 h), or a recorded justification (RSA-4); only for a person « soumis aux droits
    et devoirs » (RSA-7); signed after the notification of the current orientation (RSA-3)."""
    parcours = verrouiller(parcours)
    _exiger_rsa(parcours)
    exiger_ouvert(parcours)
    transition = _transition_vers(parcours, EtatRsa.CONTRACTUALISE)
    if transition is None:
        raise refuser(
            f"Le parcours est à l'état « {parcours.libelle_etat} » : le contrat d'engagement se signe une "
            "fois la personne orientée.",
            "transition_impossible",
            etat=parcours.etat,
        )
    if not can_transition_parcours(acting_user, parcours, transition):
        raise refuser(
            "Seuls le référent, les membres de l'équipe et les encadrants du site enregistrent le contrat "
            "d'engagement.",
            "interdit",
        )
    if transition.referent_requis and parcours.referent_id is None:
        raise refuser(
            "Désignez d'abord un référent unique : il signe le contrat d'engagement avec la personne "
            "(CASF L262-27).",
            "referent_requis",
        )
    dossier = _dossier(parcours)
    rsa_contrat_verifier(
        soumis_droits_devoirs=dossier.soumis_droits_devoirs,
        signe_le=signe_le,
        heures_hebdomadaires=heures_hebdomadaires,
        justification=justification,
    )
    au_dixieme = heures_hebdomadaires == heures_hebdomadaires.quantize(DIXIEME)
    if heures_hebdomadaires > HEURES_PAR_SEMAINE or not au_dixieme:
        raise refuser(
            "Indiquez un nombre d'heures par semaine entre 0 et 168, avec au plus une décimale.",
            "rsa_heures_invalides",
            champ="heures_hebdomadaires",
        )
    objectifs = objectifs.strip()
    if not objectifs:
        raise refuser(
            "Décrivez les objectifs d'insertion sociale et professionnelle du contrat (son plan d'action).",
            "rsa_objectifs_requis",
            champ="objectifs",
        )
    orientation = (
        OrientationRsa.objects.filter(parcours=parcours).order_by("-decidee_le", "-created_at", "-id").first()
    )
    if signe_le > aujourd_hui():
        raise refuser("La date de signature ne peut pas être dans le futur.", "date_future", champ="signe_le")
    if orientation is not None and signe_le < orientation.notifiee_le:
        raise refuser(
            "Le contrat ne peut pas être signé avant la notification de l'orientation "
            f"({date_fr(orientation.notifiee_le)}).",
            "rsa_contrat_avant_notification",
            champ="signe_le",
        )
    _verifier_apres_derniere_etape(parcours, signe_le, champ="signe_le")
    if date_fin is not None and date_fin <= signe_le:
        raise refuser("La fin du contrat doit suivre sa signature.", "rsa_contrat_dates", champ="date_fin")
    contrat = ContratEngagement(
        parcours=parcours,
        orientation=orientation,
        signe_le=signe_le,
        heures_hebdomadaires=heures_hebdomadaires,
        justification_motif=justification.motif if justification is not None else "",
        justification_precision=justification.precision.strip() if justification is not None else "",
        objectifs=objectifs,
        date_fin=date_fin,
        created_by=acting_user,
    )
    enregistrer(contrat, acting_user=acting_user, raison="Contrat d'engagement signé")
    parcours_transitionner(
        parcours=parcours,
        vers=EtatRsa.CONTRACTUALISE,
        acting_user=acting_user,
        date_effet=signe_le,
        par_action_dediee=True,
    )
    return contrat


# Helpers.


def _exiger_rsa(parcours: Parcours) -> None:
    if parcours.dispositif != Dispositif.RSA:
        raise refuser("Ce parcours n'est pas un parcours RSA.", "dispositif_incompatible")


def _dossier(parcours: Parcours) -> DossierRsa:
    dossier = DossierRsa.objects.filter(parcours=parcours).first()
    if dossier is None:
        raise refuser(
            "Renseignez d'abord le dossier RSA : statut du droit, droits et devoirs, date de l'information "
            "de la CAF ou de la MSA.",
            "rsa_dossier_requis",
        )
    return dossier


def _verifier_apres_derniere_etape(parcours: Parcours, jour: datetime.date, *, champ: str) -> None:
    """The step cannot predate the previous one (``parcours_transitionner`` checks it too; here the
    message names the form's field)."""
    derniere = parcours.transitions.order_by("-date_effet").values_list("date_effet", flat=True).first()
    if derniere is not None and jour < derniere:
        raise refuser(
            f"Cette date ne peut pas précéder la dernière étape du parcours ({date_fr(derniere)}).",
            "date_anterieure",
            champ=champ,
        )
