"""Fixtures of the observation tests: the ``direction`` persona, and helpers that build pathways at a
known moment (their history says where they were when)."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings

from observation.models import Indicateur
from parcours.enums import Dispositif, StatutDroitRsa, TypeEcheance
from parcours.models import DossierRsa, Echeance, OrientationRsa, Parcours
from parcours.regles.enums import NiveauQualification, ParcoursRsa, SituationEmploi
from social.enums import OrganismePayeur, RoleAgent
from social.models import Site, Utilisateur
from tests import factories as f
from tests.conftest import Monde

PARIS = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def instant(annee: int, mois: int, jour: int, heure: int = 12, minute: int = 0) -> datetime.datetime:
    """An instant in local (Paris) time."""
    return datetime.datetime(annee, mois, jour, heure, minute, tzinfo=PARIS)


def creer_direction() -> Utilisateur:
    """The département's direction: an assignment at the head office with the ``direction`` role."""
    siege = f.SiteFactory(nom="Siège du Département", type="siege", territoire=None)
    return f.AffectationFactory(
        utilisateur__username="direction", site=siege, role=RoleAgent.DIRECTION
    ).utilisateur


@pytest.fixture
def direction(monde: Monde) -> Utilisateur:
    return creer_direction()


def creer_parcours(
    *,
    site: Site,
    ouvert_le: datetime.date,
    dispositif: str = Dispositif.RSA,
    clos_le: datetime.date | None = None,
    referent: Utilisateur | None = None,
    enregistre_le: datetime.datetime | None = None,
) -> Parcours:
    """A pathway whose first history row is dated ``enregistre_le`` (default: its opening day)."""
    from tests.parcours.factories import ParcoursFactory

    parcours = ParcoursFactory.build(
        personne=f.PersonneFactory(commune=site.communes_desservies.first() or f.CommuneFactory()),
        site=site,
        dispositif=dispositif,
        date_reception=ouvert_le,
        date_ouverture=ouvert_le,
        date_cloture=clos_le,
        motif_cloture="Fin" if clos_le else "",
        referent=referent,
    )
    parcours._history_date = enregistre_le or instant(ouvert_le.year, ouvert_le.month, ouvert_le.day, 9)  # type: ignore[attr-defined]
    parcours.save()
    return parcours


def modifier(parcours: Parcours, le: datetime.datetime, **valeurs: Any) -> None:
    """Change fields of the pathway, recorded in its history at ``le``."""
    for nom, valeur in valeurs.items():
        setattr(parcours, nom, valeur)
    parcours._history_date = le  # type: ignore[attr-defined]
    parcours.save()


def orienter(
    parcours: Parcours, *, information_le: datetime.date, limite: datetime.date, decidee_le: datetime.date
) -> OrientationRsa:
    """The RSA file, its orientation deadline as stored, and an orientation decision."""
    DossierRsa.objects.get_or_create(
        parcours=parcours,
        defaults={
            "statut_droit": StatutDroitRsa.OUVERT_VERSABLE,
            "soumis_droits_devoirs": True,
            "information_recue_le": information_le,
            "organisme_payeur": OrganismePayeur.CAF,
        },
    )
    Echeance.objects.update_or_create(
        parcours=parcours,
        type=TypeEcheance.RSA_ORIENTATION,
        defaults={
            "date_depart": information_le,
            "date_limite": limite,
            "tenue_le": decidee_le,
            "statut": "tenue",
            "parametre": "rsa.delai.orientation",
        },
    )
    return OrientationRsa.objects.create(
        parcours=parcours,
        parcours_type=ParcoursRsa.EMPLOI,
        situation_emploi=SituationEmploi.EN_EMPLOI,
        niveau_qualification=NiveauQualification.NIVEAU_3,
        decidee_le=decidee_le,
        notifiee_le=decidee_le,
    )


def valeur(
    code: str,
    mois: datetime.date,
    *,
    site: Site | None = None,
    territoire: Any = None,
    dispositif: str = "",
    organisation: Any = None,
    categorie: str = "",
) -> Decimal | None:
    """The stored value of one indicator at one level (None: no row)."""
    ligne = ligne_indicateur(
        code,
        mois,
        site=site,
        territoire=territoire,
        dispositif=dispositif,
        organisation=organisation,
        categorie=categorie,
    )
    return None if ligne is None else ligne.valeur


def ligne_indicateur(
    code: str,
    mois: datetime.date,
    *,
    site: Site | None = None,
    territoire: Any = None,
    dispositif: str = "",
    organisation: Any = None,
    categorie: str = "",
) -> Indicateur | None:
    if site is not None:
        territoire = site.territoire
    return Indicateur.objects.filter(
        code=code,
        mois=mois,
        site=site,
        territoire=territoire,
        dispositif=dispositif,
        organisation=organisation,
        categorie=categorie,
    ).first()
