"""Who sees a pathway (``visible_by``) and what each role may read and do on it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from parcours import workflows
from parcours.enums import Dispositif, EtatApa, EtatRsa, RoleParcours
from parcours.models import Parcours
from parcours.permissions import (
    can_add_note,
    can_change_referent,
    can_open_parcours,
    can_transition_parcours,
    can_view_caseload,
    can_view_parcours,
    can_view_sante_parcours,
    can_view_tableau_de_bord,
    est_partenaire_seulement,
    roles_sur_parcours,
)
from social.enums import PerimetreAffectation, RoleAgent
from social.models import Personne
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.factories import DesignationPartenaireFactory, MembreEquipeFactory, ParcoursFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rsa(monde: Monde, personne_arras: Personne) -> Parcours:
    parcours = ParcoursFactory(personne=personne_arras, site=monde.mds_arras, referent=monde.ts_arras)
    DesignationPartenaireFactory(parcours=parcours, organisation=monde.ccas_arras)
    return parcours


# persona -> (visible, page, roles)
ATTENDUS = {
    "ts_arras": (True, True, {RoleParcours.REFERENT, RoleParcours.AGENT_SITE}),
    "encadrant_arras": (True, True, {RoleParcours.ENCADRANT, RoleParcours.AGENT_SITE}),
    "accueil_arras": (True, False, set()),  # sees that it exists, not its content
    "evaluateur_arras": (False, False, set()),  # another site (Maison de l'Autonomie)
    "ts_calais": (False, False, set()),
    "partenaire_ccas_arras": (True, True, {RoleParcours.PARTENAIRE}),
    "partenaire_ml_calais": (False, False, set()),
    "elu_arrageois": (False, False, set()),
    "elu_calaisis": (False, False, set()),
    "admin": (False, False, set()),
}


@pytest.mark.parametrize("persona", ATTENDUS)
def test_visibilite_et_roles_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:
    user = getattr(monde, persona)
    visible, page, roles = ATTENDUS[persona]
    assert Parcours.objects.visible_by(user).filter(pk=rsa.pk).exists() is visible
    assert can_view_parcours(user, rsa) is page
    assert roles_sur_parcours(user, rsa) == roles


def test_anonyme_ne_voit_rien(rsa: Parcours) -> None:
    assert not Parcours.objects.visible_by(AnonymousUser()).exists()
    assert not can_view_parcours(AnonymousUser(), rsa)
    assert not can_view_caseload(AnonymousUser())


def test_compte_desactive_ne_voit_rien(monde: Monde, rsa: Parcours) -> None:
    monde.ts_arras.is_active = False
    assert not Parcours.objects.visible_by(monde.ts_arras).exists()


def test_designation_terminee_ou_future_ne_donne_rien(monde: Monde, personne_arras: Personne) -> None:
    parcours = ParcoursFactory(personne=personne_arras, site=monde.mds_arras)
    DesignationPartenaireFactory(parcours=parcours, organisation=monde.ccas_arras, terminee=True)
    assert not Parcours.objects.visible_by(monde.partenaire_ccas_arras).exists()


def test_affectation_territoriale_voit_les_parcours_du_territoire(monde: Monde, rsa: Parcours) -> None:
    antenne = f.SiteFactory(nom="Antenne de Bapaume", territoire=monde.mds_arras.territoire)
    encadrante = f.AffectationFactory(
        site=antenne, role=RoleAgent.ENCADRANT, perimetre=PerimetreAffectation.TERRITOIRE
    ).utilisateur
    assert Parcours.objects.visible_by(encadrante).filter(pk=rsa.pk).exists()
    assert RoleParcours.ENCADRANT in roles_sur_parcours(encadrante, rsa)


def test_encadrant_ailleurs_n_est_pas_encadrant_ici(monde: Monde, rsa: Parcours) -> None:
    """Roles are per site: encadrant in Calais and social worker in Arras is not Arras' encadrant."""
    user = f.AffectationFactory(site=monde.mds_calais, role=RoleAgent.ENCADRANT).utilisateur
    f.AffectationFactory(utilisateur=user, site=monde.mds_arras, role=RoleAgent.TRAVAILLEUR_SOCIAL)
    assert roles_sur_parcours(user, rsa) == {RoleParcours.AGENT_SITE}
    assert not can_change_referent(user, rsa)


def test_membre_d_equipe(monde: Monde, rsa: Parcours) -> None:
    MembreEquipeFactory(parcours=rsa, utilisateur=monde.evaluateur_arras)
    assert Parcours.objects.visible_by(monde.evaluateur_arras).filter(pk=rsa.pk).exists()
    assert roles_sur_parcours(monde.evaluateur_arras, rsa) == {RoleParcours.EQUIPE}
    assert can_add_note(monde.evaluateur_arras, rsa)


def test_partenaire_seulement_sans_donnees_de_sante(monde: Monde, rsa: Parcours) -> None:
    assert est_partenaire_seulement(monde.partenaire_ccas_arras, rsa)
    assert not can_view_sante_parcours(monde.partenaire_ccas_arras, rsa)
    assert can_view_sante_parcours(monde.ts_arras, rsa)
    assert not est_partenaire_seulement(monde.ts_arras, rsa)


def test_transitions_selon_le_role(monde: Monde, rsa: Parcours) -> None:
    flux = workflows.workflow(Dispositif.RSA)
    orienter = flux.transition(EtatRsa.A_ORIENTER, EtatRsa.ORIENTE)
    assert can_transition_parcours(monde.ts_arras, rsa, orienter)
    assert can_transition_parcours(monde.encadrant_arras, rsa, orienter)
    assert not can_transition_parcours(monde.partenaire_ccas_arras, rsa, orienter)
    assert not can_transition_parcours(monde.accueil_arras, rsa, orienter)


def test_l_evaluateur_du_site_fait_avancer_l_apa(monde: Monde, personne_arras: Personne) -> None:
    apa = ParcoursFactory(personne=personne_arras, site=monde.autonomie_arras, apa=True)
    complet = workflows.workflow(Dispositif.APA).transition(EtatApa.DEMANDE_RECUE, EtatApa.DOSSIER_COMPLET)
    assert roles_sur_parcours(monde.evaluateur_arras, apa) == {
        RoleParcours.EVALUATEUR,
        RoleParcours.AGENT_SITE,
    }
    assert can_transition_parcours(monde.evaluateur_arras, apa, complet)
    assert not Parcours.objects.visible_by(monde.ts_arras).filter(pk=apa.pk).exists()


def test_parcours_clos_plus_de_transition(monde: Monde, personne_arras: Personne) -> None:
    clos = ParcoursFactory(personne=personne_arras, site=monde.mds_arras, referent=monde.ts_arras, clos=True)
    for transition in workflows.workflow(Dispositif.RSA).transitions:
        assert not can_transition_parcours(monde.ts_arras, clos, transition)
    assert not can_change_referent(monde.encadrant_arras, clos)


@pytest.mark.parametrize(
    ("persona", "ouvrir", "portefeuille", "tableau"),
    [
        ("ts_arras", True, True, False),
        ("encadrant_arras", True, True, True),
        ("evaluateur_arras", True, True, False),
        ("accueil_arras", False, False, False),
        ("ts_calais", False, True, False),  # her caseload exists; this person is outside her perimeter
        ("partenaire_ccas_arras", False, False, False),
        ("elu_calaisis", False, False, False),
        ("admin", False, False, False),
    ],
)
def test_droits_generaux(
    monde: Monde, personne_arras: Personne, persona: str, ouvrir: bool, portefeuille: bool, tableau: bool
) -> None:
    user = getattr(monde, persona)
    site = monde.autonomie_arras if persona == "evaluateur_arras" else monde.mds_arras
    assert can_open_parcours(user, personne_arras, site) is ouvrir
    assert can_view_caseload(user) is portefeuille
    assert can_view_tableau_de_bord(user) is tableau
