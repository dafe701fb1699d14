"""The copied data·inclusion files are the upstream blobs; the taxonomies and parameters are seeded."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

import pytest

from guide_ressources.enums import Taxonomie
from guide_ressources.models import Terme
from guide_ressources.selectors import seuil_fraicheur
from guide_ressources.taxonomies import taxonomies_lire
from guide_ressources.validation import DOSSIER_DONNEES
from social.parametres import ajouter_mois

# Upstream git blob ids (data/SOURCE.md), commit df9ce7ff38d313951193df749e63ec4eb10d8c1a.
BLOBS = {
    "v1/structure.json": "d46cbca7aa9809f1caa666ec0c2317b9d3240cda",
    "v1/service.json": "b4b7c8808c8ec7f7a3c50cdd5cef4e12be140cd5",
    "v1/extra/thematiques.json": "9d8be3602e6d1798a829114e501e5a3ff9599745",
    "v1/extra/publics.json": "ebe15d058fc6566be1a5881de2a6b70afcac8d3d",
    "v1/extra/frais.json": "80a2c1aa8794b3e39acafae8efc148af094d74f0",
    "v1/extra/modes-accueil.json": "d2ca1c2a5d38dffb5efdfda54bb5016b8c6775fa",
    "v1/extra/modes-mobilisation.json": "51bb498ed298d56a33dce4bc0ac7183a24da1f4b",
    "v1/extra/personnes-mobilisatrices.json": "3e7ad0c3923707f9090bc8d651b08e2267816e7c",
    "v1/extra/reseaux-porteurs.json": "dd041c5842793a9396d9631c0669b02f1bcdad60",
    "v1/extra/types-de-services.json": "dea72d948615bd9378dbd718bc4915a10ca16d71",
}


@pytest.mark.parametrize(("chemin", "blob"), BLOBS.items())
def test_les_copies_sont_identiques_a_l_amont(chemin: str, blob: str) -> None:
    contenu = (Path(DOSSIER_DONNEES) / chemin).read_bytes()
    assert hashlib.sha1(b"blob %d\0" % len(contenu) + contenu).hexdigest() == blob  # noqa: S324 (git's id)


def test_l_attribution_est_presente() -> None:
    source = (Path(DOSSIER_DONNEES) / "SOURCE.md").read_text("utf-8")
    assert "Licence Ouverte / Open Licence 2.0" in source
    assert "df9ce7ff38d313951193df749e63ec4eb10d8c1a" in source
    assert all(blob in source for blob in BLOBS.values())


@pytest.mark.django_db
def test_les_taxonomies_sont_chargees_par_la_migration() -> None:
    for taxonomie, fichier in [
        (Taxonomie.THEMATIQUES, "thematiques"),
        (Taxonomie.PUBLICS, "publics"),
        (Taxonomie.RESEAUX_PORTEURS, "reseaux-porteurs"),
        (Taxonomie.TYPES_SERVICES, "types-de-services"),
    ]:
        valeurs = {
            t["value"]
            for t in json.loads((Path(DOSSIER_DONNEES) / "v1" / "extra" / f"{fichier}.json").read_text())
        }
        assert (
            set(Terme.objects.filter(taxonomie=taxonomie, locale=False).values_list("valeur", flat=True))
            == valeurs
        )


@pytest.mark.django_db
def test_l_extension_locale_correspond_a_des_valeurs_nationales() -> None:
    taxonomies = taxonomies_lire()
    locaux = Terme.objects.filter(locale=True).exclude(taxonomie=Taxonomie.CATEGORIES_THEMATIQUES)
    assert locaux.count() == 15
    for terme in locaux:
        assert terme.valeur.startswith("cd62-")
        assert terme.correspondance in taxonomies.valeurs(terme.taxonomie)
        assert not Terme.objects.get(taxonomie=terme.taxonomie, valeur=terme.correspondance).locale
    categories = {c.valeur: c for c in taxonomies.categories()}
    assert categories["logement-hebergement"].libelle == "Logement et hébergement"
    assert categories["cd62-autonomie"].thematiques[0].valeur == "cd62-autonomie--apa-a-domicile"
    assert sum(len(c.thematiques) for c in categories.values()) == 69 + 11


@pytest.mark.django_db
def test_le_delai_de_fraicheur_est_un_parametre_date() -> None:
    jour = datetime.date(2026, 8, 31)
    assert seuil_fraicheur(jour) == ajouter_mois(jour, -6) == datetime.date(2026, 2, 28)
