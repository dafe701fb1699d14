"""Validators for French administrative identifiers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_SIRET_RE = re.compile(r"^\d{14}$")
_NIR_RE = re.compile(r"^[12378]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)\d{3}\d{3}\d{2}$")


def luhn_valide(chiffres: str) -> bool:
    """Luhn checksum, as used by the INSEE for SIREN and SIRET numbers."""
    total = 0
    for position, caractere in enumerate(reversed(chiffres)):
        valeur = int(caractere)
        if position % 2 == 1:
            valeur *= 2
            if valeur > 9:
                valeur -= 9
        total += valeur
    return total % 10 == 0


def siret_valide(siret: str) -> bool:
    if not _SIRET_RE.match(siret):
        return False
    # La Poste's establishments (SIREN 356000000) use a digit-sum rule instead of Luhn.
    if siret.startswith("356000000"):
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_valide(siret)


def valider_siret(value: str) -> None:
    cleaned = (value or "").replace(" ", "")
    if not _SIRET_RE.match(cleaned):
        raise ValidationError(
            "Le SIRET doit comporter exactement 14 chiffres.", code="siret_format", params={"value": value}
        )
    if not siret_valide(cleaned):
        raise ValidationError(
            "Ce SIRET n'est pas valide (la clé de contrôle ne correspond pas).",
            code="siret_cle",
            params={"value": value},
        )


def nir_valide(nir: str) -> bool:
    """NIR (numéro d'inscription au répertoire) with its 2-digit key: 97 - (number mod 97)."""
    nir = nir.replace(" ", "").upper()
    if not _NIR_RE.match(nir):
        return False
    corps = nir[:13].replace("2A", "19").replace("2B", "18")
    return 97 - int(corps) % 97 == int(nir[13:])


def valider_nir(value: str) -> None:
    if not nir_valide(value or ""):
        raise ValidationError(
            "Ce numéro de sécurité sociale n'est pas valide (15 caractères, clé de contrôle).", code="nir"
        )


def masquer_nir(nir: str) -> str:
    """Masked display of a NIR (rule DP-3): sex and the key only."""
    if not nir:
        return ""
    nir = nir.replace(" ", "")
    return f"{nir[0]} •• •• •• ••• ••• {nir[-2:]}"
