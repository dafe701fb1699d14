"""The search page's single statement (``recherche_page``): the same services, in the same order,
with the same counts as the ORM formulation (``services_rechercher``, ``facettes_compter``, Django's
paginator) on a varied set of searches; one query whatever the number of results."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from guide_ressources.selectors import (
    Criteres,
    facettes_compter,
    mots_lire,
    recherche_page,
    services_rechercher,
    seuil_fraicheur,
)
from guide_ressources.taxonomies import taxonomies_lire
from social.exceptions import ParametreIntrouvable
from social.models import Parametre, Utilisateur
from tests.conftest import Monde
from tests.guide_ressources.fabriques import ALIMENTATION, HEBERGEMENT, Guide, service

pytestmark = pytest.mark.django_db

PAR_PAGE = 4  # small pages: several of them with a few dozen services

RECHERCHES: list[dict[str, Any]] = [
    {"texte": "aide"},
    {"texte": "Hébergement d'URGENCE"},  # accents, case, stop word
    {"texte": "heberg"},  # prefix
    {"texte": "aide alimantaire"},  # a typo, matched on the names' trigrams
    {"texte": "alimantaire"},  # only a typo: no full-text condition
    {"texte": "les jeunes et l'emploi"},  # stop words
    {"texte": "du de la"},  # only stop words: the facets alone
    {"texte": "passerelle"},  # the structure's name only
    {"texte": "zzzzqqq"},  # nothing
    {"texte": "solidaire", "commune": "arras"},  # stale entries among them
    {"texte": "alimentaire", "commune": "calais"},
    {"commune": "arras"},
    {"thematique": "equipement-et-alimentation", "commune": "arras"},  # a group
    {"thematique": ALIMENTATION, "frais": "gratuit", "commune": "arras"},  # combined facets
    {"texte": "aide", "public": "familles", "mode_accueil": "en-presentiel", "frais": "gratuit"},
    {"public": "jeunes"},  # « tous publics » answers every public
    {"thematique": "cd62-autonomie"},  # local and national equivalents
    {"public": "seniors", "texte": "domicile"},
    {"texte": "colis", "thematique": ALIMENTATION, "commune": "arras"},
]


@pytest.fixture
def guide_varie(monde: Monde, guide: Guide) -> Guide:
    """The guide of the tests, plus enough services for several pages and ties in the ranking."""
    anciennete = timezone.localdate() - datetime.timedelta(days=400)
    for rang in range(11):
        service(
            structure=guide.chrs,
            nom=f"Colis alimentaire n° {rang % 4}",  # the same names: ties broken by id
            thematiques=[ALIMENTATION],
            zone_codes=["62"] if rang % 2 else ["62041"],
            frais="gratuit" if rang % 3 else "payant",
            confirme_le=anciennete if rang % 5 == 0 else timezone.localdate(),
        )
    service(
        structure=guide.chrs,
        nom="APA à domicile",
        thematiques=["cd62-autonomie--apa-a-domicile"],
        publics=["cd62-personnes-agees-dependantes"],
        zone_codes=["62"],
    )
    service(
        structure=guide.chrs,
        nom="Aide aux aidants",
        description="Hébergement temporaire pour les aidants.",
        thematiques=[HEBERGEMENT],
        publics=["familles"],
        modes_accueil=["en-presentiel"],
        frais="gratuit",
        zone_territoires=["calaisis"],
    )
    return guide


def _criteres(monde: Monde, recherche: dict[str, Any]) -> Criteres:
    communes = {"arras": monde.arras, "calais": monde.calais}
    return Criteres(
        **{**recherche, **({"commune": communes[recherche["commune"]]} if "commune" in recherche else {})}
    )


def _attendu(user: Any, criteres: Criteres, numero: Any) -> tuple[list[tuple[str, bool, str]], int, Any]:
    """What the ORM formulation lists on that page, its number (Django's paginator) and the facets."""
    facettes = facettes_compter(user=user, criteres=criteres)
    page = Paginator(services_rechercher(user=user, criteres=criteres), PAR_PAGE).get_page(numero)
    lignes = [(str(s.public_id), s.perimee, s.structure.nom) for s in page.object_list]
    return lignes, page.number, facettes


@pytest.mark.parametrize("recherche", RECHERCHES, ids=lambda r: "-".join(f"{k}={v}" for k, v in r.items()))
def test_memes_services_meme_ordre_memes_comptes_que_la_formulation_orm(
    monde: Monde, guide_varie: Guide, recherche: dict[str, Any]
) -> None:
    criteres = _criteres(monde, recherche)
    for numero in (None, "2", "3"):
        lignes, numero_attendu, facettes = _attendu(monde.accueil_arras, criteres, numero)
        page = recherche_page(user=monde.accueil_arras, criteres=criteres, numero=numero, par_page=PAR_PAGE)
        assert page.facettes == facettes, numero
        assert page.numero == numero_attendu
        assert [(ligne.public_id, ligne.perimee, ligne.structure_nom) for ligne in page.lignes] == lignes


def test_les_colonnes_de_la_ligne_sont_celles_du_service(monde: Monde, guide_varie: Guide) -> None:
    criteres = Criteres(texte="vestiaire", commune=monde.arras)
    (ligne,) = recherche_page(user=monde.accueil_arras, criteres=criteres).lignes
    service_ = guide_varie.ancienne
    assert (ligne.nom, ligne.commune_nom, ligne.thematiques, ligne.frais, ligne.confirme_le) == (
        service_.nom,
        service_.commune_nom,
        service_.thematiques,
        service_.frais,
        service_.confirme_le,
    )
    assert ligne.perimee is True and ligne.confirme_le < seuil_fraicheur()


@pytest.mark.parametrize("numero", ["0", "-1", "999", "99999999999", "abc", "2.5", 2.0, None])
def test_un_numero_de_page_hors_limites_suit_la_regle_du_paginateur(
    monde: Monde, guide_varie: Guide, numero: Any
) -> None:
    criteres = Criteres(texte="colis")
    lignes, numero_attendu, _ = _attendu(monde.accueil_arras, criteres, numero)
    page = recherche_page(user=monde.accueil_arras, criteres=criteres, numero=numero, par_page=PAR_PAGE)
    assert (page.numero, [ligne.public_id for ligne in page.lignes]) == (
        numero_attendu,
        [public_id for public_id, *_ in lignes],
    )


def test_sans_resultat_la_page_un_est_vide(monde: Monde, guide_varie: Guide) -> None:
    page = recherche_page(user=monde.accueil_arras, criteres=Criteres(texte="zzzzqqq"), numero="3")
    assert (page.numero, page.lignes, page.facettes.total, page.facettes.thematique) == (1, [], 0, {})


def test_memes_lecteurs_que_la_formulation_orm(monde: Monde, guide_varie: Guide) -> None:
    criteres = Criteres(texte="aide")

    def ids(user: Any) -> list[str]:
        return [ligne.public_id for ligne in recherche_page(user=user, criteres=criteres, par_page=50).lignes]

    for persona in ("accueil_arras", "ts_calais", "partenaire_ml_calais", "partenaire_ccas_arras", "admin"):
        user = getattr(monde, persona)
        attendu = [str(s.public_id) for s in services_rechercher(user=user, criteres=criteres)]
        assert ids(user) == attendu and attendu, persona
    # Neither a reader nor the public guide: the ORM's own visibility (her organisations' entries).
    assert ids(monde.elu_calaisis) == [
        str(s.public_id) for s in services_rechercher(user=monde.elu_calaisis, criteres=criteres)
    ]
    assert ids(AnonymousUser()) == []
    with override_settings(PROCHE_GUIDE_PUBLIC=True):
        assert ids(AnonymousUser()) == [
            str(s.public_id) for s in services_rechercher(user=AnonymousUser(), criteres=criteres)
        ]


def test_le_parametre_de_fraicheur_en_vigueur_est_lu_dans_la_meme_requete(
    monde: Monde, guide_varie: Guide
) -> None:
    criteres = Criteres(texte="vestiaire")
    assert recherche_page(user=monde.accueil_arras, criteres=criteres).lignes[0].perimee is True
    Parametre.objects.filter(code="guide.fraicheur").update(valeur=60, unite="mois")
    assert recherche_page(user=monde.accueil_arras, criteres=criteres).lignes[0].perimee is False
    Parametre.objects.filter(code="guide.fraicheur").delete()
    with pytest.raises(ParametreIntrouvable):
        recherche_page(user=monde.accueil_arras, criteres=criteres)


def test_une_seule_requete_quel_que_soit_le_nombre_de_resultats(monde: Monde, guide_varie: Guide) -> None:
    taxonomies = taxonomies_lire()

    def requetes() -> int:
        agent = Utilisateur.objects.get(pk=monde.ts_arras.pk)  # perimeter computed afresh
        criteres = Criteres(texte="colis", frais="gratuit", commune=monde.arras)
        lus = mots_lire(criteres.texte)
        with CaptureQueriesContext(connection) as contexte:
            recherche_page(user=agent, criteres=criteres, taxonomies=taxonomies, lus=lus)
        return len(contexte)

    une = requetes()
    for rang in range(30):
        service(structure=guide_varie.chrs, nom=f"Colis n° {rang}", zone_codes=["62"], frais="gratuit")
    # the perimeter (assignments and memberships, one query), then the statement
    assert une == 2
    assert requetes() == une


@pytest.mark.parametrize(
    ("texte", "requetes"),
    [
        ("colis alimentaire", 1),  # found: every word is on the index, nothing more to read
        ("zzq", 2),  # nothing found, no typo (too short): the words read, the empty result kept
        ("aide alimantaire", 3),  # a typo: the words read, then the search with its trigrams
        ("du de la", 3),  # only stop words: the words read, then the facets alone
    ],
)
def test_les_mots_ne_sont_lus_a_part_que_si_la_recherche_ne_trouve_rien(
    monde: Monde, guide_varie: Guide, texte: str, requetes: int
) -> None:
    agent = Utilisateur.objects.get(pk=monde.ts_arras.pk)
    criteres = Criteres(texte=texte)
    taxonomies = taxonomies_lire()
    recherche_page(user=agent, criteres=criteres, taxonomies=taxonomies)  # the perimeter, once
    with CaptureQueriesContext(connection) as contexte:
        page = recherche_page(user=agent, criteres=criteres, taxonomies=taxonomies)
    assert len(contexte) == requetes
    assert [ligne.public_id for ligne in page.lignes] == [
        str(s.public_id) for s in services_rechercher(user=agent, criteres=criteres)[:20]
    ]
