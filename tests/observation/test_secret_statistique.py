"""Statistical secrecy of the open-data export: which figures are masked."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from observation.actions import indicateurs_calculer
from observation.catalogue import definition
from observation.enums import CodeIndicateur as C
from observation.models import Indicateur
from observation.selectors import (
    ENTETES_OPEN_DATA,
    SEUIL_SECRET,
    cle_de,
    est_secret,
    masquer_secret,
    open_data,
)
from parcours.enums import Dispositif
from parcours.models import Parcours
from social.models import Utilisateur
from tests.conftest import Monde
from tests.observation.conftest import creer_parcours


def _ligne(
    code: str, valeur: str | None, numerateur: str | None = None, denominateur: int | None = None
) -> Indicateur:
    return Indicateur(
        code=code,
        mois=datetime.date(2025, 1, 1),
        valeur=None if valeur is None else Decimal(valeur),
        numerateur=None if numerateur is None else Decimal(numerateur),
        denominateur=denominateur,
        computed_at=timezone.now(),
    )


@pytest.mark.parametrize(
    ("code", "valeur", "numerateur", "denominateur", "secret"),
    [
        (C.ENTREES, "0", "0", None, True),
        (C.ENTREES, "4", "4", None, True),
        (C.ENTREES, "5", "5", None, False),
        # A rate: numerator or denominator below 5.
        (C.RSA_ORIENTATION_DELAI_RESPECTE, "66.7", "2", 3, True),
        (C.RSA_ORIENTATION_DELAI_RESPECTE, "40.0", "4", 10, True),
        (C.RSA_ORIENTATION_DELAI_RESPECTE, "50.0", "5", 10, False),
        # A median: the number of files.
        (C.RSA_ORIENTATION_DELAI_MEDIAN, "40.0", None, 4, True),
        (C.RSA_ORIENTATION_DELAI_MEDIAN, "40.0", None, 5, False),
        # Per 1,000 inhabitants: the count, not the population.
        (C.PARCOURS_OUVERTS_POUR_MILLE, "0.03", "3", 100_000, True),
        (C.PARCOURS_OUVERTS_POUR_MILLE, "0.15", "15", 100_000, False),
    ],
)
def test_secret_statistique(
    code: str, valeur: str, numerateur: str | None, denominateur: int | None, secret: bool
) -> None:
    assert est_secret(definition(code), _ligne(code, valeur, numerateur, denominateur)) is secret


def _indicateur(
    code: str, valeur: int, *, territoire: Any = None, site: Any = None, dispositif: str = ""
) -> Indicateur:
    return Indicateur(
        code=code,
        mois=datetime.date(2025, 1, 1),
        territoire=territoire,
        site=site,
        dispositif=dispositif,
        valeur=Decimal(valeur),
        numerateur=Decimal(valeur),
        computed_at=timezone.now(),
    )


@pytest.mark.django_db
def test_secret_secondaire_un_site_masque_masque_aussi_son_voisin(monde: Monde) -> None:
    """The Arrageois has 13 pathways: 10 at its MDS, 3 at its Maison de l'autonomie. Masking the 3 alone
    would give it back as 13 − 10: the 10 is masked too; the territory's total stays published."""
    arrageois = monde.mds_arras.territoire
    lignes = [
        territoire := _indicateur(C.PARCOURS_OUVERTS, 13, territoire=arrageois),
        mds := _indicateur(C.PARCOURS_OUVERTS, 10, territoire=arrageois, site=monde.mds_arras),
        autonomie := _indicateur(C.PARCOURS_OUVERTS, 3, territoire=arrageois, site=monde.autonomie_arras),
    ]

    masques = masquer_secret(lignes)

    assert cle_de(autonomie) in masques and cle_de(mds) in masques
    assert cle_de(territoire) not in masques


@pytest.mark.django_db
def test_secret_secondaire_seul_enfant_masque_le_total(monde: Monde) -> None:
    """A site with 3 RSA pathways and nothing else: its "all dispositifs" total would repeat the 3 (it is
    a count below 5 anyway); a territory whose only site is masked is masked too."""
    calaisis = monde.mds_calais.territoire
    lignes = [
        _indicateur(C.ENTREES, 3, territoire=calaisis),
        site := _indicateur(C.ENTREES, 3, territoire=calaisis, site=monde.mds_calais),
        rsa := _indicateur(C.ENTREES, 3, territoire=calaisis, site=monde.mds_calais, dispositif="rsa"),
        departement := _indicateur(C.ENTREES, 20),
        arrageois := _indicateur(C.ENTREES, 17, territoire=monde.mds_arras.territoire),
    ]

    masques = masquer_secret(lignes)

    assert {cle_de(site), cle_de(rsa)} <= masques
    # The département (20) and the Arrageois (17) would give the Calaisis back (3): one of them goes.
    assert cle_de(arrageois) in masques and cle_de(departement) not in masques


@pytest.mark.django_db
def test_secret_lie_un_montant_suit_le_nombre_d_aides(monde: Monde) -> None:
    """3 grants at a site: the amount granted there and its refusal rate are masked with them."""
    site = monde.mds_arras
    accords = _indicateur(C.AIDES_ACCORDS, 3, territoire=site.territoire, site=site)
    montant = _indicateur(C.AIDES_MONTANT_ACCORDE, 900, territoire=site.territoire, site=site)
    montant.denominateur = 3
    taux = _indicateur(C.AIDES_TAUX_REFUS, 50, territoire=site.territoire, site=site)
    taux.numerateur, taux.denominateur = Decimal(6), 9
    refus = _indicateur(C.AIDES_REFUS, 6, territoire=site.territoire, site=site)

    masques = masquer_secret([accords, montant, taux, refus])

    assert {cle_de(accords), cle_de(montant), cle_de(taux)} <= masques
    assert cle_de(refus) not in masques


def _parents_publies(ligne: dict[str, str]) -> list[tuple[str, ...]]:
    """The totals an exported figure adds up into, keyed as exported."""
    cle = (ligne["indicateur"], ligne["mois"], ligne["thematique"])
    parents: list[tuple[str, ...]] = []
    if ligne["dispositif"] != "tous":
        parents.append(("dispositifs", *cle, ligne["territoire"], ligne["site"], "tous"))
    if ligne["site"]:
        parents.append(("lieux", *cle, ligne["territoire"], "", ligne["dispositif"]))
    elif ligne["territoire"] != "departement":
        parents.append(("lieux", *cle, "departement", "", ligne["dispositif"]))
    return parents


@pytest.mark.django_db
def test_donnees_ouvertes_aucun_effectif_sous_5_aucun_identifiant_rien_de_recalculable(
    monde: Monde, direction: Utilisateur
) -> None:
    """Acceptance 3 on computed figures: 6 RSA and 2 APA pathways at the MDS of Arras, 3 APA at the
    Maison de l'autonomie, 9 RSA at Calais. In the export: no published count below 5, no identifier
    (no name, no pathway or person id), and in every breakdown whose total is published, never exactly
    one masked part."""
    for site, dispositif, nombre in (
        (monde.mds_arras, Dispositif.RSA, 6),
        (monde.mds_arras, Dispositif.APA, 2),
        (monde.autonomie_arras, Dispositif.APA, 3),
        (monde.mds_calais, Dispositif.RSA, 9),
    ):
        for _ in range(nombre):
            creer_parcours(site=site, ouvert_le=datetime.date(2025, 1, 10), dispositif=dispositif)
    indicateurs_calculer(depuis=None)

    table = open_data(direction, du=datetime.date(2025, 1, 1), au=datetime.date(2025, 2, 1))

    assert table.entetes == ENTETES_OPEN_DATA
    lignes = [dict(zip(table.entetes, map(str_ou_vide, ligne), strict=True)) for ligne in table.lignes]
    assert lignes
    for ligne in lignes:
        if ligne["unite"] == "nombre" and ligne["valeur"]:
            assert float(ligne["valeur"]) >= SEUIL_SECRET, ligne
    contenu = repr(table.lignes)
    for parcours in Parcours.objects.select_related("personne"):
        for identifiant in (parcours.personne.nom, str(parcours.personne.public_id), str(parcours.public_id)):
            assert identifiant not in contenu
    publies: dict[tuple[str, ...], dict[str, str]] = {
        (
            ligne["indicateur"],
            ligne["mois"],
            ligne["thematique"],
            ligne["territoire"],
            ligne["site"],
            ligne["dispositif"],
        ): ligne
        for ligne in lignes
    }
    caches_par_total: dict[tuple[str, ...], int] = {}
    for ligne in lignes:
        for sorte, *parent in _parents_publies(ligne):
            total = publies.get(tuple(parent))
            if total is not None and total["secret_statistique"] == "non":
                caches_par_total.setdefault((sorte, *parent), 0)
                caches_par_total[(sorte, *parent)] += ligne["secret_statistique"] == "oui"
    assert caches_par_total and 1 not in caches_par_total.values()
    # The secondary masks are there: the MDS of Arras (8) goes with the Maison de l'autonomie (3).
    mds = publies[("parcours_ouverts", "2025-01", "toutes", "arrageois", "MDS de l'Arrageois", "tous")]
    assert mds["secret_statistique"] == "oui"
    assert publies[("parcours_ouverts", "2025-01", "toutes", "arrageois", "", "tous")]["valeur"] == "11.0"
    # The masks do not depend on the order of the rows.
    indicateurs = list(Indicateur.objects.order_by("pk"))
    assert masquer_secret(indicateurs) == masquer_secret(indicateurs[::-1])


def str_ou_vide(valeur: object) -> str:
    return "" if valeur is None else str(valeur)
