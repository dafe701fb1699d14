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
        CodeIndicateur.PARCOURS_OUVERTS_POUR_MILLE,
        GroupeIndicateurs.EQUITE,
        Unite.POUR_MILLE,
        "Parcours ouverts en fin de mois rapportés à la population municipale des communes du "
        "territoire (référentiel des communes), pour 1 000 habitants. La moyenne départementale "
        "rapporte le total du département à sa population.",
        calculs.calcul_parcours_ouverts_pour_mille,
        par_site=False,
    ),
)

PAR_CODE: dict[str, Definition] = {definition.code.value: definition for definition in CATALOGUE}


def definition(code: str) -> Definition:
    return PAR_CODE[code]
