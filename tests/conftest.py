"""Shared fixtures: a small two-territory world with one account per persona.

``monde`` builds Arrageois (MDS + Maison de l'Autonomie, commune Arras) and Calaisis (MDS, commune
Calais), a CCAS in Arras, a mission locale in Calais, two councils, and the personas of DESIGN.md.
``personne_arras`` is a person living in Arras and attached to the MDS Arrageois.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module

import pytest
from django.apps import AppConfig
from django.apps import apps as django_apps
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.test import Client

from social.enums import RoleAgent, TypeOrganisation, TypeSite
from social.models import Commune, Organisation, Parametre, Personne, Site, Utilisateur
from tests import factories as f

# Data migrations that seed reference rows the code relies on (dated parameters, rule G-1).
MIGRATIONS_DE_DONNEES = [
    "social.migrations.0003_parametres_initiaux",
    "social.migrations.0004_parametres_rsa_pch_jeunes",
    "social.migrations.0005_parametres_apa",
    "social.migrations.0006_parametres_orientations",
    "social.migrations.0007_parametres_instances",
    "social.migrations.0009_parametre_rupture_sans_contact",
    "social.migrations.0010_parametres_apa_etablissement",
    "instances.migrations.0002_demandes_seances_decisions",
]


@receiver(post_migrate)
def _resemer_apres_vidage(sender: AppConfig, **kwargs: object) -> None:
    """Transactional tests (live server, browser) flush every table when they end, and Django emits
    ``post_migrate`` after that flush: seed the rows of the data migrations again, so the next test of
    the same worker finds the database as the migrations left it."""
    if sender.label == "guide_ressources":
        from tests.guide_ressources.fabriques import semer_referentiels_du_guide

        semer_referentiels_du_guide()
    if sender.label != "social" or Parametre.objects.exists():
        return
    for chemin in MIGRATIONS_DE_DONNEES:
        import_module(chemin).semer(django_apps, None)


@dataclass
class Monde:
    arras: Commune
    calais: Commune
    mds_arras: Site
    autonomie_arras: Site
    mds_calais: Site
    ccas_arras: Organisation
    ml_calais: Organisation
    accueil_arras: Utilisateur
    ts_arras: Utilisateur
    ts_calais: Utilisateur
    encadrant_arras: Utilisateur
    evaluateur_arras: Utilisateur
    partenaire_ccas_arras: Utilisateur
    partenaire_ml_calais: Utilisateur
    elu_arrageois: Utilisateur
    elu_calaisis: Utilisateur
    admin: Utilisateur


@pytest.fixture(autouse=True)
def _couche_de_canaux_neuve() -> Iterator[None]:
    """Each test gets its own channel-layer instance. A Redis layer binds its receiving to the event loop
    of its first consumer; each test's ``async_to_sync`` runs in a new loop, so a consumer left receiving
    by one test would make the next test's consumers fail (« Two event loops are trying to receive() on
    one channel layer at once! ») depending on how xdist distributes the tests."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def monde(db: None) -> Monde:
    return construire_monde()


def construire_monde() -> Monde:
    arrageois = f.TerritoireFactory(code="arrageois", nom="Arrageois")
    calaisis = f.TerritoireFactory(code="calaisis", nom="Calaisis")
    arras = f.CommuneFactory(code_insee="62041", nom="Arras", codes_postaux=["62000"], territoire=arrageois)
    calais = f.CommuneFactory(code_insee="62193", nom="Calais", codes_postaux=["62100"], territoire=calaisis)
    mds_arras = f.SiteFactory(nom="MDS de l'Arrageois", territoire=arrageois, communes=[arras])
    autonomie_arras = f.SiteFactory(
        nom="Maison de l'Autonomie de l'Arrageois",
        type=TypeSite.MAISON_AUTONOMIE,
        territoire=arrageois,
        communes=[arras],
    )
    mds_calais = f.SiteFactory(nom="MDS du Calaisis", territoire=calaisis, communes=[calais])
    ccas_arras = f.OrganisationFactory(nom="CCAS d'Arras", type=TypeOrganisation.CCAS, commune=arras)
    ml_calais = f.OrganisationFactory(
        nom="Mission locale du Calaisis", type=TypeOrganisation.MISSION_LOCALE, commune=calais
    )

    def agent(username: str, site: Site, role: RoleAgent) -> Utilisateur:
        return f.AffectationFactory(utilisateur__username=username, site=site, role=role).utilisateur

    def partenaire(username: str, organisation: Organisation) -> Utilisateur:
        return f.AdhesionFactory(utilisateur__username=username, organisation=organisation).utilisateur

    conseil_arras = f.InstanceFactory(nom="Conseil territorial de l'Arrageois", territoire=arrageois)
    conseil_calais = f.InstanceFactory(nom="Conseil territorial du Calaisis", territoire=calaisis)
    return Monde(
        arras=arras,
        calais=calais,
        mds_arras=mds_arras,
        autonomie_arras=autonomie_arras,
        mds_calais=mds_calais,
        ccas_arras=ccas_arras,
        ml_calais=ml_calais,
        accueil_arras=agent("accueil.arras", mds_arras, RoleAgent.ACCUEIL),
        ts_arras=agent("ts.arras", mds_arras, RoleAgent.TRAVAILLEUR_SOCIAL),
        ts_calais=agent("ts.calais", mds_calais, RoleAgent.TRAVAILLEUR_SOCIAL),
        encadrant_arras=agent("encadrant.arras", mds_arras, RoleAgent.ENCADRANT),
        evaluateur_arras=agent("evaluateur.arras", autonomie_arras, RoleAgent.EVALUATEUR_MEDICO_SOCIAL),
        partenaire_ccas_arras=partenaire("partenaire.ccas-arras", ccas_arras),
        partenaire_ml_calais=partenaire("partenaire.ml-calais", ml_calais),
        elu_arrageois=f.MandatFactory(
            organe=conseil_arras, utilisateur__username="elu.arrageois"
        ).utilisateur,
        elu_calaisis=f.MandatFactory(organe=conseil_calais, utilisateur__username="elu.calaisis").utilisateur,
        admin=f.UtilisateurFactory(username="admin", est_administrateur_fonctionnel=True),
    )


@pytest.fixture
def personne_arras(monde: Monde) -> Personne:
    personne = f.PersonneFactory(nom="Lefèvre", prenoms="Jeanne", commune=monde.arras)
    f.RattachementFactory(personne=personne, site=monde.mds_arras)
    return personne


def client_de(user: Utilisateur | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
