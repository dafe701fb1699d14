"""Looking up dated parameters (rule G-1) at the legally relevant date."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.db.models import Q

from social.enums import UniteParametre
from social.exceptions import ParametreIntrouvable
from social.models import Parametre


def _en_vigueur(jour: datetime.date) -> Q:
    return Q(date_debut__lte=jour) & (Q(date_fin__isnull=True) | Q(date_fin__gte=jour))


# The rows read during the current request (``parametres_memorises``), by (code, day): one query per parameter
# and day per request, however many pathways or sections ask (a threshold read by every scoped fetch…).
_MEMO: ContextVar[dict[tuple[str, datetime.date], Parametre | None] | None] = ContextVar(
    "proche_parametres_memorises", default=None
)


@contextmanager
def parametres_memorises() -> Iterator[None]:
    """Within the block (one request: ``social.middleware.ParametresParRequeteMiddleware``), each parameter is
    read once per day looked up. Outside it every lookup reads the table: an edit by the functional admin is
    seen by the next request."""
    jeton = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(jeton)


def parametre_en_vigueur(code: str, jour: datetime.date) -> Parametre:
    """The row of ``code`` in force on ``jour``; ``ParametreIntrouvable`` when none is."""
    memo = _MEMO.get()
    if memo is not None and (code, jour) in memo:
        parametre = memo[(code, jour)]
    else:
        parametre = Parametre.objects.filter(_en_vigueur(jour), code=code).first()
        if memo is not None:
            memo[(code, jour)] = parametre
    if parametre is None:
        raise ParametreIntrouvable(code, jour)
    return parametre


def valeurs_en_vigueur(codes: Iterable[str], jour: datetime.date) -> dict[str, Decimal]:
    """The values of several parameters on one day, in one query; every code must be in force."""
    codes = list(codes)
    valeurs = dict(Parametre.objects.filter(_en_vigueur(jour), code__in=codes).values_list("code", "valeur"))
    for code in codes:
        if code not in valeurs:
            raise ParametreIntrouvable(code, jour)
    return valeurs


def ajouter_mois(jour: datetime.date, mois: int) -> datetime.date:
    """Same day ``mois`` months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = jour.month - 1 + mois
    annee, mois_0 = jour.year + index // 12, index % 12
    dernier = calendar.monthrange(annee, mois_0 + 1)[1]
    return datetime.date(annee, mois_0 + 1, min(jour.day, dernier))


def echeance(code: str, depuis: datetime.date, jour_reference: datetime.date | None = None) -> datetime.date:
    """The due date: ``depuis`` + the delay ``code`` in force on ``jour_reference`` (default ``depuis``)."""
    parametre = parametre_en_vigueur(code, jour_reference or depuis)
    quantite = int(parametre.valeur)
    match parametre.unite:
        case UniteParametre.JOURS:
            return depuis + datetime.timedelta(days=quantite)
        case UniteParametre.SEMAINES:
            return depuis + datetime.timedelta(weeks=quantite)
        case UniteParametre.MOIS:
            return ajouter_mois(depuis, quantite)
        case UniteParametre.ANNEES:
            return ajouter_mois(depuis, 12 * quantite)
    raise ValueError(f"Le paramètre {code} n'est pas un délai (unité {parametre.unite}).")
