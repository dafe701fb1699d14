"""Generate ``aggir_3p8.csv`` once: every 3^8 = 6561 grid of the 8 weighted AGGIR variables with its GIR.

Run: ``.venv/bin/python tests/parcours/golden/generer_aggir_3p8.py`` (rewrites the CSV next to it).

This is a deliberately *independent* transcription of CASF annexe 2-2: the weight table below is the
Markdown table of AGGIR.md §3 pasted as is (cells "weight if C / weight if B"), and the thresholds
and rank → GIR of §4 are written out by hand. It does not read ``parcours/data/aggir/*.json`` nor
import the engine, so the golden test compares two transcriptions of the text; the GIR distribution
over the 6561 grids (AGGIR.md §5: 8 / 3208 / 2400 / 760 / 157 / 28) checks both against a published count.
Déplacements à l'extérieur and communication à distance weigh 0 everywhere: they are A in every row.
"""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

# AGGIR.md §3, pasted (rows: variable; columns: groups A..H; each cell "C / B"; A weighs 0).
TABLE = """
| Cohérence | 2000 / 0 | 1500 / 320 | 0 / 0 | 0 / 0 | 400 / 0 | 200 / 100 | 150 / 0 | 0 / 0 |
| Orientation | 1200 / 0 | 1200 / 120 | 0 / 0 | 0 / 0 | 400 / 0 | 200 / 100 | 150 / 0 | 0 / 0 |
| Toilette | 40 / 16 | 40 / 16 | 40 / 16 | 0 / 0 | 400 / 100 | 500 / 100 | 300 / 200 | 3000 / 2000 |
| Habillage | 40 / 16 | 40 / 16 | 40 / 16 | 0 / 0 | 400 / 100 | 500 / 100 | 300 / 200 | 3000 / 2000 |
| Alimentation | 60 / 20 | 60 / 0 | 60 / 20 | 2000 / 200 | 400 / 100 | 500 / 100 | 500 / 200 | 3000 / 2000 |
| Élimination | 100 / 16 | 100 / 16 | 160 / 20 | 400 / 200 | 800 / 100 | 500 / 100 | 500 / 200 | 3000 / 2000 |
| Transferts | 800 / 120 | 800 / 120 | 1000 / 200 | 2000 / 200 | 800 / 100 | 500 / 100 | 400 / 200 | 1000 / 2000 |
| Déplacements intérieur | 200 / 32 | **−80 / −40** | 400 / 40 | 200 / 0 | 200 / 0 | 200 / 0 | 200 / 100 | 1000 / 1000 |
"""  # noqa: E501 (the table is pasted verbatim)
VARIABLES = [
    "coherence",
    "orientation",
    "toilette",
    "habillage",
    "alimentation",
    "elimination",
    "transferts",
    "deplacements_interieur",
]
GROUPES = "ABCDEFGH"
# AGGIR.md §4: per group, (minimal score, rank) highest first; group H ends with "< 2000 -> 13".
SEUILS = {
    "A": [(4380, 1), (4140, 2), (3390, 3)],
    "B": [(2016, 4)],
    "C": [(1700, 5), (1432, 6)],
    "D": [(2400, 7)],
    "E": [(1200, 8)],
    "F": [(800, 9)],
    "G": [(650, 10)],
    "H": [(4000, 11), (2000, 12), (-(10**9), 13)],
}
RANG_VERS_GIR = {1: 1, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 3, 9: 3, 10: 4, 11: 4, 12: 5, 13: 6}
FICHIER = Path(__file__).with_name("aggir_3p8.csv")


def poids() -> dict[str, dict[str, dict[str, int]]]:
    """group -> variable -> code -> weight."""
    resultat: dict[str, dict[str, dict[str, int]]] = {g: {} for g in GROUPES}
    lignes = [ligne for ligne in TABLE.strip().splitlines() if ligne.strip()]
    assert len(lignes) == len(VARIABLES)
    for variable, ligne in zip(VARIABLES, lignes, strict=True):
        cellules = [c.strip().strip("*").replace("−", "-") for c in ligne.strip().strip("|").split("|")][1:]
        assert len(cellules) == len(GROUPES), ligne
        for groupe, cellule in zip(GROUPES, cellules, strict=True):
            si_c, si_b = (int(morceau) for morceau in cellule.split("/"))
            resultat[groupe][variable] = {"A": 0, "B": si_b, "C": si_c}
    return resultat


def rang(codes: dict[str, str], table: dict[str, dict[str, dict[str, int]]]) -> int:
    for groupe in GROUPES:
        score = sum(table[groupe][variable][code] for variable, code in codes.items())
        for minimum, rang_atteint in SEUILS[groupe]:
            if score >= minimum:
                return rang_atteint
    raise AssertionError("le groupe H termine toujours")


def main() -> None:
    table = poids()
    with FICHIER.open("w", newline="", encoding="utf-8") as sortie:
        ecrivain = csv.writer(sortie, lineterminator="\n")
        ecrivain.writerow([*VARIABLES, "rang", "gir"])
        for combinaison in itertools.product("ABC", repeat=len(VARIABLES)):
            codes = dict(zip(VARIABLES, combinaison, strict=True))
            rang_atteint = rang(codes, table)
            ecrivain.writerow([*combinaison, rang_atteint, RANG_VERS_GIR[rang_atteint]])


if __name__ == "__main__":
    main()
