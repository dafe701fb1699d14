"""Factories of the pathways (factory_boy, with Traits), and helpers building pathways through the actions.

Factories write rows directly (fast, for lists and query counts); ``ouvrir`` goes through
``parcours_ouvrir`` (transition log, attachment, deadlines) when a test needs the real thing.
"""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from parcours import workflows
from parcours.actions import parcours_ouvrir
from parcours.enums import (
    AxeAccompagnement,
    Confidentialite,
    Dispositif,
    ModaliteRendezVous,
    ResultatRendezVous,
    StatutEcheance,
    TypeEcheance,
)
from parcours.models import (
    ActionParcours,
    ContratEngagement,
    DesignationPartenaire,
    Echeance,
    MembreEquipe,
    Note,
    Objectif,
    Parcours,
    RendezVous,
    TransitionParcours,
)
from social.models import Personne, Site, Utilisateur
from tests import factories as f


def _jour(decalage: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=decalage)


class ParcoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parcours

    personne = factory.SubFactory(f.PersonneFactory)
    dispositif = Dispositif.RSA
    etat = factory.LazyAttribute(lambda o: workflows.etat_initial(o.dispositif))
    site = factory.SubFactory(f.SiteFactory)
    referent = None
    date_reception = factory.LazyFunction(timezone.localdate)
    date_ouverture = factory.LazyFunction(timezone.localdate)

    class Params:
        apa = factory.Trait(dispositif=Dispositif.APA)
        pch = factory.Trait(dispositif=Dispositif.PCH)
        jeunes = factory.Trait(dispositif=Dispositif.JEUNES)
        # Opened long ago: without contact since, it is a rupture.
        ancien = factory.Trait(
            date_reception=factory.LazyFunction(lambda: _jour(-400)),
            date_ouverture=factory.LazyFunction(lambda: _jour(-400)),
        )
        clos = factory.Trait(
            etat=factory.LazyAttribute(lambda o: sorted(workflows.workflow(o.dispositif).finaux)[0]),
            date_cloture=factory.LazyFunction(timezone.localdate),
            motif_cloture="Fin de l'accompagnement",
            suite_prevue="Relais par le CCAS",
        )
        sans_suite = factory.Trait(clos=True, suite_prevue="")


class TransitionParcoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransitionParcours

    parcours = factory.SubFactory(ParcoursFactory)
    depuis = ""
    vers = factory.LazyAttribute(lambda o: o.parcours.etat)
    date_effet = factory.LazyFunction(timezone.localdate)


class DesignationPartenaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DesignationPartenaire

    parcours = factory.SubFactory(ParcoursFactory)
    organisation = factory.SubFactory(f.OrganisationFactory)
    date_debut = factory.LazyFunction(lambda: _jour(-10))

    class Params:
        terminee = factory.Trait(date_fin=factory.LazyFunction(lambda: _jour(-1)))


class MembreEquipeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembreEquipe

    parcours = factory.SubFactory(ParcoursFactory)
    utilisateur = factory.SubFactory(f.UtilisateurFactory)
    role = "Conseillère en insertion"
    date_debut = factory.LazyFunction(lambda: _jour(-10))


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    parcours = factory.SubFactory(ParcoursFactory)
    auteur = factory.SubFactory(f.UtilisateurFactory)
    texte = factory.Sequence(lambda n: f"Note de suivi {n}")
    confidentialite = Confidentialite.EQUIPE

    class Params:
        privee = factory.Trait(confidentialite=Confidentialite.AUTEUR)
        partagee = factory.Trait(confidentialite=Confidentialite.PARTENAIRES)


class RendezVousFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RendezVous

    parcours = factory.SubFactory(ParcoursFactory)
    date_heure = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    modalite = ModaliteRendezVous.TELEPHONE
    agent = factory.SubFactory(f.UtilisateurFactory)
    resultat = ResultatRendezVous.A_VENIR

    class Params:
        presentiel = factory.Trait(modalite=ModaliteRendezVous.PRESENTIEL, lieu="MDS, bureau 2")
        passe = factory.Trait(
            date_heure=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
        )
        honore = factory.Trait(passe=True, resultat=ResultatRendezVous.HONORE)
        absent = factory.Trait(passe=True, resultat=ResultatRendezVous.ABSENT)


class ObjectifFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objectif

    parcours = factory.SubFactory(ParcoursFactory)
    axe = AxeAccompagnement.EMPLOI
    libelle = factory.Sequence(lambda n: f"Objectif {n}")

    class Params:
        sante = factory.Trait(axe=AxeAccompagnement.SANTE, libelle="Reprendre un suivi médical")


class ActionParcoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionParcours

    objectif = factory.SubFactory(ObjectifFactory)
    libelle = factory.Sequence(lambda n: f"Action {n}")


class EcheanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Echeance

    parcours = factory.SubFactory(ParcoursFactory)
    type = TypeEcheance.RSA_ORIENTATION
    date_depart = factory.LazyFunction(lambda: _jour(-20))
    date_limite = factory.LazyFunction(lambda: _jour(22))
    statut = StatutEcheance.OUVERTE
    parametre = "rsa.delai.orientation"

    class Params:
        depassee = factory.Trait(
            date_limite=factory.LazyFunction(lambda: _jour(-2)), statut=StatutEcheance.DEPASSEE
        )
        proche = factory.Trait(date_limite=factory.LazyFunction(lambda: _jour(5)))
        tenue = factory.Trait(statut=StatutEcheance.TENUE, tenue_le=factory.LazyFunction(timezone.localdate))


class ContratEngagementFactory(factory.django.DjangoModelFactory):
    """A contrat d'engagement signed 6 months ago for a year (its pathway an RSA one)."""

    class Meta:
        model = ContratEngagement

    parcours = factory.SubFactory(ParcoursFactory, dispositif=Dispositif.RSA)
    signe_le = factory.LazyFunction(lambda: _jour(-180))
    heures_hebdomadaires = 15
    objectifs = "Reprendre une formation qualifiante."
    date_fin = factory.LazyFunction(lambda: _jour(185))


def rajeunir(personne: Personne, ans: int = 20) -> Personne:
    """Make the person ``ans`` years old today (inside the youth public, FAJ-1) before opening a youth
    pathway for her."""
    personne.date_naissance = f.age_de(ans)
    personne.save(update_fields=["date_naissance"])
    return personne


def ouvrir(
    personne: Personne,
    *,
    par: Utilisateur,
    site: Site,
    dispositif: Dispositif = Dispositif.RSA,
    referent: Utilisateur | None = None,
    **autres: Any,
) -> Parcours:
    """Open a pathway through the action (transition log, attachment, deadlines)."""
    return parcours_ouvrir(
        personne=personne, dispositif=dispositif, acting_user=par, site=site, referent=referent, **autres
    )
