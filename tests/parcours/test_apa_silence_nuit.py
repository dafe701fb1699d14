"""APA-4 applied by the nightly pass (``parcours.tasks.apa_silences_constater``): two months after the
complete file without a notified decision, the APA at home is deemed granted with its flat rate, recorded
by the system (a transition log row without acting user, marked automatic), once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from parcours import actions
from parcours.enums import EtatApa, LieuApa
from parcours.models import DossierApa, Parcours, TransitionParcours
from parcours.selectors import fiche_parcours
from social.parametres import ajouter_mois
from tests.conftest import Monde
from tests.parcours.test_apa_dossier import il_y_a, jusqu_a_la_decision, parcours_apa

pytestmark = pytest.mark.django_db


def dossier_complet(monde: Monde, *, il_y_a_jours: int, lieu: str = LieuApa.DOMICILE) -> Parcours:
    """An APA file whose complete file was registered ``il_y_a_jours`` days ago (no decision yet)."""
    apa = parcours_apa(monde, recu=il_y_a_jours + 3)
    par = monde.evaluateur_arras
    actions.apa_demande_enregistrer(
        parcours=apa, demande_le=il_y_a(il_y_a_jours + 3), lieu=lieu, acting_user=par
    )
    actions.apa_accuser_reception(
        parcours=apa, accuse_le=il_y_a(il_y_a_jours), pieces_manquantes=[], acting_user=par
    )
    return apa


def lignes_automatiques(parcours: Parcours) -> list[TransitionParcours]:
    return list(TransitionParcours.objects.filter(parcours=parcours, automatique=True))


def test_apa_4_la_passe_de_nuit_enregistre_l_accord_repute_par_le_systeme(monde: Monde) -> None:
    apa = dossier_complet(monde, il_y_a_jours=70)
    recent = dossier_complet(monde, il_y_a_jours=20)
    etat = Parcours.objects.get(pk=apa.pk).etat

    assert actions.apa_silences_constater() == 1

    dossier = DossierApa.objects.get(parcours=apa)
    acquis_le = ajouter_mois(il_y_a(70), 2) + datetime.timedelta(days=1)
    assert dossier.accord_repute_le == acquis_le and dossier.montant_forfaitaire > 0
    [ligne] = lignes_automatiques(apa)
    assert ligne.acting_user is None and ligne.depuis == ligne.vers == etat  # the decision is still awaited
    assert ligne.date_effet == acquis_le
    assert "Accord réputé acquis" in ligne.motif and "APA-4" in ligne.motif
    assert Parcours.objects.get(pk=apa.pk).etat == etat
    # Not yet two months: nothing.
    assert DossierApa.objects.get(parcours=recent).accord_repute_le is None
    assert lignes_automatiques(recent) == []
    # The timeline names the system, not a deleted account.
    parcours = Parcours.objects.get(pk=apa.pk)
    [evenement] = [
        e
        for e in fiche_parcours(parcours=parcours, user=monde.evaluateur_arras).chronologie
        if "Accord réputé" in e.detail
    ]
    assert evenement.auteur == "Procédure automatique" and evenement.titre.startswith("État inchangé")


def test_apa_4_la_passe_de_nuit_est_idempotente(monde: Monde) -> None:
    apa = dossier_complet(monde, il_y_a_jours=70)
    assert actions.apa_silences_constater() == 1
    assert actions.apa_silences_constater() == 0
    assert actions.apa_silence_constater(parcours=apa) is not None  # an agent asking again: same file
    assert len(lignes_automatiques(apa)) == 1
    assert TransitionParcours.objects.filter(parcours=apa, motif__contains="Accord réputé").count() == 1


def test_apa_4_ni_en_etablissement_ni_apres_la_notification_ni_parcours_clos(monde: Monde) -> None:
    etablissement = dossier_complet(monde, il_y_a_jours=70, lieu=LieuApa.ETABLISSEMENT)
    notifie = parcours_apa(monde)
    jusqu_a_la_decision(monde, notifie)
    actions.apa_notifier(parcours=notifie, notifiee_le=il_y_a(1), acting_user=monde.evaluateur_arras)
    clos = dossier_complet(monde, il_y_a_jours=70)
    Parcours.objects.filter(pk=clos.pk).update(date_cloture=timezone.localdate(), etat=EtatApa.CLOS)

    assert actions.apa_silences_constater(jour=il_y_a(-90)) == 0
    for parcours in (etablissement, notifie, clos):
        assert DossierApa.objects.get(parcours=parcours).accord_repute_le is None
        assert lignes_automatiques(parcours) == []


def test_apa_4_un_agent_qui_constate_le_silence_signe_la_ligne(monde: Monde) -> None:
    apa = dossier_complet(monde, il_y_a_jours=70)
    actions.apa_silence_constater(parcours=apa, acting_user=monde.encadrant_arras)
    ligne = TransitionParcours.objects.get(parcours=apa, motif__contains="Accord réputé")
    assert ligne.acting_user == monde.encadrant_arras and not ligne.automatique
    assert actions.apa_silences_constater() == 0


def test_apa_4_la_passe_est_planifiee_chaque_nuit_et_appelle_l_action(monde: Monde) -> None:
    from procrastinate.contrib.django import app

    from parcours import tasks

    planifiees = {(cle[1], tache.cron) for cle, tache in app.periodic_registry.periodic_tasks.items()}
    assert ("parcours_apa_silences_constater", "57 4 * * *") in planifiees
    assert tasks.apa_silences_constater.queue == "parcours"
    apa = dossier_complet(monde, il_y_a_jours=70)
    tasks.apa_silences_constater(timestamp=int(timezone.now().timestamp()))
    assert DossierApa.objects.get(parcours=apa).accord_repute_le is not None
