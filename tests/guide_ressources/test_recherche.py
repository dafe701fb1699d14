"""The guide search: accents, case, prefixes, ranking, the zone filter in SQL, facets, freshness."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from guide_ressources.actions import service_creer, structure_modifier
from guide_ressources.actions.fiches import textes_structures_rafraichir
from guide_ressources.models import Service
from guide_ressources.selectors import (
    Criteres,
    commune_trouver,
    mots_lire,
    mots_recherche,
    services_rechercher,
)
from social.models import Utilisateur
from tests import factories as f
from tests.conftest import Monde
from tests.guide_ressources.fabriques import ALIMENTATION, Guide, service, structure

pytestmark = pytest.mark.django_db


def noms(monde: Monde, **criteres: object) -> list[str]:
    return [s.nom for s in services_rechercher(user=monde.accueil_arras, criteres=Criteres(**criteres))]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "texte",
    ["heberg", "Heberg", "HÉBERGEMENT", "hébergement d'urgence", "hebergement urgence", "urgenc heber"],
)
def test_accents_casse_et_prefixes(monde: Monde, guide: Guide, texte: str) -> None:
    assert "Hébergement d'urgence" in noms(monde, texte=texte)


def test_le_prefixe_heberg_trouve_hebergement_d_urgence_en_premier(monde: Monde, guide: Guide) -> None:
    assert noms(monde, texte="heberg")[0] == "Hébergement d'urgence"


def test_tous_les_mots_doivent_correspondre(monde: Monde, guide: Guide) -> None:
    assert noms(monde, texte="aide alimentaire") == ["Aide alimentaire d'urgence"]
    assert noms(monde, texte="aide hebergement") == []


def test_la_recherche_porte_aussi_sur_la_description_les_thematiques_et_la_structure(
    monde: Monde, guide: Guide
) -> None:
    assert "Aide alimentaire d'urgence" in noms(monde, texte="description du service")
    assert set(noms(monde, texte="alimentation")) >= {"Aide alimentaire d'urgence", "Épicerie solidaire"}
    assert set(noms(monde, texte="mission locale")) == {
        "Accompagnement des jeunes vers l'emploi",
        "Distribution alimentaire du Calaisis",
    }


def test_le_nom_l_emporte_sur_la_description(monde: Monde, guide: Guide) -> None:
    service(
        structure=guide.chrs,
        nom="Accueil de jour",
        description="Accueil de jour ; orientation vers un hébergement si besoin.",
        zone_codes=["62"],
    )
    assert noms(monde, texte="hebergement")[:2] == ["Hébergement d'urgence", "Accueil de jour"]


def test_une_faute_de_frappe_sur_le_nom_est_toleree(monde: Monde, guide: Guide) -> None:
    assert noms(monde, texte="aide alimantaire") == ["Aide alimentaire d'urgence"]
    assert noms(monde, texte="hebergemant")[0] == "Hébergement d'urgence"


def test_les_trigrammes_ne_servent_qu_aux_mots_qui_ne_prefixent_rien(monde: Monde, guide: Guide) -> None:
    # Every word must match: « Aidants familiaux » has « aide » (stem « aid ») but not « alimentaire »,
    # and « alimentaire » prefixes words of the guide, so no typo fallback brings close names in.
    service(structure=guide.chrs, nom="Aidants familiaux", description="Répit.", zone_codes=["62"])
    assert "Aidants familiaux" not in noms(monde, texte="aide alimentaire")
    lus = mots_lire("aide alimantaire du")
    assert [(lu.mot, lu.vide, lu.dans_services) for lu in lus] == [
        ("aide", False, True),
        ("alimantaire", False, False),  # a typo: matched on the names' trigrams
        ("du", True, False),
    ]
    assert noms(monde, texte="aide alimantaire du") == ["Aide alimentaire d'urgence"]


def test_un_mot_du_seul_nom_de_la_structure_trouve_ses_services(monde: Monde, guide: Guide) -> None:
    # « Passerelle » is only in the structure's name (« CHRS La Passerelle »), on the service's own row.
    assert Service.objects.get(pk=guide.hebergement.pk).texte_structure.startswith("CHRS La Passerelle")
    assert noms(monde, texte="passerel") == ["Hébergement d'urgence"]
    assert noms(monde, texte="passerelle urgence") == ["Hébergement d'urgence"]
    assert noms(monde, texte="passerelle alimentaire") == []  # every word, service or structure


def test_un_mot_de_la_seule_description_de_la_structure_trouve_ses_services(
    monde: Monde, guide: Guide
) -> None:
    structure_modifier(
        structure=guide.chrs,
        acting_user=monde.admin,
        champs={"description": "Centre géré par l'association Tremplin, ouvert toute l'année."},
    )
    assert noms(monde, texte="tremplin") == ["Hébergement d'urgence"]
    assert noms(monde, texte="TREMPLIN héberg") == ["Hébergement d'urgence"]


def test_le_nom_du_service_l_emporte_sur_celui_de_la_structure(monde: Monde, guide: Guide) -> None:
    autre = structure(nom="Épicerie du quartier", organisation=None, commune=monde.arras)
    service(structure=autre, nom="Permanence d'accueil", zone_codes=["62"])
    service(structure=guide.chrs, nom="Épicerie mobile", zone_codes=["62"])
    assert noms(monde, texte="epicerie")[0] in {"Épicerie mobile", "Épicerie solidaire"}
    assert noms(monde, texte="epicerie")[-1] == "Permanence d'accueil"


def test_modifier_une_structure_rafraichit_le_texte_de_ses_services(monde: Monde, guide: Guide) -> None:
    structure_modifier(structure=guide.chrs, acting_user=monde.admin, champs={"nom": "CHRS Le Phare"})
    assert Service.objects.get(pk=guide.hebergement.pk).texte_structure == "CHRS Le Phare"
    assert noms(monde, texte="phare") == ["Hébergement d'urgence"]
    assert noms(monde, texte="passerelle") == []
    # Another field: no refresh needed, nothing rewritten.
    assert textes_structures_rafraichir() == 0
    structure_modifier(structure=guide.chrs, acting_user=monde.admin, champs={"telephone": "03 21 00 00 00"})
    assert noms(monde, texte="phare") == ["Hébergement d'urgence"]


def test_un_service_cree_porte_le_texte_de_sa_structure(monde: Monde, guide: Guide) -> None:
    service_creer(
        acting_user=monde.admin,
        structure=guide.chrs,
        nom="Halte de nuit",
        description="Accueil de nuit sans condition.",
        zone_codes=["62"],
    )
    assert noms(monde, texte="passerelle nuit") == ["Halte de nuit"]


def test_les_ligatures_sont_ecrites_en_toutes_lettres(monde: Monde, guide: Guide) -> None:
    service(structure=guide.chrs, nom="Restos du cœur", zone_codes=["62"])
    assert noms(monde, texte="coeur") == ["Restos du cœur"]
    assert noms(monde, texte="cœur") == ["Restos du cœur"]
    assert mots_recherche("Œuvre d'un cœur, l'été !") == ["oeuvre", "un", "coeur", "ete"]


def test_pas_d_injection_dans_la_requete_plein_texte(monde: Monde, guide: Guide) -> None:
    # Only letters and digits reach to_tsquery: the operators are words separators, « a » too short.
    assert noms(monde, texte="heberg') | ('a:*") == ["Hébergement d'urgence"]
    assert noms(monde, texte="!!! &&& ::") == noms(monde)  # no words: the facets alone (here none)


def test_les_mots_vides_sont_ignores(monde: Monde, guide: Guide) -> None:
    assert noms(monde, texte="les jeunes et l'emploi") == ["Accompagnement des jeunes vers l'emploi"]


def test_un_service_du_calaisis_n_est_pas_propose_a_une_personne_d_arras(monde: Monde, guide: Guide) -> None:
    arras = commune_trouver("Arras").commune
    pour_arras = noms(monde, texte="alimentaire", commune=arras)
    assert "Distribution alimentaire du Calaisis" not in pour_arras
    assert "Aide alimentaire d'urgence" in pour_arras
    calais = commune_trouver("Calais").commune
    pour_calais = noms(monde, texte="alimentaire", commune=calais)
    assert pour_calais == ["Distribution alimentaire du Calaisis"]


def test_la_zone_couvre_commune_epci_territoire_et_departement(monde: Monde, guide: Guide) -> None:
    arras = commune_trouver("62041").commune
    assert set(noms(monde, commune=arras)) == {
        "Aide alimentaire d'urgence",  # the commune
        "Épicerie solidaire",  # its EPCI
        "Hébergement d'urgence",  # the département
        "Vestiaire solidaire",  # the commune (stale, still listed)
        "Location solidaire de véhicules",  # the département (imported)
    }
    calais = commune_trouver("62193").commune
    assert set(noms(monde, commune=calais)) == {
        "Accompagnement des jeunes vers l'emploi",  # its territory
        "Distribution alimentaire du Calaisis",
        "Hébergement d'urgence",
        "Location solidaire de véhicules",
    }


def test_une_zone_vide_ne_couvre_aucune_commune(monde: Monde, guide: Guide) -> None:
    service(structure=guide.chrs, nom="Zone inconnue", thematiques=[ALIMENTATION])
    assert "Zone inconnue" not in noms(monde, commune=monde.arras)
    assert "Zone inconnue" in noms(monde, thematique=ALIMENTATION)


def test_le_filtre_de_zone_est_fait_en_sql(monde: Monde, guide: Guide) -> None:
    requete = services_rechercher(
        user=monde.accueil_arras, criteres=Criteres(commune=commune_trouver("Arras").commune)
    )
    sql = str(requete.query)
    assert '"zone_codes" &&' in sql and '"zone_territoires" @>' in sql


def test_facettes_combinees(monde: Monde, guide: Guide) -> None:
    arras = commune_trouver("Arras").commune
    assert noms(monde, thematique=ALIMENTATION, frais="gratuit", commune=arras) == [
        "Aide alimentaire d'urgence"
    ]
    assert noms(monde, thematique="equipement-et-alimentation", commune=arras) == [
        "Aide alimentaire d'urgence",
        "Épicerie solidaire",
        "Vestiaire solidaire",
    ]
    assert noms(monde, texte="aide", public="familles", mode_accueil="en-presentiel", frais="gratuit") == [
        "Aide alimentaire d'urgence"
    ]
    assert noms(monde, mode_accueil="a-distance") == ["Accompagnement des jeunes vers l'emploi"]
    assert noms(monde, frais="payant") == ["Épicerie solidaire"]


def test_un_service_tous_publics_repond_a_chaque_public(monde: Monde, guide: Guide) -> None:
    assert "Distribution alimentaire du Calaisis" in noms(monde, public="jeunes")
    assert "Aide alimentaire d'urgence" not in noms(monde, public="jeunes")


def test_termes_locaux_et_nationaux_equivalents(monde: Monde, guide: Guide) -> None:
    apa = service(
        structure=guide.chrs,
        nom="APA à domicile",
        thematiques=["cd62-autonomie--apa-a-domicile"],
        publics=["cd62-personnes-agees-dependantes"],
        zone_codes=["62"],
    )
    assert apa.nom in noms(monde, thematique="cd62-autonomie")
    assert apa.nom in noms(monde, thematique="famille--prise-en-charge-personne-dependante")
    assert apa.nom in noms(monde, public="seniors")
    assert apa.nom in noms(monde, public="cd62-personnes-agees-dependantes")


def test_les_fiches_anciennes_sont_signalees(monde: Monde, guide: Guide) -> None:
    resultats = {
        s.nom: s.perimee
        for s in services_rechercher(
            user=monde.accueil_arras, criteres=Criteres(texte="solidaire", commune=monde.arras)
        )
    }
    assert resultats == {
        "Vestiaire solidaire": True,
        "Épicerie solidaire": False,
        "Location solidaire de véhicules": False,
    }


def test_seuls_les_services_publies_de_structures_publiees(monde: Monde, guide: Guide) -> None:
    assert "Aide alimentaire du soir" not in noms(monde, texte="aide alimentaire")
    guide.chrs.statut = "retiree"
    guide.chrs.save(update_fields=["statut"])
    assert "Hébergement d'urgence" not in noms(monde, texte="hebergement")
    # Even its editor and the administrator search the published guide only.
    for lecteur in (monde.partenaire_ccas_arras, monde.admin):
        trouves = services_rechercher(user=lecteur, criteres=Criteres(texte="aide alimentaire"))
        assert [s.nom for s in trouves] == ["Aide alimentaire d'urgence"]


def test_qui_peut_chercher(monde: Monde, guide: Guide) -> None:
    criteres = Criteres(texte="hebergement")
    for persona in ("accueil_arras", "ts_calais", "partenaire_ml_calais", "admin"):
        assert services_rechercher(user=getattr(monde, persona), criteres=criteres).exists(), persona
    assert not services_rechercher(user=monde.elu_calaisis, criteres=criteres).exists()
    assert not services_rechercher(user=AnonymousUser(), criteres=criteres).exists()
    with override_settings(PROCHE_GUIDE_PUBLIC=True):
        assert services_rechercher(user=AnonymousUser(), criteres=criteres).exists()


def test_nombre_de_requetes_constant(monde: Monde, guide: Guide) -> None:
    def requetes() -> int:
        agent = Utilisateur.objects.get(pk=monde.ts_arras.pk)  # perimeter computed afresh
        with CaptureQueriesContext(connection) as contexte:
            list(services_rechercher(user=agent, criteres=Criteres(texte="aide", commune=monde.arras)))
        return len(contexte)

    requetes()  # the taxonomies' cache of this process, warm whatever ran before
    une = requetes()
    for rang in range(30):
        service(structure=guide.chrs, nom=f"Aide n° {rang}", zone_codes=["62"])
    assert Service.objects.count() > 30
    # perimeter (assignments and memberships, one query), taxonomies, the words on the indexes, freshness
    # parameter, the services, their structures (by id)
    assert une == 6
    assert requetes() == une


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("Arras", "62041"),
        ("arras", "62041"),
        ("Arras (62041)", "62041"),
        ("62041", "62041"),
        ("62100", "62193"),
    ],
)
def test_commune_trouver(monde: Monde, texte: str, attendu: str) -> None:
    trouvee = commune_trouver(texte)
    assert trouvee.commune is not None and trouvee.commune.code_insee == attendu


def test_commune_inconnue_ou_ambigue(monde: Monde) -> None:
    f.CommuneFactory(code_insee="62999", nom="Autre", codes_postaux=["62000"])
    assert commune_trouver("Nulle-Part").commune is None
    ambigue = commune_trouver("62000")
    assert ambigue.commune is None and {c.code_insee for c in ambigue.candidates} == {"62041", "62999"}


def test_une_correction_dans_l_administration_rafraichit_aussi_le_texte(monde: Monde, guide: Guide) -> None:
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    from guide_ressources.models import Structure

    requete = RequestFactory().post("/")
    requete.user = monde.admin
    structure = Structure.objects.get(pk=guide.chrs.pk)
    structure.nom = "CHRS Les Oyats"
    site._registry[Structure].save_model(requete, structure, None, True)
    assert noms(monde, texte="oyats") == ["Hébergement d'urgence"]
