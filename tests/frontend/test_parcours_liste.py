"""The caseload ("mes parcours") and the manager dashboard: personas, filters without JavaScript,
ordering by urgency, pagination, one journal row per page, query counts the same for 1 and 50 rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.models import Parcours
from social.enums import OperationJournal
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import attributs, document, lignes_journal, texte, trouver, trouver_tous
from tests.parcours.factories import (
    ContratEngagementFactory,
    EcheanceFactory,
    MembreEquipeFactory,
    ParcoursFactory,
)

LISTE = "frontend:parcours_liste"
TABLEAU = "frontend:parcours_tableau_de_bord"


def _parcours(monde: Monde, **kwargs: object) -> Parcours:
    kwargs.setdefault("referent", monde.ts_arras)
    return ParcoursFactory(personne__commune=monde.arras, site=monde.mds_arras, **kwargs)


@pytest.mark.parametrize(
    ("persona", "attendu"),
    [
        ("ts_arras", 200),
        ("encadrant_arras", 200),
        ("evaluateur_arras", 200),
        ("ts_calais", 200),
        ("accueil_arras", 403),
        ("partenaire_ccas_arras", 403),
        ("partenaire_ml_calais", 403),
        ("elu_calaisis", 403),
        ("admin", 403),
    ],
)
def test_mes_parcours_par_persona(monde: Monde, persona: str, attendu: int) -> None:
    _parcours(monde)
    assert client_de(getattr(monde, persona)).get(reverse(LISTE)).status_code == attendu


def test_anonyme_redirige(monde: Monde) -> None:
    reponse = Client().get(reverse(LISTE))
    assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))


def _lignes(reponse: object) -> list[list[str]]:
    tableau = trouver(document(reponse), "table")  # type: ignore[arg-type]
    return [[texte(cellule) for cellule in tr.children] for tr in trouver_tous(tableau, "tr")[1:]]


def test_mes_parcours_seulement_et_les_plus_urgents_d_abord(monde: Monde) -> None:
    calme = _parcours(monde, personne__nom="Calme")
    urgent = _parcours(monde, personne__nom="Urgent", ancien=True)
    proche = _parcours(monde, personne__nom="Proche")
    EcheanceFactory(parcours=proche, proche=True)
    equipe = _parcours(monde, personne__nom="Equipe", referent=monde.encadrant_arras)
    MembreEquipeFactory(parcours=equipe, utilisateur=monde.ts_arras)
    _parcours(monde, personne__nom="Autre", referent=monde.encadrant_arras)  # not hers

    lignes = _lignes(client_de(monde.ts_arras).get(reverse(LISTE)))

    noms = [ligne[0].split(" – ")[0] for ligne in lignes]
    assert noms[:2] == [str(urgent.personne), str(proche.personne)]
    assert set(noms[2:]) == {str(calme.personne), str(equipe.personne)}
    assert "Sans contact récent" in lignes[0][3]
    assert "Échéance dans les 7 jours" in lignes[1][3]


def test_filtres_par_get_sans_javascript(monde: Monde) -> None:
    rsa = _parcours(monde, personne__nom="Rsa")
    apa = _parcours(monde, personne__nom="Apa", apa=True, ancien=True)
    client = client_de(monde.ts_arras)

    def noms(**filtres: str) -> list[str]:
        reponse = client.get(reverse(LISTE), filtres)
        return (
            [ligne[0].split(" – ")[0] for ligne in _lignes(reponse)] if b"<table" in reponse.content else []
        )

    assert noms(dispositif="rsa") == [str(rsa.personne)]
    assert noms(etat="rsa:a_orienter") == [str(rsa.personne)]
    assert noms(dispositif="apa", etat="rsa:a_orienter") == []
    assert noms(alerte="sans_contact") == noms(alerte="rupture") == [str(apa.personne)]
    page = document(client.get(reverse(LISTE), {"dispositif": "apa"}))
    selection = trouver(page, "select", name="dispositif")
    assert ("selected", None) in [
        a for o in trouver_tous(selection, "option") if attributs(o)["value"] == "apa" for a in o.attributes
    ]


def test_filtre_invalide_ignore(monde: Monde) -> None:
    _parcours(monde)
    reponse = client_de(monde.ts_arras).get(reverse(LISTE), {"alerte": "nimporte"})
    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide." in reponse.content.decode()


def test_une_ligne_de_journal_par_page(monde: Monde) -> None:
    premier, second = _parcours(monde), _parcours(monde)
    avant = len(lignes_journal())
    client_de(monde.ts_arras).get(reverse(LISTE))
    (ligne,) = lignes_journal()[avant:]
    assert ligne.operation == OperationJournal.LISTE and ligne.contexte == "frontend:parcours_liste"
    assert set(ligne.objet_ids) == {premier.personne.public_id, second.personne.public_id}


def test_pagination_conserve_les_filtres(monde: Monde) -> None:
    for _ in range(27):
        _parcours(monde)
    page = document(client_de(monde.ts_arras).get(reverse(LISTE), {"dispositif": "rsa"}))
    suivant = trouver(trouver(page, "nav", aria_label="Pagination"), "a")
    assert attributs(suivant)["href"] == "?dispositif=rsa&page=2"
    page2 = client_de(monde.ts_arras).get(reverse(LISTE), {"dispositif": "rsa", "page": 2})
    assert len(_lignes(page2)) == 2


def _requetes(client: Client, nom: str) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(reverse(nom)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


def test_mes_parcours_meme_nombre_de_requetes_pour_1_et_50(monde: Monde) -> None:
    client = client_de(monde.ts_arras)
    EcheanceFactory(parcours=_parcours(monde))
    un = _requetes(client, LISTE)
    for i in range(49):
        parcours = _parcours(monde, ancien=bool(i % 2))
        EcheanceFactory(parcours=parcours, proche=bool(i % 3))
    assert _requetes(client, LISTE) == un


# Manager dashboard.


@pytest.mark.parametrize(
    ("persona", "attendu"),
    [
        ("encadrant_arras", 200),
        ("ts_arras", 403),
        ("evaluateur_arras", 403),
        ("accueil_arras", 403),
        ("ts_calais", 403),
        ("partenaire_ccas_arras", 403),
        ("partenaire_ml_calais", 403),
        ("elu_calaisis", 403),
        ("admin", 403),
    ],
)
def test_tableau_de_bord_par_persona(monde: Monde, persona: str, attendu: int) -> None:
    assert client_de(getattr(monde, persona)).get(reverse(TABLEAU)).status_code == attendu


def test_tableau_de_bord_anonyme(monde: Monde) -> None:
    assert Client().get(reverse(TABLEAU)).status_code == 302


def test_tableau_de_bord_contenu(monde: Monde) -> None:
    ts2 = f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras).utilisateur
    _parcours(monde, ancien=True)
    contrat_expire = _parcours(monde, referent=ts2)
    ContratEngagementFactory(
        parcours=contrat_expire,
        signe_le=timezone.localdate() - datetime.timedelta(days=400),
        date_fin=timezone.localdate() - datetime.timedelta(days=3),
    )
    orphelin = _parcours(monde, referent=None, personne__nom="Orphelin")
    bientot = _parcours(monde, personne__nom="Bientot")
    EcheanceFactory(parcours=bientot, date_limite=timezone.localdate() + datetime.timedelta(days=12))
    ParcoursFactory(personne__commune=monde.calais, site=monde.mds_calais, referent=None)  # other territory
    avant = len(lignes_journal())

    page = document(client_de(monde.encadrant_arras).get(reverse(TABLEAU)))

    referents = trouver(page, "section", aria_labelledby="titre-referents")
    lignes = [[texte(c) for c in tr.children] for tr in trouver_tous(referents, "tr")[1:]]
    entetes = [texte(th) for th in trouver_tous(referents, "th", scope="col")]
    assert entetes[2:5] == ["Ruptures", "Sans contact récent", "Contrats expirés"]
    assert lignes[0] == [str(monde.ts_arras), "2", "1", "1", "0", "0", "0"]
    assert lignes[1] == [str(ts2), "1", "1", "0", "1", "0", "0"]
    sans_referent = trouver(page, "section", aria_labelledby="titre-sans-referent")
    assert "Parcours sans référent (1)" in texte(sans_referent)
    assert str(orphelin.personne) in texte(sans_referent)
    assert str(bientot.personne) in texte(trouver(page, "section", aria_labelledby="titre-echeances-proches"))
    (ligne,) = lignes_journal()[avant:]
    assert set(ligne.objet_ids) == {orphelin.personne.public_id, bientot.personne.public_id}


def test_tableau_de_bord_meme_nombre_de_requetes_pour_1_et_50(monde: Monde) -> None:
    client = client_de(monde.encadrant_arras)
    referents = [f.AffectationFactory(site=monde.mds_arras).utilisateur for _ in range(3)]
    EcheanceFactory(parcours=_parcours(monde, referent=None), proche=True)
    un = _requetes(client, TABLEAU)
    for i in range(49):
        parcours = _parcours(monde, referent=referents[i % 3] if i % 4 else None, ancien=bool(i % 2))
        EcheanceFactory(parcours=parcours, proche=True)
    assert _requetes(client, TABLEAU) == un
