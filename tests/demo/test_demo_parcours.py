"""The demonstration pathways: each demo account lands on a living caseload."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, DjangoDbBlocker

from demo.chargement import DATE_REFERENCE, demo_charger
from demo.parcours import GROUPES, RapportParcoursDemo, parcours_demo_charger
from parcours import workflows
from parcours.enums import (
    Confidentialite,
    Dispositif,
    EtatApa,
    EtatJeunes,
    EtatRsa,
    ResultatRendezVous,
    StatutEcheance,
    TypeAlerte,
    TypeEcheance,
)
from parcours.models import (
    ActionParcours,
    ChangementReferent,
    DesignationPartenaire,
    Echeance,
    MembreEquipe,
    Note,
    Objectif,
    Parcours,
    RendezVous,
    TransitionParcours,
)
from parcours.selectors import alertes_de, portefeuille, tableau_de_bord
from social.actions import affectation_creer
from social.enums import RoleAgent
from social.models import Personne, Rattachement, Site, Utilisateur

pytestmark = pytest.mark.django_db

# The first people of the demo: the scripted households (Lefèvre of Arras and Calais, Lefebvre, Benali)
# and enough drawn ones for every group to get its first scenarios.
NB_PERSONNES = 120
MODELES = (
    Parcours,
    TransitionParcours,
    ChangementReferent,
    DesignationPartenaire,
    MembreEquipe,
    RendezVous,
    Note,
    Objectif,
    ActionParcours,
    Echeance,
    Rattachement,
)


@pytest.fixture(scope="module")
def rapport(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[RapportParcoursDemo]:
    """One load for the module (base demo, then its pathways) in a transaction rolled back at its end;
    each test runs in a savepoint of it."""
    with django_db_blocker.unblock():
        atomique = transaction.atomic()
        atomique.__enter__()
        demo_charger(nb_personnes=NB_PERSONNES)
        rapport = parcours_demo_charger()
    yield rapport
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomique.__exit__(None, None, None)


def _utilisateur(username: str) -> Utilisateur:
    return Utilisateur.objects.get(username=username)


def _empreinte() -> list[tuple[object, ...]]:
    """What a load decided, independent of ids and creation times."""
    return sorted(
        (
            str(p.personne.public_id),
            p.dispositif,
            p.etat,
            p.site.nom,
            p.referent.username if p.referent else "",
            p.date_reception,
            p.suite_prevue,
            tuple(p.transitions.order_by("date_effet", "id").values_list("vers", "date_effet", "motif")),
            tuple(sorted(p.rendez_vous.values_list("date_heure", "resultat", "objet"))),
            tuple(sorted(p.notes.values_list("texte", "confidentialite"))),
            tuple(sorted(p.designations.values_list("organisation__nom", "date_debut"))),
            tuple(sorted(p.echeances.values_list("type", "date_limite", "statut"))),
        )
        for p in Parcours.objects.select_related("personne", "site", "referent")
    )


def test_rapport(rapport: RapportParcoursDemo) -> None:
    assert rapport.a_change
    assert rapport.parcours == Parcours.objects.count() == sum(rapport.par_groupe.values())
    assert set(rapport.par_groupe) == {g.cle for g in GROUPES}
    assert rapport.par_groupe["rsa-arrageois"] >= 8
    assert rapport.transitions == TransitionParcours.objects.count()
    assert rapport.rendez_vous == RendezVous.objects.count()
    assert rapport.notes == Note.objects.count()
    assert rapport.designations == DesignationPartenaire.objects.count()
    # No encadrant of the Maison de l'Autonomie in the demo: the pathway meant to be notified waits.
    assert rapport.decisions_apa_en_attente >= 1
    assert not Parcours.objects.filter(dispositif=Dispositif.APA, etat=EtatApa.NOTIFIE).exists()


def test_chaque_etat_est_celui_du_workflow_et_le_journal_y_mene(rapport: RapportParcoursDemo) -> None:
    for parcours in Parcours.objects.prefetch_related("transitions"):
        table = workflows.workflow(parcours.dispositif)
        assert parcours.etat in workflows.etats_valides(parcours.dispositif)
        parcours.full_clean()
        journal = sorted(parcours.transitions.all(), key=lambda t: (t.created_at, t.id))
        assert (journal[0].depuis, journal[0].vers) == ("", table.initial)
        assert journal[0].date_effet == parcours.date_reception
        for avant, apres in itertools.pairwise(journal):
            assert apres.depuis == avant.vers
            assert table.transition(apres.depuis, apres.vers) is not None
            assert avant.date_effet <= apres.date_effet <= timezone.localdate()
        assert journal[-1].vers == parcours.etat
        assert parcours.est_clos == (parcours.etat in table.finaux)


def test_ts_arras_a_des_parcours_et_une_alerte_d_orientation(rapport: RapportParcoursDemo) -> None:
    ts_arras = _utilisateur("ts.arras")
    parcours = list(portefeuille(user=ts_arras))
    assert len(parcours) >= 6
    assert {p.etat for p in parcours} >= {
        EtatRsa.A_ORIENTER,
        EtatRsa.ORIENTE,
        EtatRsa.CONTRACTUALISE,
        EtatRsa.EN_ACCOMPAGNEMENT,
        EtatRsa.SUSPENDU,
        EtatRsa.SORTIE,
    }
    en_retard = [
        p for p in parcours if p.etat == EtatRsa.A_ORIENTER and TypeAlerte.ECHEANCE_DEPASSEE in alertes_de(p)
    ]
    assert en_retard
    assert all(
        p.echeances.get(type=TypeEcheance.RSA_ORIENTATION).statut == StatutEcheance.DEPASSEE
        for p in en_retard
    )
    # An exit without a next step is a rupture of her caseload.
    assert any(TypeAlerte.SORTIE_SANS_SUITE in alertes_de(p) for p in parcours)


def test_le_tableau_de_bord_de_l_encadrant_montre_les_parcours_sans_referent(
    rapport: RapportParcoursDemo,
) -> None:
    encadrant = _utilisateur("encadrant.arras")
    tableau = tableau_de_bord(user=encadrant)
    assert tableau.nb_sans_referent >= 1
    assert tableau.sans_referent
    assert all(p.referent_id is None and p.site.nom == "MDS de l'Arrageois" for p in tableau.sans_referent)
    assert [ligne.referent.username for ligne in tableau.par_referent if ligne.referent] == ["ts.arras"]
    # The suspensions are his (the workflow reserves them to the encadrant).
    suspensions = TransitionParcours.objects.filter(vers=EtatRsa.SUSPENDU)
    assert suspensions.exists()
    assert set(suspensions.values_list("acting_user__username", flat=True)) == {"encadrant.arras"}


def test_le_ccas_d_arras_voit_les_parcours_ou_il_est_designe(rapport: RapportParcoursDemo) -> None:
    partenaire = _utilisateur("partenaire.ccas-arras")
    visibles = Parcours.objects.visible_by(partenaire)
    assert visibles.filter(dispositif=Dispositif.RSA).exists()
    for parcours in visibles:
        assert parcours.designations.actives().filter(organisation__nom="CCAS d'Arras").exists()
    # The scripted Lefèvre of Arras, followed by the CCAS, is one of them.
    assert visibles.filter(personne__nom="Lefèvre", personne__prenoms="Jean-Pierre").exists()
    partages = Note.objects.filter(parcours__in=visibles, confidentialite=Confidentialite.PARTENAIRES)
    assert partages.filter(auteur=partenaire).exists()
    assert not Parcours.objects.visible_by(_utilisateur("ts.calais")).filter(pk__in=visibles).exists()


def test_la_mission_locale_voit_des_parcours_jeunes(rapport: RapportParcoursDemo) -> None:
    visibles = Parcours.objects.visible_by(_utilisateur("partenaire.ml-calais"))
    assert visibles.exists()
    assert set(visibles.values_list("dispositif", flat=True)) == {Dispositif.JEUNES}
    jeunes = Parcours.objects.filter(dispositif=Dispositif.JEUNES).select_related("personne", "site")
    for parcours in jeunes:
        assert 18 <= parcours.personne.age(DATE_REFERENCE) <= 23
        assert parcours.site.nom == "MDS du Calaisis"
        assert parcours.referent is not None and parcours.referent.username == "ts.calais"
    assert jeunes.filter(etat=EtatJeunes.ACCOMPAGNEMENT).exists()


def test_un_jeune_ancien_de_l_ase_dans_la_demo(rapport: RapportParcoursDemo) -> None:
    """The demo shows the ASE block (ASE-1, DP-4): young adults under the jeune-majeur limit followed on a
    youth pathway at the MDS du Calaisis, and minors on a PCH pathway at the Maison de l'Autonomie, are
    recorded as entrusted to the ASE."""
    anciens = Personne.objects.filter(confie_ase_avant_majorite=True)
    assert anciens.exists()
    lieux = set()
    for personne in anciens:
        ((dispositif, site),) = personne.parcours.values_list("dispositif", "site__nom")
        lieux.add((dispositif, site))
        attendu_age = (18, 23) if dispositif == Dispositif.JEUNES else (13, 15)
        assert attendu_age[0] <= personne.age(DATE_REFERENCE) <= attendu_age[1]
    assert lieux == {
        (Dispositif.JEUNES, "MDS du Calaisis"),
        (Dispositif.PCH, "Maison de l'Autonomie de l'Arrageois"),
    }


def test_ase_1_l_entretien_des_17_ans_dans_le_portefeuille_de_l_evaluatrice(
    rapport: RapportParcoursDemo,
) -> None:
    """The minors entrusted to the ASE have their entretien d'accès à l'autonomie due on their 17th
    birthday, in the caseload of their référente."""
    mineurs = Parcours.objects.filter(
        dispositif=Dispositif.PCH, personne__confie_ase_avant_majorite=True
    ).select_related("personne")
    assert mineurs.exists()
    for parcours in mineurs:
        echeance = Echeance.objects.get(parcours=parcours, type=TypeEcheance.ASE_ENTRETIEN_AUTONOMIE)
        veille = echeance.date_limite - datetime.timedelta(days=1)
        assert (parcours.personne.age(veille), parcours.personne.age(echeance.date_limite)) == (16, 17)
    assert set(mineurs) <= set(portefeuille(user=_utilisateur("evaluateur.arras")))


def test_apa_et_pch_a_la_maison_de_l_autonomie(rapport: RapportParcoursDemo) -> None:
    apa = Parcours.objects.filter(dispositif=Dispositif.APA).select_related("personne", "site", "referent")
    assert {p.etat for p in apa} >= {EtatApa.DOSSIER_COMPLET, EtatApa.PLAN_PROPOSE, EtatApa.DEMANDE_RECUE}
    for parcours in apa:
        assert parcours.personne.age(DATE_REFERENCE) >= 60
        assert parcours.site.nom == "Maison de l'Autonomie de l'Arrageois"
        assert parcours.referent is not None and parcours.referent.username == "evaluateur.arras"
    # The complete file near its 2-month deadline: an alert before expiry.
    jour = timezone.localdate()
    proche = Echeance.objects.filter(
        parcours__in=apa,
        type=TypeEcheance.APA_DECISION,
        statut=StatutEcheance.OUVERTE,
        date_limite__range=(jour, jour + datetime.timedelta(days=7)),
    )
    assert proche.filter(parcours__etat=EtatApa.DOSSIER_COMPLET).exists()
    assert Parcours.objects.filter(dispositif=Dispositif.PCH).exists()
    assert {p.dispositif for p in portefeuille(user=_utilisateur("evaluateur.arras"))} >= {
        Dispositif.APA,
        Dispositif.PCH,
    }


def test_rendez_vous_et_notes_de_tous_les_genres(rapport: RapportParcoursDemo) -> None:
    maintenant = timezone.now()
    assert RendezVous.objects.filter(resultat=ResultatRendezVous.HONORE, date_heure__lt=maintenant).exists()
    assert RendezVous.objects.filter(resultat=ResultatRendezVous.ABSENT, date_heure__lt=maintenant).exists()
    assert RendezVous.objects.filter(resultat=ResultatRendezVous.A_VENIR, date_heure__gt=maintenant).exists()
    assert not RendezVous.objects.filter(date_heure__week_day__in=(1, 7)).exists()  # Sunday, Saturday
    assert set(Note.objects.values_list("confidentialite", flat=True)) == set(Confidentialite.values)
    assert Objectif.objects.exists() and ActionParcours.objects.exists()


def test_un_second_passage_ne_cree_rien(
    rapport: RapportParcoursDemo, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    comptes = {modele: modele.objects.count() for modele in MODELES}
    empreinte = _empreinte()

    with django_assert_max_num_queries(12):
        second = parcours_demo_charger()

    assert second == RapportParcoursDemo()
    assert not second.a_change
    assert {modele: modele.objects.count() for modele in MODELES} == comptes
    assert _empreinte() == empreinte


def test_deterministe(rapport: RapportParcoursDemo) -> None:
    empreinte = _empreinte()
    Parcours.objects.all().delete()

    encore = parcours_demo_charger()

    assert encore == rapport
    assert _empreinte() == empreinte


def test_avec_un_encadrant_a_la_maison_de_l_autonomie_les_decisions_sont_notifiees(
    rapport: RapportParcoursDemo,
) -> None:
    """The APA decision is the encadrant's: with one at the Maison de l'Autonomie, the pathways meant
    to be notified are (here for another seed's people, beside the module's)."""
    autonomie = Site.objects.get(nom="Maison de l'Autonomie de l'Arrageois")
    decideuse = Utilisateur.objects.create(
        username="encadrante.autonomie", first_name="Anne", last_name="Roussel"
    )
    affectation_creer(utilisateur=decideuse, site=autonomie, role=RoleAgent.ENCADRANT)
    demo_charger(graine=7, nb_personnes=150)

    autre = parcours_demo_charger(graine=7)

    assert autre.parcours and autre.decisions_apa_en_attente == 0
    notifies = Parcours.objects.filter(dispositif=Dispositif.APA, etat=EtatApa.NOTIFIE)
    assert notifies.exists()
    assert set(
        TransitionParcours.objects.filter(parcours__in=notifies, vers=EtatApa.DECIDE).values_list(
            "acting_user__username", flat=True
        )
    ) == {"encadrante.autonomie"}
    assert not Echeance.objects.filter(
        parcours__in=notifies, type=TypeEcheance.APA_DECISION, statut=StatutEcheance.DEPASSEE
    ).exists()


def test_une_date_future_est_refusee(rapport: RapportParcoursDemo) -> None:
    with pytest.raises(ValidationError) as erreur:
        parcours_demo_charger(maintenant=timezone.localdate() + datetime.timedelta(days=1))
    assert erreur.value.code == "demo_date_future"


def test_chaque_groupe_commence_par_un_scenario_de_chaque_genre() -> None:
    for groupe in GROUPES:
        genres = [genre for genre, _ in groupe.quotas]
        assert groupe.calendrier[: len(genres)] == genres
        assert len(groupe.calendrier) == sum(nombre for _, nombre in groupe.quotas)
