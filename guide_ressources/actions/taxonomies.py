"""Reload the taxonomies from the copied data·inclusion files and the local extension."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from guide_ressources.enums import Taxonomie
from guide_ressources.models import Terme

DOSSIER_DONNEES = Path(__file__).resolve().parent.parent / "data"
FICHIERS_TAXONOMIES: dict[Taxonomie, str] = {
    Taxonomie.THEMATIQUES: "thematiques.json",
    Taxonomie.TYPES_SERVICES: "types-de-services.json",
    Taxonomie.FRAIS: "frais.json",
    Taxonomie.PUBLICS: "publics.json",
    Taxonomie.MODES_ACCUEIL: "modes-accueil.json",
    Taxonomie.MODES_MOBILISATION: "modes-mobilisation.json",
    Taxonomie.PERSONNES_MOBILISATRICES: "personnes-mobilisatrices.json",
    Taxonomie.RESEAUX_PORTEURS: "reseaux-porteurs.json",
}


@dataclass
class RapportTaxonomies:
    crees: int = 0
    modifies: int = 0
    desactives: int = 0


def _lus(dossier: Path) -> list[Terme]:
    termes = []
    for taxonomie, fichier in FICHIERS_TAXONOMIES.items():
        for rang, terme in enumerate(json.loads((dossier / "v1" / "extra" / fichier).read_text("utf-8"))):
            termes.append(
                Terme(
                    taxonomie=taxonomie,
                    valeur=terme["value"],
                    libelle=terme["label"].strip(),
                    description=terme.get("description") or "",
                    rang=rang,
                )
            )
    extension = json.loads((dossier / "extension-locale.json").read_text("utf-8"))
    for taxonomie, liste in extension.items():
        for rang, terme in enumerate(liste, start=1000):
            termes.append(
                Terme(
                    taxonomie=Taxonomie(taxonomie),
                    valeur=terme["value"],
                    libelle=terme["label"].strip(),
                    description=terme.get("description") or "",
                    locale=True,
                    correspondance=terme.get("correspondance") or "",
                    rang=rang,
                )
            )
    return termes


@transaction.atomic
def taxonomies_charger(*, dossier: Path = DOSSIER_DONNEES) -> RapportTaxonomies:
    """Upsert every term of the files; terms no longer in them become inactive (records may still
    carry them), never deleted. Idempotent."""
    rapport = RapportTaxonomies()
    existants = {(t.taxonomie, t.valeur): t for t in Terme.objects.all()}
    lus = _lus(dossier)
    champs = ["libelle", "description", "locale", "correspondance", "rang", "actif"]
    a_modifier = []
    for terme in lus:
        existant = existants.pop((terme.taxonomie, terme.valeur), None)
        if existant is None:
            terme.save()
            rapport.crees += 1
        elif any(getattr(existant, c) != getattr(terme, c) for c in champs):
            for champ in champs:
                setattr(existant, champ, getattr(terme, champ))
            a_modifier.append(existant)
    for disparu in existants.values():
        if disparu.actif:
            disparu.actif = False
            a_modifier.append(disparu)
            rapport.desactives += 1
    Terme.objects.bulk_update(a_modifier, champs)
    rapport.modifies = len(a_modifier) - rapport.desactives
    return rapport
