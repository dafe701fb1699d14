"""Enumerations of the observation: the indicator codes (stable ASCII values, French labels)."""

from django.db import models


class CodeIndicateur(models.TextChoices):
    """The catalogue of indicators (``observation.catalogue`` says how each one is computed): a new
    indicator is a new value here, a definition in the catalogue and one ``calcul`` function."""

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
    # APA delays (rules APA-2 and APA-3).
    APA_ACCUSE_DELAI_RESPECTE = (
        "apa_accuse_delai_respecte",
        "Part des accusés de réception APA envoyés dans les 10 jours",
    )
    APA_DECISION_DELAI_RESPECTE = (
        "apa_decision_delai_respecte",
        "Part des décisions APA notifiées dans les 2 mois suivant le dossier complet",
    )
    APA_DECISION_DELAI_MEDIAN = (
        "apa_decision_delai_median",
        "Délai médian entre le dossier APA complet et la notification de la décision (jours)",
    )
    # Individual aid files (instances).
    AIDES_DEMANDES = "aides_demandes", "Demandes d'aide déposées dans le mois"
    AIDES_ACCORDS = "aides_accords", "Aides accordées dans le mois (accords et accords partiels)"
    AIDES_REFUS = "aides_refus", "Aides refusées dans le mois"
    AIDES_TAUX_REFUS = "aides_taux_refus", "Taux de refus des demandes d'aide décidées dans le mois"
    AIDES_MONTANT_ACCORDE = "aides_montant_accorde", "Montant des aides accordées dans le mois (€)"
    AIDES_DELAI_DECISION_MEDIAN = (
        "aides_delai_decision_median",
        "Délai médian entre le dépôt d'une demande d'aide et sa décision (jours)",
    )
    AIDES_DELAI_NOTIFICATION_MEDIAN = (
        "aides_delai_notification_median",
        "Délai médian entre le dépôt d'une demande d'aide et la notification de sa décision (jours)",
    )
    # Guide and partners.
    ORIENTATIONS = "orientations", "Orientations vers des partenaires dans le mois"
    ORIENTATIONS_THEMATIQUE = (
        "orientations_thematique",
        "Orientations vers des partenaires dans le mois, par thématique",
    )
    ORIENTATIONS_ACCEPTATION = (
        "orientations_acceptation",
        "Part des orientations acceptées par le partenaire, parmi celles closes dans le mois",
    )
    ORIENTATIONS_DELAI_REPONSE = (
        "orientations_delai_reponse",
        "Délai médian de réponse des partenaires aux orientations (jours)",
    )
    GUIDE_FICHES_PERIMEES = (
        "guide_fiches_perimees",
        "Fiches du guide publiées non confirmées depuis trop longtemps",
    )
    # Councils (instances).
    SEANCES_TENUES = "seances_tenues", "Séances tenues dans le mois"
    DOSSIERS_PAR_SEANCE = "dossiers_par_seance", "Dossiers examinés par séance tenue"
    AJOURNEMENTS_TAUX = "ajournements_taux", "Part des dossiers examinés en séance qui sont ajournés"
    # Territorial equity.
    PARCOURS_OUVERTS_POUR_MILLE = (
        "parcours_ouverts_pour_mille",
        "Parcours ouverts en fin de mois pour 1 000 habitants",
    )
    AIDES_MONTANT_POUR_MILLE = (
        "aides_montant_pour_mille",
        "Montant des aides accordées dans le mois pour 1 000 habitants (€)",
    )
    AIDES_MONTANT_INDICE = (
        "aides_montant_indice",
        "Montant des aides accordées pour 1 000 habitants, indice 100 = moyenne départementale",
    )


class Unite(models.TextChoices):
    NOMBRE = "nombre", "nombre"
    POURCENTAGE = "pourcentage", "%"
    JOURS = "jours", "jours"
    POUR_MILLE = "pour_mille", "pour 1 000 habitants"
    EUROS = "euros", "€"
    EUROS_POUR_MILLE = "euros_pour_mille", "€ pour 1 000 habitants"
    MOYENNE = "moyenne", "nombre moyen"
    INDICE = "indice", "indice (100 = moyenne départementale)"


class GroupeIndicateurs(models.TextChoices):
    ACTIVITE = "activite", "Activité des parcours"
    DELAIS = "delais", "Délais de traitement"
    AIDES = "aides", "Aides individuelles"
    PARTENAIRES = "partenaires", "Guide et partenaires"
    INSTANCES = "instances", "Commissions et conseils"
    EQUITE = "equite", "Équité territoriale"
