"""Each indicator of the APA files, aid files, referrals, guide and councils, exactly, on known
situations (month boundaries, pathways moving between sites, deadlines as stored)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from instances.enums import EtatSeance, IssueDecision
from instances.models import Instance
from observation.actions import indicateurs_calculer
from observation.enums import CodeIndicateur as C
from parcours.enums import Dispositif
from parcours.models.orientations import StatutOrientationPartenaire as S
from social.models import Commune
from tests.conftest import Monde
from tests.guide_ressources.fabriques import construire_guide
from tests.observation.conftest import creer_parcours, instant, ligne_indicateur, modifier, valeur
from tests.observation.fabriques import (
    decider,
    decision_apa,
    demande_aide,
    dossier_apa,
    examiner,
    orientation,
    seance,
)

pytestmark = pytest.mark.django_db

JAN, FEV, MARS = (datetime.date(2025, m, 1) for m in (1, 2, 3))
D = datetime.date


def _apa(monde: Monde, **kwargs: object):  # type: ignore[no-untyped-def]
    return creer_parcours(
        site=kwargs.pop("site", monde.autonomie_arras),  # type: ignore[arg-type]
        ouvert_le=D(2024, 11, 4),
        dispositif=Dispositif.APA,
    )


def test_apa_3_trois_decisions_dont_une_en_retard_donnent_66_7_pour_cent(monde: Monde) -> None:
    """APA-3: complete on 2 December, due on 2 February. Notified on 20 January, on 2 February (the due
    day itself is on time) and on 3 February (late): 2 of 3 on time in the months of notification."""
    notifications = [D(2025, 1, 20), D(2025, 2, 2), D(2025, 2, 3)]
    for notifiee_le in notifications:
        parcours = _apa(monde)
        dossier_apa(parcours, recue_le=D(2024, 11, 20), accuse_le=D(2024, 11, 25), complet_le=D(2024, 12, 2))
        decision_apa(parcours, notifiee_le=notifiee_le)
    # A second decision (revision) of the first file does not count again.
    decision_apa(parcours, notifiee_le=D(2025, 2, 10))

    indicateurs_calculer(depuis=None)

    site = monde.autonomie_arras
    assert valeur(C.APA_DECISION_DELAI_RESPECTE, JAN, site=site) == Decimal("100.0")
    assert valeur(C.APA_DECISION_DELAI_RESPECTE, FEV, site=site) == Decimal("50.0")
    # The three files at the territory level over the two months: read the département of February.
    ligne = ligne_indicateur(C.APA_DECISION_DELAI_RESPECTE, FEV)
    assert ligne is not None and (ligne.numerateur, ligne.denominateur) == (1, 2)
    # Delays from the complete file: 49 days in January; 62 and 63 in February, median 62.5.
    assert valeur(C.APA_DECISION_DELAI_MEDIAN, JAN, site=site) == Decimal("49.0")
    assert valeur(C.APA_DECISION_DELAI_MEDIAN, FEV, site=site) == Decimal("62.5")


def test_apa_3_part_sur_un_seul_mois(monde: Monde) -> None:
    """The acceptance example in one month: 3 decisions notified in February, one late → 66.7 %."""
    for notifiee_le in (D(2025, 2, 1), D(2025, 2, 2), D(2025, 2, 28)):
        parcours = _apa(monde)
        dossier_apa(parcours, recue_le=D(2024, 11, 20), complet_le=D(2024, 12, 2))
        decision_apa(parcours, notifiee_le=notifiee_le)

    indicateurs_calculer(depuis=None)

    assert valeur(C.APA_DECISION_DELAI_RESPECTE, FEV, site=monde.autonomie_arras) == Decimal("66.7")
    assert valeur(C.APA_DECISION_DELAI_RESPECTE, FEV, dispositif=Dispositif.APA) == Decimal("66.7")
    assert valeur(C.APA_DECISION_DELAI_RESPECTE, FEV, dispositif=Dispositif.RSA) is None


def test_apa_2_accuse_de_reception_sous_10_jours(monde: Monde) -> None:
    """APA-2: received on 21 January, due on 31 January. Sent on 31 January: on time, in January; on
    1 February: late, in February; a file never acknowledged does not count yet."""
    a, b, c = (_apa(monde) for _ in range(3))
    dossier_apa(a, recue_le=D(2025, 1, 21), accuse_le=D(2025, 1, 31))
    dossier_apa(b, recue_le=D(2025, 1, 21), accuse_le=D(2025, 2, 1))
    dossier_apa(c, recue_le=D(2025, 1, 21))

    indicateurs_calculer(depuis=None)

    site = monde.autonomie_arras
    assert valeur(C.APA_ACCUSE_DELAI_RESPECTE, JAN, site=site) == Decimal("100.0")
    assert valeur(C.APA_ACCUSE_DELAI_RESPECTE, FEV, site=site) == Decimal("0.0")
    ligne = ligne_indicateur(C.APA_ACCUSE_DELAI_RESPECTE, FEV, site=site)
    assert ligne is not None and ligne.denominateur == 1


def test_aides_demandes_accords_refus_et_montants(monde: Monde) -> None:
    """Submitted on 31 January and 1 February; granted 300 € twice in February, one refusal, one
    adjournment (not a decision on the merits): refusal rate 1 / 3."""
    parcours = creer_parcours(site=monde.mds_arras, ouvert_le=D(2025, 1, 2))
    premiere = demande_aide(parcours, deposee_le=D(2025, 1, 31))
    deuxieme = demande_aide(parcours, deposee_le=D(2025, 2, 1))
    troisieme = demande_aide(parcours, deposee_le=D(2025, 2, 1))
    decider(premiere, IssueDecision.AJOURNEMENT, le=D(2025, 2, 3))
    decider(premiere, IssueDecision.ACCORD, le=D(2025, 2, 10), notifiee_le=D(2025, 2, 14))
    decider(
        deuxieme, IssueDecision.ACCORD_PARTIEL, le=D(2025, 2, 28), montant="300", notifiee_le=D(2025, 3, 3)
    )
    decider(troisieme, IssueDecision.REFUS, le=D(2025, 2, 5), notifiee_le=D(2025, 2, 6))

    indicateurs_calculer(depuis=None)

    site = monde.mds_arras
    assert [valeur(C.AIDES_DEMANDES, m, site=site) for m in (JAN, FEV)] == [1, 2]
    assert valeur(C.AIDES_ACCORDS, FEV, site=site) == 2
    assert valeur(C.AIDES_REFUS, FEV, site=site) == 1
    assert valeur(C.AIDES_TAUX_REFUS, FEV, site=site) == Decimal("33.3")
    assert valeur(C.AIDES_MONTANT_ACCORDE, FEV, site=site) == Decimal("600.00")
    # Submission → decision on the merits: 10 days (adjournment skipped), 27 and 4: median 10.
    assert valeur(C.AIDES_DELAI_DECISION_MEDIAN, FEV, site=site) == Decimal("10.0")
    # Submission → notification: 14 and 5 days in February (median 9.5), 30 in March.
    assert valeur(C.AIDES_DELAI_NOTIFICATION_MEDIAN, FEV, site=site) == Decimal("9.5")
    assert valeur(C.AIDES_DELAI_NOTIFICATION_MEDIAN, MARS, site=site) == Decimal("30.0")


def test_montant_pour_mille_habitants_et_indice_face_a_la_moyenne(monde: Monde) -> None:
    """Two grants of 300 € in a territory of 10,000 inhabitants → 60 € per 1,000; none in the Calaisis
    (30,000 inhabitants): the département gives 600 / 40,000 → 15 € per 1,000, the Arrageois index 400."""
    Commune.objects.filter(pk=monde.arras.pk).update(population=10_000)
    Commune.objects.filter(pk=monde.calais.pk).update(population=30_000)
    parcours = creer_parcours(site=monde.mds_arras, ouvert_le=D(2025, 1, 2))
    for _ in range(2):
        decider(demande_aide(parcours, deposee_le=D(2025, 1, 5)), IssueDecision.ACCORD, le=D(2025, 1, 20))
    creer_parcours(site=monde.mds_calais, ouvert_le=D(2025, 1, 2))

    indicateurs_calculer(depuis=None)

    arrageois = monde.mds_arras.territoire
    assert valeur(C.AIDES_MONTANT_POUR_MILLE, JAN, territoire=arrageois) == Decimal("60.00")
    assert valeur(C.AIDES_MONTANT_POUR_MILLE, JAN) == Decimal("15.00")
    assert valeur(C.AIDES_MONTANT_INDICE, JAN, territoire=arrageois) == Decimal("400.0")
    assert valeur(C.AIDES_MONTANT_POUR_MILLE, JAN, territoire=monde.mds_calais.territoire) is None


def test_une_aide_compte_pour_le_site_du_parcours_le_jour_de_la_decision(monde: Monde) -> None:
    """Submitted at Arras, the pathway moves to Calais on 15 February, decided on 20 February."""
    parcours = creer_parcours(site=monde.mds_arras, ouvert_le=D(2025, 1, 2))
    aide = demande_aide(parcours, deposee_le=D(2025, 2, 1))
    modifier(parcours, instant(2025, 2, 15), site=monde.mds_calais)
    decider(aide, IssueDecision.ACCORD, le=D(2025, 2, 20))

    indicateurs_calculer(depuis=None)

    assert valeur(C.AIDES_DEMANDES, FEV, site=monde.mds_arras) == 1
    assert valeur(C.AIDES_ACCORDS, FEV, site=monde.mds_arras) is None
    assert valeur(C.AIDES_ACCORDS, FEV, site=monde.mds_calais) == 1


def test_orientations_par_organisation_thematique_acceptation_et_delai(monde: Monde) -> None:
    """Four referrals to the CCAS (food) and one to the Mission locale, on 31 January 23:30 and
    1 February 00:30 (Paris time); answers and an expiry in February."""
    guide = construire_guide(monde)
    parcours = creer_parcours(site=monde.mds_arras, ouvert_le=D(2025, 1, 2))
    ccas, ml = monde.ccas_arras, monde.ml_calais
    alim = guide.aide_alimentaire
    orientation(
        parcours,
        alim,
        ccas,
        le=instant(2025, 1, 31, 23, 30),
        statut=S.VALIDEE,
        repondue_le=instant(2025, 2, 3),
    )
    orientation(
        parcours,
        alim,
        ccas,
        le=instant(2025, 2, 1, 0, 30),
        statut=S.VALIDEE,
        repondue_le=instant(2025, 2, 11),
    )
    orientation(
        parcours,
        alim,
        ccas,
        le=instant(2025, 2, 2),
        statut=S.REFUSEE,
        repondue_le=instant(2025, 2, 6),
        reponse_motif="Complet.",
    )
    orientation(
        parcours,
        alim,
        ccas,
        le=instant(2025, 1, 10),
        statut=S.EXPIREE,
        date_limite=D(2025, 2, 9),
        repondue_le=instant(2025, 2, 10, 6),
    )
    orientation(None, guide.jeunes_calaisis, ml, le=instant(2025, 2, 3))  # anonymised: no pathway

    indicateurs_calculer(depuis=None)

    site = monde.mds_arras
    assert [valeur(C.ORIENTATIONS, m, site=site) for m in (JAN, FEV)] == [2, 2]
    assert [valeur(C.ORIENTATIONS, m, organisation=ccas) for m in (JAN, FEV)] == [2, 2]
    assert valeur(C.ORIENTATIONS, FEV, organisation=ml) == 1
    assert valeur(C.ORIENTATIONS, FEV) == 2  # the anonymised one counts for its organisation only
    assert valeur(C.ORIENTATIONS_THEMATIQUE, FEV, categorie="equipement-et-alimentation") == 2
    assert (
        valeur(
            C.ORIENTATIONS_THEMATIQUE, FEV, territoire=site.territoire, categorie="equipement-et-alimentation"
        )
        == 2
    )
    # Closed in February: 2 accepted, 1 refused, 1 expired → 50 %.
    assert valeur(C.ORIENTATIONS_ACCEPTATION, FEV, organisation=ccas) == Decimal("50.0")
    assert valeur(C.ORIENTATIONS_ACCEPTATION, FEV, site=site) == Decimal("50.0")
    # Answer delays: 3, 10 and 4 days → median 4.
    assert valeur(C.ORIENTATIONS_DELAI_REPONSE, FEV, organisation=ccas) == Decimal("4.0")
    assert valeur(C.ORIENTATIONS_DELAI_REPONSE, FEV, organisation=ml) is None


def test_fiches_perimees_par_organisation_au_mois_courant(monde: Monde) -> None:
    """The guide of the tests has one stale CCAS service (confirmed 8 months ago, freshness 6 months);
    make a second one stale, and a draft (not published: not counted)."""
    from guide_ressources.models import Service

    guide = construire_guide(monde)
    il_y_a_400_jours = timezone.localdate() - datetime.timedelta(days=400)
    Service.objects.filter(pk__in=[guide.epicerie.pk, guide.brouillon.pk]).update(
        confirme_le=il_y_a_400_jours
    )
    courant = timezone.localdate().replace(day=1)
    creer_parcours(site=monde.mds_arras, ouvert_le=D(2025, 1, 2))  # the figures start with the first one

    indicateurs_calculer(depuis=None)

    assert valeur(C.GUIDE_FICHES_PERIMEES, courant, organisation=monde.ccas_arras) == 2
    assert valeur(C.GUIDE_FICHES_PERIMEES, courant, organisation=monde.ml_calais) is None
    assert valeur(C.GUIDE_FICHES_PERIMEES, courant) == 2


def test_seances_dossiers_par_seance_et_ajournements(monde: Monde) -> None:
    """Two sessions held in the Arrageois in February (3 and 1 files, 1 adjournment), one cancelled, one
    held on 31 January in the Calaisis."""
    arrageois = Instance.objects.get(nom="Conseil territorial de l'Arrageois")
    calaisis = Instance.objects.get(nom="Conseil territorial du Calaisis")
    parcours = creer_parcours(site=monde.mds_arras, ouvert_le=D(2025, 1, 2))
    premiere = seance(arrageois, le=D(2025, 2, 4))
    for issue in (IssueDecision.ACCORD, IssueDecision.REFUS, IssueDecision.AJOURNEMENT):
        examiner(premiere, demande_aide(parcours, deposee_le=D(2025, 1, 20)), issue)
    examiner(seance(arrageois, le=D(2025, 2, 25)), demande_aide(parcours, deposee_le=D(2025, 2, 1)), "accord")
    seance(arrageois, le=D(2025, 2, 27), etat=EtatSeance.ANNULEE)
    seance(calaisis, le=D(2025, 1, 31))

    indicateurs_calculer(depuis=None)

    territoire = monde.mds_arras.territoire
    assert valeur(C.SEANCES_TENUES, FEV, territoire=territoire) == 2
    assert valeur(C.SEANCES_TENUES, JAN, territoire=monde.mds_calais.territoire) == 1
    assert valeur(C.SEANCES_TENUES, FEV) == 2
    assert valeur(C.DOSSIERS_PAR_SEANCE, FEV, territoire=territoire) == Decimal("2.0")
    assert valeur(C.AJOURNEMENTS_TAUX, FEV, territoire=territoire) == Decimal("25.0")
    assert valeur(C.DOSSIERS_PAR_SEANCE, JAN) == Decimal("0.0")
