"""Imports of data·inclusion files uploaded by an administrator: recorded, then run by a task whose
progress the upload page polls."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from guide_ressources.enums import StatutImportation
from guide_ressources.importation import (
    PHASE_VALIDATION,
    ImportationRefusee,
    Lecture,
    donnees_lire,
    lecture_importer,
    lectures_reunir,
)
from guide_ressources.models import Importation
from social.models import Utilisateur

logger = logging.getLogger(__name__)


def _json(nom: str, contenu: bytes) -> tuple[Any, str | None]:
    try:
        return json.loads(contenu.decode("utf-8-sig")), None
    except UnicodeDecodeError:
        return None, f"{nom} : le fichier n'est pas encodé en UTF-8."
    except json.JSONDecodeError as exc:
        return None, f"{nom} : JSON invalide ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})."


def _lecture(importation: Importation) -> Lecture:
    return lectures_reunir(
        donnees_lire(f["nom"], f["donnees"]) for f in importation.donnees.get("fichiers", [])
    )


@transaction.atomic
def importation_creer(*, acting_user: Utilisateur, fichiers: list[tuple[str, bytes]]) -> Importation:
    """Record an upload. Unreadable files are refused at once; otherwise the import runs in the
    background (task deferred after commit) and its page follows the progress."""
    lus = []
    erreurs = []
    for nom, contenu in fichiers:
        donnees, erreur = _json(nom, contenu)
        if erreur:
            erreurs.append(erreur)
        else:
            lus.append({"nom": nom, "donnees": donnees})
    importation = Importation(nom_fichier=", ".join(nom for nom, _ in fichiers)[:250], created_by=acting_user)
    if not erreurs:
        importation.donnees = {"fichiers": lus}
        lecture = _lecture(importation)
        erreurs = lecture.erreurs
        importation.total = lecture.total
    if erreurs:
        importation.donnees = {}
        importation.statut = StatutImportation.REFUSEE
        importation.rapport = {"erreurs_fichier": erreurs, "erreurs": []}
        importation.termine_le = timezone.now()
        importation.save()
        return importation
    importation.save()
    from guide_ressources import tasks  # tasks import the actions

    transaction.on_commit(lambda: tasks.importation_executer.defer(importation_id=importation.pk))
    return importation


class SuiviProgression:
    """Writes an import's progress through its own database connection: the import's own transaction
    stays open until the end, and the page must see the progress meanwhile. At most one write every
    ``intervalle`` seconds (and the last one)."""

    def __init__(self, importation_id: int, intervalle: float = 0.5) -> None:
        self.importation_id = importation_id
        self.intervalle = intervalle
        self.derniere = 0.0
        self.connexion = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, phase: str, faits: int, total: int) -> None:
        maintenant = time.monotonic()
        if 0 < faits < total and maintenant - self.derniere < self.intervalle:
            return
        self.derniere = maintenant
        statut = (
            StatutImportation.VALIDATION if phase == PHASE_VALIDATION else StatutImportation.ENREGISTREMENT
        )
        with self.connexion.cursor() as curseur:
            # The table name comes from the model; every value is bound.
            requete = (
                f"UPDATE {Importation._meta.db_table} SET statut = %s, traites = %s, total = %s WHERE id = %s"  # noqa: S608
            )
            curseur.execute(
                requete,
                [statut, faits, total, self.importation_id],
            )

    def fermer(self) -> None:
        self.connexion.close()


def importation_executer(*, importation_id: int) -> Importation:
    """Run a recorded import: validate everything, then upsert in one transaction (inside
    ``lecture_importer``). Not atomic as a whole on purpose: the status and progress rows must be
    visible while the import runs. Running it again on a finished import does nothing."""
    importation = Importation.objects.get(pk=importation_id)
    if importation.statut != StatutImportation.EN_ATTENTE:
        return importation
    Importation.objects.filter(pk=importation.pk).update(statut=StatutImportation.VALIDATION)
    suivi = SuiviProgression(importation.pk)
    lecture = _lecture(importation)
    try:
        rapport = lecture_importer(lecture, acting_user=importation.created_by, progression=suivi)
    except ImportationRefusee as exc:
        importation.statut = StatutImportation.REFUSEE
        importation.rapport = {
            "erreurs_fichier": exc.erreurs_fichier,
            "erreurs": [erreur.en_dict() for erreur in exc.erreurs],
        }
    except Exception:
        logger.exception("Importation data·inclusion %s : échec", importation.pk)
        importation.statut = StatutImportation.ECHEC
        importation.rapport = {
            "erreurs_fichier": ["Erreur inattendue : aucune donnée n'a été enregistrée."],
            "erreurs": [],
        }
    else:
        importation.statut = StatutImportation.TERMINEE
        importation.rapport = {"compteurs": rapport.en_dict(), "resume": rapport.resume}
    finally:
        suivi.fermer()
    importation.traites = importation.total = lecture.total
    importation.donnees = {}  # the data now lives in the guide (or was refused): free the space
    importation.termine_le = timezone.now()
    importation.save(update_fields=["statut", "rapport", "traites", "total", "donnees", "termine_le"])
    return importation
