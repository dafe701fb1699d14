"""Acceptance (2): import of data·inclusion v1 files. Idempotent upsert on (source, id), every invalid
row reported with its position and reason, nothing half-saved, export → import → export identical."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from guide_ressources.enums import StatutPublication
from guide_ressources.exportation import services_exporter, structures_exporter
from guide_ressources.importation import (
    ImportationRefusee,
    donnees_lire,
    fichier_lire,
    lecture_importer,
    lectures_reunir,
)
from guide_ressources.models import Service, Structure, TransitionPublication
from guide_ressources.selectors import requete_plein_texte
from tests.conftest import Monde
from tests.guide_ressources.fabriques import Guide, construire_guide, service

pytestmark = pytest.mark.django_db

STRUCTURE = {
    "source": "dora",
    "id": "dora--s1",
    "nom": "Centre social Le Tournesol",
    "date_maj": "2025-02-14",
    "siret": None,
    "code_insee": "62041",
    "commune": "Arras",
    "reseaux_porteurs": ["fcsf"],
}
SERVICE = {
    "source": "dora",
    "structure_id": "dora--s1",
    "id": "dora--sv1",
    "nom": "Atelier numérique",
    "description": "Initiation à l'ordinateur et aux démarches en ligne.",
    "date_maj": "2025-02-14",
    "thematiques": ["numerique--maitriser-les-fondamentaux-du-numerique"],
    "publics": ["tous-publics"],
    "zone_eligibilite": ["62041"],
    "conditions_acces": "Sur inscription.\n\nJustificatifs à fournir : Pièce d'identité.",
    "volume_horaire_hebdomadaire": 2,
}


def importer(*fichiers: tuple[str, Any], **options: Any) -> Any:
    lecture = lectures_reunir(donnees_lire(nom, donnees) for nom, donnees in fichiers)
    return lecture_importer(lecture, acting_user=None, **options)


def test_l_import_met_le_texte_de_la_structure_dans_la_recherche_de_ses_services(monde: Monde) -> None:
    importer(("structures.json", [STRUCTURE]), ("services.json", [SERVICE]))
    service = Service.objects.get(identifiant="dora--sv1")
    assert service.texte_structure == "Centre social Le Tournesol"
    assert Service.objects.filter(recherche=requete_plein_texte(["tournesol"])).get() == service
    # A new name for the structure, the service unchanged: its search text follows.
    importer(("structures.json", [{**STRUCTURE, "nom": "Centre social Les Coquelicots"}]))
    assert Service.objects.filter(recherche=requete_plein_texte(["coquelicot"])).get() == service
    assert not Service.objects.filter(recherche=requete_plein_texte(["tournesol"])).exists()


def compter() -> tuple[int, int, int, int]:
    return (
        Structure.objects.count(),
        Service.objects.count(),
        Structure.history.count() + Service.history.count(),  # type: ignore[attr-defined]
        TransitionPublication.objects.count(),
    )


def test_un_fichier_valide_importe_deux_fois_donne_les_memes_lignes(monde: Monde) -> None:
    premier = importer(("structures.json", [STRUCTURE]), ("services.json", [SERVICE]))
    assert premier.resume == (
        "Structures : 1 créée(s), 0 modifiée(s), 0 inchangée(s). "
        "Services : 1 créé(s), 0 modifié(s), 0 inchangé(s)."
    )
    apres_un = compter()
    lignes = list(Service.objects.values())
    second = importer(("structures.json", [STRUCTURE]), ("services.json", [SERVICE]))
    assert (second.structures.inchangees, second.services.inchangees) == (1, 1)
    assert compter() == apres_un  # nothing written: no row, no history, no log
    assert list(Service.objects.values()) == lignes

    service_importe = Service.objects.get()
    assert service_importe.statut == StatutPublication.PUBLIEE
    assert service_importe.structure.nom == "Centre social Le Tournesol"
    assert service_importe.structure.commune == monde.arras
    assert service_importe.commune is None  # no code_insee of its own
    assert (service_importe.conditions_acces, service_importe.justificatifs) == (
        "Sur inscription.",
        "Pièce d'identité.",
    )


def test_une_modification_met_a_jour_la_ligne_et_son_historique(monde: Monde) -> None:
    importer(("structures.json", [STRUCTURE]), ("services.json", [SERVICE]))
    modifie = {**SERVICE, "nom": "Atelier numérique pour débutants", "date_maj": "2025-03-01"}
    rapport = importer(("services.json", [modifie]))  # the structure is already in the guide
    assert (rapport.services.modifiees, rapport.services.creees) == (1, 0)
    service_importe = Service.objects.get()
    assert service_importe.nom == "Atelier numérique pour débutants"
    assert [h.history_change_reason for h in service_importe.history.all()] == [  # type: ignore[attr-defined]
        "Importation data·inclusion",
        "Importation data·inclusion",
    ]


def test_chaque_ligne_invalide_est_signalee_et_rien_n_est_enregistre(monde: Monde) -> None:
    structures = [
        STRUCTURE,
        {**STRUCTURE, "id": "dora--s2", "date_maj": "2999-01-01"},
        {**STRUCTURE, "id": "dora--s3", "siret": "123", "site_web": "pas une adresse"},
        {**STRUCTURE, "id": "dora--s1"},  # duplicate of the first
    ]
    services = [
        SERVICE,
        {**SERVICE, "id": "dora--sv2", "publics": ["tous-publics", "jeunes"]},
        {**SERVICE, "id": "dora--sv3", "structure_id": "dora--inconnue"},
        {k: v for k, v in SERVICE.items() if k != "description"} | {"id": "dora--sv4"},
        "pas un objet",
        {**SERVICE, "id": "dora--sv6", "thematiques": ["pas-une-thematique"], "telephone": "0" * 60},
    ]
    avant = compter()
    with pytest.raises(ImportationRefusee) as refus:
        importer(("structures.json", structures), ("services.json", services))
    assert compter() == avant
    messages = [e.message for e in refus.value.erreurs]
    assert [(e.fichier, e.index) for e in refus.value.erreurs] == [
        ("structures.json", 1),
        ("structures.json", 2),
        ("structures.json", 3),
        ("services.json", 1),
        ("services.json", 2),
        ("services.json", 3),
        ("services.json", 4),
        ("services.json", 5),
    ]
    assert (
        "élément n° 2 (index 1) (id « dora--s2 ») : « date_maj » : 2999-01-01 n'est pas comprise"
        in messages[0]
    )
    assert "« siret » : au moins 14 caractères attendus (3 reçus)" in messages[1]
    assert "« site_web » : adresse web invalide" in messages[1]
    assert "identifiant en double (déjà l'élément n° 1 de structures.json)" in messages[2]
    assert "« tous-publics » ne peut pas être combiné" in messages[3]
    assert "structure « dora--inconnue » inconnue pour la source « dora »" in messages[4]
    assert "champ obligatoire absent : « description »" in messages[5]
    assert "l'élément n'est pas un objet JSON" in messages[6]
    assert '« thematiques[0] » : valeur inconnue "pas-une-thematique"' in messages[7]


def test_les_limites_de_proche_sont_verifiees_apres_le_schema(monde: Monde) -> None:
    with pytest.raises(ImportationRefusee) as refus:
        importer(("s.json", [{**STRUCTURE, "telephone": "0" * 60}]))
    assert refus.value.erreurs[0].raisons == [
        "« telephone » : au plus 50 caractères acceptés par Proche (60 reçus)"
    ]


def test_une_erreur_d_enregistrement_annule_tout(monde: Monde, monkeypatch: pytest.MonkeyPatch) -> None:
    """The upsert is one transaction: a failure on the services leaves the structures unsaved too."""
    from guide_ressources import importation

    def panne(self: Any, structures: Any) -> None:
        raise RuntimeError("panne")

    monkeypatch.setattr(importation._Enregistreur, "services", panne)
    avant = compter()
    with pytest.raises(RuntimeError):
        importer(("structures.json", [STRUCTURE]), ("services.json", [SERVICE]))
    assert compter() == avant


def test_fichiers_illisibles(monde: Monde) -> None:
    assert fichier_lire("a.json", b"{pas du json").erreurs == [
        "a.json : JSON invalide ligne 1, colonne 2 (Expecting property name enclosed in double quotes)."
    ]
    assert fichier_lire("b.json", "[]".encode("utf-16")).erreurs == [
        "b.json : le fichier n'est pas encodé en UTF-8."
    ]
    assert fichier_lire("c.json", b'"texte"').erreurs
    assert fichier_lire("d.json", b'{"autre": []}').erreurs
    with pytest.raises(ImportationRefusee) as refus:
        lecture_importer(fichier_lire("a.json", b"{"), acting_user=None)
    assert refus.value.erreurs_fichier


def test_un_objet_structures_et_services(monde: Monde) -> None:
    lecture = fichier_lire(
        "tout.json", json.dumps({"structures": [STRUCTURE], "services": [SERVICE]}).encode()
    )
    assert (len(lecture.structures), len(lecture.services)) == (1, 1)
    assert lecture.services[0].fichier == "tout.json › services"
    assert lecture_importer(lecture, acting_user=None).services.creees == 1


def test_simulation(monde: Monde) -> None:
    rapport = importer(("structures.json", [STRUCTURE]), ("services.json", [SERVICE]), simulation=True)
    assert rapport.services.creees == 1
    assert compter() == (0, 0, 0, 0)


def test_les_termes_locaux_et_territoires_d_une_fiche_locale_sont_gardes(monde: Monde) -> None:
    guide: Guide = construire_guide(monde)
    apa = service(
        structure=guide.ccas_arras,
        nom="APA à domicile",
        thematiques=["cd62-autonomie--apa-a-domicile", "famille--soutien-aidants"],
        publics=["cd62-personnes-agees-dependantes"],
        zone_territoires=["arrageois"],
        zone_codes=["62193"],
    )
    exporte = [s for s in services_exporter() if s["id"] == apa.identifiant]
    assert exporte[0]["thematiques"] == [
        "famille--prise-en-charge-personne-dependante",
        "famille--soutien-aidants",
    ]
    assert exporte[0]["zone_eligibilite"] == ["62193", "62041"]
    structures = [s for s in structures_exporter() if s["id"] == guide.ccas_arras.identifiant]
    rapport = importer(("structures.json", structures), ("services.json", exporte))
    assert (rapport.structures.inchangees, rapport.services.inchangees) == (1, 1)
    apa.refresh_from_db()
    assert apa.thematiques == ["cd62-autonomie--apa-a-domicile", "famille--soutien-aidants"]
    assert apa.zone_territoires == ["arrageois"] and apa.zone_codes == ["62193"]
    # A national value dropped upstream takes its local term with it.
    modifie = {**exporte[0], "thematiques": ["famille--soutien-aidants"]}
    importer(("services.json", [modifie]))
    apa.refresh_from_db()
    assert apa.thematiques == ["famille--soutien-aidants"]


# --- The command ------------------------------------------------------------------------------------


def ecrire(tmp_path: Path, nom: str, donnees: Any) -> Path:
    chemin = tmp_path / nom
    chemin.write_text(json.dumps(donnees, ensure_ascii=False), "utf-8")
    return chemin


def test_commande_importe_avec_une_barre_de_progression(monde: Monde, tmp_path: Path) -> None:
    sortie, erreurs = io.StringIO(), io.StringIO()
    call_command(
        "importer_data_inclusion",
        str(ecrire(tmp_path, "structures.json", [STRUCTURE])),
        str(ecrire(tmp_path, "services.json", [SERVICE])),
        stdout=sortie,
        stderr=erreurs,
    )
    assert "Services : 1 créé(s)" in sortie.getvalue()
    barre = erreurs.getvalue()
    assert "\rVérification" in barre and "\rEnregistrement" in barre
    assert "[##############################] 2/2 (100%)\n" in barre
    assert Service.objects.count() == 1


def test_commande_refuse_un_fichier_invalide_et_liste_les_erreurs(monde: Monde, tmp_path: Path) -> None:
    erreurs = io.StringIO()
    fichier = ecrire(tmp_path, "services.json", [SERVICE, {**SERVICE, "id": "x", "date_maj": "hier"}])
    with pytest.raises(CommandError, match=r"2 erreur\(s\) : aucune donnée n'a été enregistrée\."):
        call_command("importer_data_inclusion", str(fichier), stdout=io.StringIO(), stderr=erreurs)
    texte = erreurs.getvalue()
    assert "services.json, élément n° 1 (index 0) (id « dora--sv1 ») : « structure_id »" in texte
    assert (
        "services.json, élément n° 2 (index 1) (id « x ») : « date_maj » : date (AAAA-MM-JJ) invalide"
        in texte
    )
    assert compter() == (0, 0, 0, 0)


def test_commande_fichier_absent_et_taxonomies(monde: Monde, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="lecture impossible"):
        call_command("importer_data_inclusion", str(tmp_path / "absent.json"), stdout=io.StringIO())
    sortie = io.StringIO()
    call_command("importer_data_inclusion", "--taxonomies", stdout=sortie)
    assert sortie.getvalue().startswith("Taxonomies : 0 terme(s) créé(s), 0 modifié(s), 0 désactivé(s).")
