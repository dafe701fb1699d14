"""The AGGIR engine (CASF annexe 2-2, docs AGGIR.md): golden file, hand-checked grids, sub-variables,
adverbs, invalid grids and the versioned rule file. Pure computation: no database."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from parcours.apa.aggir import (
    FICHIER_REGLES,
    ReglesAggirInvalides,
    ResultatAggir,
    calculer_gir,
    charger_regles,
    code_des_adverbes,
    regles_aggir,
)

GOLDEN = Path(__file__).parent / "golden" / "aggir_3p8.csv"
VARIABLES = [
    "coherence",
    "orientation",
    "toilette",
    "habillage",
    "alimentation",
    "elimination",
    "transferts",
    "deplacements_interieur",
    "deplacements_exterieur",
    "communication",
]
OUI = {"S": True, "T": True, "H": True, "C": True}
NON = {"S": False, "T": False, "H": False, "C": False}


def grille(**codes: Any) -> dict[str, Any]:
    """All A, except the variables given."""
    return {**dict.fromkeys(VARIABLES, "A"), **codes}


def erreurs(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


# --- Golden file: the 3^8 grids of the 8 weighted variables ---


def lignes_golden() -> list[dict[str, str]]:
    with GOLDEN.open(encoding="utf-8") as fichier:
        return list(csv.DictReader(fichier))


def test_le_moteur_reproduit_les_6561_grilles_du_fichier_de_reference() -> None:
    lignes = lignes_golden()
    assert len(lignes) == 3**8
    ecarts = []
    for ligne in lignes:
        resultat = calculer_gir(grille(**{v: ligne[v] for v in VARIABLES[:8]}))
        if (resultat.rang, resultat.gir) != (int(ligne["rang"]), int(ligne["gir"])):
            ecarts.append((ligne, resultat.rang, resultat.gir))
    assert ecarts == []


def test_le_fichier_de_reference_couvre_chaque_grille_une_fois() -> None:
    grilles = {tuple(ligne[v] for v in VARIABLES[:8]) for ligne in lignes_golden()}
    assert len(grilles) == 3**8


def test_repartition_des_gir_sur_les_6561_grilles() -> None:
    """AGGIR.md §5: GIR 1 8, GIR 2 3208, GIR 3 2400, GIR 4 760, GIR 5 157, GIR 6 28 (file and engine)."""
    attendu = {1: 8, 2: 3208, 3: 2400, 4: 760, 5: 157, 6: 28}
    lignes = lignes_golden()
    assert Counter(int(ligne["gir"]) for ligne in lignes) == attendu
    assert (
        Counter(calculer_gir(grille(**{v: ligne[v] for v in VARIABLES[:8]})).gir for ligne in lignes)
        == attendu
    )


# --- Hand-checked grids ---


def test_tout_a_donne_gir_6_rang_13_apres_les_8_groupes() -> None:
    resultat = calculer_gir(grille())
    assert (resultat.gir, resultat.rang, resultat.groupe) == (6, 13, "H")
    assert resultat.scores == dict.fromkeys("ABCDEFGH", 0)


def test_tout_c_donne_gir_1_des_le_groupe_a() -> None:
    resultat = calculer_gir(dict.fromkeys(VARIABLES, "C"))
    # Group A: 2000 + 1200 + 40 + 40 + 60 + 100 + 800 + 200 = 4440 ≥ 4380.
    assert (resultat.gir, resultat.rang, resultat.groupe) == (1, 1, "A")
    assert resultat.scores == {"A": 4440}  # only the groups walked


def test_groupe_b_poids_negatifs_des_deplacements_interieurs() -> None:
    """Group B weighs indoor movement negatively (−40 for B, −80 for C): scores can be negative, and
    being unable to move indoors can lower the GIR (AGGIR.md §3, §5: do not "fix" it)."""
    seul_din_b = calculer_gir(grille(deplacements_interieur="B"))
    assert seul_din_b.scores["B"] == -40
    assert seul_din_b.gir == 6

    # ORI C, HAB B, TRA C: group B = 1200 + 16 + 800 = 2016, the threshold itself (inclusive) → rank 4.
    base = {"orientation": "C", "habillage": "B", "transferts": "C"}
    marche = calculer_gir(grille(**base))
    assert (marche.gir, marche.rang, marche.groupe) == (2, 4, "B")
    assert marche.scores == {"A": 2016, "B": 2016}
    # Same grid, DIN = C: group B = 2016 − 80 = 1936 < 2016; the walk ends in group E, rank 8, GIR 3.
    ne_marche_pas = calculer_gir(grille(**base, deplacements_interieur="C"))
    assert ne_marche_pas.scores["B"] == 1936
    assert (ne_marche_pas.gir, ne_marche_pas.rang, ne_marche_pas.groupe) == (3, 8, "E")


def test_transferts_c_deplacements_interieurs_c_reste_a_donne_gir_5() -> None:
    """AGGIR.md §6.2: GIR 5 under the CASF tables (GIR 3 under the 1997 transcription, not used)."""
    resultat = calculer_gir(grille(transferts="C", deplacements_interieur="C"))
    assert (resultat.gir, resultat.rang, resultat.groupe) == (5, 12, "H")
    assert resultat.scores["H"] == 2000
    assert resultat.scores["F"] == 700  # 500 + 200: with the 1997 group F (500 + 500) it would reach 800


def test_groupe_h_transferts_b_pese_plus_que_c() -> None:
    assert calculer_gir(grille(transferts="B")).scores["H"] == 2000
    assert calculer_gir(grille(transferts="C")).scores["H"] == 1000


def test_deplacements_exterieurs_et_communication_ne_pesent_rien() -> None:
    avec = calculer_gir(grille(transferts="C", deplacements_exterieur="C", communication="C"))
    sans = calculer_gir(grille(transferts="C"))
    assert (avec.gir, avec.rang, avec.scores) == (sans.gir, sans.rang, sans.scores)
    assert avec.codes["deplacements_exterieur"] == "C"  # still collected and traced


def test_resultat_complet_avec_trace_et_version() -> None:
    resultat = calculer_gir(
        grille(
            coherence="B",
            orientation="B",
            toilette={"haut": "B", "bas": "C"},
            habillage="C",
            alimentation="B",
            elimination="C",
            transferts="C",
            deplacements_interieur="B",
            deplacements_exterieur="C",
        )
    )
    assert resultat == ResultatAggir(
        gir=2,
        rang=7,
        groupe="D",
        # A: 16 + 40 + 20 + 100 + 800 + 32; B: 320 + 120 + 16 + 40 + 100 + 800 − 40; C: 16 + 40 + 20 + 160
        # + 1000 + 40; D: 200 + 400 + 2000 ≥ 2400 → rank 7.
        scores={"A": 1008, "B": 1356, "C": 1276, "D": 2600},
        codes={
            "coherence": "B",
            "orientation": "B",
            "toilette": "B",
            "habillage": "C",
            "alimentation": "B",
            "elimination": "C",
            "transferts": "C",
            "deplacements_interieur": "B",
            "deplacements_exterieur": "C",
            "communication": "A",
        },
        sous_codes={"toilette": {"haut": "B", "bas": "C"}},
        version="casf-annexe-2-2+guide-2008/v1",
    )


# --- Sub-variables (AGGIR.md §2) ---


def code_final(variable: str, **sous_codes: Any) -> str:
    return calculer_gir(grille(**{variable: sous_codes})).codes[variable]


@pytest.mark.parametrize(
    ("haut", "bas", "attendu"),
    [("A", "A", "A"), ("C", "C", "C"), ("A", "C", "B"), ("C", "A", "B"), ("B", "B", "B"), ("A", "B", "B")],
)
def test_toilette_aa_a_cc_c_autres_b(haut: str, bas: str, attendu: str) -> None:
    assert code_final("toilette", haut=haut, bas=bas) == attendu


@pytest.mark.parametrize(
    ("haut", "moyen", "bas", "attendu"),
    [("A", "A", "A", "A"), ("C", "C", "C", "C"), ("A", "A", "C", "B"), ("C", "C", "B", "B")],
)
def test_habillage_aaa_a_ccc_c_autres_b(haut: str, moyen: str, bas: str, attendu: str) -> None:
    assert code_final("habillage", haut=haut, moyen=moyen, bas=bas) == attendu


@pytest.mark.parametrize(
    ("urinaire", "fecale", "attendu"),
    [
        ("A", "A", "A"),
        ("A", "C", "C"),
        ("C", "A", "C"),
        ("B", "C", "C"),
        ("C", "B", "C"),
        ("C", "C", "C"),
        ("A", "B", "B"),
        ("B", "A", "B"),
        ("B", "B", "B"),
    ],
)
def test_elimination_un_c_donne_c(urinaire: str, fecale: str, attendu: str) -> None:
    assert code_final("elimination", urinaire=urinaire, fecale=fecale) == attendu


@pytest.mark.parametrize(
    ("se_servir", "manger", "attendu"),
    [
        ("A", "A", "A"),
        ("C", "C", "C"),
        ("C", "B", "C"),
        ("B", "C", "C"),
        ("A", "C", "B"),  # the 2001 legal guide (not "any C → C"): versioned, to verify on the 2008 guide
        ("C", "A", "B"),
        ("A", "B", "B"),
        ("B", "B", "B"),
    ],
)
def test_alimentation_ac_et_ca_donnent_b_cb_et_bc_donnent_c(
    se_servir: str, manger: str, attendu: str
) -> None:
    assert code_final("alimentation", se_servir=se_servir, manger=manger) == attendu


@pytest.mark.parametrize(
    ("variable", "premiere", "seconde"),
    [("coherence", "communication", "comportement"), ("orientation", "temps", "espace")],
)
def test_coherence_et_orientation_un_c_donne_c(variable: str, premiere: str, seconde: str) -> None:
    assert code_final(variable, **{premiere: "A", seconde: "A"}) == "A"
    assert code_final(variable, **{premiere: "A", seconde: "C"}) == "C"
    assert code_final(variable, **{premiere: "C", seconde: "B"}) == "C"
    assert code_final(variable, **{premiere: "A", seconde: "B"}) == "B"
    assert code_final(variable, **{premiere: "B", seconde: "B"}) == "B"


def test_les_sous_codes_sont_traces() -> None:
    resultat = calculer_gir(grille(elimination={"urinaire": "A", "fecale": "C"}))
    assert resultat.sous_codes == {"elimination": {"urinaire": "A", "fecale": "C"}}
    assert resultat.codes["elimination"] == "C"


# --- The four adverbs of the 2008 guide ---


def test_adverbes_tous_oui_a_tous_non_c_sinon_b() -> None:
    assert code_des_adverbes(OUI) == "A"
    assert code_des_adverbes(NON) == "C"
    assert code_des_adverbes({**OUI, "H": False}) == "B"
    assert code_des_adverbes({**NON, "S": True}) == "B"


def test_adverbes_pour_une_sous_variable_et_pour_une_variable_sans_sous_variable() -> None:
    resultat = calculer_gir(
        grille(
            toilette={"haut": OUI, "bas": NON},  # A + C → B
            elimination={"urinaire": {**OUI, "C": False}, "fecale": "A"},  # B + A → B
            transferts=NON,  # C
        )
    )
    assert resultat.sous_codes["toilette"] == {"haut": "A", "bas": "C"}
    assert resultat.codes["toilette"] == "B"
    assert resultat.sous_codes["elimination"] == {"urinaire": "B", "fecale": "A"}
    assert resultat.codes["transferts"] == "C"


# --- Invalid grids: a French message per variable or sub-variable ---


def test_variable_manquante() -> None:
    donnees = grille()
    del donnees["toilette"], donnees["transferts"]
    with pytest.raises(ValidationError) as exc:
        calculer_gir(donnees)
    assert erreurs(exc) == {
        "toilette": ["Indiquez un code (A, B ou C) pour « Toilette », ou le détail de ses sous-variables."],
        "transferts": ["Indiquez un code (A, B ou C) pour « Transferts »."],
    }


def test_code_inconnu() -> None:
    with pytest.raises(ValidationError) as exc:
        calculer_gir(grille(habillage="D", transferts=3))
    assert erreurs(exc) == {
        "habillage": ["Code inconnu « D » pour « Habillage » : les codes possibles sont A, B et C."],
        "transferts": ["Code invalide pour « Transferts » : indiquez A, B ou C."],
    }


def test_sous_variable_inconnue_ou_manquante() -> None:
    with pytest.raises(ValidationError) as exc:
        calculer_gir(
            grille(
                toilette={"haut": "A", "milieu": "B"},
                alimentation={"se_servir": "A"},
                elimination={"urinaire": "X", "fecale": "A"},
            )
        )
    assert erreurs(exc) == {
        "toilette": [
            "Sous-variable inconnue pour « Toilette » : « milieu ». Les sous-variables sont : haut, bas."
        ],
        "alimentation.manger": ["Indiquez un code (A, B ou C) pour « Alimentation (manger) »."],
        "elimination.urinaire": [
            "Code inconnu « X » pour « Élimination (urinaire) » : les codes possibles sont A, B et C."
        ],
    }


def test_adverbes_invalides() -> None:
    with pytest.raises(ValidationError) as exc:
        calculer_gir(
            grille(transferts={"S": True, "T": True}, toilette={"haut": {**OUI, "C": "oui"}, "bas": "A"})
        )
    messages = erreurs(exc)
    assert set(messages) == {"transferts", "toilette.haut"}
    assert messages["transferts"] == [
        "Pour « Transferts », indiquez un code A, B ou C, ou les quatre adverbes S (spontanément), "
        "T (totalement), H (habituellement) et C (correctement), chacun vrai ou faux."
    ]


def test_adverbes_au_niveau_d_une_variable_a_sous_variables() -> None:
    with pytest.raises(ValidationError) as exc:
        calculer_gir(grille(toilette=OUI))
    assert erreurs(exc) == {
        "toilette": [
            "« Toilette » se code par sous-variable (haut, bas) : "
            "donnez les adverbes de chaque sous-variable."
        ]
    }


def test_variable_inconnue_et_grille_qui_n_est_pas_un_objet() -> None:
    with pytest.raises(ValidationError) as exc:
        calculer_gir(grille(gestion="A"))
    assert list(erreurs(exc)) == ["gestion"]
    assert erreurs(exc)["gestion"][0].startswith("Variable AGGIR inconnue : « gestion ».")
    with pytest.raises(ValidationError) as exc_liste:
        calculer_gir(["A"] * 10)  # type: ignore[arg-type]
    assert exc_liste.value.messages == [
        "La grille AGGIR doit donner un code pour chacune des 10 variables discriminantes."
    ]


# --- The rules are versioned data ---


def test_regles_chargees_une_fois_avec_version_et_sources() -> None:
    regles = regles_aggir()
    assert regles is regles_aggir()
    assert regles.version == "casf-annexe-2-2+guide-2008/v1"
    assert any("annexe 2-2" in source for source in regles.sources)
    assert [g.groupe for g in regles.groupes] == list("ABCDEFGH")
    assert regles.combinaisons["alimentation"].source.startswith("Guide 2001")


def _copie_des_regles(tmp_path: Path, modifier: Any) -> Path:
    donnees = json.loads(FICHIER_REGLES.read_text(encoding="utf-8"))
    modifier(donnees)
    chemin = tmp_path / "regles.json"
    chemin.write_text(json.dumps(donnees), encoding="utf-8")
    return chemin


def test_une_autre_version_des_regles_change_le_resultat_sans_toucher_au_code(tmp_path: Path) -> None:
    """E.g. if the 2008 fac-similé said alimentation AC → C (Mediboard's rule): a new data version."""

    def alimentation_un_c_donne_c(donnees: dict[str, Any]) -> None:
        donnees["version"] = "essai/alimentation-un-c"
        donnees["combinaisons"]["alimentation"]["codes"]["C"] += ["AC", "CA"]

    regles = charger_regles(_copie_des_regles(tmp_path, alimentation_un_c_donne_c))
    donnees = grille(alimentation={"se_servir": "A", "manger": "C"})
    assert calculer_gir(donnees).codes["alimentation"] == "B"
    resultat = calculer_gir(donnees, regles=regles)
    assert resultat.codes["alimentation"] == "C"
    assert resultat.version == "essai/alimentation-un-c"


@pytest.mark.parametrize(
    "modification",
    [
        lambda d: d["groupes"][2]["poids"].pop("transferts"),
        lambda d: d["groupes"][-1]["seuils"].pop(),
        lambda d: d["combinaisons"]["toilette"]["codes"]["A"].append("AAA"),
        lambda d: d["rang_vers_gir"].pop("13"),
    ],
    ids=["poids-manquant", "pas-de-fin", "combinaison-invalide", "rang-sans-gir"],
)
def test_un_fichier_de_regles_mal_forme_est_refuse_au_chargement(tmp_path: Path, modification: Any) -> None:
    with pytest.raises(ReglesAggirInvalides):
        charger_regles(_copie_des_regles(tmp_path, modification))
