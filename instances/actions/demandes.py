"""Aid files: create a draft with its budget, submit it (eligibility, frequency and caps checked),
withdraw it. Each action is atomic; a refusal raises ``DomainError`` and writes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from instances.actions._outils import (
    aujourd_hui,
    demande_transitionner,
    enregistrer,
    refuser,
    verrouiller_demande,
)
from instances.enums import EtatDemande, FondsAide, FormeAide
from instances.models import DemandeAide, LigneBudget, TransitionDemande, TypeAide
from instances.permissions import can_create_demande_aide, can_submit_demande_aide
from instances.regles.aides import (
    aide_eligibilite_verifier,
    aide_frequence_verifier,
    aide_montant_verifier,
    aide_urgence_autorisee,
)
from instances.regles.budget import LigneBudgetaire, budget_calculer
from instances.selectors import aides_accordees
from parcours.models import Parcours
from parcours.regles.commun import vers_enum
from parcours.regles.enums import StructureReferentFaj
from parcours.regles.jeunes import ReferentSuiviFaj, faj_referent_verifier
from social.models import Utilisateur


@transaction.atomic
def demande_aide_creer(
    *,
    parcours: Parcours,
    type_aide: TypeAide,
    montant_demande: Decimal,
    forme: FormeAide | str,
    objet: str,
    motivation: str,
    acting_user: Utilisateur,
    tiers: str = "",
    urgence: bool = False,
    personnes_14_ans_et_plus: int = 1,
    enfants_moins_14_ans: int = 0,
    lignes: Sequence[LigneBudgetaire] = (),
    rapporteur: Utilisateur | None = None,
) -> DemandeAide:
    """Create a draft aid file in a pathway, with the household budget: resources and charges by
    category, whose reste à vivre per consumption unit is computed and stored (for a FAJ aid, the
    parents' resources are listed but not counted, FAJ-3). The rapporteur is the author by default."""
    if not can_create_demande_aide(acting_user, parcours):
        raise refuser(
            "Seuls le référent, les membres de l'équipe et les encadrants du site instruisent une demande "
            "d'aide, sur un parcours ouvert.",
            "interdit",
        )
    if not type_aide.actif:
        raise refuser("Ce type d'aide n'est plus proposé.", "type_aide_inactif", champ="type_aide")
    jour = aujourd_hui()
    regles = type_aide.regles()
    forme = vers_enum(FormeAide, forme, "forme")
    if forme == FormeAide.PAIEMENT_TIERS and not tiers.strip():
        raise refuser("Un paiement à un tiers nomme le tiers payé.", "tiers_requis", champ="tiers")
    if montant_demande <= 0:
        raise refuser("Le montant demandé doit être positif.", "montant_invalide", champ="montant_demande")
    if urgence and not aide_urgence_autorisee(regles, jour):
        raise refuser(
            f"L'aide « {type_aide.libelle} » ne relève pas de la procédure d'urgence : elle est examinée "
            "en séance.",
            "urgence_non_prevue",
            champ="urgence",
        )
    if not objet.strip() or not motivation.strip():
        champ = "objet" if not objet.strip() else "motivation"
        raise refuser("Décrivez l'objet et la motivation de la demande.", "champ_requis", champ=champ)
    budget = budget_calculer(
        lignes=lignes,
        personnes_14_ans_et_plus=personnes_14_ans_et_plus,
        enfants_moins_14_ans=enfants_moins_14_ans,
        jour=jour,
        obligation_alimentaire_ignoree=regles.fonds == FondsAide.FAJ,
    )
    demande = DemandeAide(
        parcours=parcours,
        type_aide=type_aide,
        montant_demande=montant_demande,
        forme=forme,
        tiers=tiers.strip(),
        objet=objet.strip(),
        motivation=motivation.strip(),
        urgence=urgence,
        rapporteur=rapporteur or acting_user,
        personnes_14_ans_et_plus=personnes_14_ans_et_plus,
        enfants_moins_14_ans=enfants_moins_14_ans,
        ressources=budget.ressources,
        ressources_ignorees=budget.ressources_ignorees,
        charges=budget.charges,
        unites_consommation=budget.unites_consommation,
        reste_a_vivre_par_uc=budget.reste_a_vivre_par_uc,
        created_by=acting_user,
    )
    enregistrer(demande, acting_user=acting_user, raison="Demande d'aide créée")
    LigneBudget.objects.bulk_create(
        [
            LigneBudget(
                demande=demande,
                sens=ligne.sens,
                categorie=ligne.categorie,
                source=ligne.source,
                montant=ligne.montant,
            )
            for ligne in lignes
            if ligne.montant > 0
        ]
    )
    TransitionDemande.objects.create(
        demande=demande, depuis="", vers=EtatDemande.BROUILLON, acting_user=acting_user
    )
    return demande


def verifier_droits(demande: DemandeAide, *, montant: Decimal, jour: datetime.date, en_seance: bool) -> None:
    """Eligibility on the day of the request (FAJ-1), frequency (FSL-3) and caps (FAJ-5, règlement) on
    ``jour``, against the aids granted to the same person before."""
    regles = demande.type_aide.regles()
    aide_eligibilite_verifier(
        type_aide=regles,
        naissance=demande.parcours.personne.date_naissance,
        demande_le=demande.deposee_le or jour,
    )
    anterieures = aides_accordees(personne_id=demande.parcours.personne_id, exclure=demande)
    aide_frequence_verifier(type_aide=regles, jour=jour, anterieures=anterieures)
    aide_montant_verifier(
        type_aide=regles, montant=montant, jour=jour, anterieures=anterieures, en_seance=en_seance
    )


@transaction.atomic
def demande_aide_deposer(*, demande: DemandeAide, acting_user: Utilisateur) -> DemandeAide:
    """Submit a draft: the eligibility, the follow-up referent of a FAJ beneficiary (FAJ-4), the
    frequency limit and the caps are checked on the request's amount (clear French message otherwise,
    nothing changes); it then waits for the agenda of the competent committee, or for a delegate's
    decision when urgent."""
    demande = verrouiller_demande(demande)
    if demande.etat != EtatDemande.BROUILLON:
        raise refuser("Cette demande a déjà été déposée.", "transition_impossible", etat=demande.etat)
    if not can_submit_demande_aide(acting_user, demande):
        raise refuser("Seule l'équipe du parcours dépose la demande.", "interdit")
    if demande.type_aide.fonds == FondsAide.FAJ:
        # FAJ-4: every FAJ beneficiary is followed in their insertion path by a named referent.
        referent = demande.parcours.referent
        faj_referent_verifier(
            ReferentSuiviFaj(
                structure=StructureReferentFaj.MDS, nom=referent.get_full_name() or referent.username
            )
            if referent is not None
            else None
        )
    jour = aujourd_hui()
    demande.deposee_le = jour
    verifier_droits(demande, montant=demande.montant_demande, jour=jour, en_seance=not demande.urgence)
    demande_transitionner(demande, EtatDemande.DEPOSEE, acting_user=acting_user, autres=["deposee_le"])
    return demande


@transaction.atomic
def demande_aide_retirer(*, demande: DemandeAide, motif: str, acting_user: Utilisateur) -> DemandeAide:
    """Withdraw a request not on an agenda (the person renounces, or it is no longer needed)."""
    demande = verrouiller_demande(demande)
    if not can_create_demande_aide(acting_user, demande.parcours):
        raise refuser("Seule l'équipe du parcours retire une demande.", "interdit")
    if not motif.strip():
        raise refuser("Indiquez le motif du retrait.", "motif_requis", champ="motif")
    demande_transitionner(demande, EtatDemande.RETIREE, acting_user=acting_user, motif=motif.strip())
    return demande
