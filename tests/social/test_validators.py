"""French identifiers: SIRET (Luhn) and NIR (key mod 97), masked display of the NIR (rule DP-3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from social.validators import luhn_valide, masquer_nir, nir_valide, siret_valide, valider_nir, valider_siret


@pytest.mark.parametrize(
    "siret",
    [
        "73282932000074",  # INSEE's own example (Luhn)
        "35600000052135",  # La Poste: digit-sum rule
    ],
)
def test_siret_valide(siret: str) -> None:
    assert siret_valide(siret)
    valider_siret(siret)


@pytest.mark.parametrize(
    ("siret", "code"),
    [("73282932000075", "siret_cle"), ("7328293200007", "siret_format"), ("ABCDEFGHIJKLMN", "siret_format")],
)
def test_siret_invalide_message_en_francais(siret: str, code: str) -> None:
    with pytest.raises(ValidationError) as erreur:
        valider_siret(siret)
    assert erreur.value.code == code
    assert "SIRET" in erreur.value.messages[0]


def test_luhn() -> None:
    assert luhn_valide("732829320")  # a SIREN
    assert not luhn_valide("732829321")


def test_nir_cle_97() -> None:
    corps = "1850562041123"
    cle = 97 - int(corps) % 97
    assert nir_valide(f"{corps}{cle:02d}")
    assert not nir_valide(f"{corps}{(cle % 97) + 1:02d}")
    with pytest.raises(ValidationError):
        valider_nir("123")


def test_nir_corse() -> None:
    corps = "290052A123456"
    cle = 97 - int(corps.replace("2A", "19")) % 97
    assert nir_valide(f"{corps}{cle:02d}")


def test_dp_3_nir_masque_ne_montre_que_le_sexe_et_la_cle() -> None:
    masque = masquer_nir("185056204112345")
    assert masque.startswith("1 ")
    assert masque.endswith(" 45")
    assert "0562041" not in masque.replace(" ", "")
