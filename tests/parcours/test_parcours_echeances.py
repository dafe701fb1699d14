"""Deadlines computed from the dated parameters (rule G-1), tracked per file with alerts (rule G-4)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from parcours.actions import echeances_actualiser, parcours_transitionner
from parcours.enums import Dispositif, EtatApa, EtatRsa, StatutEcheance, TypeEcheance
from parcours.models import Echeance, Parcours
from social.enums import RoleAgent
from social.exceptions import DomainError
from social.models import Personne
from social.temps_reel import groupe_utilisateur
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.factories import ContratEngagementFactory, EcheanceFactory, ParcoursFactory, ouvrir

pytestmark = pytest.mark.django_db

D = datetime.date


def _echeance(parcours: Parcours, type: TypeEcheance) -> Echeance:
    return Echeance.objects.get(parcours=parcours, type=type)


def _rsa(monde: Monde, personne: Personne, reception: D) -> Parcours:
    return ouvrir(
        personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras, date_reception=reception
    )


def _apa(monde: Monde, personne: Personne, reception: D) -> Parcours:
    return ouvrir(
        personne,
        par=monde.evaluateur_arras,
        site=monde.autonomie_arras,
        dispositif=Dispositif.APA,
        referent=monde.evaluateur_arras,
        date_reception=reception,
    )


def test_rsa_1_orientation_sous_six_semaines(monde: Monde, personne_arras: Personne) -> None:
    """RSA-1: from the information on the opening of the right, 6 weeks (D262-65-2, since 1/1/2025)."""
    parcours = _rsa(monde, personne_arras, D(2025, 3, 3))
    echeance = _echeance(parcours, TypeEcheance.RSA_ORIENTATION)
    assert (echeance.date_depart, echeance.date_limite) == (D(2025, 3, 3), D(2025, 4, 14))
    assert echeance.parametre == "rsa.delai.orientation"
    assert echeance.statut == StatutEcheance.DEPASSEE  # long passed, not oriented

    parcours_transitionner(parcours=parcours, vers=EtatRsa.ORIENTE, acting_user=monde.ts_arras)
    echeance.refresh_from_db()
    assert (echeance.statut, echeance.tenue_le) == (StatutEcheance.TENUE, timezone.localdate())


def test_rsa_1_deux_mois_pour_les_dossiers_d_avant_2025(monde: Monde, personne_arras: Personne) -> None:
    """The value in force on the start date applies (G-1): 2 months before the 2023 law took effect."""
    parcours = _rsa(monde, personne_arras, D(2024, 12, 2))
    assert _echeance(parcours, TypeEcheance.RSA_ORIENTATION).date_limite == D(2025, 2, 2)


def test_rsa_1_orientation_a_temps_et_dans_les_delais(monde: Monde, personne_arras: Personne) -> None:
    recu = timezone.localdate() - datetime.timedelta(days=10)
    parcours = _rsa(monde, personne_arras, recu)
    echeance = _echeance(parcours, TypeEcheance.RSA_ORIENTATION)
    assert (echeance.date_limite, echeance.statut) == (
        recu + datetime.timedelta(weeks=6),
        StatutEcheance.OUVERTE,
    )
    assert not Echeance.objects.filter(parcours=parcours, type=TypeEcheance.RSA_CONTRAT).exists()


def test_rsa_3_contrat_un_mois_apres_l_orientation_relance_par_une_reorientation(
    monde: Monde, personne_arras: Personne
) -> None:
    jour = timezone.localdate()
    parcours = _rsa(monde, personne_arras, jour - datetime.timedelta(days=60))
    parcours_transitionner(
        parcours=parcours,
        vers=EtatRsa.ORIENTE,
        acting_user=monde.ts_arras,
        date_effet=jour - datetime.timedelta(days=40),
    )
    contrat = _echeance(parcours, TypeEcheance.RSA_CONTRAT)
    assert contrat.date_depart == jour - datetime.timedelta(days=40)
    assert contrat.statut == StatutEcheance.DEPASSEE

    parcours_transitionner(
        parcours=parcours, vers=EtatRsa.ORIENTE, acting_user=monde.encadrant_arras, motif="Avis de l'EP"
    )
    contrat.refresh_from_db()
    assert (contrat.date_depart, contrat.statut) == (jour, StatutEcheance.OUVERTE)
    assert contrat.history.count() == 2  # recomputed by saving the instance: history keeps both

    parcours_transitionner(parcours=parcours, vers=EtatRsa.CONTRACTUALISE, acting_user=monde.ts_arras)
    contrat.refresh_from_db()
    assert contrat.statut == StatutEcheance.TENUE


def test_apa_2_accuse_de_reception_dix_jours(monde: Monde, personne_arras: Personne) -> None:
    """APA-2: acknowledgement, or the list of missing documents, within 10 days of receipt (R232-23)."""
    recu = timezone.localdate() - datetime.timedelta(days=4)
    parcours = _apa(monde, personne_arras, recu)
    accuse = _echeance(parcours, TypeEcheance.APA_ACCUSE_RECEPTION)
    assert (accuse.date_limite, accuse.statut) == (recu + datetime.timedelta(days=10), StatutEcheance.OUVERTE)
    assert accuse.parametre == "apa.delai.accuse_reception"

    parcours_transitionner(
        parcours=parcours,
        vers=EtatApa.DOSSIER_INCOMPLET,
        acting_user=monde.evaluateur_arras,
        motif="2 pièces manquantes : avis d'imposition, RIB",
    )
    accuse.refresh_from_db()
    assert accuse.statut == StatutEcheance.TENUE


def test_apa_3_decision_deux_mois(monde: Monde, personne_arras: Personne) -> None:
    """APA-3: at home, the decision is notified within 2 months of the complete file's registration."""
    jour = timezone.localdate()
    parcours = _apa(monde, personne_arras, jour - datetime.timedelta(days=30))
    assert not Echeance.objects.filter(parcours=parcours, type=TypeEcheance.APA_DECISION).exists()
    complet_le = jour - datetime.timedelta(days=25)
    parcours_transitionner(
        parcours=parcours,
        vers=EtatApa.DOSSIER_COMPLET,
        acting_user=monde.evaluateur_arras,
        date_effet=complet_le,
    )
    decision = _echeance(parcours, TypeEcheance.APA_DECISION)
    annee, mois = divmod(complet_le.month - 1 + 2, 12)
    assert decision.date_depart == complet_le
    assert decision.date_limite.month == mois + 1 and decision.date_limite.year == complet_le.year + annee
    assert decision.statut == StatutEcheance.OUVERTE

    encadrante = f.AffectationFactory(site=monde.autonomie_arras, role=RoleAgent.ENCADRANT).utilisateur
    for vers in (EtatApa.EVALUATION, EtatApa.PLAN_PROPOSE):
        parcours_transitionner(parcours=parcours, vers=vers, acting_user=monde.evaluateur_arras)
    parcours_transitionner(parcours=parcours, vers=EtatApa.DECIDE, acting_user=encadrante)
    decision.refresh_from_db()
    assert decision.statut == StatutEcheance.OUVERTE  # decided is not notified
    parcours_transitionner(parcours=parcours, vers=EtatApa.NOTIFIE, acting_user=monde.evaluateur_arras)
    decision.refresh_from_db()
    assert (decision.statut, decision.tenue_le) == (StatutEcheance.TENUE, jour)


def test_apa_3_date_connue_deux_mois_calendaires() -> None:
    from social.parametres import echeance

    assert echeance("apa.delai.decision", D(2025, 12, 31)) == D(2026, 2, 28)
    assert echeance("apa.delai.accuse_reception", D(2026, 1, 26)) == D(2026, 2, 5)


def test_rsa_5_conversion_en_contrat_d_engagement_avant_le_1er_janvier_2027(
    monde: Monde, personne_arras: Personne
) -> None:
    """RSA-5: a file received before 1/1/2025 and still open must have a contrat d'engagement by
    1/1/2027: a deadline from the reform date, met by the first contract; none for a later file."""
    ancien = _rsa(monde, personne_arras, D(2024, 10, 7))
    echeance = _echeance(ancien, TypeEcheance.RSA_TRANSITION_CONTRAT)
    assert (echeance.date_depart, echeance.date_limite) == (D(2025, 1, 1), D(2027, 1, 1))
    assert echeance.parametre == "rsa.delai.transition_contrat_engagement"
    attendu = StatutEcheance.OUVERTE if timezone.localdate() <= D(2027, 1, 1) else StatutEcheance.DEPASSEE
    assert (echeance.statut, echeance.tenue_le) == (attendu, None)

    recent = _rsa(monde, f.PersonneFactory(commune=monde.arras), D(2025, 1, 2))
    assert not recent.echeances.filter(type=TypeEcheance.RSA_TRANSITION_CONTRAT).exists()

    for etat in (EtatRsa.ORIENTE, EtatRsa.CONTRACTUALISE):
        parcours_transitionner(parcours=ancien, vers=etat, acting_user=monde.ts_arras)
    echeance.refresh_from_db()
    assert (echeance.statut, echeance.tenue_le) == (StatutEcheance.TENUE, timezone.localdate())


def test_rsa_5_les_dossiers_enregistres_avant_recoivent_l_echeance_la_nuit(
    monde: Monde, personne_arras: Personne
) -> None:
    """RSA-5 for the files stored before the deadline existed: the nightly pass gives it to every open
    RSA file received before the reform, once; not to a later file nor to a closed one."""
    from parcours.actions.echeances import echeances_transition_contrat_completer

    ancien = _rsa(monde, personne_arras, D(2024, 6, 3))
    clos = _rsa(monde, f.PersonneFactory(commune=monde.arras), D(2024, 6, 3))
    recent = _rsa(monde, f.PersonneFactory(commune=monde.arras), D(2025, 3, 3))
    Echeance.objects.filter(type=TypeEcheance.RSA_TRANSITION_CONTRAT).delete()  # as stored before
    Parcours.objects.filter(pk=clos.pk).update(date_cloture=timezone.localdate(), motif_cloture="Sortie")

    assert echeances_transition_contrat_completer() == 1
    echeance = _echeance(ancien, TypeEcheance.RSA_TRANSITION_CONTRAT)
    assert (echeance.date_depart, echeance.date_limite) == (D(2025, 1, 1), D(2027, 1, 1))
    assert not Echeance.objects.filter(
        parcours__in=[clos, recent], type=TypeEcheance.RSA_TRANSITION_CONTRAT
    ).exists()
    assert echeances_transition_contrat_completer() == 0


def test_parametre_absent_a_la_date_de_depart(monde: Monde, personne_arras: Personne) -> None:
    with pytest.raises(DomainError) as erreur:
        _rsa(monde, personne_arras, D(2005, 1, 3))
    assert erreur.value.code == "parametre_introuvable"
    assert not Parcours.objects.exists()


def test_actualisation_nocturne_et_notification_du_referent(
    monde: Monde, personne_arras: Personne, django_capture_on_commit_callbacks: Any
) -> None:
    jour = timezone.localdate()
    parcours = ParcoursFactory(personne=personne_arras, site=monde.mds_arras, referent=monde.ts_arras)
    expiree = EcheanceFactory(parcours=parcours, date_limite=jour - datetime.timedelta(days=1))
    proche = EcheanceFactory(
        parcours=parcours, type=TypeEcheance.RSA_CONTRAT, date_limite=jour + datetime.timedelta(days=7)
    )
    clos = ParcoursFactory(personne__commune=monde.arras, site=monde.mds_arras, clos=True)
    sur_un_clos = EcheanceFactory(parcours=clos, date_limite=jour - datetime.timedelta(days=1))
    couche = get_channel_layer()
    canal = async_to_sync(couche.new_channel)()
    async_to_sync(couche.group_add)(groupe_utilisateur(monde.ts_arras.pk), canal)

    with django_capture_on_commit_callbacks(execute=True):
        assert echeances_actualiser() == 1

    expiree.refresh_from_db()
    sur_un_clos.refresh_from_db()
    proche.refresh_from_db()
    assert expiree.statut == StatutEcheance.DEPASSEE
    assert (sur_un_clos.statut, proche.statut) == (StatutEcheance.OUVERTE, StatutEcheance.OUVERTE)

    async def recevoir(nombre: int) -> list[dict[str, Any]]:
        # One event loop for every receive: the Redis layer buffers per loop.
        return [await couche.receive(canal) for _ in range(nombre)]

    recus = async_to_sync(recevoir)(2)
    assert {m["evenement"]: m["ids"] for m in recus} == {
        "parcours.echeance_depassee": [str(parcours.public_id)],
        "parcours.echeance_proche": [str(parcours.public_id)],
    }


def test_le_referent_est_prevenu_de_la_fin_du_contrat_d_engagement(
    monde: Monde, django_capture_on_commit_callbacks: Any
) -> None:
    """The nightly pass warns the référent 7 days before the latest contract ends, and the day after its
    last day (the rupture ``contrat_expire`` starts); a contract replaced since, or on a closed pathway or
    without référent, warns nobody."""
    jour = timezone.localdate()

    def rsa(**kwargs: Any) -> Parcours:
        kwargs.setdefault("referent", monde.ts_arras)
        return ParcoursFactory(
            personne__commune=monde.arras, site=monde.mds_arras, dispositif=Dispositif.RSA, **kwargs
        )

    expire, bientot, remplace, clos, orphelin = rsa(), rsa(), rsa(), rsa(clos=True), rsa(referent=None)
    ContratEngagementFactory(
        parcours=expire,
        signe_le=jour - datetime.timedelta(days=366),
        date_fin=jour - datetime.timedelta(days=1),
    )
    ContratEngagementFactory(parcours=bientot, date_fin=jour + datetime.timedelta(days=7))
    ContratEngagementFactory(
        parcours=remplace,
        signe_le=jour - datetime.timedelta(days=366),
        date_fin=jour - datetime.timedelta(days=1),
    )
    ContratEngagementFactory(parcours=remplace, signe_le=jour - datetime.timedelta(days=5), date_fin=None)
    for parcours in (clos, orphelin):
        ContratEngagementFactory(
            parcours=parcours,
            signe_le=jour - datetime.timedelta(days=366),
            date_fin=jour - datetime.timedelta(days=1),
        )
    couche = get_channel_layer()
    canal = async_to_sync(couche.new_channel)()
    async_to_sync(couche.group_add)(groupe_utilisateur(monde.ts_arras.pk), canal)

    with django_capture_on_commit_callbacks(execute=True):
        echeances_actualiser()

    async def recevoir(nombre: int) -> list[dict[str, Any]]:
        return [await couche.receive(canal) for _ in range(nombre)]

    recus = async_to_sync(recevoir)(2)
    assert {m["evenement"]: m["ids"] for m in recus} == {
        "parcours.contrat_expire": [str(expire.public_id)],
        "parcours.contrat_fin_proche": [str(bientot.public_id)],
    }


def test_l_actualisation_est_planifiee_chaque_matin() -> None:
    from procrastinate.contrib.django import app

    from parcours import tasks

    planifiees = {(cle[1], tache.cron) for cle, tache in app.periodic_registry.periodic_tasks.items()}
    assert ("parcours_echeances_actualiser", "7 5 * * *") in planifiees
    assert tasks.echeances_actualiser.queue == "parcours"


def test_la_tache_appelle_l_action(monde: Monde, personne_arras: Personne) -> None:
    from parcours.tasks import echeances_actualiser as tache

    parcours = ParcoursFactory(personne=personne_arras, site=monde.mds_arras)
    expiree = EcheanceFactory(
        parcours=parcours, date_limite=timezone.localdate() - datetime.timedelta(days=1)
    )
    ancien = _rsa(monde, f.PersonneFactory(commune=monde.arras), D(2024, 6, 3))
    Echeance.objects.filter(type=TypeEcheance.RSA_TRANSITION_CONTRAT).delete()
    tache(timestamp=int(timezone.now().timestamp()))
    expiree.refresh_from_db()
    assert expiree.statut == StatutEcheance.DEPASSEE
    assert ancien.echeances.filter(type=TypeEcheance.RSA_TRANSITION_CONTRAT).exists()  # RSA-5, first
