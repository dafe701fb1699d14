"""Assertions shared by the API tests."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from social.models import JournalAcces
from social.validators import luhn_valide


def verifier_erreur(reponse: HttpResponse, statut: int, code: str) -> dict[str, Any]:
    """The common error shape, with a French message; returns the ``erreur`` object."""
    assert reponse.status_code == statut, reponse.content
    assert reponse["Content-Type"] == "application/json"
    corps = reponse.json()
    assert list(corps) == ["erreur"]
    erreur = corps["erreur"]
    assert erreur["code"] == code
    assert isinstance(erreur["message"], str)
    assert erreur["message"].endswith(".")
    assert isinstance(erreur["champs"], dict)
    return erreur


def dernier_id_journal() -> int:
    return JournalAcces.objects.order_by("-id").values_list("id", flat=True).first() or 0


def lignes_journal_depuis(dernier_id: int) -> list[JournalAcces]:
    return list(JournalAcces.objects.filter(id__gt=dernier_id).order_by("id"))


def siret_valide(debut: str = "7321234500001") -> str:
    """A 14-digit SIRET passing the Luhn check, from its first 13 digits."""
    return next(debut + str(cle) for cle in range(10) if luhn_valide(debut + str(cle)))


def nir_valide(corps: str = "2800562041123") -> str:
    """A NIR with its key (97 - corps mod 97), from its first 13 characters."""
    return f"{corps}{97 - int(corps) % 97:02d}"
