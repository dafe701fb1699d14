"""The refresh: full, incremental from the watermark (only the touched months), the command."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from observation.actions import indicateurs_actualiser, indicateurs_calculer
from observation.enums import CodeIndicateur as C
from observation.models import CalculIndicateurs, Indicateur
from tests.conftest import Monde
from tests.observation.conftest import creer_parcours, modifier, orienter, valeur

pytestmark = pytest.mark.django_db

JAN, FEV, MARS, AVRIL = (datetime.date(2025, m, 1) for m in (1, 2, 3, 4))


def test_le_calcul_complet_couvre_du_premier_parcours_au_mois_courant(monde: Monde) -> None:
    creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 31))

    resultat = indicateurs_calculer(depuis=None)

    aujourd_hui = timezone.localdate()
    assert resultat.premier_mois == JAN
    assert resultat.dernier_mois == aujourd_hui.replace(day=1)
    assert valeur(C.PARCOURS_OUVERTS, aujourd_hui.replace(day=1)) == 1
    assert resultat.lignes == Indicateur.objects.count()
    execution = CalculIndicateurs.objects.get()
    assert execution.complet and execution.lignes == resultat.lignes


def test_sans_aucun_parcours_le_calcul_n_ecrit_rien(db: None) -> None:
    resultat = indicateurs_calculer(depuis=None)

    assert resultat.lignes == 0
    assert not Indicateur.objects.exists()


def test_l_actualisation_ne_recalcule_que_les_mois_touches(monde: Monde) -> None:
    """After a full run, closing a pathway on 15 March (recorded now) recomputes March onwards only:
    the rows of January and February are those of the first run."""
    parcours = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    indicateurs_calculer(depuis=None)
    premier_calcul = {ligne.pk: ligne.computed_at for ligne in Indicateur.objects.filter(mois__in=[JAN, FEV])}

    modifier(parcours, timezone.now(), date_cloture=datetime.date(2025, 3, 15), etat="sortie")
    resultat = indicateurs_actualiser()

    assert resultat.premier_mois == MARS
    assert {
        ligne.pk: ligne.computed_at for ligne in Indicateur.objects.filter(mois__in=[JAN, FEV])
    } == premier_calcul
    assert valeur(C.SORTIES, MARS, site=monde.mds_arras) == 1
    assert valeur(C.PARCOURS_OUVERTS, FEV, site=monde.mds_arras) == 2
    assert valeur(C.PARCOURS_OUVERTS, MARS, site=monde.mds_arras) == 1
    assert CalculIndicateurs.objects.count() == 2


def test_l_actualisation_sans_changement_recalcule_le_mois_du_dernier_calcul(monde: Monde) -> None:
    creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    indicateurs_calculer(depuis=None)

    resultat = indicateurs_actualiser()

    assert resultat.premier_mois == timezone.localdate().replace(day=1)


def test_un_transfert_recalcule_depuis_le_jour_ou_il_est_enregistre(monde: Monde) -> None:
    """A transfer is in force from the moment it is recorded: the months before keep the old site."""
    parcours = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    indicateurs_calculer(depuis=None)

    modifier(parcours, timezone.now(), site=monde.mds_calais)
    resultat = indicateurs_actualiser()

    ce_mois = timezone.localdate().replace(day=1)
    assert resultat.premier_mois == ce_mois
    assert valeur(C.PARCOURS_OUVERTS, ce_mois, site=monde.mds_calais) == 1
    assert valeur(C.PARCOURS_OUVERTS, FEV, site=monde.mds_arras) == 1


def test_une_nouvelle_orientation_recalcule_depuis_sa_decision(monde: Monde) -> None:
    parcours = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    indicateurs_calculer(depuis=None)

    orienter(
        parcours,
        information_le=datetime.date(2025, 1, 10),
        limite=datetime.date(2025, 2, 21),
        decidee_le=datetime.date(2025, 2, 3),
    )
    resultat = indicateurs_actualiser()

    assert resultat.premier_mois == FEV
    assert valeur(C.RSA_ORIENTATION_DELAI_RESPECTE, FEV) == 100


def test_premiere_actualisation_sans_filigrane_est_complete(monde: Monde) -> None:
    creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))

    resultat = indicateurs_actualiser()

    assert resultat.premier_mois == JAN
    assert CalculIndicateurs.objects.get().complet


def test_commande_calculer_indicateurs(monde: Monde) -> None:
    creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    sortie = StringIO()

    call_command("calculer_indicateurs", "--complet", stdout=sortie)
    call_command("calculer_indicateurs", "--depuis", "2025-03-02", stdout=sortie)

    assert "lignes d'indicateurs calculées de 01/2025" in sortie.getvalue()
    assert "de 03/2025" in sortie.getvalue()
    assert CalculIndicateurs.objects.count() == 2


def test_tache_periodique_appelle_l_actualisation(monde: Monde) -> None:
    from observation.tasks import indicateurs_actualiser as tache

    creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))

    tache(timestamp=0)

    assert valeur(C.PARCOURS_OUVERTS, JAN) == 1


def test_l_actualisation_suit_les_aides_et_les_orientations(monde: Monde) -> None:
    """A decision on an aid file of February and a referral answered in March, recorded after a full
    run: the incremental refresh starts in February and counts them."""
    from instances.enums import IssueDecision
    from parcours.models.orientations import StatutOrientationPartenaire
    from tests.guide_ressources.fabriques import construire_guide
    from tests.observation.conftest import instant
    from tests.observation.fabriques import decider, demande_aide, orientation

    guide = construire_guide(monde)
    parcours = creer_parcours(site=monde.mds_arras, ouvert_le=datetime.date(2025, 1, 10))
    aide = demande_aide(parcours, deposee_le=datetime.date(2025, 2, 3))
    indicateurs_calculer(depuis=None)
    assert valeur(C.AIDES_ACCORDS, FEV, site=monde.mds_arras) is None

    decider(aide, IssueDecision.ACCORD, le=datetime.date(2025, 2, 20))
    orientation(
        parcours,
        guide.aide_alimentaire,
        monde.ccas_arras,
        le=instant(2025, 3, 2),
        statut=StatutOrientationPartenaire.VALIDEE,
        repondue_le=instant(2025, 3, 5),
    )
    resultat = indicateurs_actualiser()

    assert resultat.premier_mois == FEV
    assert valeur(C.AIDES_ACCORDS, FEV, site=monde.mds_arras) == 1
    assert valeur(C.ORIENTATIONS, MARS, organisation=monde.ccas_arras) == 1
    assert valeur(C.ORIENTATIONS_DELAI_REPONSE, MARS, site=monde.mds_arras) == 3
