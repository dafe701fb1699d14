"""The domain's error vocabulary (STYLE 12): ``api`` maps it to the error shape, ``frontend`` to
form errors. Field-level input errors stay Django ``ValidationError``s."""

from __future__ import annotations

import datetime
from typing import Any


class DomainError(Exception):
    """A rule of the domain refuses the operation. ``message`` is French and shown to the user."""

    def __init__(self, message: str, code: str, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra or {}


class ParametreIntrouvable(DomainError):
    def __init__(self, code_parametre: str, jour: datetime.date) -> None:
        super().__init__(
            f"Aucune valeur du paramètre « {code_parametre} » n'est en vigueur le {jour:%d/%m/%Y}.",
            code="parametre_introuvable",
            extra={"parametre": code_parametre},
        )
