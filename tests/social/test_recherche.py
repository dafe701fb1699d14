"""Person search: accent- and case-insensitive, tolerant of typos, scoped, never by NIR (DP-3); duplicate
warning."""

from __future__ import annotations

import datetime

import pytest

from social.selectors import doublons_potentiels, normaliser, personnes_rechercher
from tests import factories as f
from tests.conftest import Monde


@pytest.fixture
def lefevres(monde: Monde) -> list:
    return [
        f.PersonneFactory(nom="Lefèvre", prenoms="Jeanne", commune=monde.arras),
        f.PersonneFactory(nom="LEFEBVRE", prenoms="Marc", commune=monde.arras),
        f.PersonneFactory(nom="Dupont", prenoms="Élodie", nom_naissance="Lefèvre", commune=monde.arras),
        f.PersonneFactory(nom="Lefèvre", prenoms="Calaisien", commune=monde.calais),
        f.PersonneFactory(nom="Martin", prenoms="Paul", commune=monde.arras),
    ]


def _noms(qs: object) -> set[str]:
    return {f"{p.nom} {p.prenoms}" for p in qs}  # type: ignore[attr-defined]


@pytest.mark.parametrize("texte", ["lefebvre", "lefevre", "LEFÈVRE", "Lefevre", "léfèvre"])
def test_recherche_tolerante_aux_accents_a_la_casse_et_aux_fautes(
    monde: Monde, lefevres: list, texte: str
) -> None:
    noms = _noms(personnes_rechercher(user=monde.ts_arras, texte=texte))
    assert {"Lefèvre Jeanne", "LEFEBVRE Marc", "Dupont Élodie"} <= noms
    assert "Martin Paul" not in noms


def test_recherche_limitee_au_perimetre(monde: Monde, lefevres: list) -> None:
    assert "Lefèvre Calaisien" not in _noms(personnes_rechercher(user=monde.ts_arras, texte="lefevre"))
    assert _noms(personnes_rechercher(user=monde.ts_calais, texte="lefevre")) == {"Lefèvre Calaisien"}


def test_recherche_par_prenom_et_nom(monde: Monde, lefevres: list) -> None:
    assert _noms(personnes_rechercher(user=monde.ts_arras, texte="jeanne lefebvre")) == {"Lefèvre Jeanne"}


def test_recherche_par_prefixe(monde: Monde, lefevres: list) -> None:
    assert "Lefèvre Jeanne" in _noms(personnes_rechercher(user=monde.ts_arras, texte="lef"))


def test_recherche_par_date_de_naissance(monde: Monde) -> None:
    f.PersonneFactory(nom="Bernard", date_naissance=datetime.date(1975, 3, 2), commune=monde.arras)
    f.PersonneFactory(nom="Bernard", date_naissance=datetime.date(1990, 1, 1), commune=monde.arras)
    resultats = list(personnes_rechercher(user=monde.ts_arras, texte="bernard 02/03/1975"))
    assert [p.date_naissance for p in resultats] == [datetime.date(1975, 3, 2)]


def test_dp_3_le_nir_n_est_pas_une_cle_de_recherche(monde: Monde) -> None:
    corps = "1850562041123"
    nir = f"{corps}{97 - int(corps) % 97:02d}"
    f.PersonneFactory(nom="Avecnir", commune=monde.arras, nir=nir)
    assert _noms(personnes_rechercher(user=monde.ts_arras, texte="avecnir")) == {"Avecnir Dominique"}
    assert list(personnes_rechercher(user=monde.ts_arras, texte=nir)) == []


def test_recherche_vide(monde: Monde, lefevres: list) -> None:
    assert list(personnes_rechercher(user=monde.ts_arras, texte="  ")) == []


def test_normaliser() -> None:
    assert normaliser("  Lefèvre-Élodie  D'Arc ") == "lefevre-elodie d arc"


def test_doublon_meme_date_et_nom_proche(monde: Monde) -> None:
    existante = f.PersonneFactory(
        nom="Lefèvre", prenoms="Jeanne", date_naissance=datetime.date(1980, 5, 17), commune=monde.arras
    )
    f.PersonneFactory(
        nom="Lefèvre", prenoms="Autre", date_naissance=datetime.date(1981, 5, 17), commune=monde.arras
    )
    doublons = doublons_potentiels(
        user=monde.ts_arras, nom="LEFEBVRE", prenoms="jeanne", date_naissance=datetime.date(1980, 5, 17)
    )
    assert doublons.visibles == [existante]
    assert doublons.hors_perimetre == 0


def test_doublon_hors_perimetre_compte_sans_identite(monde: Monde) -> None:
    f.PersonneFactory(
        nom="Lefèvre", prenoms="Jeanne", date_naissance=datetime.date(1980, 5, 17), commune=monde.calais
    )
    doublons = doublons_potentiels(
        user=monde.ts_arras, nom="Lefevre", prenoms="Jeanne", date_naissance=datetime.date(1980, 5, 17)
    )
    assert doublons.visibles == []
    assert doublons.hors_perimetre == 1
    assert doublons.existe
