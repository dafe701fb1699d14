"""Each indicator's value, exactly, on known situations (month boundaries, pathways moving between
sites, RSA deadlines as stored)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from observation.actions import indicateurs_calculer
from observation.calculs import population_par_territoire
from observation.enums import CodeIndicateur as C
from observation.models import Indicateur
from parcours.enums import Dispositif, TypeEcheance
from parcours.models import Echeance
from tests import factories as f
from tests.conftest import Monde
from tests.observation.conftest import creer_parcours, instant, modifier, orienter, valeur

pytestmark = pytest.mark.django_db

JAN, FEV, MARS, AVRIL = (datetime.date(2025, m, 1) for m in (1, 2, 3, 4))


def test_entrees_sorties_et_stock_a_la_limite_du_mois(monde: Monde) -> None:
    """Opened on 31 January counts in January, on 1 February in February; closed on 31 March, a
    pathway is an exit of March and no longer open at the end of March."""
    creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 31))
    creer_parcours(
        site=monde.mds_arras, ouvert_le=datetime.date(2025, 2, 1), clos_le=datetime.date(2025, 3, 31)
    )

    indicateurs_calculer(depuis=None)

    site = monde.mds_arras
    assert [valeur(C.ENTREES, m, site=site) for m in (JAN, FEV, MARS)] == [1, 1, None]
    assert [valeur(C.SORTIES, m, site=site) for m in (JAN, FEV, MARS)] == [None, None, 1]
    assert [valeur(C.PARCOURS_OUVERTS, m, site=site) for m in (JAN, FEV, MARS, AVRIL)] == [1, 2, 1, 1]
    # Every level: the site, the territory, the département, per dispositif and all.
    assert valeur(C.PARCOURS_OUVERTS, FEV, site=site, dispositif=Dispositif.RSA) == 2
    assert valeur(C.PARCOURS_OUVERTS, FEV, territoire=site.territoire) == 2
    assert valeur(C.PARCOURS_OUVERTS, FEV) == 2
    assert valeur(C.PARCOURS_OUVERTS, FEV, dispositif=Dispositif.APA) is None


def test_un_parcours_transfere_compte_pour_son_site_a_chaque_date(monde: Monde) -> None:
    """Moved from Arras to Calais mid-March: Arras in February, Calais at the end of March and April."""
    parcours = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    modifier(parcours, instant(2025, 3, 15), site=monde.mds_calais)

    indicateurs_calculer(depuis=None)

    a, b = monde.mds_arras, monde.mds_calais
    assert valeur(C.PARCOURS_OUVERTS, FEV, site=a) == 1
    assert valeur(C.PARCOURS_OUVERTS, FEV, site=b) is None
    assert valeur(C.PARCOURS_OUVERTS, MARS, site=a) is None
    assert valeur(C.PARCOURS_OUVERTS, MARS, site=b) == 1
    assert valeur(C.PARCOURS_OUVERTS, AVRIL, site=b) == 1
    assert valeur(C.PARCOURS_OUVERTS, AVRIL, territoire=a.territoire) is None
    assert valeur(C.PARCOURS_OUVERTS, AVRIL, territoire=b.territoire) == 1
    # The département sees one pathway all along.
    assert [valeur(C.PARCOURS_OUVERTS, m) for m in (FEV, MARS, AVRIL)] == [1, 1, 1]
    # Its entry stays with the site of its opening.
    assert valeur(C.ENTREES, JAN, site=a) == 1


def test_un_transfert_le_31_janvier_a_23h59_compte_en_janvier_pas_celui_du_1er_fevrier_minuit(
    monde: Monde,
) -> None:
    """Local time: 1 February 00:00 in Paris is still 31 January in UTC, and belongs to February."""
    avant = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 5))
    apres = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 5))
    modifier(avant, instant(2025, 1, 31, 23, 59), site=monde.mds_calais)
    modifier(apres, instant(2025, 2, 1, 0, 0), site=monde.mds_calais)

    indicateurs_calculer(depuis=None)

    assert valeur(C.PARCOURS_OUVERTS, JAN, site=monde.mds_arras) == 1
    assert valeur(C.PARCOURS_OUVERTS, JAN, site=monde.mds_calais) == 1
    assert valeur(C.PARCOURS_OUVERTS, FEV, site=monde.mds_calais) == 2


def test_sans_referent_en_fin_de_mois(monde: Monde) -> None:
    parcours = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 12), referent=monde.ts_arras)
    modifier(parcours, instant(2025, 2, 20), referent=monde.ts_arras)
    modifier(parcours, instant(2025, 4, 2), referent=None)

    indicateurs_calculer(depuis=None)

    site = monde.mds_arras
    assert [valeur(C.SANS_REFERENT, m, site=site) for m in (JAN, FEV, MARS, AVRIL)] == [1, None, None, 1]


def test_rsa_1_trois_orientations_dont_une_en_retard(monde: Monde) -> None:
    """3 first orientations in March, one after the stored due date: 66.7 % on time; delays 30, 40 and
    52 days from the CAF information: median 40. A reorientation in April is not a first orientation."""
    information = datetime.date(2025, 2, 1)
    limite = datetime.date(2025, 3, 15)  # as stored on the deadline (6 weeks: the dated parameter)
    parcours = [creer_parcours(site=monde.mds_arras, ouvert_le=information) for _ in range(3)]
    decisions = [datetime.date(2025, 3, 3), datetime.date(2025, 3, 13), datetime.date(2025, 3, 25)]
    for un_parcours, decidee_le in zip(parcours, decisions, strict=True):
        orienter(un_parcours, information_le=information, limite=limite, decidee_le=decidee_le)
    orienter(parcours[0], information_le=information, limite=limite, decidee_le=datetime.date(2025, 4, 2))

    indicateurs_calculer(depuis=None)

    site = monde.mds_arras
    assert valeur(C.RSA_ORIENTATION_DELAI_RESPECTE, MARS, site=site) == Decimal("66.7")
    assert valeur(C.RSA_ORIENTATION_DELAI_MEDIAN, MARS, site=site) == Decimal("40.0")
    assert valeur(C.RSA_ORIENTATION_DELAI_RESPECTE, AVRIL, site=site) is None
    ligne = Indicateur.objects.get(
        code=C.RSA_ORIENTATION_DELAI_RESPECTE, mois=MARS, territoire=None, site=None, dispositif=""
    )
    assert (ligne.numerateur, ligne.denominateur) == (2, 3)


def test_rsa_1_le_delai_est_celui_de_l_echeance_enregistree(monde: Monde) -> None:
    """The due date comes from the stored deadline (computed from the dated parameter), not re-derived:
    a later stored date makes the same decision on time."""
    un_parcours = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 2, 1))
    orienter(
        un_parcours,
        information_le=datetime.date(2025, 2, 1),
        limite=datetime.date(2025, 4, 1),
        decidee_le=datetime.date(2025, 3, 25),
    )

    indicateurs_calculer(depuis=None)

    assert valeur(C.RSA_ORIENTATION_DELAI_RESPECTE, MARS) == Decimal("100.0")


def test_rsa_3_contrats_signes_dans_le_mois(monde: Monde) -> None:
    a_temps = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 5))
    en_retard = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 5))
    for un_parcours, tenue_le in (
        (a_temps, datetime.date(2025, 3, 10)),
        (en_retard, datetime.date(2025, 3, 20)),
    ):
        Echeance.objects.create(
            parcours=un_parcours,
            type=TypeEcheance.RSA_CONTRAT,
            date_depart=datetime.date(2025, 2, 14),
            date_limite=datetime.date(2025, 3, 14),
            tenue_le=tenue_le,
            statut="tenue",
            parametre="rsa.delai.contrat",
        )

    indicateurs_calculer(depuis=None)

    assert valeur(C.RSA_CONTRAT_DELAI_RESPECTE, MARS, site=monde.mds_arras) == Decimal("50.0")


def test_ruptures_signalees_et_resolues(monde: Monde) -> None:
    un_parcours = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 5))
    autre = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 5))
    clos = creer_parcours(
        site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 5), clos_le=datetime.date(2025, 3, 1)
    )

    def echeance(parcours, type_echeance, limite, tenue_le=None):  # type: ignore[no-untyped-def]
        Echeance.objects.create(
            parcours=parcours,
            type=type_echeance,
            date_depart=limite - datetime.timedelta(days=30),
            date_limite=limite,
            tenue_le=tenue_le,
            statut="tenue" if tenue_le else "depassee",
            parametre="p",
        )

    # Due 31 March, never met: passed on 1 April, a rupture of April.
    echeance(un_parcours, TypeEcheance.RSA_ORIENTATION, datetime.date(2025, 3, 31))
    # Due 10 March, met on 20 March: a rupture of March, resolved in March.
    echeance(autre, TypeEcheance.RSA_ORIENTATION, datetime.date(2025, 3, 10), datetime.date(2025, 3, 20))
    # Met on its due date: no rupture.
    echeance(autre, TypeEcheance.RSA_CONTRAT, datetime.date(2025, 3, 5), datetime.date(2025, 3, 5))
    # The pathway closed before the due date: no rupture.
    echeance(clos, TypeEcheance.RSA_ORIENTATION, datetime.date(2025, 3, 15))

    indicateurs_calculer(depuis=None)

    site = monde.mds_arras
    assert [valeur(C.RUPTURES, m, site=site) for m in (MARS, AVRIL)] == [1, 1]
    assert [valeur(C.RUPTURES_RESOLUES, m, site=site) for m in (MARS, AVRIL)] == [1, None]


def test_parcours_pour_mille_habitants_et_moyenne_departementale(monde: Monde) -> None:
    """Arrageois: 40,000 inhabitants and 6 open pathways → 0.15 ‰; Calaisis: 10,000 and 3 → 0.30 ‰;
    the département: 9 for 50,000 → 0.18 ‰."""
    monde.arras.population = 40_000
    monde.arras.save()
    monde.calais.population = 10_000
    monde.calais.save()
    for _ in range(6):
        creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 5))
    for _ in range(3):
        creer_parcours(site=monde.mds_calais, ouvert_le=datetime.date(2025, 1, 5))

    indicateurs_calculer(depuis=None)

    arrageois, calaisis = monde.mds_arras.territoire, monde.mds_calais.territoire
    assert population_par_territoire() == {arrageois.pk: 40_000, calaisis.pk: 10_000, None: 50_000}
    assert valeur(C.PARCOURS_OUVERTS_POUR_MILLE, JAN, territoire=arrageois) == Decimal("0.15")
    assert valeur(C.PARCOURS_OUVERTS_POUR_MILLE, JAN, territoire=calaisis) == Decimal("0.30")
    assert valeur(C.PARCOURS_OUVERTS_POUR_MILLE, JAN) == Decimal("0.18")
    assert valeur(C.PARCOURS_OUVERTS_POUR_MILLE, JAN, site=monde.mds_arras) is None


def test_un_site_sans_territoire_ne_passe_pas_pour_le_departement(monde: Monde) -> None:
    sans_territoire = f.SiteFactory(nom="Antenne hors territoire", territoire=None)
    creer_parcours(site=sans_territoire, ouvert_le=datetime.date(2025, 1, 5))
    creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 5))

    indicateurs_calculer(depuis=None)

    assert valeur(C.PARCOURS_OUVERTS, JAN, site=sans_territoire) == 1
    assert valeur(C.PARCOURS_OUVERTS, JAN) == 2
