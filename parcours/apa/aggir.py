"""AGGIR grid → GIR: the official algorithm of CASF annexe 2-2 (docs AGGIR.md).

The weights, thresholds, rank → GIR table and the rules combining sub-variables are *data*, kept with
their version and sources in ``parcours/data/aggir/casf-annexe-2-2.json`` and loaded once. Every
result carries that version, with its trace (rank, deciding group, the scores of the groups walked,
the final codes and the sub-variable codes), so that a contested GIR can be explained.

Input: the 10 discriminant variables, each given as a code ``"A"``, ``"B"`` or ``"C"``, or (for the
six variables that have some) as a mapping of its sub-variables. A sub-variable, or a variable without
sub-variables, may also be given as the four adverbs of the 2008 guide ``{"S": bool, "T": bool,
"H": bool, "C": bool}``: all true → A, all false → C, otherwise B.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from django.core.exceptions import ValidationError

FICHIER_REGLES: Final = Path(__file__).resolve().parent.parent / "data" / "aggir" / "casf-annexe-2-2.json"

# What a caller may give for one variable or sub-variable.
Adverbes = Mapping[str, bool]
ValeurSousVariable = str | Adverbes
ValeurVariable = str | Mapping[str, ValeurSousVariable]


@dataclass(frozen=True)
class SousVariable:
    code: str
    libelle: str


@dataclass(frozen=True)
class Variable:
    code: str
    sigle: str
    libelle: str
    sous_variables: tuple[SousVariable, ...]

    def libelle_sous_variable(self, code: str) -> str:
        return next((s.libelle for s in self.sous_variables if s.code == code), code)


@dataclass(frozen=True)
class Combinaison:
    """How sub-variable codes (read in the order of the grid) give the variable's code."""

    codes: Mapping[str, str]  # "CB" -> "C": the combinations listed by the text
    autres: str  # every other combination
    source: str

    def combiner(self, sous_codes: Sequence[str]) -> str:
        return self.codes.get("".join(sous_codes), self.autres)


@dataclass(frozen=True)
class Seuil:
    score_minimal: int | None  # None: always met (the last threshold of the last group)
    rang: int


@dataclass(frozen=True)
class Groupe:
    groupe: str
    poids: Mapping[str, Mapping[str, int]]  # variable -> {"C": weight, "B": weight}; A weighs 0
    seuils: tuple[Seuil, ...]  # highest first

    def score(self, codes: Mapping[str, str]) -> int:
        return sum(self.poids[variable].get(code, 0) for variable, code in codes.items())


@dataclass(frozen=True)
class ReglesAggir:
    version: str
    codes: tuple[str, ...]
    variables: tuple[Variable, ...]
    adverbes: tuple[str, ...]
    adverbes_tous_oui: str
    adverbes_tous_non: str
    adverbes_autres: str
    combinaisons: Mapping[str, Combinaison]
    groupes: tuple[Groupe, ...]
    rang_vers_gir: Mapping[int, int]
    sources: tuple[str, ...]
    notes: tuple[str, ...]

    def variable(self, code: str) -> Variable:
        return next(v for v in self.variables if v.code == code)


@dataclass(frozen=True)
class ResultatAggir:
    """A computed GIR with its trace (AGGIR.md §5 output)."""

    gir: int
    rang: int
    groupe: str  # the group whose threshold decided the rank
    scores: dict[str, int]  # score of each group walked, in walking order
    codes: dict[str, str]  # the 10 final codes
    sous_codes: dict[str, dict[str, str]]  # sub-variable codes of the variables given in detail
    version: str


class ReglesAggirInvalides(ValueError):
    """The rule file is malformed: a deployment error, never a user's."""


def charger_regles(chemin: Path) -> ReglesAggir:
    """Read and check a rule file (any version). Checks make a malformed file fail at load time."""
    donnees = json.loads(chemin.read_text(encoding="utf-8"))

    def verifier(condition: bool, message: str) -> None:
        if not condition:
            raise ReglesAggirInvalides(f"Règles AGGIR invalides ({chemin.name}) : {message}")

    codes = tuple(donnees["codes"])
    verifier(codes == ("A", "B", "C"), "les codes doivent être A, B et C")
    variables = tuple(
        Variable(
            code=v["code"],
            sigle=v["sigle"],
            libelle=v["libelle"],
            sous_variables=tuple(SousVariable(s["code"], s["libelle"]) for s in v["sous_variables"]),
        )
        for v in donnees["variables"]
    )
    noms = [v.code for v in variables]
    verifier(len(noms) == 10 and len(set(noms)) == 10, "il faut 10 variables discriminantes distinctes")

    adverbes = donnees["adverbes"]
    ordre_adverbes = tuple(adverbes["ordre"])
    verifier(ordre_adverbes == ("S", "T", "H", "C"), "les adverbes sont S, T, H et C")
    for cle in ("tous_oui", "tous_non", "autres"):
        verifier(adverbes[cle] in codes, f"adverbes.{cle} doit être un code")

    combinaisons: dict[str, Combinaison] = {}
    for variable in variables:
        regle = donnees["combinaisons"].get(variable.code)
        verifier(
            (regle is not None) == bool(variable.sous_variables),
            f"{variable.code} : une règle de combinaison si et seulement si la variable a des sous-variables",
        )
        if regle is None:
            continue
        table: dict[str, str] = {}
        for resultat, combinaisons_listees in regle["codes"].items():
            verifier(resultat in codes, f"{variable.code} : code résultat inconnu {resultat}")
            for combinaison in combinaisons_listees:
                verifier(
                    len(combinaison) == len(variable.sous_variables) and set(combinaison) <= set(codes),
                    f"{variable.code} : combinaison invalide {combinaison}",
                )
                verifier(combinaison not in table, f"{variable.code} : combinaison {combinaison} en double")
                table[combinaison] = resultat
        verifier(regle["autres"] in codes, f"{variable.code} : code « autres » inconnu")
        combinaisons[variable.code] = Combinaison(codes=table, autres=regle["autres"], source=regle["source"])

    groupes: list[Groupe] = []
    for groupe in donnees["groupes"]:
        poids = {variable: {"C": int(p["C"]), "B": int(p["B"])} for variable, p in groupe["poids"].items()}
        verifier(set(poids) == set(noms), f"groupe {groupe['groupe']} : un poids par variable")
        seuils = tuple(Seuil(s["score_minimal"], int(s["rang"])) for s in groupe["seuils"])
        bornes = [s.score_minimal for s in seuils if s.score_minimal is not None]
        verifier(bornes == sorted(bornes, reverse=True), f"groupe {groupe['groupe']} : seuils décroissants")
        groupes.append(Groupe(groupe=groupe["groupe"], poids=poids, seuils=seuils))
    verifier(
        all(s.score_minimal is not None for g in groupes[:-1] for s in g.seuils)
        and groupes[-1].seuils[-1].score_minimal is None,
        "seul le dernier seuil du dernier groupe est sans score minimal (il termine le parcours)",
    )
    rang_vers_gir = {int(rang): int(gir) for rang, gir in donnees["rang_vers_gir"].items()}
    rangs = {s.rang for g in groupes for s in g.seuils}
    verifier(rangs == set(rang_vers_gir), "chaque rang a un GIR")
    verifier(set(rang_vers_gir.values()) <= set(range(1, 7)), "les GIR vont de 1 à 6")

    return ReglesAggir(
        version=donnees["version"],
        codes=codes,
        variables=variables,
        adverbes=ordre_adverbes,
        adverbes_tous_oui=adverbes["tous_oui"],
        adverbes_tous_non=adverbes["tous_non"],
        adverbes_autres=adverbes["autres"],
        combinaisons=combinaisons,
        groupes=tuple(groupes),
        rang_vers_gir=rang_vers_gir,
        sources=tuple(donnees["sources"]),
        notes=tuple(donnees["notes"]),
    )


@functools.cache
def regles_aggir() -> ReglesAggir:
    """The rules in force, read once per process."""
    return charger_regles(FICHIER_REGLES)


def calculer_gir(grille: Mapping[str, ValeurVariable], *, regles: ReglesAggir | None = None) -> ResultatAggir:
    """The GIR of a grid. Invalid grid: ``ValidationError`` with French messages per variable
    (``"toilette"``) or per sub-variable (``"toilette.bas"``)."""
    regles = regles or regles_aggir()
    codes, sous_codes = _codes_finaux(grille, regles)
    scores: dict[str, int] = {}
    for groupe in regles.groupes:
        score = groupe.score(codes)
        scores[groupe.groupe] = score
        for seuil in groupe.seuils:
            if seuil.score_minimal is None or score >= seuil.score_minimal:
                return ResultatAggir(
                    gir=regles.rang_vers_gir[seuil.rang],
                    rang=seuil.rang,
                    groupe=groupe.groupe,
                    scores=scores,
                    codes=codes,
                    sous_codes=sous_codes,
                    version=regles.version,
                )
    raise AssertionError("le dernier groupe termine toujours le parcours (vérifié au chargement)")


def code_des_adverbes(adverbes: Adverbes, *, regles: ReglesAggir | None = None) -> str:
    """2008 guide: the four adverbs all "yes" → A, all "no" → C, otherwise B (input already checked)."""
    regles = regles or regles_aggir()
    reponses = [adverbes[a] for a in regles.adverbes]
    if all(reponses):
        return regles.adverbes_tous_oui
    if not any(reponses):
        return regles.adverbes_tous_non
    return regles.adverbes_autres


def _codes_finaux(
    grille: Mapping[str, ValeurVariable], regles: ReglesAggir
) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    if not isinstance(grille, Mapping):
        raise ValidationError(
            "La grille AGGIR doit donner un code pour chacune des 10 variables discriminantes.",
            code="grille_invalide",
        )
    erreurs: dict[str, list[str]] = {}
    codes: dict[str, str] = {}
    sous_codes: dict[str, dict[str, str]] = {}
    connues = {v.code for v in regles.variables}
    for nom in grille:
        if nom not in connues:
            erreurs.setdefault(str(nom), []).append(
                f"Variable AGGIR inconnue : « {nom} ». Les variables discriminantes sont : "
                f"{', '.join(sorted(connues))}."
            )
    for variable in regles.variables:
        if variable.code not in grille or grille[variable.code] in (None, ""):
            erreurs.setdefault(variable.code, []).append(
                f"Indiquez un code (A, B ou C) pour « {variable.libelle} »"
                + (", ou le détail de ses sous-variables." if variable.sous_variables else ".")
            )
            continue
        valeur = grille[variable.code]
        if isinstance(valeur, str):
            code = _code_simple(valeur, variable.libelle, regles, variable.code, erreurs)
        elif isinstance(valeur, Mapping) and not variable.sous_variables:
            code = _code_adverbes(valeur, variable.libelle, regles, variable.code, erreurs)
        elif isinstance(valeur, Mapping):
            code = _code_detaille(valeur, variable, regles, erreurs, sous_codes)
        else:
            erreurs.setdefault(variable.code, []).append(_message_code_invalide(variable, valeur))
            code = None
        if code is not None:
            codes[variable.code] = code
    if erreurs:
        raise ValidationError(
            {
                cle: [ValidationError(m, code="aggir_invalide") for m in messages]
                for cle, messages in erreurs.items()
            }
        )
    return codes, sous_codes


def _code_simple(
    valeur: str, libelle: str, regles: ReglesAggir, cle: str, erreurs: dict[str, list[str]]
) -> str | None:
    if valeur in regles.codes:
        return valeur
    erreurs.setdefault(cle, []).append(
        f"Code inconnu « {valeur} » pour « {libelle} » : les codes possibles sont A, B et C."
    )
    return None


def _code_adverbes(
    valeur: Mapping[str, Any], libelle: str, regles: ReglesAggir, cle: str, erreurs: dict[str, list[str]]
) -> str | None:
    if set(valeur) != set(regles.adverbes) or not all(isinstance(v, bool) for v in valeur.values()):
        erreurs.setdefault(cle, []).append(
            f"Pour « {libelle} », indiquez un code A, B ou C, ou les quatre adverbes S (spontanément), "
            "T (totalement), H (habituellement) et C (correctement), chacun vrai ou faux."
        )
        return None
    return code_des_adverbes(valeur, regles=regles)


def _code_detaille(
    valeur: Mapping[str, Any],
    variable: Variable,
    regles: ReglesAggir,
    erreurs: dict[str, list[str]],
    sous_codes: dict[str, dict[str, str]],
) -> str | None:
    attendues = [s.code for s in variable.sous_variables]
    liste = ", ".join(s.libelle for s in variable.sous_variables)
    inconnues = [str(nom) for nom in valeur if nom not in attendues]
    if inconnues:
        if set(valeur) == set(regles.adverbes):
            message = (
                f"« {variable.libelle} » se code par sous-variable ({liste}) : "
                "donnez les adverbes de chaque sous-variable."
            )
        else:
            noms = ", ".join(f"« {nom} »" for nom in inconnues)
            message = (
                f"Sous-variable inconnue pour « {variable.libelle} » : {noms}. "
                f"Les sous-variables sont : {liste}."
            )
        erreurs.setdefault(variable.code, []).append(message)
        return None
    trouves: dict[str, str] = {}
    for sous_variable in variable.sous_variables:
        cle = f"{variable.code}.{sous_variable.code}"
        libelle = f"{variable.libelle} ({sous_variable.libelle})"
        sous_valeur = valeur.get(sous_variable.code)
        if sous_valeur in (None, ""):
            erreurs.setdefault(cle, []).append(f"Indiquez un code (A, B ou C) pour « {libelle} ».")
            continue
        if isinstance(sous_valeur, str):
            code = _code_simple(sous_valeur, libelle, regles, cle, erreurs)
        elif isinstance(sous_valeur, Mapping):
            code = _code_adverbes(sous_valeur, libelle, regles, cle, erreurs)
        else:
            erreurs.setdefault(cle, []).append(f"Code invalide pour « {libelle} » : indiquez A, B ou C.")
            code = None
        if code is not None:
            trouves[sous_variable.code] = code
    if len(trouves) != len(attendues):
        return None
    sous_codes[variable.code] = trouves
    return regles.combinaisons[variable.code].combiner([trouves[code] for code in attendues])


def _message_code_invalide(variable: Variable, valeur: object) -> str:
    if variable.sous_variables:
        return (
            f"Code invalide pour « {variable.libelle} » : indiquez A, B ou C, ou le détail de ses "
            f"sous-variables ({', '.join(s.libelle for s in variable.sous_variables)})."
        )
    return f"Code invalide pour « {variable.libelle} » : indiquez A, B ou C."
