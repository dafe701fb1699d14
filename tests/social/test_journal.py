"""The access journal: append-only, hash-chained, verified by a command, purged after the retention
parameter (rule DP-1)."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from social.actions import ContexteAcces, journal_enregistrer
from social.actions.maintenance import journal_purger
from social.checks import retention_journal
from social.enums import OperationJournal
from social.models import JournalAcces
from social.models.journal import HASH_INITIAL
from social.selectors import journal_verifier

pytestmark = pytest.mark.django_db

ACCES = ContexteAcces(utilisateur_id=7, ip="10.0.0.1", contexte="test")


def _ecrire(n: int) -> list[JournalAcces]:
    return [
        journal_enregistrer(
            acces=ACCES,
            operation=OperationJournal.CONSULTATION,
            objet_type="personne",
            objet_ids=[uuid.uuid4()],
        )
        for _ in range(n)
    ]


def test_dp_1_chaque_ligne_chaine_la_precedente() -> None:
    lignes = _ecrire(3)
    assert lignes[0].hash_precedent in {HASH_INITIAL} | set(
        JournalAcces.objects.values_list("hash", flat=True)
    )
    assert lignes[1].hash_precedent == lignes[0].hash
    assert lignes[2].hash_precedent == lignes[1].hash
    assert journal_verifier().intact


def test_dp_1_la_commande_confirme_un_journal_intact(capsys: pytest.CaptureFixture[str]) -> None:
    _ecrire(4)
    call_command("verifier_journal")
    assert "intact" in capsys.readouterr().out


def test_dp_1_la_commande_detecte_une_ligne_modifiee() -> None:
    lignes = _ecrire(4)
    # Tampering as a database administrator would: a raw UPDATE that bypasses the application.
    JournalAcces.objects.filter(pk=lignes[2].pk).update(utilisateur_id=999)
    with pytest.raises(CommandError, match=f"ligne {lignes[2].pk}"):
        call_command("verifier_journal")


def test_dp_1_la_commande_detecte_une_ligne_supprimee() -> None:
    lignes = _ecrire(4)
    JournalAcces.objects.filter(pk=lignes[1].pk).delete()
    resultat = journal_verifier()
    assert resultat.premiere_anomalie == lignes[2].pk
    assert "chaînage" in resultat.raison


def test_dp_1_aucun_nom_ni_nir_dans_le_journal() -> None:
    champs = {f.name for f in JournalAcces._meta.get_fields()}
    assert champs.isdisjoint({"nom", "prenoms", "nir", "personne"})


def test_dp_1_purge_apres_la_duree_de_retention_parametree(settings) -> None:  # type: ignore[no-untyped-def]
    lignes = _ecrire(3)
    maintenant = timezone.now()
    JournalAcces.objects.filter(pk=lignes[0].pk).update(created_at=maintenant - datetime.timedelta(days=400))
    assert settings.PROCHE_JOURNAL_RETENTION_MOIS == 12
    assert journal_purger() == 1
    assert not JournalAcces.objects.filter(pk=lignes[0].pk).exists()
    # The first remaining row is the new anchor: the chain still verifies.
    assert journal_verifier().intact
    # The retention is a parameter: 200 days on, 12 months keep the rows, 6 months purge them.
    dans_200_jours = maintenant + datetime.timedelta(days=200)
    assert journal_purger(maintenant=dans_200_jours) == 0
    settings.PROCHE_JOURNAL_RETENTION_MOIS = 6
    assert journal_purger(maintenant=maintenant + datetime.timedelta(days=150)) == 0
    assert journal_purger(maintenant=dans_200_jours) == 2
    assert not JournalAcces.objects.exists()


@pytest.mark.parametrize(
    ("mois", "attendu"),
    [(5, ["social.E001"]), (6, []), (12, []), (24, ["social.W001"]), (37, ["social.E001"])],
)
def test_dp_1_duree_de_conservation_du_journal_bornee(settings, mois: int, attendu: list[str]) -> None:  # type: ignore[no-untyped-def]
    """The retention of the access journal is 6 to 12 months, up to 36 with a documented justification:
    outside, the system check refuses to start; above 12 months, it reminds the justification."""
    settings.PROCHE_JOURNAL_RETENTION_MOIS = mois
    messages = retention_journal(None)
    assert [message.id for message in messages] == attendu
    if attendu:
        assert f"{mois} mois" in messages[0].msg


def test_dp_1_trente_six_mois_sont_trois_ans_jour_pour_jour(settings) -> None:  # type: ignore[no-untyped-def]
    """The longest retention (3 years, CNIL 2021-122) counts calendar months, not 31-day months."""
    settings.PROCHE_JOURNAL_RETENTION_MOIS = 36
    maintenant = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)
    ancienne, recente = _ecrire(2)
    JournalAcces.objects.filter(pk=ancienne.pk).update(
        created_at=datetime.datetime(2023, 11, 29, 11, 0, tzinfo=datetime.UTC)
    )
    JournalAcces.objects.filter(pk=recente.pk).update(
        created_at=datetime.datetime(2023, 11, 29, 13, 0, tzinfo=datetime.UTC)
    )
    assert journal_purger(maintenant=maintenant) == 1
    assert list(JournalAcces.objects.values_list("pk", flat=True)) == [recente.pk]
