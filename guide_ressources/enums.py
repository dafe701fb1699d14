"""Enumerations of the guide. Stable ASCII values, French labels.

The data·inclusion taxonomies themselves (thématiques, publics, frais…) are not enums: they are
reference rows (``Terme``) loaded from the schema's files, so that a new upstream version is a data
update, not a code change.
"""

from django.db import models


class Taxonomie(models.TextChoices):
    """The data·inclusion v1 taxonomies (``schemas/v1/extra/*.json``), by the field that uses them."""

    THEMATIQUES = "thematiques", "Thématiques"
    TYPES_SERVICES = "types_services", "Types de services"
    FRAIS = "frais", "Frais"
    PUBLICS = "publics", "Publics"
    MODES_ACCUEIL = "modes_accueil", "Modes d'accueil"
    MODES_MOBILISATION = "modes_mobilisation", "Modes de mobilisation"
    PERSONNES_MOBILISATRICES = "personnes_mobilisatrices", "Personnes mobilisatrices"
    RESEAUX_PORTEURS = "reseaux_porteurs", "Réseaux porteurs"
    # Proche's own labels for the groups of thématiques (``categorie--sous-thematique``): the v1 files
    # give none.
    CATEGORIES_THEMATIQUES = "categories_thematiques", "Catégories de thématiques"


class StatutPublication(models.TextChoices):
    """Publication of a guide entry: partners propose, the département's functional administrators
    moderate (issue « guide ressources »). A published entry edited by its partner stays published
    (moderation after the fact: the history shows every change)."""

    A_MODERER = "a_moderer", "À modérer"
    PUBLIEE = "publiee", "Publiée"
    REFUSEE = "refusee", "Refusée"
    RETIREE = "retiree", "Retirée"


class StatutImportation(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    VALIDATION = "validation", "Vérification du fichier"
    ENREGISTREMENT = "enregistrement", "Enregistrement"
    TERMINEE = "terminee", "Terminée"
    REFUSEE = "refusee", "Refusée (fichier invalide, rien n'a été enregistré)"
    ECHEC = "echec", "Échec (erreur inattendue, rien n'a été enregistré)"


# Values of the national lists that the code relies on.
PUBLIC_TOUS = "tous-publics"
