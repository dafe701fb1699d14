"""Validation of data·inclusion v1 records: the official JSON Schema files, with format checking,
plus the upstream rules the files do not express; reasons in French.

The schema files are copies of upstream's (``data/v1``, see ``data/SOURCE.md``). They declare no
``$schema``: pydantic generates them for JSON Schema 2020-12, the draft used here.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as ErreurSchema
from jsonschema.exceptions import best_match

from guide_ressources.enums import PUBLIC_TOUS

DOSSIER_DONNEES = Path(__file__).resolve().parent / "data"
DATE_MAJ_MINIMALE = datetime.date(2000, 1, 1)

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")


def schema(nom: str) -> dict[str, Any]:
    """The official v1 JSON Schema ``structure`` or ``service``, as copied from upstream."""
    return _schema(nom)


@cache
def _schema(nom: str) -> dict[str, Any]:
    if nom not in {"structure", "service"}:
        raise ValueError(nom)
    contenu: dict[str, Any] = json.loads((DOSSIER_DONNEES / "v1" / f"{nom}.json").read_text("utf-8"))
    return contenu


def _uri(valeur: object) -> bool:
    """An absolute URI (RFC 3986): a scheme and, for web addresses, a host; no whitespace. jsonschema
    checks the ``uri`` format only with an optional dependency: this is our own check."""
    if not isinstance(valeur, str):
        return True
    if any(c.isspace() for c in valeur):
        return False
    try:
        parties = urlsplit(valeur)
    except ValueError:
        return False
    if not parties.scheme or not _SCHEME.match(parties.scheme):
        return False
    if parties.scheme.lower() in {"http", "https"}:
        return bool(parties.hostname)
    return bool(parties.netloc or parties.path)


def _courriel(valeur: object) -> bool:
    """RFC 5322 addresses as Django checks them (jsonschema only looks for an « @ »)."""
    if not isinstance(valeur, str):
        return True
    try:
        validate_email(valeur)
    except ValidationError:
        return False
    return True


def verificateur_formats() -> FormatChecker:
    """The 2020-12 format checker, with real checks for ``uri`` and ``email``."""
    verificateur = FormatChecker(formats=())
    verificateur.checkers = dict(Draft202012Validator.FORMAT_CHECKER.checkers)
    verificateur.checks("uri")(_uri)
    verificateur.checks("email")(_courriel)
    return verificateur


@cache
def validateur(nom: str) -> Draft202012Validator:
    """A validator of the official schema ``nom``, format checking on."""
    contenu = schema(nom)
    Draft202012Validator.check_schema(contenu)
    return Draft202012Validator(contenu, format_checker=verificateur_formats())


# --- French reasons ----------------------------------------------------------------------------------

_TYPES = {
    "string": "texte",
    "number": "nombre",
    "integer": "nombre entier",
    "array": "liste",
    "object": "objet",
    "boolean": "booléen",
    "null": "null",
}
_FORMATS = {"date": "date (AAAA-MM-JJ)", "uri": "adresse web", "email": "adresse électronique"}


def _chemin(erreur: ErreurSchema) -> str:
    chemin = ""
    for partie in erreur.absolute_path:
        chemin += f"[{partie}]" if isinstance(partie, int) else (f".{partie}" if chemin else str(partie))
    return chemin


def _valeur(instance: object) -> str:
    texte = json.dumps(instance, ensure_ascii=False)
    return texte if len(texte) <= 60 else texte[:57] + "…"


def message_francais(erreur: ErreurSchema) -> str:
    """One French sentence for a JSON Schema error, naming the field and the faulty value."""
    chemin = _chemin(erreur)
    prefixe = f"« {chemin} » : " if chemin else ""
    regle = erreur.validator
    attendu: Any = erreur.validator_value
    if regle == "anyOf":
        if chemin.startswith("zone_eligibilite["):
            return (
                f"{prefixe}code de zone inconnu {_valeur(erreur.instance)} "
                "(code commune, EPCI, département, pays ou « france »)"
            )
        branches = [
            e for e in erreur.context or [] if not (e.validator == "type" and e.validator_value == "null")
        ]
        meilleure = best_match(branches) if branches else None
        if meilleure is not None:
            return message_francais(meilleure)
    if regle == "required":
        manquants = [champ for champ in attendu if champ not in (erreur.instance or {})]
        return f"champ obligatoire absent : « {manquants[0] if manquants else '?'} »"
    if regle == "type":
        types = attendu if isinstance(attendu, list) else [attendu]
        noms = ", ".join(_TYPES.get(str(t), str(t)) for t in types)
        return f"{prefixe}{_valeur(erreur.instance)} n'est pas du type attendu ({noms})"
    if regle in {"enum", "const"}:
        return f"{prefixe}valeur inconnue {_valeur(erreur.instance)}"
    if regle == "minLength":
        return f"{prefixe}au moins {attendu} caractères attendus ({len(erreur.instance)} reçus)"
    if regle == "maxLength":
        return f"{prefixe}au plus {attendu} caractères attendus ({len(erreur.instance)} reçus)"
    if regle == "pattern":
        return f"{prefixe}format invalide {_valeur(erreur.instance)}"
    if regle == "format":
        return f"{prefixe}{_FORMATS.get(attendu, attendu)} invalide {_valeur(erreur.instance)}"
    if regle == "uniqueItems":
        return f"{prefixe}la liste contient des valeurs en double"
    if regle == "minItems":
        return f"{prefixe}la liste doit contenir au moins {attendu} valeur(s)"
    if regle == "minimum":
        return f"{prefixe}la valeur doit être supérieure ou égale à {attendu}"
    return f"{prefixe}{erreur.message}"


def _regles_hors_schema(donnee: dict[str, Any], aujourd_hui: datetime.date) -> list[str]:
    """Upstream rules the JSON files cannot express (pydantic models of data·inclusion v1)."""
    raisons = []
    date_maj = donnee.get("date_maj")
    if isinstance(date_maj, str):
        try:
            jour = datetime.date.fromisoformat(date_maj)
        except ValueError:
            jour = None  # the schema's format check reports it
        if jour is not None and not DATE_MAJ_MINIMALE <= jour <= aujourd_hui:
            raisons.append(
                f"« date_maj » : {date_maj} n'est pas comprise entre le 2000-01-01 et aujourd'hui "
                f"({aujourd_hui.isoformat()})"
            )
    publics = donnee.get("publics")
    if isinstance(publics, list) and PUBLIC_TOUS in publics and len(publics) > 1:
        raisons.append("« publics » : « tous-publics » ne peut pas être combiné avec d'autres publics")
    return raisons


def raisons_invalidite(nom: str, donnee: object, aujourd_hui: datetime.date | None = None) -> list[str]:
    """Every reason why ``donnee`` is not a valid v1 ``nom`` (``structure`` or ``service``), in French;
    an empty list when it is valid."""
    if not isinstance(donnee, dict):
        return ["l'élément n'est pas un objet JSON"]
    erreurs: Iterable[ErreurSchema] = validateur(nom).iter_errors(donnee)
    raisons = [message_francais(e) for e in sorted(erreurs, key=lambda e: [str(p) for p in e.absolute_path])]
    raisons += _regles_hors_schema(donnee, aujourd_hui or timezone.localdate())
    return raisons
