"""Choices of the RSA, PCH and youth rules. Stable ASCII values, French labels; each comment cites
the text the list comes from. The pathway models can use them as ``choices``."""

from django.db import models

# --- RSA ---------------------------------------------------------------------------------------


class ParcoursRsa(models.TextChoices):
    """The three parcours of an oriented beneficiary (arrêté du 21 novembre 2024; RSA-2)."""

    EMPLOI = "emploi", "Parcours emploi"
    SOCIO_PROFESSIONNEL = "socio_professionnel", "Parcours socio-professionnel"
    SOCIAL = "social", "Parcours social"


class SituationEmploi(models.TextChoices):
    """Situation with respect to employment, first orientation criterion (arrêté du 21/11/2024)."""

    EN_EMPLOI = "en_emploi", "En emploi"
    EN_FORMATION = "en_formation", "En formation"
    SANS_ACTIVITE = "sans_activite", "Sans activité"


class NiveauQualification(models.TextChoices):
    """Qualification level, in the nomenclature of diplomas (décret n° 2019-14 du 8 janvier 2019)."""

    SANS_DIPLOME = "sans_diplome", "Sans diplôme ou niveau infra 3"
    NIVEAU_3 = "niveau_3", "Niveau 3 (CAP, BEP)"
    NIVEAU_4 = "niveau_4", "Niveau 4 (baccalauréat)"
    NIVEAU_5 = "niveau_5", "Niveau 5 (bac + 2)"
    NIVEAU_6 = "niveau_6", "Niveau 6 (licence, bac + 3)"
    NIVEAU_7 = "niveau_7", "Niveau 7 (master, bac + 5)"
    NIVEAU_8 = "niveau_8", "Niveau 8 (doctorat)"


class FreinOrientation(models.TextChoices):
    """Difficulties taken into account for the orientation (arrêté du 21 novembre 2024)."""

    SANTE = "sante", "Santé"
    LOGEMENT = "logement", "Logement"
    MOBILITE = "mobilite", "Mobilité"
    GARDE_ENFANT = "garde_enfant", "Garde d'enfant"
    AIDANT = "aidant", "Proche aidant"
    AUTRE = "autre", "Autre difficulté"


class StatutOrientation(models.TextChoices):
    """Where a file stands against the orientation deadline (CASF D262-65-2; RSA-1)."""

    A_ORIENTER = "a_orienter", "À orienter"
    ORIENTE = "oriente", "Orienté dans le délai"
    ORIENTATION_FRANCE_TRAVAIL = "orientation_france_travail", "Orientation par France Travail"


class OperationDroitsDevoirs(models.TextChoices):
    """What only a person « soumis aux droits et devoirs » may undergo (CASF L262-28, L262-37; RSA-7)."""

    ORIENTATION = "orientation", "Orientation"
    CONTRAT = "contrat", "Contrat d'engagement"
    SANCTION = "sanction", "Sanction"


class MotifHeuresReduites(models.TextChoices):
    """Why a contrat d'engagement sets fewer than the default weekly hours (CASF L262-34,
    C. trav. L5411-6, Conseil constitutionnel réserve; RSA-4)."""

    SANTE = "sante", "Santé"
    HANDICAP = "handicap", "Handicap"
    PARENT_ISOLE_SANS_GARDE = "parent_isole_sans_garde", "Parent isolé sans solution de garde"
    AIDANT = "aidant", "Proche aidant"
    AUTRE = "autre", "Autre (à préciser)"


class StatutTransitionContrat(models.TextChoices):
    """People accompanied on the reform date without a contrat d'engagement (loi n° 2023-1196; RSA-5)."""

    NON_CONCERNE = "non_concerne", "Non concerné"
    CONVERTI = "converti", "Contrat d'engagement signé"
    A_CONVERTIR = "a_convertir", "Contrat d'engagement à signer"
    NON_CONVERTI = "non_converti", "Non converti à la date limite"


class Vulnerabilite(models.TextChoices):
    """Vulnerabilities extending the joint diagnostic of the social parcours (CASF D262-65-2-1; RSA-6)."""

    SANTE = "sante", "Santé"
    HANDICAP_INVALIDITE = "handicap_invalidite", "Handicap ou invalidité"
    LOGEMENT = "logement", "Logement"
    SITUATION_FAMILIALE_GARDE = "situation_familiale_garde", "Situation familiale ou garde d'enfant"
    AIDANT = "aidant", "Proche aidant"


class MotifManquement(models.TextChoices):
    """Grounds of a sanction procedure (CASF L262-37 I; RSA-8)."""

    REFUS_CONTRAT = "refus_contrat", "Refus d'élaborer ou d'actualiser le contrat d'engagement"
    MANQUEMENT_OBLIGATIONS = "manquement_obligations", "Manquement aux obligations du contrat"
    REFUS_CONTROLE = "refus_controle", "Refus de se soumettre aux contrôles"


class EtapeSanction(models.TextChoices):
    """Steps of the sanction procedure (CASF L262-37, L262-39; RSA-8)."""

    MANQUEMENT_CONSTATE = "manquement_constate", "Manquement constaté"
    OBSERVATIONS_DEMANDEES = "observations_demandees", "Observations demandées"
    OBSERVATIONS_RECUES = "observations_recues", "Observations reçues"
    DELAI_OBSERVATIONS_EXPIRE = "delai_observations_expire", "Délai d'observations expiré"
    AVIS_EP = "avis_ep", "Avis de l'équipe pluridisciplinaire"
    DECISION = "decision", "Décision"
    LEVEE = "levee", "Levée"


class NatureDecisionSanction(models.TextChoices):
    """Outcomes of a sanction procedure (CASF L262-37, R262-68, R262-68-1)."""

    SUSPENSION = "suspension", "Suspension"
    SUPPRESSION = "suppression", "Suppression"
    REORIENTATION = "reorientation", "Réorientation"
    SANS_SUITE = "sans_suite", "Sans suite (motif légitime ou manquement non établi)"


class RangManquement(models.TextChoices):
    """First failure or persistence/repetition: two scales (CASF R262-68, R262-68-1; RSA-9)."""

    PREMIER = "premier", "Premier manquement"
    PERSISTANCE_OU_REPETITION = "persistance_ou_repetition", "Persistance ou répétition"


class SuiteSuppression(models.TextChoices):
    """What follows a total suppression of the maximal duration (CASF R262-68-1; RSA-12)."""

    AUCUNE = "aucune", "Aucune"
    PROPOSITION_RADIATION_FRANCE_TRAVAIL = (
        "proposition_radiation_france_travail",
        "Proposer à France Travail la radiation de la liste des demandeurs d'emploi",
    )
    FIN_DE_DROIT_POSSIBLE = "fin_de_droit_possible", "Fin de droit et radiation du RSA possibles"


class DestinataireRecours(models.TextChoices):
    """Whom an RSA recours is addressed to (CASF R262-88; RSA-14)."""

    PRESIDENT_CONSEIL_DEPARTEMENTAL = "president_conseil_departemental", "Président du conseil départemental"
    ORGANISME_PAYEUR = "organisme_payeur", "CAF ou MSA"
    AUTRE = "autre", "Autre"


class DeposantRecours(models.TextChoices):
    """Who files an RSA recours (CASF L262-47, R262-88; RSA-14)."""

    BENEFICIAIRE = "beneficiaire", "Le bénéficiaire"
    ASSOCIATION = "association", "Une association, avec mandat écrit"


class IssueRecours(models.TextChoices):
    """The PCD's decision on an RSA recours administratif préalable (CASF R262-89; RSA-13, RSA-14)."""

    REJETE = "rejete", "Recours rejeté : la décision est maintenue"
    ADMIS = "admis", "Recours admis : la sanction est annulée et les sommes retenues régularisées"


# --- PCH ---------------------------------------------------------------------------------------


class ElementPch(models.TextChoices):
    """The elements of the PCH (CASF L245-3; arrêté du 11 août 2021; PCH-1)."""

    AIDES_HUMAINES = "aides_humaines", "Aides humaines"
    AIDES_TECHNIQUES = "aides_techniques", "Aides techniques"
    AMENAGEMENT_LOGEMENT = "amenagement_logement", "Aménagement du logement"
    VEHICULE_TRANSPORT = "vehicule_transport", "Aménagement du véhicule et surcoûts de transport"
    CHARGES_SPECIFIQUES = "charges_specifiques", "Charges spécifiques"
    CHARGES_EXCEPTIONNELLES = "charges_exceptionnelles", "Charges exceptionnelles"
    AIDE_ANIMALIERE = "aide_animaliere", "Aide animalière"


# --- Youth -------------------------------------------------------------------------------------


class TypeAideFaj(models.TextChoices):
    """The two kinds of aid of the fonds d'aide aux jeunes (CASF L263-3; FAJ-5)."""

    SECOURS_URGENCE = "secours_urgence", "Secours temporaire d'urgence"
    AIDE_PROJET_INSERTION = "aide_projet_insertion", "Aide au projet d'insertion"


class CircuitDecisionFaj(models.TextChoices):
    """Who decides a FAJ aid (règlement intérieur du FAJ; FAJ-5)."""

    COMMISSION = "commission", "Décision en commission"
    HORS_COMMISSION_A_RAPPORTER = (
        "hors_commission_a_rapporter",
        "Décision hors commission, rapportée à la séance suivante",
    )


class NatureConditionFaj(models.TextChoices):
    """Conditions a FAJ règlement intérieur may set; two are forbidden by CASF L263-3 (FAJ-2, FAJ-3)."""

    AGE = "age", "Âge"
    PLAFOND_RESSOURCES = "plafond_ressources", "Plafond de ressources du jeune"
    DOMICILE_DEPARTEMENT = "domicile_departement", "Domicile dans le département"
    DUREE_MINIMALE_RESIDENCE = "duree_minimale_residence", "Durée minimale de résidence (interdite)"
    RESSOURCES_OBLIGES_ALIMENTAIRES = (
        "ressources_obliges_alimentaires",
        "Ressources des parents ou obligés alimentaires (interdite)",
    )
    AUTRE = "autre", "Autre condition"


class SourceRessourceFaj(models.TextChoices):
    """Whose resources a FAJ file lists; only the young person's and the partner's count (FAJ-3)."""

    JEUNE = "jeune", "Le jeune"
    CONJOINT = "conjoint", "Conjoint, concubin ou partenaire de PACS"
    PARENT = "parent", "Parent"
    AUTRE_OBLIGE_ALIMENTAIRE = "autre_oblige_alimentaire", "Autre obligé alimentaire"


class StructureReferentFaj(models.TextChoices):
    """Where the follow-up referent of a FAJ beneficiary works (CASF L263-3; FAJ-4)."""

    MISSION_LOCALE = "mission_locale", "Mission locale"
    MDS = "mds", "Maison du Département Solidarité"
    CCAS = "ccas", "CCAS / CIAS"
    ASSOCIATION = "association", "Association"
    AUTRE = "autre", "Autre structure"
