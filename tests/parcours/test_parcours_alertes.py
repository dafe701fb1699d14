"""Ruptures and alerts, computed in SQL: detection, filtering, ordering by urgency, the dashboard."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import (
    BooleanField,
    DateField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.enums import (
    TYPES_ECHEANCE_ASE,
    Dispositif,
    ResultatRendezVous,
    StatutEcheance,
    TypeAlerte,
    TypeEcheance,
)
from parcours.models import ContratEngagement, Echeance, Note, Parcours, RendezVous
from parcours.selectors import (
    ANNOTATIONS_ALERTES,
    PARAMETRE_SANS_CONTACT,
    Filtres,
    alertes_de,
    annoter_alertes,
    jours_sans_contact,
    parcours_visibles,
    portefeuille,
    tableau_de_bord,
)
from social.enums import UniteParametre
from social.models import Parametre, Utilisateur
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.parcours.factories import (
    ContratEngagementFactory,
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


def _jour(decalage: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=decalage)


def test_contrat_d_engagement_expire_est_une_rupture(monde: Monde) -> None:
    """An open pathway whose latest contrat d'engagement has ended is a rupture, until a new one is signed."""
    expire = _parcours(monde, dispositif=Dispositif.RSA)
    ContratEngagementFactory(parcours=expire, signe_le=_jour(-400), date_fin=_jour(-1))
    dernier_jour = _parcours(monde, dispositif=Dispositif.RSA)
    ContratEngagementFactory(parcours=dernier_jour, signe_le=_jour(-365), date_fin=_jour(0))
    renouvele = _parcours(monde, dispositif=Dispositif.RSA)
    ContratEngagementFactory(parcours=renouvele, signe_le=_jour(-400), date_fin=_jour(-30))
    ContratEngagementFactory(parcours=renouvele, signe_le=_jour(-30), date_fin=None)
    sans_fin = _parcours(monde, dispositif=Dispositif.RSA)
    ContratEngagementFactory(parcours=sans_fin, date_fin=None)
    clos = _parcours(monde, dispositif=Dispositif.RSA, clos=True)
    ContratEngagementFactory(parcours=clos, signe_le=_jour(-400), date_fin=_jour(-10))

    assert _alertes(expire) == {TypeAlerte.CONTRAT_EXPIRE}
    assert _alertes(dernier_jour) == set()
    assert _alertes(renouvele) == set()
    assert _alertes(sans_fin) == set()
    assert TypeAlerte.CONTRAT_EXPIRE not in _alertes(clos)
    # A rupture: first in the caseload, and under the "any rupture" filter.
    assert _portefeuille_de(monde.ts_arras)[0] == expire
    assert _portefeuille_de(monde.ts_arras, alerte=TypeAlerte.CONTRAT_EXPIRE) == [expire]
    assert _portefeuille_de(monde.ts_arras, alerte="rupture") == [expire]
    ligne = tableau_de_bord(user=monde.encadrant_arras).par_referent[0]
    assert (ligne.referent, ligne.contrats_expires, ligne.ruptures) == (monde.ts_arras, 1, 1)


def test_dp_4_l_echeance_ase_n_alerte_que_l_equipe(monde: Monde) -> None:
    """The entretien at 17 (ASE-1) tells that the person is entrusted to the ASE: it raises the alerts in
    the caseload of the référent, not in the lists of the site's other agents (DP-4)."""
    parcours = _parcours(monde)
    EcheanceFactory(parcours=parcours, type=TypeEcheance.ASE_ENTRETIEN_AUTONOMIE, proche=True)
    [mien] = _portefeuille_de(monde.ts_arras)
    assert (alertes_de(mien), mien.prochaine_echeance) == (
        [TypeAlerte.ECHEANCE_PROCHE],
        parcours.echeances.get().date_limite,
    )
    collegue = f.AffectationFactory(utilisateur__username="ts3.arras", site=monde.mds_arras).utilisateur
    [vu] = parcours_visibles(user=collegue)
    assert (alertes_de(vu), vu.prochaine_echeance) == ([], None)
    assert _alertes(parcours) == set()


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


# The alerts are SQL expressions on the pathway's row (``SqlSurParcours``); the former ORM formulation
# (``Exists`` of querysets) is kept here as their reference.


def _annoter_orm(queryset: QuerySet[Parcours], jour: datetime.date) -> QuerySet[Parcours]:
    delai = datetime.timedelta(days=jours_sans_contact(jour))
    seuil = timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min)) - delai
    ouvert = Q(date_cloture__isnull=True)
    non_tenues = (
        Echeance.objects.filter(parcours_id=OuterRef("pk"))
        .exclude(statut=StatutEcheance.TENUE)
        .exclude(type__in=TYPES_ECHEANCE_ASE)
    )
    contact_recent = Q(
        Exists(
            RendezVous.objects.filter(
                parcours_id=OuterRef("pk"),
                resultat=ResultatRendezVous.HONORE,
                date_heure__gte=seuil,
                date_heure__lte=timezone.now(),
            )
        )
    ) | Q(Exists(Note.objects.filter(parcours_id=OuterRef("pk"), created_at__gte=seuil)))

    def booleen(condition: Q) -> ExpressionWrapper:
        return ExpressionWrapper(condition, output_field=BooleanField())

    return queryset.annotate(
        alerte_sans_referent=booleen(ouvert & Q(referent__isnull=True)),
        alerte_sans_contact=booleen(ouvert & Q(date_ouverture__lt=jour - delai) & ~contact_recent),
        alerte_echeance_depassee=booleen(ouvert & Q(Exists(non_tenues.filter(date_limite__lt=jour)))),
        alerte_echeance_proche=booleen(
            ouvert
            & Q(
                Exists(
                    non_tenues.filter(
                        date_limite__gte=jour, date_limite__lte=jour + datetime.timedelta(days=7)
                    )
                )
            )
        ),
        alerte_sortie_sans_suite=booleen(Q(date_cloture__isnull=False, suite_prevue="")),
        alerte_contrat_expire=booleen(
            ouvert
            & Q(
                Exists(
                    ContratEngagement.objects.filter(
                        pk=Subquery(
                            ContratEngagement.objects.filter(parcours_id=OuterRef(OuterRef("pk")))
                            .order_by("-signe_le", "-created_at", "-id")
                            .values("pk")[:1]
                        ),
                        date_fin__lt=jour,
                    )
                )
            )
        ),
        prochaine_echeance=Subquery(
            non_tenues.order_by("date_limite").values("date_limite")[:1], output_field=DateField()
        ),
    )


COLONNES = [*ANNOTATIONS_ALERTES.values(), "prochaine_echeance"]


def test_g_4_alertes_en_sql_identiques_a_la_formulation_orm(monde: Monde) -> None:
    jour = timezone.localdate()
    varies = [
        _parcours(monde),
        _parcours(monde, referent=None),
        _parcours(monde, ancien=True),
        _parcours(monde, ancien=True, referent=None),
        _parcours(monde, clos=True),
        _parcours(monde, sans_suite=True),
    ]
    RendezVousFactory(parcours=_parcours(monde, ancien=True), honore=True)
    RendezVousFactory(parcours=_parcours(monde, ancien=True), absent=True)
    NoteFactory(parcours=_parcours(monde, ancien=True), auteur=monde.ts_arras)
    for trait in ({"depassee": True}, {"proche": True}, {"tenue": True}, {}):
        EcheanceFactory(parcours=_parcours(monde), **trait)
    EcheanceFactory(parcours=varies[4], depassee=True)  # closed: no deadline alert, a next deadline
    # The ASE deadline counts for nobody here (DP-4: the lists of every viewer but her own caseload).
    EcheanceFactory(parcours=varies[3], type=TypeEcheance.ASE_ENTRETIEN_AUTONOMIE, depassee=True)
    ContratEngagementFactory(parcours=varies[0], signe_le=_jour(-400), date_fin=_jour(-2))
    ContratEngagementFactory(parcours=varies[1], signe_le=_jour(-400), date_fin=_jour(-2))
    ContratEngagementFactory(parcours=varies[1], signe_le=_jour(-3), date_fin=_jour(300))
    ContratEngagementFactory(parcours=varies[2], date_fin=None)
    ContratEngagementFactory(parcours=varies[4], signe_le=_jour(-400), date_fin=_jour(-2))
    tous = Parcours.objects.order_by("pk")
    attendu = list(_annoter_orm(tous, jour).values_list("pk", *COLONNES))
    assert list(annoter_alertes(tous, jour=jour, urgence=False).values_list("pk", *COLONNES)) == attendu
    # Not vacuous: every alert is raised somewhere, and absent somewhere else.
    for rang, _colonne in enumerate(COLONNES[:-1], start=1):
        assert {ligne[rang] for ligne in attendu} == {True, False}
    # In a subquery (its table relabelled U0), and filtered on, the expressions keep to their own row.
    for colonne in COLONNES[:-1]:
        dans_sous_requete = Parcours.objects.filter(
            pk__in=annoter_alertes(Parcours.objects.all(), jour=jour).filter(**{colonne: True}).values("pk")
        )
        orm = [pk for pk, *valeurs in attendu if valeurs[COLONNES.index(colonne)]]
        assert sorted(dans_sous_requete.values_list("pk", flat=True)) == orm, colonne
