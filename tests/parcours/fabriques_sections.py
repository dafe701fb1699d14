"""Scenes shared by the API and the page tests of the pathway sections (PCH, RSA sanctions, APA file): the
personas who act, and the pathways they act on, built through the actions."""

from __future__ import annotations

from collections.abc import Callable

from parcours import actions
from parcours.models import Parcours
from social.enums import RoleAgent
from social.models import Personne, Utilisateur
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.test_apa_dossier import parcours_apa
from tests.parcours.test_pch import decider, parcours_pch
from tests.parcours.test_rsa_sanctions import accompagne


def acteur(monde: Monde, persona: str, *, elu: Utilisateur | None = None) -> Utilisateur | None:
    """The user behind a persona of the section tests (``meme_site``: ts2.arras, created by the scenes
    of the MDS of Arras; ``elu``: a council member of the Arrageois unless another is given)."""
    personas: dict[str, Callable[[], Utilisateur | None]] = {
        "referent": lambda: monde.ts_arras,
        "evaluateur": lambda: monde.evaluateur_arras,
        "encadrant": lambda: monde.encadrant_arras,
        "meme_site": lambda: Utilisateur.objects.get(username="ts2.arras"),
        "accueil": lambda: monde.accueil_arras,
        "autre_territoire": lambda: monde.ts_calais,
        "partenaire_designe": lambda: monde.partenaire_ccas_arras,
        "partenaire_non_designe": lambda: monde.partenaire_ml_calais,
        "elu": lambda: elu or monde.elu_arrageois,
        "anonyme": lambda: None,
    }
    return personas[persona]()


def acteur_apa(monde: Monde, persona: str) -> Utilisateur | None:
    """The user behind a persona of the APA file tests (pathway of ``scene_apa`` at the Maison de
    l'Autonomie): ``referent`` is evaluateur.arras, référent and évaluatrice médico-sociale; ``evaluateur``
    another évaluatrice of the site, not the référent; ``meme_site`` a social worker of the site (an agent
    of the site, not a medico-social profile); ``elu`` a member of the Calaisis council. Created on first
    use."""
    agents = {
        "evaluateur": ("evaluateur2.autonomie-arras", RoleAgent.EVALUATEUR_MEDICO_SOCIAL),
        "meme_site": ("ts.autonomie-arras", RoleAgent.TRAVAILLEUR_SOCIAL),
    }
    if persona == "referent":
        return monde.evaluateur_arras
    if persona in agents:
        username, role = agents[persona]
        existant = Utilisateur.objects.filter(username=username).first()
        return (
            existant
            or f.AffectationFactory(
                utilisateur__username=username, site=monde.autonomie_arras, role=role
            ).utilisateur
        )
    return acteur(monde, persona, elu=monde.elu_calaisis)


def _collegue_et_ccas(monde: Monde, parcours: Parcours, par: Utilisateur) -> Parcours:
    actions.partenaire_designer(parcours=parcours, organisation=monde.ccas_arras, acting_user=par)
    return Parcours.objects.get(pk=parcours.pk)


def scene_pch(monde: Monde, personne: Personne) -> Parcours:
    """A PCH pathway at the MDS of Arras with one decision (aides techniques, 10 000 €), the CCAS of Arras
    designated, a colleague of the site (ts2.arras)."""
    f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras)
    parcours = parcours_pch(monde, personne)
    actions.partenaire_designer(parcours=parcours, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    decider(parcours, monde.ts_arras)
    return Parcours.objects.get(pk=parcours.pk)


def scene_sanctions_rsa(monde: Monde, personne: Personne) -> Parcours:
    """An RSA pathway « En accompagnement » at the MDS of Arras (file, orientation, contract), the CCAS of
    Arras designated, a colleague of the site (ts2.arras)."""
    f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras)
    return _collegue_et_ccas(monde, accompagne(monde, personne), monde.ts_arras)


def scene_apa(monde: Monde) -> Parcours:
    """An APA pathway at the Maison de l'Autonomie of Arras with the CCAS of Arras designated."""
    return _collegue_et_ccas(monde, parcours_apa(monde), monde.evaluateur_arras)
