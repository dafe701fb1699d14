"""Facet counts of the guide search: each value counted with the other active filters kept, in one
query whatever the number of values and of services, and always equal to what choosing it lists."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guide_ressources.enums import PUBLIC_TOUS, Taxonomie
from guide_ressources.selectors import Criteres, facettes_compter, mots_lire, services_rechercher
from guide_ressources.taxonomies import taxonomies_lire
from social.models import Utilisateur
from tests.conftest import Monde
from tests.guide_ressources.fabriques import ALIMENTATION, HEBERGEMENT, Guide, service

pytestmark = pytest.mark.django_db


def test_chaque_valeur_est_comptee_avec_les_autres_filtres(monde: Monde, guide: Guide) -> None:
    facettes = facettes_compter(user=monde.accueil_arras, criteres=Criteres(commune=monde.arras))
    # Covering Arras: the food aid (Arras), the grocery (its EPCI, paying), the shelter (département),
    # the clothes bank (Arras, stale) and the imported car rental (département); not the Calaisis ones.
    assert facettes.commune == 5 and facettes.total == 5
    assert facettes.toutes_zones == 7
    assert facettes.thematique[ALIMENTATION] == 2
    assert facettes.thematique["equipement-et-alimentation"] == 3  # the group: food and clothes
    assert facettes.thematique[HEBERGEMENT] == 1
    assert facettes.frais == {"gratuit": 3, "payant": 1}
    assert facettes.public["familles"] == 2  # the food aid, and the clothes bank « tous publics »
    assert facettes.public["jeunes"] == 1  # « tous publics » only
    assert facettes.mode_accueil == {"en-presentiel": 3}
    assert facettes.nombre("mode_accueil", "a-distance") == 0


def test_la_facette_choisie_ne_reduit_pas_ses_propres_comptes(monde: Monde, guide: Guide) -> None:
    criteres = Criteres(frais="gratuit", commune=monde.arras)
    facettes = facettes_compter(user=monde.accueil_arras, criteres=criteres)
    assert facettes.frais == {"gratuit": 3, "payant": 1}  # the other choice stays visible
    assert facettes.thematique[ALIMENTATION] == 1  # the paying grocery is filtered out
    assert facettes.total == 3
    assert facettes.toutes_zones == 5  # free services anywhere: + the two of the Calaisis


def _variante(criteres: Criteres, facette: str, valeur: str) -> Criteres:
    valeurs: dict[str, Any] = {
        "texte": criteres.texte,
        "thematique": criteres.thematique,
        "public": criteres.public,
        "frais": criteres.frais,
        "mode_accueil": criteres.mode_accueil,
        "commune": criteres.commune,
        facette: valeur,
    }
    return Criteres(**valeurs)


@pytest.mark.parametrize(
    "criteres",
    [
        {"commune": "arras"},
        {"frais": "gratuit", "commune": "arras"},
        {"texte": "alimentaire"},
        {"public": "jeunes", "mode_accueil": "en-presentiel"},
    ],
)
def test_un_compte_egale_toujours_ce_que_le_choix_liste(
    monde: Monde, guide: Guide, criteres: dict[str, Any]
) -> None:
    apa = service(
        structure=guide.chrs,
        nom="APA à domicile",
        thematiques=["cd62-autonomie--apa-a-domicile"],
        publics=["cd62-personnes-agees-dependantes"],
        zone_codes=["62"],
    )
    assert apa.pk
    if criteres.get("commune") == "arras":
        criteres = {**criteres, "commune": monde.arras}
    recherche = Criteres(**criteres)
    taxonomies = taxonomies_lire()
    facettes = facettes_compter(user=monde.accueil_arras, criteres=recherche, taxonomies=taxonomies)
    valeurs = {
        "thematique": [c.valeur for c in taxonomies.categories()]
        + [t.valeur for t in taxonomies.actifs(Taxonomie.THEMATIQUES)],
        "public": [v for v in taxonomies.valeurs(Taxonomie.PUBLICS) if v != PUBLIC_TOUS],
        "frais": sorted(taxonomies.valeurs(Taxonomie.FRAIS)),
        "mode_accueil": sorted(taxonomies.valeurs(Taxonomie.MODES_ACCUEIL)),
    }
    for facette, liste in valeurs.items():
        for valeur in liste:
            attendu = services_rechercher(
                user=monde.accueil_arras,
                criteres=_variante(recherche, facette, valeur),
                taxonomies=taxonomies,
            ).count()
            assert facettes.nombre(facette, valeur) == attendu, (facette, valeur)
    assert facettes.total == services_rechercher(user=monde.accueil_arras, criteres=recherche).count()


def test_termes_locaux_comptes_sous_leur_equivalent_national(monde: Monde, guide: Guide) -> None:
    service(
        structure=guide.chrs,
        nom="APA à domicile",
        thematiques=["cd62-autonomie--apa-a-domicile"],
        publics=["cd62-personnes-agees-dependantes"],
        zone_codes=["62"],
    )
    facettes = facettes_compter(user=monde.accueil_arras, criteres=Criteres(texte="domicile"))
    assert facettes.thematique["cd62-autonomie"] == 1
    assert facettes.thematique["famille--prise-en-charge-personne-dependante"] == 1
    assert facettes.public["seniors"] == 1


def test_hors_perimetre_rien_n_est_compte(monde: Monde, guide: Guide) -> None:
    facettes = facettes_compter(user=monde.elu_calaisis, criteres=Criteres(texte="aide"))
    assert facettes.total == 0 and facettes.thematique == {} and facettes.commune is None


def test_une_seule_requete_quel_que_soit_le_nombre_de_services(monde: Monde, guide: Guide) -> None:
    taxonomies = taxonomies_lire()

    def requetes() -> int:
        agent = Utilisateur.objects.get(pk=monde.ts_arras.pk)
        criteres = Criteres(texte="aide", frais="gratuit", commune=monde.arras)
        lus = mots_lire(criteres.texte)
        with CaptureQueriesContext(connection) as contexte:
            facettes_compter(user=agent, criteres=criteres, taxonomies=taxonomies, lus=lus)
        return len(contexte)

    une = requetes()
    for rang in range(30):
        service(structure=guide.chrs, nom=f"Aide n° {rang}", zone_codes=["62"], thematiques=[ALIMENTATION])
    # the perimeter (assignments and memberships, one query), then the counts
    assert une == 2
    assert requetes() == une
