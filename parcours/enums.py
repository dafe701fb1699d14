"""Enumerations of the pathways. Stable ASCII values, French labels, the legal text where a rule comes from.

The states of each dispositif are listed here; which state leads to which, who may move a pathway
and when a motivation is required is the table of ``parcours.workflows``.
"""

from django.db import models


class Dispositif(models.TextChoices):
    """The schemes a pathway follows. Extensible: a new value needs its states and its workflow table."""

    RSA = "rsa", "RSA"
    APA = "apa", "APA"
    PCH = "pch", "PCH"
    JEUNES = "jeunes", "Jeunes (FAJ, jeunes majeurs)"


class EtatRsa(models.TextChoices):
    """RSA: orientation (CASF L262-29, D262-65-2), contrat d'engagement (L262-34, CT D5411-14-1),
    accompaniment, suspension-remobilisation (L262-37, R262-68) and exit. DOMAIN.md §1.9."""

    A_ORIENTER = "a_orienter", "À orienter"
    ORIENTE = "oriente", "Orienté"
    CONTRACTUALISE = "contractualise", "Contrat d'engagement signé"
    EN_ACCOMPAGNEMENT = "en_accompagnement", "En accompagnement"
    SUSPENDU = "suspendu", "Suspendu (suspension-remobilisation)"
    SORTIE = "sortie", "Sorti du dispositif"


class EtatApa(models.TextChoices):
    """APA: receipt and completeness of the file (CASF R232-23), evaluation and plan (L232-6, R232-7),
    decision and notification (R232-23, L232-14), revision (APA-10) and closure."""

    DEMANDE_RECUE = "demande_recue", "Demande reçue"
    DOSSIER_INCOMPLET = "dossier_incomplet", "Dossier incomplet"
    DOSSIER_COMPLET = "dossier_complet", "Dossier complet enregistré"
    EVALUATION = "evaluation", "Évaluation médico-sociale"
    PLAN_PROPOSE = "plan_propose", "Plan d'aide proposé"
    # In an establishment there is no plan at home: the step before the decision is the establishment's
    # dependency tariffs with the computed participation and amount (CASF R232-19, rule APA-9).
    PROPOSITION_ETABLISSEMENT = "proposition_etablissement", "APA en établissement calculée"
    DECIDE = "decide", "Décision prise"
    NOTIFIE = "notifie", "Décision notifiée"
    REVISION = "revision", "Révision en cours"
    CLOS = "clos", "Clos"


class EtatPch(models.TextChoices):
    """PCH: the CDAPH decides, the département pays what it decided (CASF L245-2, rule PCH-5)."""

    DECISION_CDAPH_RECUE = "decision_cdaph_recue", "Décision de la CDAPH reçue"
    EN_PAIEMENT = "en_paiement", "En paiement"
    CLOS = "clos", "Clos"


class EtatJeunes(models.TextChoices):
    """Young people (FAJ, CASF L263-3: every beneficiary is followed, rule FAJ-4)."""

    ACCUEIL = "accueil", "Premier accueil"
    PROJET = "projet", "Projet formalisé"
    ACCOMPAGNEMENT = "accompagnement", "En accompagnement"
    SORTIE = "sortie", "Sorti du dispositif"


class RoleParcours(models.TextChoices):
    """What a user is to one pathway: the workflow table says which of these may trigger a transition."""

    REFERENT = "referent", "Référent unique"
    EQUIPE = "equipe", "Membre de l'équipe"
    ENCADRANT = "encadrant", "Encadrant du site responsable"
    EVALUATEUR = "evaluateur", "Évaluateur médico-social du site responsable"
    AGENT_SITE = "agent_site", "Agent du site responsable"
    PARTENAIRE = "partenaire", "Partenaire désigné"


class Confidentialite(models.TextChoices):
    """Who reads a note (need-to-know, CNIL référentiel 2021-028, rule DP-2)."""

    AUTEUR = "auteur", "Moi seulement"
    EQUIPE = "equipe", "L'équipe du parcours : référent, membres, encadrement"
    PARTENAIRES = "partenaires", "Tous les intervenants du parcours, partenaires désignés compris"


class ModaliteRendezVous(models.TextChoices):
    PRESENTIEL = "presentiel", "En présentiel"
    TELEPHONE = "telephone", "Par téléphone"
    VISIO = "visio", "En visioconférence"


class ResultatRendezVous(models.TextChoices):
    A_VENIR = "a_venir", "À venir"
    HONORE = "honore", "Honoré"
    EXCUSE = "excuse", "Excusé"
    ABSENT = "absent", "Absent sans excuse"


class AxeAccompagnement(models.TextChoices):
    """Axes of the action plan: the difficulties of the orientation criteria (arrêté du 21 novembre 2024,
    rule RSA-2) and the usual insertion axes. ``sante`` is health data: never shown to partners (DP-2)."""

    EMPLOI = "emploi", "Emploi"
    FORMATION = "formation", "Formation"
    LOGEMENT = "logement", "Logement"
    MOBILITE = "mobilite", "Mobilité"
    GARDE_ENFANT = "garde_enfant", "Garde d'enfant"
    PROCHE_AIDANT = "proche_aidant", "Proche aidant"
    SANTE = "sante", "Santé"
    BUDGET = "budget", "Budget"
    ACCES_AUX_DROITS = "acces_aux_droits", "Accès aux droits"
    AUTONOMIE = "autonomie", "Autonomie et maintien à domicile"
    VIE_SOCIALE = "vie_sociale", "Vie sociale"
    AUTRE = "autre", "Autre"


# Axes whose objectives are health data, hidden from partners (rule DP-2, CSP L1110-4).
AXES_SANTE = frozenset({AxeAccompagnement.SANTE})

# The axes of a young person's project towards autonomy (youth pathway, CASF L263-3: the FAJ supports
# « leur insertion sociale et professionnelle »), in the order the pathway page lists them.
AXES_PROJET_JEUNES: tuple[AxeAccompagnement, ...] = (
    AxeAccompagnement.EMPLOI,
    AxeAccompagnement.FORMATION,
    AxeAccompagnement.LOGEMENT,
    AxeAccompagnement.MOBILITE,
    AxeAccompagnement.BUDGET,
    AxeAccompagnement.SANTE,
    AxeAccompagnement.ACCES_AUX_DROITS,
    AxeAccompagnement.VIE_SOCIALE,
    AxeAccompagnement.AUTRE,
)


class StatutObjectif(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    ATTEINT = "atteint", "Atteint"
    ABANDONNE = "abandonne", "Abandonné"


class StatutAction(models.TextChoices):
    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    REALISEE = "realisee", "Réalisée"
    ABANDONNEE = "abandonnee", "Abandonnée"


class TypeEcheance(models.TextChoices):
    """Deadlines tracked per file with alerts before they expire (rule G-4)."""

    RSA_ORIENTATION = "rsa_orientation", "Orientation (6 semaines, D262-65-2)"
    RSA_CONTRAT = "rsa_contrat", "Signature du contrat d'engagement (1 mois, D5411-14-1)"
    RSA_DIAGNOSTIC_CONJOINT = (
        "rsa_diagnostic_conjoint",
        "Diagnostic conjoint avec France Travail (parcours social, 6 ou 12 mois, L262-31)",
    )
    RSA_TRANSITION_CONTRAT = (
        "rsa_transition_contrat",
        "Contrat d'engagement des personnes accompagnées au 1er janvier 2025 (loi n° 2023-1196)",
    )
    APA_ACCUSE_RECEPTION = (
        "apa_accuse_reception",
        "Accusé de réception ou pièces manquantes (10 jours, R232-23)",
    )
    APA_DECISION = "apa_decision", "Notification de la décision (2 mois, R232-23)"
    PCH_SILENCE_CDAPH = (
        "pch_silence_cdaph",
        "Décision de la CDAPH (silence de 4 mois = rejet implicite, R241-33)",
    )
    RSA_SANCTION_OBSERVATIONS = (
        "rsa_sanction_observations",
        "Observations avant sanction (délai du règlement départemental, L262-37)",
    )
    RSA_RECOURS_DECISION = (
        "rsa_recours_decision",
        "Décision sur le recours (2 mois, ou 1 + 1 avec la CRA ; silence = rejet, R262-89)",
    )
    # ASE-1: a minor entrusted to the ASE, whatever the pathway; child-protection data (DP-4).
    ASE_ENTRETIEN_AUTONOMIE = (
        "ase_entretien_autonomie",
        "Entretien d'accès à l'autonomie (au plus tard à 17 ans, L222-5-1)",
    )


# Deadlines that reveal an RSA sanction procedure (the observations before a sanction, the PCD's decision on a
# recours): the département's staff of the pathway only, never partners (DP-2, like the procedure itself).
TYPES_ECHEANCE_SANCTION_RSA = frozenset(
    {TypeEcheance.RSA_SANCTION_OBSERVATIONS, TypeEcheance.RSA_RECOURS_DECISION}
)

# Deadlines that reveal child-protection data: the team of the pathway only, never partners (DP-4).
TYPES_ECHEANCE_ASE = frozenset({TypeEcheance.ASE_ENTRETIEN_AUTONOMIE})


class StatutDroitRsa(models.TextChoices):
    """Status of the RSA right as the CNAF/MSA flows give it (``ETATDOSRSA``, codes 0 to 6; RSA-16).
    The value is the CNAF code, so that imports map one to one."""

    NOUVELLE_DEMANDE = "0", "Nouvelle demande en attente de décision du Département"
    REFUSE = "1", "Droit refusé"
    OUVERT_VERSABLE = "2", "Droit ouvert et versable"
    OUVERT_SUSPENDU = "3", "Droit ouvert et suspendu (au niveau du dossier)"
    OUVERT_VERSEMENT_SUSPENDU = "4", "Droit ouvert, versement suspendu"
    CLOS = "5", "Droit clos"
    CLOS_MOIS_ANTERIEUR = "6", "Droit clos sur mois antérieur (contrôle sur une période antérieure)"


class StatutEcheance(models.TextChoices):
    OUVERTE = "ouverte", "À tenir"
    TENUE = "tenue", "Tenue"
    DEPASSEE = "depassee", "Dépassée"


class TypeAlerte(models.TextChoices):
    """The ruptures and alerts of a pathway, computed in SQL (``parcours.selectors.annoter_alertes``)."""

    SANS_REFERENT = "sans_referent", "Sans référent"
    SANS_CONTACT = "sans_contact", "Sans contact récent"
    ECHEANCE_DEPASSEE = "echeance_depassee", "Échéance dépassée"
    ECHEANCE_PROCHE = "echeance_proche", "Échéance dans les 7 jours"
    SORTIE_SANS_SUITE = "sortie_sans_suite", "Sorti sans suite prévue"
    CONTRAT_EXPIRE = "contrat_expire", "Contrat d'engagement expiré"


class EvenementParcours(models.TextChoices):
    """Real-time events (``social.temps_reel.diffuser``): names and pathway ids only, never personal data."""

    REFERENT_CHANGE = "parcours.referent_change", "Changement de référent"
    TRANSITION = "parcours.transition", "Changement d'état"
    DESIGNATION = "parcours.designation", "Désignation d'un partenaire"
    EQUIPE = "parcours.equipe", "Ajout à l'équipe"
    RENDEZ_VOUS = "parcours.rendez_vous", "Rendez-vous planifié"
    ECHEANCE_DEPASSEE = "parcours.echeance_depassee", "Échéance dépassée"
    ECHEANCE_PROCHE = "parcours.echeance_proche", "Échéance dans les 7 jours"
    CONTRAT_EXPIRE = "parcours.contrat_expire", "Contrat d'engagement expiré"
    CONTRAT_FIN_PROCHE = "parcours.contrat_fin_proche", "Contrat d'engagement finissant dans les 7 jours"


# --- PCH: CDAPH decisions and payments (rules PCH-1 to PCH-6) ----------------------------------------


class ElementDecisionPch(models.TextChoices):
    """What a CDAPH decision grants, element by element (CASF L245-3; arrêté du 11 août 2021, PCH-1), plus
    the PCH parentalité (décret n° 2020-1826, PCH-4), which is outside the PCH-1 caps."""

    AIDES_HUMAINES = "aides_humaines", "Aides humaines"
    AIDES_TECHNIQUES = "aides_techniques", "Aides techniques"
    AMENAGEMENT_LOGEMENT = "amenagement_logement", "Aménagement du logement"
    VEHICULE_TRANSPORT = "vehicule_transport", "Aménagement du véhicule et surcoûts de transport"
    CHARGES_SPECIFIQUES = "charges_specifiques", "Charges spécifiques"
    CHARGES_EXCEPTIONNELLES = "charges_exceptionnelles", "Charges exceptionnelles"
    AIDE_ANIMALIERE = "aide_animaliere", "Aide animalière"
    PARENTALITE_AIDE_HUMAINE = "parentalite_aide_humaine", "Parentalité : aide humaine"
    PARENTALITE_AIDES_TECHNIQUES = "parentalite_aides_techniques", "Parentalité : aides techniques"


# --- RSA: sanction procedure and reorientation requests (rules RSA-8 to RSA-14) ------------------------


class EtatSanctionRsa(models.TextChoices):
    """The states of a sanction procedure (CASF L262-37, L262-39, R262-68 to R262-68-6; RSA-8 to RSA-12).
    The table is ``parcours.workflows.TRANSITIONS_SANCTION_RSA``."""

    MANQUEMENT_CONSTATE = "manquement_constate", "Manquement constaté"
    OBSERVATIONS_DEMANDEES = "observations_demandees", "Observations demandées"
    OBSERVATIONS_RECUES = "observations_recues", "Observations reçues"
    DELAI_OBSERVATIONS_EXPIRE = "delai_observations_expire", "Délai d'observations expiré"
    AVIS_EP = "avis_ep", "Avis de l'équipe pluridisciplinaire rendu"
    DECIDEE = "decidee", "Décision prise"
    NOTIFIEE = "notifiee", "Décision notifiée"
    LEVEE = "levee", "Sanction levée (mise en conformité)"
    RADIEE = "radiee", "Fin de droit et radiation du RSA"
    CLASSEE = "classee", "Classée sans suite"
    ANNULEE = "annulee", "Sanction annulée sur recours"


class DemandeurReorientation(models.TextChoices):
    """Who asks for a reorientation (CASF L262-31, L262-39)."""

    REFERENT = "referent", "Le référent"
    PERSONNE = "personne", "La personne"


class StatutReorientation(models.TextChoices):
    DEMANDEE = "demandee", "Demandée"
    ACCEPTEE = "acceptee", "Acceptée (nouvelle orientation)"
    REFUSEE = "refusee", "Refusée"


# --- APA file (DOMAIN.md §2, rules APA-1 to APA-11) ---


class LieuApa(models.TextChoices):
    """Where the person lives: the rights open on the notification (home) or on the registration of the
    complete file (establishment) (CASF R232-23, rule APA-3)."""

    DOMICILE = "domicile", "À domicile"
    ETABLISSEMENT = "etablissement", "En établissement"


class CasParticipationEtablissement(models.TextChoices):
    """Which band of the R232-19 scale set the resident's participation in an establishment (rule APA-9);
    the thresholds are dated parameters in MTP (2,21 and 3,40 since 2016)."""

    TARIF_GIR_5_6 = "tarif_gir_5_6", "Ressources jusqu'au seuil bas : participation égale au tarif GIR 5-6"
    PROGRESSIVE = "progressive", "Ressources entre les deux seuils : participation progressive"
    MAXIMALE = "maximale", "Ressources au-delà du seuil haut : participation maximale"


class TypeAideApa(models.TextChoices):
    """The lines of an APA plan at home (CASF L232-3, R232-8)."""

    AIDE_HUMAINE_PRESTATAIRE = "aide_humaine_prestataire", "Aide humaine – service prestataire"
    AIDE_HUMAINE_MANDATAIRE = "aide_humaine_mandataire", "Aide humaine – service mandataire"
    EMPLOI_DIRECT = "emploi_direct", "Aide humaine – emploi direct"
    ACCUEIL_DE_JOUR = "accueil_de_jour", "Accueil de jour"
    HEBERGEMENT_TEMPORAIRE = "hebergement_temporaire", "Hébergement temporaire"
    PORTAGE_REPAS = "portage_repas", "Portage de repas"
    TELEASSISTANCE = "teleassistance", "Téléassistance"
    AIDE_TECHNIQUE = "aide_technique", "Aide technique"
    ADAPTATION_LOGEMENT = "adaptation_logement", "Adaptation du logement"
    AUTRE = "autre", "Autre aide"


class UniteAideApa(models.TextChoices):
    HEURES = "heures", "heures par mois"
    JOURS = "jours", "jours par mois"
    UNITES = "unites", "unités par mois"
    FORFAIT = "forfait", "forfait mensuel"


class SensDecisionApa(models.TextChoices):
    """The outcome of an APA decision. A refusal (and a reduction on revision) is motivated (CRPA L211-2,
    rule G-2) and carries the recourse mentions (RAPO to the PCD, L134-1/L134-2, rule APA-11)."""

    ACCORD = "accord", "Accord"
    REJET = "rejet", "Rejet"


class OrigineRevisionApa(models.TextChoices):
    """Who asks for a revision (rule APA-10: at any time, by the beneficiary or the département)."""

    BENEFICIAIRE = "beneficiaire", "À la demande de la personne"
    DEPARTEMENT = "departement", "À l'initiative du Département"


class TypeDocument(models.TextChoices):
    """The kinds of documents filed on a pathway. A medical certificate is health data: medico-social
    profiles only (rule DP-2, CSP L1110-4)."""

    JUSTIFICATIF_RESSOURCES = "justificatif_ressources", "Justificatif de ressources"
    CERTIFICAT_MEDICAL = "certificat_medical", "Certificat médical"
    CONTRAT = "contrat", "Contrat"
    DECISION = "decision", "Décision"
    COURRIER = "courrier", "Courrier"
    PIECE_IDENTITE = "piece_identite", "Pièce d'identité"
    AUTRE = "autre", "Autre"


# Document kinds that are health data (rule DP-2): hidden from everyone but the medico-social profiles.
TYPES_DOCUMENT_SANTE = frozenset({TypeDocument.CERTIFICAT_MEDICAL})


class FormatDocument(models.TextChoices):
    """The formats accepted, as detected from the content (never from the name or the declared type)."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "Image JPEG"
    PNG = "image/png", "Image PNG"
