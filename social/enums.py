"""Enumerations of the social core. Stable ASCII values, French labels."""

from django.db import models


class TypeSite(models.TextChoices):
    MDS = "mds", "Maison du Département Solidarité"
    MAISON_AUTONOMIE = "maison_autonomie", "Maison de l'Autonomie"
    MAISON_ADOLESCENTS = "maison_adolescents", "Maison des Adolescents"
    ANTENNE = "antenne", "Antenne"
    SIEGE = "siege", "Siège"


class TypeOrganisation(models.TextChoices):
    CCAS = "ccas", "CCAS / CIAS"
    CAF = "caf", "CAF"
    MSA = "msa", "MSA"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    # Maison des adolescents: reception, listening and care of 11-25 year-olds (cahier des charges, circulaire
    # du 28 novembre 2016); a partner of the youth pathway, with the mission locale.
    MAISON_DES_ADOLESCENTS = "maison_des_adolescents", "Maison des adolescents"
    ASSOCIATION = "association", "Association"
    ESMS = "esms", "Établissement ou service social ou médico-social"
    MDPH = "mdph", "MDPH"
    BAILLEUR_SOCIAL = "bailleur_social", "Bailleur social"
    AUTRE = "autre", "Autre"


class RoleAgent(models.TextChoices):
    """Roles of département staff at a site (persona table of DESIGN.md)."""

    ACCUEIL = "accueil", "Agent d'accueil"
    TRAVAILLEUR_SOCIAL = "travailleur_social", "Travailleur social"
    ENCADRANT = "encadrant", "Encadrant"
    EVALUATEUR_MEDICO_SOCIAL = "evaluateur_medico_social", "Évaluateur médico-social"
    # The département's direction (Direction générale adjointe des solidarités): observes the whole
    # département (dashboards, pseudonymised extracts for studies), sees no file through this role.
    DIRECTION = "direction", "Direction"


class PerimetreAffectation(models.TextChoices):
    SITE = "site", "Le site"
    TERRITOIRE = "territoire", "Tout le territoire du site"


class RoleAdhesion(models.TextChoices):
    MEMBRE = "membre", "Membre"
    RESPONSABLE = "responsable", "Responsable"


class Sexe(models.TextChoices):
    FEMME = "F", "Femme"
    HOMME = "M", "Homme"
    NON_PRECISE = "X", "Non précisé"


class OrganismePayeur(models.TextChoices):
    CAF = "caf", "CAF"
    MSA = "msa", "MSA"


class LienFoyer(models.TextChoices):
    REFERENCE = "reference", "Personne de référence"
    CONJOINT = "conjoint", "Conjoint ou conjointe"
    ENFANT = "enfant", "Enfant"
    PARENT = "parent", "Parent"
    AUTRE = "autre", "Autre membre"


class OperationJournal(models.TextChoices):
    """Operations logged in the access journal (CNIL délibération 2021-122, rule DP-1)."""

    CONSULTATION = "consultation", "Consultation"
    LISTE = "liste", "Liste"
    CREATION = "creation", "Création"
    MODIFICATION = "modification", "Modification"
    SUPPRESSION = "suppression", "Suppression"
    EXPORT = "export", "Export"
    IMPRESSION = "impression", "Impression"


class UniteParametre(models.TextChoices):
    EURO = "euro", "euros"
    TAUX = "taux", "taux (0 à 1)"
    COEFFICIENT = "coefficient", "coefficient"
    JOURS = "jours", "jours"
    SEMAINES = "semaines", "semaines"
    MOIS = "mois", "mois"
    ANNEES = "annees", "années"
    HEURES = "heures", "heures"
    NOMBRE = "nombre", "nombre"
