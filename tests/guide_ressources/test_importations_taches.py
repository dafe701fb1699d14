"""Uploaded imports: recorded, run by a background task, progress and report kept for the page."""

from __future__ import annotations

import json

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from guide_ressources.actions import importation_creer, importation_executer
from guide_ressources.actions.importations import SuiviProgression
from guide_ressources.enums import StatutImportation
from guide_ressources.models import Importation, Service
from tests.conftest import Monde
from tests.guide_ressources.test_importation import SERVICE, STRUCTURE

pytestmark = pytest.mark.django_db


def fichier(donnees: object) -> bytes:
    return json.dumps(donnees).encode()


def test_l_importation_est_confiee_a_une_tache_apres_validation(
    monde: Monde, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        importation = importation_creer(
            acting_user=monde.admin,
            fichiers=[("structures.json", fichier([STRUCTURE])), ("services.json", fichier([SERVICE]))],
        )
    assert (importation.statut, importation.total, importation.nom_fichier) == (
        StatutImportation.EN_ATTENTE,
        2,
        "structures.json, services.json",
    )
    job = ProcrastinateJob.objects.get()
    assert (job.task_name, job.args, job.queue_name) == (
        "guide_ressources.tasks.importation_executer",
        {"importation_id": importation.pk},
        "guide",
    )
    importation = importation_executer(importation_id=importation.pk)
    assert importation.statut == StatutImportation.TERMINEE
    assert (importation.traites, importation.total, importation.pourcentage) == (2, 2, 100)
    assert importation.rapport["compteurs"]["services"]["creees"] == 1
    assert importation.donnees == {}
    assert Service.objects.get().created_by == monde.admin
    # A second run (task retried) does nothing.
    assert importation_executer(importation_id=importation.pk).statut == StatutImportation.TERMINEE


def test_un_fichier_invalide_est_refuse_avec_chaque_erreur(monde: Monde) -> None:
    importation = importation_creer(
        acting_user=monde.admin,
        fichiers=[("services.json", fichier([SERVICE, {**SERVICE, "id": "b", "nom": "x"}]))],
    )
    importation = importation_executer(importation_id=importation.pk)
    assert importation.statut == StatutImportation.REFUSEE
    assert len(importation.erreurs) == 2
    assert importation.erreurs[1].startswith("services.json, élément n° 2 (index 1) (id « b ») :")
    assert not Service.objects.exists()


def test_un_fichier_illisible_est_refuse_tout_de_suite(monde: Monde) -> None:
    importation = importation_creer(acting_user=monde.admin, fichiers=[("a.json", b"{oups")])
    assert importation.statut == StatutImportation.REFUSEE
    assert importation.erreurs == [
        "a.json : JSON invalide ligne 1, colonne 2 (Expecting property name enclosed in double quotes)."
    ]


def test_une_erreur_inattendue_est_un_echec_sans_rien_enregistrer(
    monde: Monde, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guide_ressources.actions import importations

    def panne(*args: object, **kwargs: object) -> None:
        raise RuntimeError("panne")

    importation = importation_creer(acting_user=monde.admin, fichiers=[("s.json", fichier([STRUCTURE]))])
    monkeypatch.setattr(importations, "lecture_importer", panne)
    importation = importation_executer(importation_id=importation.pk)
    assert importation.statut == StatutImportation.ECHEC
    assert importation.erreurs == ["Erreur inattendue : aucune donnée n'a été enregistrée."]


def test_la_progression_est_ecrite_par_une_autre_connexion(monde: Monde) -> None:
    """The progress is written through its own connection, visible to the page while the import's
    transaction is still open: here, a row committed by that other connection is updated by it."""
    suivi = SuiviProgression(0, intervalle=0)
    try:
        with suivi.connexion.cursor() as curseur:
            table = Importation._meta.db_table
            curseur.execute(
                f"INSERT INTO {table} (public_id, nom_fichier, statut, donnees, total, traites, rapport, "  # noqa: S608
                "created_at) VALUES (gen_random_uuid(), 'x.json', 'validation', '{}', 10, 0, '{}', now()) "
                "RETURNING id"
            )
            suivi.importation_id = curseur.fetchone()[0]
        suivi("enregistrement", 4, 10)
        suivi("enregistrement", 5, 10)
        with suivi.connexion.cursor() as curseur:
            curseur.execute(
                f"SELECT statut, traites FROM {Importation._meta.db_table} WHERE id = %s",  # noqa: S608
                [suivi.importation_id],
            )
            assert curseur.fetchone() == ("enregistrement", 5)
            curseur.execute(f"DELETE FROM {Importation._meta.db_table} WHERE id = %s", [suivi.importation_id])  # noqa: S608
    finally:
        suivi.fermer()
    assert not Importation.objects.exists()  # the test's own connection never saw it
