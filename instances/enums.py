"""Enumerations of the councils app. Stable ASCII values, French labels; the legal rule in a comment."""

from django.db import models


class NiveauInstance(models.TextChoices):
    DEPARTEMENTAL = "departemental", "Conseil départemental du développement social"
    TERRITORIAL = "territorial", "Conseil territorial du développement social"
    COMMISSION = "commission", "Commission d'attribution"


class RoleMembre(models.TextChoices):
    PRESIDENT = "president", "Président ou présidente"
    ELU = "elu", "Élu ou élue"
    PARTENAIRE = "partenaire", "Partenaire"
    RAPPORTEUR = "rapporteur", "Rapporteur ou rapporteuse"
    SECRETARIAT = "secretariat", "Secrétariat"


class FondsAide(models.TextChoices):
    """Which fund pays an aid, hence which rules apply (DOMAIN.md §4.1, §5.2)."""

    FAJ = "faj", "Fonds d'aide aux jeunes (CASF L263-3)"
    FSL = "fsl", "Fonds de solidarité pour le logement (loi n° 90-449 art. 6)"
    DEPARTEMENT = "departement", "Aide facultative du Département"


class FormeAide(models.TextChoices):
    """FSL-2 and COM-4: the forms an aid takes."""

    SUBVENTION = "subvention", "Subvention (secours)"
    PRET = "pret", "Prêt"
    AVANCE = "avance", "Avance remboursable"
    PAIEMENT_TIERS = "paiement_tiers", "Paiement à un tiers"
    CAUTIONNEMENT = "cautionnement", "Cautionnement ou garantie"


class SensBudget(models.TextChoices):
    RESSOURCE = "ressource", "Ressource"
    CHARGE = "charge", "Charge"


class CategorieBudget(models.TextChoices):
    """Monthly budget lines of an aid file (resources, then charges)."""

    # Resources
    SALAIRES = "salaires", "Salaires et revenus d'activité"
    INDEMNITES_CHOMAGE = "indemnites_chomage", "Indemnités de chômage"
    RSA = "rsa", "RSA et prime d'activité"
    PRESTATIONS_FAMILIALES = "prestations_familiales", "Prestations familiales"
    AIDES_LOGEMENT = "aides_logement", "Aides au logement"
    AAH_PENSIONS = "aah_pensions", "AAH, pensions et retraites"
    PENSION_ALIMENTAIRE_RECUE = "pension_alimentaire_recue", "Pension alimentaire reçue"
    AUTRES_RESSOURCES = "autres_ressources", "Autres ressources"
    # Charges
    LOYER = "loyer", "Loyer ou mensualité d'accession"
    ENERGIE = "energie", "Énergie (électricité, gaz, fioul)"
    EAU = "eau", "Eau"
    ASSURANCES = "assurances", "Assurances"
    TRANSPORT = "transport", "Transport"
    TELEPHONE = "telephone", "Téléphone et internet"
    CREDITS = "credits", "Remboursements de crédits et dettes"
    PENSION_ALIMENTAIRE_VERSEE = "pension_alimentaire_versee", "Pension alimentaire versée"
    AUTRES_CHARGES = "autres_charges", "Autres charges"


CATEGORIES_RESSOURCES = (
    CategorieBudget.SALAIRES,
    CategorieBudget.INDEMNITES_CHOMAGE,
    CategorieBudget.RSA,
    CategorieBudget.PRESTATIONS_FAMILIALES,
    CategorieBudget.AIDES_LOGEMENT,
    CategorieBudget.AAH_PENSIONS,
    CategorieBudget.PENSION_ALIMENTAIRE_RECUE,
    CategorieBudget.AUTRES_RESSOURCES,
)
CATEGORIES_CHARGES = tuple(c for c in CategorieBudget if c not in CATEGORIES_RESSOURCES)


class SourceBudget(models.TextChoices):
    """Whose resource a line is. FAJ-3: for a FAJ aid, the parents' and other obligés alimentaires'
    resources are not counted (values shared with ``parcours.regles.enums.SourceRessourceFaj``)."""

    FOYER = "foyer", "Le foyer du demandeur"
    JEUNE = "jeune", "Le demandeur"
    CONJOINT = "conjoint", "Conjoint, concubin ou partenaire de PACS"
    PARENT = "parent", "Parent"
    AUTRE_OBLIGE_ALIMENTAIRE = "autre_oblige_alimentaire", "Autre obligé alimentaire"


class EtatDemande(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    DEPOSEE = "deposee", "Déposée, en attente d'inscription"
    INSCRITE = "inscrite", "Inscrite à l'ordre du jour"
    AJOURNEE = "ajournee", "Ajournée"
    DECIDEE = "decidee", "Décidée"
    NOTIFIEE = "notifiee", "Notifiée"
    RETIREE = "retiree", "Retirée"


class EtatSeance(models.TextChoices):
    """COM-6 (cf. WebRSA): créée → convoquée → ouverte → clôturée → validée → décisions notifiées,
    with the reportée and annulée branches."""

    CREEE = "creee", "Créée"
    CONVOQUEE = "convoquee", "Convoquée"
    OUVERTE = "ouverte", "Ouverte"
    CLOTUREE = "cloturee", "Clôturée"
    VALIDEE = "validee", "Validée"
    NOTIFIEE = "notifiee", "Décisions notifiées"
    REPORTEE = "reportee", "Reportée"
    ANNULEE = "annulee", "Annulée"


class StatutPresence(models.TextChoices):
    PRESENT = "present", "Présent ou présente"
    VISIOCONFERENCE = "visioconference", "En visioconférence"
    REPRESENTE = "represente", "Représenté par mandat"
    EXCUSE = "excuse", "Excusé ou excusée"
    ABSENT = "absent", "Absent ou absente"


PRESENCES_EFFECTIVES = (StatutPresence.PRESENT, StatutPresence.VISIOCONFERENCE)


class IssueDecision(models.TextChoices):
    """COM-4: the outcomes of a file."""

    ACCORD = "accord", "Accord"
    ACCORD_PARTIEL = "accord_partiel", "Accord partiel"
    REFUS = "refus", "Refus"
    AJOURNEMENT = "ajournement", "Ajournement"


ISSUES_ACCORD = (IssueDecision.ACCORD, IssueDecision.ACCORD_PARTIEL)
# G-2: negative decisions carry a written motivation (CRPA L211-2, L211-5).
ISSUES_MOTIVEES = (IssueDecision.REFUS, IssueDecision.ACCORD_PARTIEL)


class SensVote(models.TextChoices):
    POUR = "pour", "Pour"
    CONTRE = "contre", "Contre"
    ABSTENTION = "abstention", "Abstention"
