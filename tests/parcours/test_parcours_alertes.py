"""Ruptures and alerts, computed in SQL: detection, filtering, ordering by urgency, the dashboard."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.enums import Dispositif, TypeAlerte
from parcours.models import Parcours
from parcours.selectors import (
    PARAMETRE_SANS_CONTACT,
    Filtres,
    alertes_de,
    annoter_alertes,
    jours_sans_contact,
    portefeuille,
    tableau_de_bord,
)
from social.enums import UniteParametre
from social.models import Parametre, Utilisateur
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.parcours.factories import (
    EcheanceFactory,
    MembreEquipeFactory,
    NoteFactory,
    ParcoursFactory,
    RendezVousFactory,
)

pytestmark = pytest.mark.django_db


def _alertes(parcours: Parcours) -> set[TypeAlerte]:
    return set(alertes_de(annoter_alertes(Parcours.objects.filter(pk=parcours.pk)).get()))


def _parcours(monde: Monde, **kwargs: object) -> Parcours:
    kwargs.setdefault("referent", monde.ts_arras)
    return ParcoursFactory(personne__commune=monde.arras, site=monde.mds_arras, **kwargs)


def test_parcours_recent_avec_referent_sans_alerte(monde: Monde) -> None:
    assert _alertes(_parcours(monde)) == set()


def test_sans_referent(monde: Monde) -> None:
    assert _alertes(_parcours(monde, referent=None)) == {TypeAlerte.SANS_REFERENT}


def test_sans_contact_depuis_n_jours(monde: Monde) -> None:
    assert jours_sans_contact() == 90
    ancien = _parcours(monde, ancien=True)
    assert _alertes(ancien) == {TypeAlerte.SANS_CONTACT}


@pytest.mark.parametrize(
    "contact",
    [
        lambda p: RendezVousFactory(parcours=p, honore=True),
        lambda p: NoteFactory(parcours=p, auteur=p.referent),
    ],
    ids=["rendez-vous honoré", "note"],
)
def test_un_contact_recent_leve_la_rupture(monde: Monde, contact: object) -> None:
    ancien = _parcours(monde, ancien=True)
    contact(ancien)  # type: ignore[operator]
    assert _alertes(ancien) == set()


def test_ni_un_rendez_vous_manque_ni_un_rendez_vous_a_venir_ne_sont_un_contact(monde: Monde) -> None:
    ancien = _parcours(monde, ancien=True)
    RendezVousFactory(parcours=ancien, absent=True)
    RendezVousFactory(parcours=ancien)
    assert _alertes(ancien) == {TypeAlerte.SANS_CONTACT}


def test_contact_trop_ancien(monde: Monde) -> None:
    ancien = _parcours(monde, ancien=True)
    note = NoteFactory(parcours=ancien, auteur=monde.ts_arras)
    # 92 days: the window starts at midnight 90 days ago, in Paris time; across a change of summer time,
    # 91 days before a late-evening « now » can still fall inside it.
    type(note).objects.filter(pk=note.pk).update(created_at=timezone.now() - datetime.timedelta(days=92))
    assert _alertes(ancien) == {TypeAlerte.SANS_CONTACT}


def test_g_1_delai_sans_contact_parametre_date(monde: Monde) -> None:
    """The threshold is a dated parameter (rule G-1), read at today's date: a new value applies from its
    start date, the former one stays true for the days before."""
    aujourd_hui = timezone.localdate()
    parcours = _parcours(monde, date_ouverture=aujourd_hui - datetime.timedelta(days=40))
    assert _alertes(parcours) == set()
    seme = Parametre.objects.get(code=PARAMETRE_SANS_CONTACT, date_fin__isnull=True)
    assert (
        seme.valeur == 90 and seme.unite == UniteParametre.JOURS and "Règlement départemental" in seme.source
    )
    seme.date_fin = aujourd_hui - datetime.timedelta(days=1)
    seme.save(update_fields=["date_fin"])
    Parametre.objects.create(
        code=PARAMETRE_SANS_CONTACT,
        libelle=seme.libelle,
        valeur=30,
        unite=UniteParametre.JOURS,
        date_debut=aujourd_hui,
        source="Délibération du conseil départemental (essai)",
    )
    assert jours_sans_contact() == 30
    assert jours_sans_contact(aujourd_hui - datetime.timedelta(days=1)) == 90
    assert _alertes(parcours) == {TypeAlerte.SANS_CONTACT}


def test_echeance_depassee_et_proche(monde: Monde) -> None:
    depassee = _parcours(monde)
    EcheanceFactory(parcours=depassee, depassee=True)
    # Still "ouverte" (the nightly task has not run yet): passed is passed.
    EcheanceFactory(parcours=_parcours(monde), date_limite=timezone.localdate() - datetime.timedelta(days=1))
    proche = _parcours(monde)
    EcheanceFactory(parcours=proche, proche=True)
    dans_sept_jours = _parcours(monde)
    EcheanceFactory(parcours=dans_sept_jours, date_limite=timezone.localdate() + datetime.timedelta(days=7))
    dans_huit_jours = _parcours(monde)
    EcheanceFactory(parcours=dans_huit_jours, date_limite=timezone.localdate() + datetime.timedelta(days=8))
    tenue = _parcours(monde)
    EcheanceFactory(parcours=tenue, depassee=True, tenue=True)

    assert _alertes(depassee) == {TypeAlerte.ECHEANCE_DEPASSEE}
    assert _alertes(proche) == {TypeAlerte.ECHEANCE_PROCHE}
    assert _alertes(dans_sept_jours) == {TypeAlerte.ECHEANCE_PROCHE}
    assert _alertes(dans_huit_jours) == set()
    assert _alertes(tenue) == set()


def test_sortie_sans_suite_prevue(monde: Monde) -> None:
    assert _alertes(_parcours(monde, sans_suite=True)) == {TypeAlerte.SORTIE_SANS_SUITE}
    assert _alertes(_parcours(monde, clos=True)) == set()


def test_un_parcours_clos_n_a_pas_d_alerte_de_suivi(monde: Monde) -> None:
    clos = _parcours(monde, clos=True, ancien=True, referent=None)
    EcheanceFactory(parcours=clos, depassee=True)
    assert _alertes(clos) == set()


def _portefeuille_de(user: Utilisateur, **filtres: str) -> list[Parcours]:
    return list(portefeuille(user=user, filtres=Filtres(**filtres)))


def test_portefeuille_trie_par_urgence(monde: Monde) -> None:
    calme = _parcours(monde)
    loin = _parcours(monde)
    EcheanceFactory(parcours=loin, date_limite=timezone.localdate() + datetime.timedelta(days=30))
    proche = _parcours(monde)
    EcheanceFactory(parcours=proche, proche=True)
    rupture = _parcours(monde, ancien=True)
    depassee = _parcours(monde)
    EcheanceFactory(parcours=depassee, depassee=True)
    sans_suite = _parcours(monde, sans_suite=True)
    avec_suite = _parcours(monde, clos=True)  # closed and done: no longer in the caseload
    autre_referent = _parcours(monde, referent=monde.encadrant_arras)

    liste = _portefeuille_de(monde.ts_arras)

    assert set(liste[:3]) == {rupture, depassee, sans_suite}
    assert liste[3:] == [proche, loin, calme]
    assert avec_suite not in liste and autre_referent not in liste


def test_portefeuille_inclut_l_equipe(monde: Monde) -> None:
    parcours = _parcours(monde, referent=monde.encadrant_arras)
    MembreEquipeFactory(parcours=parcours, utilisateur=monde.ts_arras)
    assert _portefeuille_de(monde.ts_arras) == [parcours]


def test_filtres_du_portefeuille(monde: Monde) -> None:
    rsa = _parcours(monde)
    apa = _parcours(monde, apa=True, ancien=True)
    assert _portefeuille_de(monde.ts_arras, dispositif=Dispositif.APA) == [apa]
    assert _portefeuille_de(monde.ts_arras, etat="a_orienter") == [rsa]
    assert _portefeuille_de(monde.ts_arras, alerte=TypeAlerte.SANS_CONTACT) == [apa]
    assert _portefeuille_de(monde.ts_arras, alerte="rupture") == [apa]
    assert _portefeuille_de(monde.ts_arras, alerte=TypeAlerte.ECHEANCE_PROCHE) == []


def test_portefeuille_en_une_requete(monde: Monde) -> None:
    for _ in range(5):
        EcheanceFactory(parcours=_parcours(monde))
    with CaptureQueriesContext(connection) as requetes:
        liste = _portefeuille_de(monde.ts_arras)
        [(p.personne.nom, p.site.nom, p.referent.username, alertes_de(p)) for p in liste]
    perimetre = 1  # the user's assignments and memberships, once per request
    parametre = 1  # the rupture threshold in force today (dated parameter, G-1), once per list
    assert len(requetes) == 1 + perimetre + parametre


def test_tableau_de_bord_par_referent_sans_referent_et_echeances(monde: Monde) -> None:
    ts2 = f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras).utilisateur
    _parcours(monde, ancien=True)
    a_jour = _parcours(monde)
    EcheanceFactory(parcours=a_jour, proche=True)
    _parcours(monde, referent=ts2)
    orphelin = _parcours(monde, referent=None)
    loin = _parcours(monde, referent=ts2)
    EcheanceFactory(parcours=loin, date_limite=timezone.localdate() + datetime.timedelta(days=20))
    ailleurs = ParcoursFactory(personne__commune=monde.calais, site=monde.mds_calais, referent=None)

    tableau = tableau_de_bord(user=monde.encadrant_arras)

    lignes = {ligne.referent: ligne for ligne in tableau.par_referent}
    assert (lignes[monde.ts_arras].total, lignes[monde.ts_arras].ruptures) == (2, 1)
    assert lignes[monde.ts_arras].sans_contact == 1 and lignes[monde.ts_arras].echeances_proches == 1
    assert (lignes[ts2].total, lignes[ts2].ruptures) == (2, 0)
    assert tableau.par_referent[0].referent == monde.ts_arras  # the most ruptures first
    assert tableau.sans_referent == [orphelin] and tableau.nb_sans_referent == 1
    assert tableau.echeances_proches == [a_jour]
    assert ailleurs not in tableau.sans_referent


def _lectures_du_seuil(requetes: CaptureQueriesContext) -> int:
    return sum(1 for r in requetes.captured_queries if PARAMETRE_SANS_CONTACT in r["sql"])


def test_g_1_seuil_sans_contact_lu_une_fois_par_requete(monde: Monde) -> None:
    """Within one request (``parametres_memorises``), the rupture threshold is read once however many scoped
    pathway fetches ask for it; outside a request each fetch reads it (an admin's edit is seen at once)."""
    from social.parametres import parametres_memorises

    parcours = [_parcours(monde) for _ in range(3)]
    with CaptureQueriesContext(connection) as requetes:
        for p in parcours:
            _alertes(p)
    assert _lectures_du_seuil(requetes) == 3
    with parametres_memorises(), CaptureQueriesContext(connection) as requetes:
        for p in parcours:
            _alertes(p)
        _portefeuille_de(monde.ts_arras)
    assert _lectures_du_seuil(requetes) == 1


def test_g_1_le_seuil_memorise_suit_la_date_demandee(monde: Monde) -> None:
    """The memo is by day: a lookup at another date reads the row in force on that date."""
    from social.parametres import parametres_memorises

    aujourd_hui = timezone.localdate()
    hier = aujourd_hui - datetime.timedelta(days=1)
    Parametre.objects.filter(code=PARAMETRE_SANS_CONTACT).update(date_fin=hier)
    Parametre.objects.create(
        code=PARAMETRE_SANS_CONTACT,
        libelle="Délai sans contact",
        valeur=30,
        unite=UniteParametre.JOURS,
        date_debut=aujourd_hui,
        source="Choix du département",
    )
    with parametres_memorises(), CaptureQueriesContext(connection) as requetes:
        assert jours_sans_contact(aujourd_hui - datetime.timedelta(days=1)) == 90
        assert jours_sans_contact() == 30
        assert jours_sans_contact(aujourd_hui - datetime.timedelta(days=1)) == 90
    assert _lectures_du_seuil(requetes) == 2


def test_le_seuil_est_lu_une_fois_par_page(monde: Monde) -> None:
    """The middleware opens the memo for each request: the caseload reads the threshold once."""
    for _ in range(3):
        _parcours(monde)
    with CaptureQueriesContext(connection) as requetes:
        assert client_de(monde.ts_arras).get(reverse("frontend:parcours_liste")).status_code == 200
    assert _lectures_du_seuil(requetes) == 1
