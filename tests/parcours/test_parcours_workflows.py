"""The workflow tables and the one action that applies them: refusals change nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from parcours import workflows
from parcours.actions import parcours_transitionner, referent_changer
from parcours.enums import AxeAccompagnement, Dispositif, EtatApa, EtatJeunes, EtatRsa, RoleParcours
from parcours.models import DesignationPartenaire, Parcours, TransitionParcours
from social.exceptions import DomainError
from social.models import Personne, Rattachement
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.factories import ObjectifFactory, ouvrir, rajeunir

pytestmark = pytest.mark.django_db


# The tables themselves.


@pytest.mark.parametrize("dispositif", Dispositif.values)
def test_chaque_dispositif_a_sa_table_coherente(dispositif: str) -> None:
    flux = workflows.workflow(dispositif)
    etats = set(flux.etats.values)
    assert flux.initial in etats
    assert flux.finaux and flux.finaux <= etats
    vues = set()
    for transition in flux.transitions:
        assert transition.depuis in etats and transition.vers in etats
        assert transition.libelle and transition.reference
        assert transition.roles and transition.roles <= set(RoleParcours.values)
        assert RoleParcours.PARTENAIRE not in transition.roles
        assert (transition.depuis, transition.vers) not in vues, "une seule transition par couple d'états"
        vues.add((transition.depuis, transition.vers))
        if transition.cloture:
            assert transition.motif_requis, "une sortie dit toujours pourquoi"
    assert not any(t.depuis in flux.finaux for t in flux.transitions), "un état final est final"


@pytest.mark.parametrize("dispositif", Dispositif.values)
def test_chaque_etat_est_atteignable_et_mene_a_une_sortie(dispositif: str) -> None:
    flux = workflows.workflow(dispositif)
    atteints, a_voir = {flux.initial}, [flux.initial]
    while a_voir:
        for transition in flux.depuis(a_voir.pop()):
            if transition.vers not in atteints:
                atteints.add(transition.vers)
                a_voir.append(transition.vers)
    assert atteints == set(flux.etats.values)
    for etat in set(flux.etats.values) - flux.finaux:
        chemin, a_voir = {etat}, [etat]
        while a_voir:
            for transition in flux.depuis(a_voir.pop()):
                if transition.vers not in chemin:
                    chemin.add(transition.vers)
                    a_voir.append(transition.vers)
        assert chemin & flux.finaux, f"{etat} ne mène à aucune sortie"


def test_les_decisions_negatives_exigent_un_motif() -> None:
    """G-2: suspension, refusal, reorientation are motivated."""
    rsa, apa = workflows.workflow(Dispositif.RSA), workflows.workflow(Dispositif.APA)
    assert rsa.transition(EtatRsa.EN_ACCOMPAGNEMENT, EtatRsa.SUSPENDU).motif_requis
    assert rsa.transition(EtatRsa.ORIENTE, EtatRsa.ORIENTE).motif_requis
    assert apa.transition(EtatApa.EVALUATION, EtatApa.DECIDE).motif_requis
    assert apa.transition(EtatApa.DEMANDE_RECUE, EtatApa.DOSSIER_INCOMPLET).motif_requis


def test_choix_des_etats_groupes_par_dispositif() -> None:
    groupes = dict(workflows.choix_etats())
    assert ("rsa:oriente", "Orienté") in groupes["RSA"]
    assert ("apa:clos", "Clos") in groupes["APA"] and ("pch:clos", "Clos") in groupes["PCH"]


# The action.


def _etat_fige(parcours: Parcours) -> tuple[object, ...]:
    parcours.refresh_from_db()
    return (
        parcours.etat,
        parcours.date_cloture,
        parcours.motif_cloture,
        parcours.updated_at,
        TransitionParcours.objects.filter(parcours=parcours).count(),
        parcours.history.count(),
    )


@pytest.fixture
def rsa(monde: Monde, personne_arras: Personne) -> Parcours:
    return ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)


def test_une_transition_est_journalisee_qui_quand_depuis_vers_pourquoi(monde: Monde, rsa: Parcours) -> None:
    avant = timezone.now()
    parcours = parcours_transitionner(
        parcours=rsa, vers=EtatRsa.ORIENTE, acting_user=monde.ts_arras, motif="Parcours social"
    )

    assert parcours.etat == EtatRsa.ORIENTE
    ligne = TransitionParcours.objects.filter(parcours=rsa).order_by("-id").first()
    assert (ligne.depuis, ligne.vers, ligne.acting_user, ligne.motif) == (
        EtatRsa.A_ORIENTER,
        EtatRsa.ORIENTE,
        monde.ts_arras,
        "Parcours social",
    )
    assert ligne.created_at >= avant and ligne.date_effet == timezone.localdate()
    dernier = parcours.history.order_by("-history_date").first()
    assert dernier.etat == EtatRsa.ORIENTE and dernier.history_user == monde.ts_arras
    assert dernier.history_change_reason == "Enregistrer l'orientation"


def test_le_journal_des_transitions_ne_se_modifie_pas(rsa: Parcours) -> None:
    ligne = TransitionParcours.objects.get(parcours=rsa)
    ligne.motif = "réécrit"
    with pytest.raises(ValueError, match="journal"):
        ligne.save()


def test_refus_depuis_le_mauvais_etat_sans_rien_changer(monde: Monde, rsa: Parcours) -> None:
    avant = _etat_fige(rsa)
    with pytest.raises(DomainError) as erreur:
        parcours_transitionner(parcours=rsa, vers=EtatRsa.EN_ACCOMPAGNEMENT, acting_user=monde.ts_arras)

    assert erreur.value.code == "transition_impossible"
    assert erreur.value.message == (
        "Le parcours est à l'état « À orienter » : il ne peut pas passer à « En accompagnement ». "
        "États possibles : « Orienté », « Sorti du dispositif »."
    )
    assert _etat_fige(rsa) == avant


def test_refus_sans_motif_requis_sans_rien_changer(monde: Monde, rsa: Parcours) -> None:
    avant = _etat_fige(rsa)
    with pytest.raises(DomainError) as erreur:
        parcours_transitionner(parcours=rsa, vers=EtatRsa.SORTIE, acting_user=monde.ts_arras, motif="   ")

    assert erreur.value.code == "motif_requis"
    assert erreur.value.message == "Un motif écrit est obligatoire pour « Clôturer : sortie du dispositif »."
    assert erreur.value.extra == {"champ": "motif"}
    assert _etat_fige(rsa) == avant


@pytest.mark.parametrize(
    "persona", ["accueil_arras", "ts_calais", "partenaire_ccas_arras", "elu_arrageois", "admin"]
)
def test_refus_par_un_role_sans_droit_sans_rien_changer(monde: Monde, rsa: Parcours, persona: str) -> None:
    DesignationPartenaire.objects.create(parcours=rsa, organisation=monde.ccas_arras)
    avant = _etat_fige(rsa)
    with pytest.raises(DomainError) as erreur:
        parcours_transitionner(parcours=rsa, vers=EtatRsa.ORIENTE, acting_user=getattr(monde, persona))

    assert erreur.value.code == "interdit"
    assert erreur.value.message == (
        "Votre rôle sur ce parcours ne permet pas de « Enregistrer l'orientation » "
        "(réservé : encadrant du site responsable, référent unique)."
    )
    assert _etat_fige(rsa) == avant


def test_un_autre_travailleur_social_du_site_ne_fait_pas_avancer_le_parcours(
    monde: Monde, rsa: Parcours
) -> None:
    collegue = f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras).utilisateur
    with pytest.raises(DomainError) as erreur:
        parcours_transitionner(parcours=rsa, vers=EtatRsa.ORIENTE, acting_user=collegue)
    assert erreur.value.code == "interdit"


def test_la_suspension_est_reservee_a_l_encadrant(monde: Monde, rsa: Parcours) -> None:
    for vers in (EtatRsa.ORIENTE, EtatRsa.CONTRACTUALISE, EtatRsa.EN_ACCOMPAGNEMENT):
        parcours_transitionner(parcours=rsa, vers=vers, acting_user=monde.ts_arras)
    avant = _etat_fige(rsa)
    with pytest.raises(DomainError) as erreur:
        parcours_transitionner(
            parcours=rsa, vers=EtatRsa.SUSPENDU, acting_user=monde.ts_arras, motif="Absences"
        )
    assert erreur.value.code == "interdit"
    assert _etat_fige(rsa) == avant

    parcours = parcours_transitionner(
        parcours=rsa, vers=EtatRsa.SUSPENDU, acting_user=monde.encadrant_arras, motif="Absences répétées"
    )
    assert parcours.etat == EtatRsa.SUSPENDU


def test_le_referent_est_requis_pour_le_contrat(monde: Monde, personne_arras: Personne) -> None:
    """RSA-2: the référent unique signs the contrat d'engagement."""
    parcours = ouvrir(personne_arras, par=monde.encadrant_arras, site=monde.mds_arras)
    parcours_transitionner(parcours=parcours, vers=EtatRsa.ORIENTE, acting_user=monde.encadrant_arras)
    avant = _etat_fige(parcours)
    with pytest.raises(DomainError) as erreur:
        parcours_transitionner(
            parcours=parcours, vers=EtatRsa.CONTRACTUALISE, acting_user=monde.encadrant_arras
        )
    assert erreur.value.code == "referent_requis"
    assert _etat_fige(parcours) == avant


def test_faj_4_un_jeune_a_un_referent_avant_son_projet(monde: Monde, personne_arras: Personne) -> None:
    parcours = ouvrir(
        rajeunir(personne_arras),
        par=monde.encadrant_arras,
        site=monde.mds_arras,
        dispositif=Dispositif.JEUNES,
    )
    with pytest.raises(DomainError) as erreur:
        parcours_transitionner(parcours=parcours, vers=EtatJeunes.PROJET, acting_user=monde.encadrant_arras)
    assert erreur.value.code == "referent_requis"

    referent_changer(parcours=parcours, nouveau=monde.ts_arras, acting_user=monde.encadrant_arras)
    ObjectifFactory(parcours=parcours, axe=AxeAccompagnement.FORMATION)
    assert parcours_transitionner(
        parcours=parcours, vers=EtatJeunes.PROJET, acting_user=monde.ts_arras
    ).etat == (EtatJeunes.PROJET)


def test_cloture_avec_suite_et_fin_des_designations(monde: Monde, rsa: Parcours) -> None:
    from parcours.actions import partenaire_designer

    partenaire_designer(parcours=rsa, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    parcours = parcours_transitionner(
        parcours=rsa,
        vers=EtatRsa.SORTIE,
        acting_user=monde.ts_arras,
        motif="Reprise d'emploi",
        suite_prevue="Suivi par France Travail",
    )

    assert parcours.est_clos and parcours.date_cloture == timezone.localdate()
    assert (parcours.motif_cloture, parcours.suite_prevue) == ("Reprise d'emploi", "Suivi par France Travail")
    assert DesignationPartenaire.objects.get(parcours=rsa).date_fin == timezone.localdate()
    rattachement = Rattachement.objects.get(personne=rsa.personne, organisation=monde.ccas_arras)
    assert rattachement.date_fin == timezone.localdate()
    with pytest.raises(DomainError) as erreur:
        parcours_transitionner(parcours=parcours, vers=EtatRsa.ORIENTE, acting_user=monde.ts_arras)
    assert erreur.value.code == "parcours_clos"


def test_une_instance_perimee_ne_permet_pas_une_double_transition(
    monde: Monde, personne_arras: Personne
) -> None:
    """The source state is read under the row lock, not from the caller's object."""
    apa = ouvrir(
        personne_arras, par=monde.evaluateur_arras, site=monde.autonomie_arras, dispositif=Dispositif.APA
    )
    perimee = Parcours.objects.get(pk=apa.pk)
    parcours_transitionner(parcours=apa, vers=EtatApa.DOSSIER_COMPLET, acting_user=monde.evaluateur_arras)

    with pytest.raises(DomainError) as erreur:
        parcours_transitionner(
            parcours=perimee, vers=EtatApa.DOSSIER_COMPLET, acting_user=monde.evaluateur_arras
        )
    assert erreur.value.code == "transition_impossible"
    assert TransitionParcours.objects.filter(parcours=apa, vers=EtatApa.DOSSIER_COMPLET).count() == 1


def test_date_d_effet_ni_future_ni_anterieure_a_l_etape_precedente(
    monde: Monde, personne_arras: Personne
) -> None:
    jour = timezone.localdate()
    parcours = ouvrir(
        personne_arras,
        par=monde.ts_arras,
        site=monde.mds_arras,
        referent=monde.ts_arras,
        date_reception=jour - datetime.timedelta(days=10),
    )
    for date_effet, code in [
        (jour + datetime.timedelta(days=1), "date_future"),
        (jour - datetime.timedelta(days=11), "date_anterieure"),
    ]:
        with pytest.raises(DomainError) as erreur:
            parcours_transitionner(
                parcours=parcours, vers=EtatRsa.ORIENTE, acting_user=monde.ts_arras, date_effet=date_effet
            )
        assert erreur.value.code == code
    oriente = parcours_transitionner(
        parcours=parcours,
        vers=EtatRsa.ORIENTE,
        acting_user=monde.ts_arras,
        date_effet=jour - datetime.timedelta(days=3),
    )
    assert oriente.transitions.order_by("-id").first().date_effet == jour - datetime.timedelta(days=3)
