"""The catalogue of indicators: what each one means, its unit, how it is computed (shown under each
chart) and the function that computes it. Order matters: a derived indicator (per 1,000 inhabitants)
comes after the count it reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from observation import calculs
from observation.enums import CodeIndicateur, GroupeIndicateurs, Unite


@dataclass(frozen=True)
class Definition:
    code: CodeIndicateur
    groupe: GroupeIndicateurs
    unite: Unite
    note: str
    calcul: Callable[[calculs.Periode], calculs.Requete]
    # Sub-levels compared in the territory comparison chart (False: only territories and département).
    par_site: bool = True
    # Also one row per partner organisation (département-wide): what a partner member sees of her own.
    par_organisation: bool = False
    # One row per thématique (``categorie``) instead of the dispositif and site levels.
    par_categorie: bool = False
    # Rows per dispositif (councils and the guide have none), for territories (the guide has none).
    par_dispositif: bool = True
    par_territoire: bool = True
    # Statistical secrecy: the figures at the same level from which this one could be recomputed, or
    # that could be recomputed from it (an amount and its grants, a refusal rate and its accords and
    # refusals): masked when one of them is.
    secret_lie_a: tuple[CodeIndicateur, ...] = ()

    @property
    def libelle(self) -> str:
        return str(self.code.label)

    @property
    def est_compte(self) -> bool:
        """A count: masked under 5 in the open-data export; a missing row reads 0."""
        return self.unite == Unite.NOMBRE


_LIEU = (
    " Chaque parcours compte pour le site dont il relevait à cette date (historique du parcours : un "
    "parcours transféré compte pour son ancien site avant le transfert, pour le nouveau après)."
)

CATALOGUE: tuple[Definition, ...] = (
    Definition(
        CodeIndicateur.PARCOURS_OUVERTS,
        GroupeIndicateurs.ACTIVITE,
        Unite.NOMBRE,
        "Parcours ouverts au plus tard le dernier jour du mois et non clos ce jour-là." + _LIEU,
        calculs.calcul_parcours_ouverts,
    ),
    Definition(
        CodeIndicateur.ENTREES,
        GroupeIndicateurs.ACTIVITE,
        Unite.NOMBRE,
        "Parcours dont la date d'ouverture tombe dans le mois (heure de Paris)." + _LIEU,
        calculs.calcul_entrees,
    ),
    Definition(
        CodeIndicateur.SORTIES,
        GroupeIndicateurs.ACTIVITE,
        Unite.NOMBRE,
        "Parcours dont la date de clôture tombe dans le mois. Un parcours clos le dernier jour du mois "
        "n'est plus compté parmi les parcours ouverts en fin de mois." + _LIEU,
        calculs.calcul_sorties,
    ),
    Definition(
        CodeIndicateur.SANS_REFERENT,
        GroupeIndicateurs.ACTIVITE,
        Unite.NOMBRE,
        "Parcours ouverts en fin de mois qui n'avaient pas de référent unique à ce moment." + _LIEU,
        calculs.calcul_sans_referent,
    ),
    Definition(
        CodeIndicateur.RUPTURES,
        GroupeIndicateurs.ACTIVITE,
        Unite.NOMBRE,
        "Échéances légales (orientation, contrat, accusé de réception, décision…) dont le lendemain de la "
        "date limite tombe dans le mois, non tenues à la date limite, sur un parcours encore ouvert ce "
        "jour-là.",
        calculs.calcul_ruptures,
    ),
    Definition(
        CodeIndicateur.RUPTURES_RESOLUES,
        GroupeIndicateurs.ACTIVITE,
        Unite.NOMBRE,
        "Échéances dépassées finalement tenues dans le mois (tenues après leur date limite).",
        calculs.calcul_ruptures_resolues,
    ),
    Definition(
        CodeIndicateur.RSA_ORIENTATION_DELAI_RESPECTE,
        GroupeIndicateurs.DELAIS,
        Unite.POURCENTAGE,
        "Parmi les parcours RSA dont la première décision d'orientation est prise dans le mois, part de "
        "ceux orientés au plus tard à la date limite de l'échéance d'orientation (6 semaines après la "
        "réception de l'information de la CAF ou de la MSA, CASF D262-65-2, paramètre daté). "
        "Numérateur : orientations dans le délai ; dénominateur : premières orientations du mois.",
        calculs.calcul_rsa_orientation_delai_respecte,
    ),
    Definition(
        CodeIndicateur.RSA_ORIENTATION_DELAI_MEDIAN,
        GroupeIndicateurs.DELAIS,
        Unite.JOURS,
        "Médiane, en jours, du délai entre la réception de l'information de la CAF ou de la MSA et la "
        "première décision d'orientation, pour les orientations décidées dans le mois.",
        calculs.calcul_rsa_orientation_delai_median,
    ),
    Definition(
        CodeIndicateur.RSA_CONTRAT_DELAI_RESPECTE,
        GroupeIndicateurs.DELAIS,
        Unite.POURCENTAGE,
        "Parmi les contrats d'engagement signés dans le mois après une orientation, part de ceux signés "
        "au plus tard un mois après la notification de la dernière orientation (CT D5411-14-1, "
        "paramètre daté).",
        calculs.calcul_rsa_contrat_delai_respecte,
    ),
    Definition(
        CodeIndicateur.APA_ACCUSE_DELAI_RESPECTE,
        GroupeIndicateurs.DELAIS,
        Unite.POURCENTAGE,
        "Parmi les dossiers APA dont l'accusé de réception (ou la liste des pièces manquantes) est envoyé "
        "dans le mois, part de ceux envoyés au plus tard à la date limite de l'échéance (10 jours après "
        "la réception du dossier, CASF R232-23, règle APA-2, paramètre daté).",
        calculs.calcul_apa_accuse_delai_respecte,
    ),
    Definition(
        CodeIndicateur.APA_DECISION_DELAI_RESPECTE,
        GroupeIndicateurs.DELAIS,
        Unite.POURCENTAGE,
        "Parmi les dossiers APA dont la première décision est notifiée dans le mois, part de ceux notifiés "
        "au plus tard à la date limite de l'échéance de décision (2 mois après l'enregistrement du dossier "
        "complet, CASF R232-23, règle APA-3, paramètre daté). Exemple : 3 décisions dont une en retard "
        "donnent 66,7 %.",
        calculs.calcul_apa_decision_delai_respecte,
    ),
    Definition(
        CodeIndicateur.APA_DECISION_DELAI_MEDIAN,
        GroupeIndicateurs.DELAIS,
        Unite.JOURS,
        "Médiane, en jours, du délai entre l'enregistrement du dossier APA complet et la notification de "
        "la première décision, pour les décisions notifiées dans le mois.",
        calculs.calcul_apa_decision_delai_median,
    ),
    Definition(
        CodeIndicateur.AIDES_DELAI_DECISION_MEDIAN,
        GroupeIndicateurs.DELAIS,
        Unite.JOURS,
        "Médiane, en jours, du délai entre le dépôt d'une demande d'aide et la décision sur le fond (la "
        "première décision qui n'est pas un ajournement, en séance ou par délégation), pour les décisions "
        "prises dans le mois.",
        calculs.calcul_aides_delai_decision_median,
    ),
    Definition(
        CodeIndicateur.AIDES_DELAI_NOTIFICATION_MEDIAN,
        GroupeIndicateurs.DELAIS,
        Unite.JOURS,
        "Médiane, en jours, du délai entre le dépôt d'une demande d'aide et la notification de la décision "
        "sur le fond, pour les notifications du mois.",
        calculs.calcul_aides_delai_notification_median,
    ),
    Definition(
        CodeIndicateur.AIDES_DEMANDES,
        GroupeIndicateurs.AIDES,
        Unite.NOMBRE,
        "Demandes d'aide individuelle dont la date de dépôt tombe dans le mois (les brouillons ne comptent "
        "pas)." + _LIEU,
        calculs.calcul_aides_demandes,
    ),
    Definition(
        CodeIndicateur.AIDES_ACCORDS,
        GroupeIndicateurs.AIDES,
        Unite.NOMBRE,
        "Décisions d'accord ou d'accord partiel prises dans le mois, en séance ou par délégation (aide "
        "d'urgence)." + _LIEU,
        calculs.calcul_aides_accords,
    ),
    Definition(
        CodeIndicateur.AIDES_REFUS,
        GroupeIndicateurs.AIDES,
        Unite.NOMBRE,
        "Décisions de refus prises dans le mois." + _LIEU,
        calculs.calcul_aides_refus,
    ),
    Definition(
        CodeIndicateur.AIDES_TAUX_REFUS,
        GroupeIndicateurs.AIDES,
        Unite.POURCENTAGE,
        "Parmi les décisions sur le fond prises dans le mois (accords, accords partiels, refus ; un "
        "ajournement n'en est pas une), part des refus.",
        calculs.calcul_aides_taux_refus,
        secret_lie_a=(CodeIndicateur.AIDES_ACCORDS, CodeIndicateur.AIDES_REFUS),
    ),
    Definition(
        CodeIndicateur.AIDES_MONTANT_ACCORDE,
        GroupeIndicateurs.AIDES,
        Unite.EUROS,
        "Somme des montants des accords et accords partiels décidés dans le mois. Dénominateur : nombre "
        "d'aides accordées.",
        calculs.calcul_aides_montant_accorde,
        secret_lie_a=(CodeIndicateur.AIDES_ACCORDS,),
    ),
    Definition(
        CodeIndicateur.ORIENTATIONS,
        GroupeIndicateurs.PARTENAIRES,
        Unite.NOMBRE,
        "Orientations vers un service partenaire du guide faites dans le mois (jour de l'orientation, "
        "heure de Paris), comptées pour le site du parcours ce jour-là, et pour l'organisation "
        "destinataire. Une orientation anonymisée ne compte plus que pour son organisation.",
        calculs.calcul_orientations,
        par_organisation=True,
    ),
    Definition(
        CodeIndicateur.ORIENTATIONS_ACCEPTATION,
        GroupeIndicateurs.PARTENAIRES,
        Unite.POURCENTAGE,
        "Parmi les orientations closes dans le mois (acceptées, refusées, ou expirées sans réponse après "
        "leur date limite), part de celles acceptées par le partenaire.",
        calculs.calcul_orientations_acceptation,
        par_organisation=True,
    ),
    Definition(
        CodeIndicateur.ORIENTATIONS_DELAI_REPONSE,
        GroupeIndicateurs.PARTENAIRES,
        Unite.JOURS,
        "Médiane, en jours, du délai entre l'orientation et la réponse du partenaire (acceptation ou refus), "
        "pour les réponses du mois. Une orientation expirée n'a pas de réponse.",
        calculs.calcul_orientations_delai_reponse,
        par_organisation=True,
    ),
    Definition(
        CodeIndicateur.ORIENTATIONS_THEMATIQUE,
        GroupeIndicateurs.PARTENAIRES,
        Unite.NOMBRE,
        "Orientations du mois par thématique du service (sa catégorie de thématiques) : une orientation "
        "compte une fois par catégorie ; par territoire (site du parcours ce jour-là) et pour le "
        "département.",
        calculs.calcul_orientations_thematique,
        par_site=False,
        par_categorie=True,
    ),
    Definition(
        CodeIndicateur.GUIDE_FICHES_PERIMEES,
        GroupeIndicateurs.PARTENAIRES,
        Unite.NOMBRE,
        "Fiches publiées du guide (structures et services) non confirmées depuis le délai de fraîcheur "
        "(paramètre daté « guide.fraicheur »), au jour du calcul, par organisation et pour le "
        "département. Seul le mois en cours a un chiffre : le guide ne garde pas la fraîcheur passée.",
        calculs.calcul_guide_fiches_perimees,
        par_site=False,
        par_organisation=True,
        par_dispositif=False,
        par_territoire=False,
    ),
    Definition(
        CodeIndicateur.SEANCES_TENUES,
        GroupeIndicateurs.INSTANCES,
        Unite.NOMBRE,
        "Séances ouvertes, closes, validées ou notifiées dont la date tombe dans le mois, pour le "
        "territoire de l'instance (une instance départementale compte pour le département seulement).",
        calculs.calcul_seances_tenues,
        par_site=False,
        par_dispositif=False,
    ),
    Definition(
        CodeIndicateur.DOSSIERS_PAR_SEANCE,
        GroupeIndicateurs.INSTANCES,
        Unite.MOYENNE,
        "Dossiers décidés en séance (ajournements compris) rapportés au nombre de séances tenues dans le "
        "mois. Numérateur : dossiers ; dénominateur : séances.",
        calculs.calcul_dossiers_par_seance,
        par_site=False,
        par_dispositif=False,
    ),
    Definition(
        CodeIndicateur.AJOURNEMENTS_TAUX,
        GroupeIndicateurs.INSTANCES,
        Unite.POURCENTAGE,
        "Parmi les dossiers décidés dans les séances tenues dans le mois, part des ajournements.",
        calculs.calcul_ajournements_taux,
        par_site=False,
        par_dispositif=False,
    ),
    Definition(
        CodeIndicateur.PARCOURS_OUVERTS_POUR_MILLE,
        GroupeIndicateurs.EQUITE,
        Unite.POUR_MILLE,
        "Parcours ouverts en fin de mois rapportés à la population municipale des communes du "
        "territoire (référentiel des communes), pour 1 000 habitants. La moyenne départementale "
        "rapporte le total du département à sa population.",
        calculs.calcul_parcours_ouverts_pour_mille,
        par_site=False,
        secret_lie_a=(CodeIndicateur.PARCOURS_OUVERTS,),
    ),
    Definition(
        CodeIndicateur.AIDES_MONTANT_POUR_MILLE,
        GroupeIndicateurs.EQUITE,
        Unite.EUROS_POUR_MILLE,
        "Montant des aides accordées dans le mois rapporté à la population municipale des communes du "
        "territoire, pour 1 000 habitants (2 aides de 300 € dans un territoire de 10 000 habitants : "
        "60 €). La moyenne départementale rapporte le total du département à sa population.",
        calculs.calcul_aides_montant_pour_mille,
        par_site=False,
        secret_lie_a=(CodeIndicateur.AIDES_ACCORDS,),
    ),
    Definition(
        CodeIndicateur.AIDES_MONTANT_INDICE,
        GroupeIndicateurs.EQUITE,
        Unite.INDICE,
        "Montant accordé pour 1 000 habitants du territoire divisé par celui du département, fois 100 : "
        "au-dessus de 100, le territoire reçoit plus que la moyenne départementale rapportée à sa "
        "population.",
        calculs.calcul_aides_montant_indice,
        par_site=False,
        secret_lie_a=(CodeIndicateur.AIDES_ACCORDS,),
    ),
)

PAR_CODE: dict[str, Definition] = {definition.code.value: definition for definition in CATALOGUE}
# What a partner member may read (her organisations' rows of these indicators, nothing else).
CODES_PAR_ORGANISATION: tuple[str, ...] = tuple(d.code.value for d in CATALOGUE if d.par_organisation)


def definition(code: str) -> Definition:
    return PAR_CODE[code]
