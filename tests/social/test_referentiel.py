"""Loading the reference data: communes, EPCI, territories and the département's sites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Sum

from social.enums import TypeSite
from social.models import Commune, Epci, Site, Territoire
from social.referentiel import DOSSIER_PAR_DEFAUT, RapportChargement, fichier_territoires, referentiel_charger

pytestmark = pytest.mark.django_db


@pytest.fixture
def rapport() -> RapportChargement:
    return referentiel_charger()


def test_charge_communes_epci_et_territoires(rapport: RapportChargement) -> None:
    assert Commune.objects.count() == 887
    assert Epci.objects.count() == 20
    assert Territoire.objects.count() == 9
    assert not Commune.objects.filter(territoire__isnull=True).exists()
    assert Commune.objects.aggregate(total=Sum("population"))["total"] == 1_457_905
    assert (rapport.communes.crees, rapport.epci.crees, rapport.territoires.crees) == (887, 20, 9)
    assert rapport.sites.crees == 9 * 2 + 4 + 1


def test_territoires_codes_et_noms_accentues(rapport: RapportChargement) -> None:
    assert dict(Territoire.objects.values_list("code", "nom")) == {
        "arrageois": "Arrageois",
        "artois": "Artois",
        "audomarois": "Audomarois",
        "boulonnais": "Boulonnais",
        "calaisis": "Calaisis",
        "henin-carvin": "Hénin-Carvin",
        "lens-lievin": "Lens-Liévin",
        "montreuillois": "Montreuillois",
        "ternois": "Ternois",
    }


def test_commune_complete(rapport: RapportChargement) -> None:
    saint_augustin = Commune.objects.select_related("epci").get(code_insee="62691")
    assert saint_augustin.nom == "Saint-Augustin"
    assert saint_augustin.codes_postaux == ["62120", "62129"]
    assert saint_augustin.population == 880
    assert saint_augustin.arrondissement == "625"
    assert saint_augustin.epci is not None
    assert saint_augustin.epci.siren == "200069037"


@pytest.mark.parametrize(
    ("code_insee", "nom", "territoire"),
    [
        ("62041", "Arras", "arrageois"),
        ("62767", "Saint-Pol-sur-Ternoise", "ternois"),
        ("62427", "Hénin-Beaumont", "henin-carvin"),
        ("62498", "Lens", "lens-lievin"),
        ("62193", "Calais", "calaisis"),
        ("62119", "Béthune", "artois"),
        ("62160", "Boulogne-sur-Mer", "boulonnais"),
        ("62765", "Saint-Omer", "audomarois"),
        ("62588", "Montreuil-sur-Mer", "montreuillois"),
    ],
)
def test_territoire_des_villes(
    rapport: RapportChargement, code_insee: str, nom: str, territoire: str
) -> None:
    commune = Commune.objects.select_related("territoire").get(code_insee=code_insee)
    assert commune.nom == nom
    assert commune.territoire is not None
    assert commune.territoire.code == territoire


def test_surcharges_epci(rapport: RapportChargement) -> None:
    """621 is the Arrageois except two CCs (Ternois); 627 is Lens-Liévin except Hénin-Carvin."""
    par_epci = dict(
        Commune.objects.values("epci__siren")
        .annotate(territoires=Count("territoire", distinct=True))
        .values_list("epci__siren", "territoires")
    )
    assert set(par_epci.values()) == {1}  # the rules never split an EPCI
    assert set(
        Commune.objects.filter(epci__siren__in=["200069482", "200069672"]).values_list(
            "territoire__code", flat=True
        )
    ) == {"ternois"}
    assert set(
        Commune.objects.filter(epci__siren="246200299").values_list("territoire__code", flat=True)
    ) == {"henin-carvin"}
    assert set(
        Commune.objects.filter(arrondissement="621")
        .exclude(epci__siren__in=["200069482", "200069672"])
        .values_list("territoire__code", flat=True)
    ) == {"arrageois"}


def test_un_mds_et_une_maison_autonomie_par_territoire(rapport: RapportChargement) -> None:
    for territoire in Territoire.objects.all():
        communes = set(territoire.communes.values_list("pk", flat=True))
        for type_site in (TypeSite.MDS, TypeSite.MAISON_AUTONOMIE):
            (site,) = Site.objects.filter(territoire=territoire, type=type_site)
            assert set(site.communes_desservies.values_list("pk", flat=True)) == communes
            assert site.commune is not None
            assert site.commune.territoire_id == territoire.pk


def test_noms_des_sites_avec_elision(rapport: RapportChargement) -> None:
    assert set(Site.objects.filter(type=TypeSite.MDS).values_list("nom", flat=True)) == {
        "MDS de l'Arrageois",
        "MDS de l'Artois",
        "MDS de l'Audomarois",
        "MDS du Boulonnais",
        "MDS du Calaisis",
        "MDS d'Hénin-Carvin",
        "MDS de Lens-Liévin",
        "MDS du Montreuillois",
        "MDS du Ternois",
    }
    assert Site.objects.get(nom="Maison de l'Autonomie d'Hénin-Carvin").commune.code_insee == "62427"  # type: ignore[union-attr]
    assert Site.objects.get(nom="MDS du Ternois").commune.nom == "Saint-Pol-sur-Ternoise"  # type: ignore[union-attr]


def test_maisons_des_adolescents_et_siege(rapport: RapportChargement) -> None:
    maisons = Site.objects.filter(type=TypeSite.MAISON_ADOLESCENTS).select_related("commune", "territoire")
    assert {(s.commune.nom, s.territoire.code) for s in maisons} == {  # type: ignore[union-attr]
        ("Arras", "arrageois"),
        ("Boulogne-sur-Mer", "boulonnais"),
        ("Calais", "calaisis"),
        ("Lens", "lens-lievin"),
    }
    for maison in maisons:
        assert maison.communes_desservies.count() == maison.territoire.communes.count()  # type: ignore[union-attr]
    siege = Site.objects.get(type=TypeSite.SIEGE)
    assert siege.nom == "Siège du Département"
    assert siege.commune.code_insee == "62041"  # type: ignore[union-attr]
    assert siege.communes_desservies.count() == 0


def test_second_chargement_ne_change_rien(
    rapport: RapportChargement, django_assert_max_num_queries: object
) -> None:
    arras = Commune.objects.get(code_insee="62041")
    mds = Site.objects.get(nom="MDS de l'Arrageois")
    dessertes = set(Site.communes_desservies.through.objects.values_list("pk", flat=True))

    with django_assert_max_num_queries(10):  # type: ignore[operator]
        second = referentiel_charger()

    assert not second.a_change
    assert (second.total_crees, second.total_modifies) == (0, 0)
    assert (second.dessertes_ajoutees, second.dessertes_retirees) == (0, 0)
    assert Commune.objects.get(code_insee="62041").pk == arras.pk
    assert Site.objects.get(nom="MDS de l'Arrageois").pk == mds.pk
    assert set(Site.communes_desservies.through.objects.values_list("pk", flat=True)) == dessertes


def test_rechargement_retablit_les_donnees_modifiees(rapport: RapportChargement) -> None:
    arras = Commune.objects.get(code_insee="62041")
    Commune.objects.filter(pk=arras.pk).update(
        nom="Arras (modifié)", territoire=Territoire.objects.get(code="ternois")
    )
    mds = Site.objects.get(nom="MDS de l'Arrageois")
    mds.communes_desservies.remove(arras)
    mds.communes_desservies.add(Commune.objects.get(code_insee="62193"))

    second = referentiel_charger()

    assert (second.communes.crees, second.communes.modifies) == (0, 1)
    assert (second.dessertes_ajoutees, second.dessertes_retirees) == (1, 1)
    arras.refresh_from_db()
    assert arras.nom == "Arras"
    assert arras.territoire.code == "arrageois"  # type: ignore[union-attr]
    assert mds.communes_desservies.filter(pk=arras.pk).exists()
    assert not mds.communes_desservies.filter(code_insee="62193").exists()


@pytest.fixture
def copie(tmp_path: Path) -> Path:
    """A writable copy of the reference files, with the same layout."""
    dossier = tmp_path / DOSSIER_PAR_DEFAUT.name
    dossier.mkdir()
    for nom in ("communes.csv", "epci.csv"):
        shutil.copy(DOSSIER_PAR_DEFAUT / nom, dossier / nom)
    shutil.copy(fichier_territoires(DOSSIER_PAR_DEFAUT), fichier_territoires(dossier))
    return dossier


def _remplacer_ligne(chemin: Path, numero: int, contenu: str) -> None:
    lignes = chemin.read_text(encoding="utf-8").splitlines()
    lignes[numero - 1] = contenu
    chemin.write_text("\n".join(lignes) + "\n", encoding="utf-8")


def _rien_enregistre() -> bool:
    return not (
        Commune.objects.exists()
        or Epci.objects.exists()
        or Territoire.objects.exists()
        or Site.objects.exists()
    )


def test_copie_conforme_se_charge(copie: Path) -> None:
    assert referentiel_charger(dossier=copie).communes.crees == 887


def test_population_non_numerique(copie: Path) -> None:
    _remplacer_ligne(copie / "communes.csv", 4, "62003,Acheville,62320,beaucoup,627,246200364,216200030")

    with pytest.raises(ValidationError) as erreur:
        referentiel_charger(dossier=copie)

    assert erreur.value.messages == [
        "Fichier communes.csv, ligne 4 : « population » doit être un entier positif (lu : « beaucoup »)"
    ]
    assert _rien_enregistre()


def test_colonne_manquante(copie: Path) -> None:
    _remplacer_ligne(copie / "communes.csv", 10, "62009,Agny,62217")

    with pytest.raises(ValidationError, match=r"communes\.csv, ligne 10 : 7 colonnes attendues, 3 trouvées"):
        referentiel_charger(dossier=copie)
    assert _rien_enregistre()


def test_epci_inconnu(copie: Path) -> None:
    _remplacer_ligne(
        copie / "communes.csv", 2, "62001,Ablain-Saint-Nazaire,62153,1994,627,999999999,216200014"
    )

    with pytest.raises(ValidationError, match=r"ligne 2 : EPCI inconnu « 999999999 »"):
        referentiel_charger(dossier=copie)
    assert _rien_enregistre()


def test_commune_sans_territoire(copie: Path) -> None:
    _remplacer_ligne(copie / "communes.csv", 3, "62002,Ablainzevelle,62116,208,629,200035442,216200022")

    with pytest.raises(
        ValidationError, match=r"communes\.csv, ligne 3 : aucun territoire pour la commune 62002"
    ):
        referentiel_charger(dossier=copie)
    assert _rien_enregistre()


def test_arrondissement_attribue_deux_fois(copie: Path) -> None:
    _remplacer_ligne(fichier_territoires(copie), 3, "artois,Artois,de l'Artois,621,,62119")

    with pytest.raises(
        ValidationError, match=r"territoires-pas-de-calais\.csv, ligne 3 : arrondissement 621"
    ):
        referentiel_charger(dossier=copie)
    assert _rien_enregistre()


def test_en_tete_incorrect(copie: Path) -> None:
    _remplacer_ligne(copie / "epci.csv", 1, "siren,libelle,type,population_totale")

    with pytest.raises(
        ValidationError, match=r"epci\.csv, ligne 1 : colonnes manquantes dans l'en-tête : nom"
    ):
        referentiel_charger(dossier=copie)
    assert _rien_enregistre()


def test_fichier_absent(copie: Path) -> None:
    (copie / "epci.csv").unlink()

    with pytest.raises(ValidationError, match="Fichier de référence introuvable"):
        referentiel_charger(dossier=copie)
    assert _rien_enregistre()


def test_commande(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("charger_referentiel")
    premiere = capsys.readouterr().out
    call_command("charger_referentiel")
    seconde = capsys.readouterr().out

    assert "Communes : 887 créé(s), 0 modifié(s)" in premiere
    assert "Référentiel déjà à jour : aucune modification." in seconde


def test_commande_erreur_en_francais(copie: Path) -> None:
    (copie / "communes.csv").unlink()

    with pytest.raises(CommandError, match="Fichier de référence introuvable"):
        call_command("charger_referentiel", dossier=copie)
