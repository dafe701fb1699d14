"""Enumerations of the observation: the indicator codes (stable ASCII values, French labels)."""

from django.db import models


class CodeIndicateur(models.TextChoices):
    """The catalogue of indicators (``observation.catalogue`` says how each one is computed).

    New indicators (APA, aid files, referrals, councils) are new values here, a definition in the
    catalogue and one ``calcul`` function."""

    # Activity (month × territory × site × dispositif).
    PARCOURS_OUVERTS = "parcours_ouverts", "Parcours ouverts en fin de mois"
    ENTREES = "entrees", "Entrées dans le mois"
    SORTIES = "sorties", "Sorties dans le mois"
    SANS_REFERENT = "sans_referent", "Parcours sans référent en fin de mois"
    RUPTURES = "ruptures", "Ruptures signalées (échéances dépassées dans le mois)"
    RUPTURES_RESOLUES = "ruptures_resolues", "Ruptures résolues dans le mois"
    # RSA delays (rules RSA-1 and RSA-3).
    RSA_ORIENTATION_DELAI_RESPECTE = (
        "rsa_orientation_delai_respecte",
        "Part des orientations RSA décidées dans le délai de 6 semaines",
    )
    RSA_ORIENTATION_DELAI_MEDIAN = (
        "rsa_orientation_delai_median",
        "Délai médian d'orientation RSA (jours)",
    )
    RSA_CONTRAT_DELAI_RESPECTE = (
        "rsa_contrat_delai_respecte",
        "Part des contrats d'engagement signés dans le mois suivant la notification de l'orientation",
    )
    # Territorial equity.
    PARCOURS_OUVERTS_POUR_MILLE = (
        "parcours_ouverts_pour_mille",
        "Parcours ouverts en fin de mois pour 1 000 habitants",
    )


class Unite(models.TextChoices):
    NOMBRE = "nombre", "nombre"
    POURCENTAGE = "pourcentage", "%"
    JOURS = "jours", "jours"
    POUR_MILLE = "pour_mille", "pour 1 000 habitants"
    EUROS = "euros", "€"


class GroupeIndicateurs(models.TextChoices):
    ACTIVITE = "activite", "Activité des parcours"
    DELAIS = "delais", "Délais de traitement"
    EQUITE = "equite", "Équité territoriale"
