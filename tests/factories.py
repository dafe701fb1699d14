"""factory_boy factories shared by the whole suite (test helpers never ship in production code)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from instances.enums import NiveauInstance, RoleMembre
from instances.models import Instance, Mandat
from social.enums import PerimetreAffectation, RoleAdhesion, RoleAgent, Sexe, TypeOrganisation, TypeSite
from social.models import (
    Adhesion,
    Affectation,
    Commune,
    Epci,
    Organisation,
    Personne,
    Rattachement,
    Site,
    Territoire,
    Utilisateur,
)
from social.parametres import ajouter_mois

MOT_DE_PASSE = "mot-de-passe-de-test"


class TerritoireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territoire
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"territoire-{n}")
    nom = factory.Sequence(lambda n: f"Territoire {n}")


class EpciFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Epci
        django_get_or_create = ("siren",)

    siren = factory.Sequence(lambda n: f"{200000000 + n}")
    nom = factory.Sequence(lambda n: f"CC de test {n}")
    type = "CC"


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code_insee",)

    code_insee = factory.Sequence(lambda n: f"{90000 + n}")
    nom = factory.Sequence(lambda n: f"Commune {n}")
    codes_postaux = factory.LazyAttribute(lambda o: [o.code_insee])
    population = 1000
    territoire = factory.SubFactory(TerritoireFactory)
    epci = factory.SubFactory(EpciFactory)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ("nom",)
        skip_postgeneration_save = True

    nom = factory.Sequence(lambda n: f"MDS {n}")
    type = TypeSite.MDS
    territoire = factory.SubFactory(TerritoireFactory)

    @factory.post_generation
    def communes(self, create: bool, extracted: list[Commune] | None, **kwargs: object) -> None:
        if create and extracted:
            self.communes_desservies.add(*extracted)


class UtilisateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Utilisateur
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Agent{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password(MOT_DE_PASSE)


class AffectationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affectation

    utilisateur = factory.SubFactory(UtilisateurFactory)
    site = factory.SubFactory(SiteFactory)
    role = RoleAgent.TRAVAILLEUR_SOCIAL
    perimetre = PerimetreAffectation.SITE
    date_debut = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    nom = factory.Sequence(lambda n: f"Association {n}")
    type = TypeOrganisation.ASSOCIATION
    siret = ""


class AdhesionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adhesion

    utilisateur = factory.SubFactory(UtilisateurFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = RoleAdhesion.MEMBRE
    date_debut = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))


class PersonneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Personne

    nom = factory.Sequence(lambda n: f"Nom{n}")
    prenoms = "Dominique"
    date_naissance = datetime.date(1980, 5, 17)
    sexe = Sexe.NON_PRECISE
    commune = factory.SubFactory(CommuneFactory)

    class Params:
        # 20 years old today: inside the public of the youth pathway (FAJ-1, 18 to 25).
        jeune = factory.Trait(date_naissance=factory.LazyFunction(lambda: age_de(20)))


def age_de(ans: int, jour: datetime.date | None = None) -> datetime.date:
    """The birth date of someone ``ans`` years old on ``jour`` (today by default), her birthday that day."""
    jour = jour or timezone.localdate()
    return ajouter_mois(jour, -12 * ans)


class RattachementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rattachement

    personne = factory.SubFactory(PersonneFactory)
    date_debut = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class InstanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instance

    nom = factory.Sequence(lambda n: f"Conseil territorial {n}")
    niveau = NiveauInstance.TERRITORIAL
    territoire = factory.SubFactory(TerritoireFactory)


class MandatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandat

    organe = factory.SubFactory(InstanceFactory)
    utilisateur = factory.SubFactory(UtilisateurFactory)
    role = RoleMembre.ELU
    date_debut = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))
