"""The demonstration data: accounts per persona, partners, councils, people and households."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Q
from pytest_django import DjangoDbBlocker

from demo.chargement import (
    COMPTES_DEMO,
    MOT_DE_PASSE_DEMO,
    ORGANISATIONS_DEMO,
    RapportDemo,
    demo_charger,
    nir_demo,
    siret_demo,
)
from instances.enums import NiveauInstance, RoleMembre
from instances.models import Instance, Mandat
from social.enums import LienFoyer, RoleAgent, Sexe, TypeOrganisation
from social.models import (
    Adhesion,
    Affectation,
    Commune,
    Foyer,
    MembreFoyer,
    Organisation,
    Personne,
    Rattachement,
    Utilisateur,
)
from social.validators import nir_valide, siret_valide

pytestmark = pytest.mark.django_db

NB_PERSONNES = 120


@pytest.fixture(scope="module")
def rapport(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[RapportDemo]:
    """One load for the whole module, inside a transaction rolled back at its end; each test runs in a
    savepoint of it (pytest-django's ``db``), so tests that write leave nothing for the next one."""
    with django_db_blocker.unblock():
        atomique = transaction.atomic()
        atomique.__enter__()
        rapport = demo_charger(nb_personnes=NB_PERSONNES)
    yield rapport
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomique.__exit__(None, None, None)


def _utilisateur(username: str) -> Utilisateur:
    return Utilisateur.objects.get(username=username)


def test_charge_le_referentiel_et_la_demo(rapport: RapportDemo) -> None:
    assert rapport.referentiel_charge
    assert Commune.objects.count() == 887
    assert Personne.objects.count() == rapport.personnes == NB_PERSONNES
    assert rapport.comptes == len(COMPTES_DEMO) == 11
    assert Organisation.objects.count() == rapport.organisations == len(ORGANISATIONS_DEMO)
    assert 25 <= len(ORGANISATIONS_DEMO) <= 40


def test_partenaires_du_parcours_jeune_au_service_d_arras(rapport: RapportDemo) -> None:
    """The youth pathway's partners of a young person of Arras: a mission locale and a Maison des
    adolescents (the block « Partenaires du parcours jeune » suggests them)."""
    arras = Commune.objects.get(code_insee="62041")
    types = list(Organisation.objects.desservant(arras.pk).values_list("nom", "type"))
    assert len(types) == len(set(types))  # each organisation once, whatever its territory's size
    assert ("Mission locale de l'Arrageois", TypeOrganisation.MISSION_LOCALE) in types
    assert ("Maison des adolescents du Pas-de-Calais", TypeOrganisation.MAISON_DES_ADOLESCENTS) in types
    calais = Commune.objects.get(code_insee="62193")
    assert "Mission locale de l'Arrageois" not in Organisation.objects.desservant(calais.pk).values_list(
        "nom", flat=True
    )


def test_comptes_demo(rapport: RapportDemo) -> None:
    assert [username for username, _ in COMPTES_DEMO] == [
        "admin",
        "accueil.arras",
        "ts.arras",
        "ts.calais",
        "encadrant.arras",
        "evaluateur.arras",
        "partenaire.ccas-arras",
        "partenaire.ml-calais",
        "elu.arrageois",
        "elu.calaisis",
        "direction",
    ]
    for username, description in COMPTES_DEMO:
        utilisateur = _utilisateur(username)
        assert utilisateur.check_password(MOT_DE_PASSE_DEMO)
        assert utilisateur.check_password("demo-proche")
        assert utilisateur.first_name
        assert utilisateur.last_name
        assert utilisateur.email == f"{username}@demo.proche.invalid"
        assert utilisateur.is_active
        assert not utilisateur.is_superuser
        assert description


def test_admin_fonctionnel(rapport: RapportDemo) -> None:
    admin = _utilisateur("admin")
    assert admin.est_administrateur_fonctionnel
    assert admin.is_staff
    assert not admin.is_superuser
    for permission in (
        "social.add_territoire",
        "social.change_commune",
        "social.view_epci",
        "social.delete_site",
        "social.change_organisation",
        "social.add_affectation",
        "social.change_adhesion",
        "social.change_utilisateur",
        "instances.add_instance",
        "instances.change_mandat",
    ):
        assert admin.has_perm(permission), permission
    assert not admin.has_perm("social.view_personne")
    assert not any(
        _utilisateur(username).is_staff or _utilisateur(username).est_administrateur_fonctionnel
        for username, _ in COMPTES_DEMO
        if username != "admin"
    )


@pytest.mark.parametrize(
    ("username", "site", "role"),
    [
        ("accueil.arras", "MDS de l'Arrageois", RoleAgent.ACCUEIL),
        ("ts.arras", "MDS de l'Arrageois", RoleAgent.TRAVAILLEUR_SOCIAL),
        ("ts.calais", "MDS du Calaisis", RoleAgent.TRAVAILLEUR_SOCIAL),
        ("encadrant.arras", "MDS de l'Arrageois", RoleAgent.ENCADRANT),
        ("evaluateur.arras", "Maison de l'Autonomie de l'Arrageois", RoleAgent.EVALUATEUR_MEDICO_SOCIAL),
        ("direction", "Siège du Département", RoleAgent.DIRECTION),
    ],
)
def test_affectation_des_agents(rapport: RapportDemo, username: str, site: str, role: RoleAgent) -> None:
    (affectation,) = Affectation.objects.actives().filter(utilisateur__username=username)
    assert affectation.site.nom == site
    assert affectation.role == role
    assert not Adhesion.objects.filter(utilisateur__username=username).exists()


@pytest.mark.parametrize(
    ("username", "organisation", "code_insee"),
    [
        ("partenaire.ccas-arras", "CCAS d'Arras", "62041"),
        ("partenaire.ml-calais", "Mission locale du Calaisis", "62193"),
    ],
)
def test_adhesion_des_partenaires(
    rapport: RapportDemo, username: str, organisation: str, code_insee: str
) -> None:
    (adhesion,) = Adhesion.objects.actives().filter(utilisateur__username=username)
    assert adhesion.organisation.nom == organisation
    assert adhesion.organisation.commune.code_insee == code_insee
    assert not Affectation.objects.filter(utilisateur__username=username).exists()


@pytest.mark.parametrize(
    ("username", "territoire"),
    [("elu.arrageois", "Arrageois"), ("elu.calaisis", "Calaisis")],
)
def test_mandat_des_elus(rapport: RapportDemo, username: str, territoire: str) -> None:
    (mandat,) = Mandat.objects.actives().filter(utilisateur__username=username).select_related("organe")
    assert mandat.role == RoleMembre.ELU
    assert mandat.organe.niveau == NiveauInstance.TERRITORIAL
    assert mandat.organe.territoire.nom == territoire
    article = "de l'" if territoire == "Arrageois" else "du "
    assert mandat.organe.nom == f"Conseil territorial du développement social {article}{territoire}"
    assert not Affectation.objects.filter(utilisateur__username=username).exists()


def test_instances(rapport: RapportDemo) -> None:
    departemental = Instance.objects.get(niveau=NiveauInstance.DEPARTEMENTAL)
    assert departemental.nom == "Conseil départemental du développement social"
    assert departemental.territoire is None
    territoriaux = Instance.objects.filter(niveau=NiveauInstance.TERRITORIAL)
    assert territoriaux.count() == 9
    for conseil in territoriaux:
        (commission,) = conseil.commissions.all()
        assert commission.niveau == NiveauInstance.COMMISSION
        assert commission.territoire_id == conseil.territoire_id
        assert commission.nom.startswith("Commission FAJ ")
    assert Instance.objects.filter(nom="Commission FAJ d'Hénin-Carvin").exists()


def test_organisations(rapport: RapportDemo) -> None:
    sirets = list(Organisation.objects.values_list("siret", flat=True))
    assert all(siret_valide(siret) for siret in sirets)
    assert len(set(sirets)) == len(sirets)
    ccas_arras = Organisation.objects.select_related("commune", "territoire").get(nom="CCAS d'Arras")
    assert ccas_arras.type == TypeOrganisation.CCAS
    assert ccas_arras.territoire.code == "arrageois"  # type: ignore[union-attr]
    assert Organisation.objects.get(nom="Mission locale du Calaisis").commune.nom == "Calais"  # type: ignore[union-attr]
    assert Organisation.objects.get(nom="CAF du Pas-de-Calais").territoire is None
    types = set(Organisation.objects.values_list("type", flat=True))
    assert {
        TypeOrganisation.CCAS,
        TypeOrganisation.CAF,
        TypeOrganisation.MSA,
        TypeOrganisation.FRANCE_TRAVAIL,
        TypeOrganisation.MISSION_LOCALE,
        TypeOrganisation.ASSOCIATION,
        TypeOrganisation.ESMS,
        TypeOrganisation.MDPH,
        TypeOrganisation.BAILLEUR_SOCIAL,
    } <= types
    # one CCAS in the main town of each territory
    assert (
        Organisation.objects.filter(type=TypeOrganisation.CCAS).values("territoire").distinct().count() == 9
    )


def test_identifiants_generes_valides() -> None:
    assert siret_valide(siret_demo("CCAS d'Arras"))
    assert siret_demo("CCAS d'Arras") == siret_demo("CCAS d'Arras")
    nir = nir_demo(Sexe.FEMME, datetime.date(1968, 3, 14), "62041", 12)
    assert nir.startswith("2680362041012")
    assert nir_valide(nir)


def test_foyers_coherents(rapport: RapportDemo) -> None:
    assert not Personne.objects.annotate(
        n=Count("appartenances", filter=Q(appartenances__date_fin__isnull=True))
    ).exclude(n=1)
    for foyer in Foyer.objects.prefetch_related("membres__personne"):
        membres = list(foyer.membres.all())
        (reference,) = [m for m in membres if m.lien == LienFoyer.REFERENCE]
        assert len({m.personne.commune_id for m in membres}) == 1
        assert reference.personne.age(datetime.date(2025, 1, 1)) >= 18
        for membre in membres:
            assert membre.date_debut >= membre.personne.date_naissance
            if membre.lien == LienFoyer.CONJOINT:
                assert membre.personne.age(datetime.date(2025, 1, 1)) >= 18
            if membre.lien == LienFoyer.ENFANT:
                assert membre.personne.date_naissance > reference.personne.date_naissance
                assert membre.personne.age(datetime.date(2025, 1, 1)) <= 24


def test_personnes(rapport: RapportDemo) -> None:
    assert all(nir_valide(nir) for nir in Personne.objects.exclude(nir="").values_list("nir", flat=True))
    assert Personne.objects.exclude(numero_allocataire="").exists()
    assert Personne.objects.filter(consentement_partage=True).exists()
    assert not Personne.objects.filter(date_naissance__gt=datetime.date.today()).exists()
    assert Personne.history.count() == NB_PERSONNES
    assert Personne.objects.filter(prenoms__regex=r"[éèëïçœ]").exists()
    assert Personne.objects.filter(nom="Lefèvre", commune__code_insee="62041").count() >= 3
    assert Personne.objects.filter(nom="Lefebvre", commune__code_insee="62041").exists()
    assert Personne.objects.filter(nom="Lefèvre", commune__code_insee="62193").exists()


def test_chaque_personne_suivie_par_la_mds_de_son_territoire(rapport: RapportDemo) -> None:
    for personne in Personne.objects.select_related("commune"):
        (suivi,) = Rattachement.objects.actives().filter(personne=personne, site__isnull=False)
        assert suivi.motif == "Suivi MDS"
        assert suivi.site.type == "mds"
        assert suivi.site.territoire_id == personne.commune.territoire_id
    partenaires = (
        Rattachement.objects.actives().filter(organisation__isnull=False).select_related("organisation")
    )
    assert partenaires.filter(organisation__nom="CCAS d'Arras").count() >= 2
    assert partenaires.filter(organisation__nom="Mission locale du Calaisis").count() >= 2
    for rattachement in partenaires:
        assert rattachement.motif == "Partenaire désigné"
        assert rattachement.organisation.territoire_id == rattachement.personne.commune.territoire_id


def test_second_chargement_ne_change_rien(
    rapport: RapportDemo, django_assert_max_num_queries: object
) -> None:
    public_ids = set(Personne.objects.values_list("public_id", flat=True))
    comptes = {
        modele: modele.objects.count()
        for modele in (
            Personne,
            Foyer,
            MembreFoyer,
            Rattachement,
            Organisation,
            Utilisateur,
            Instance,
            Mandat,
        )
    }

    with django_assert_max_num_queries(40):  # type: ignore[operator]
        second = demo_charger(nb_personnes=NB_PERSONNES)

    assert not second.a_change
    assert second == RapportDemo()
    assert set(Personne.objects.values_list("public_id", flat=True)) == public_ids
    assert {modele: modele.objects.count() for modele in comptes} == comptes


def test_deterministe(rapport: RapportDemo) -> None:
    avant = list(
        Personne.objects.order_by("public_id").values_list("public_id", "nom", "prenoms", "date_naissance")
    )
    Personne.objects.all().delete()
    Foyer.objects.all().delete()

    demo_charger(nb_personnes=NB_PERSONNES)

    apres = list(
        Personne.objects.order_by("public_id").values_list("public_id", "nom", "prenoms", "date_naissance")
    )
    assert apres == avant


def test_plus_de_personnes_ajoute_sans_modifier(rapport: RapportDemo) -> None:
    avant = set(Personne.objects.values_list("public_id", "nom", "prenoms", "date_naissance", "commune_id"))

    plus = demo_charger(nb_personnes=NB_PERSONNES + 30)

    assert plus.personnes == 30
    assert plus.comptes == plus.organisations == 0
    assert avant < set(
        Personne.objects.values_list("public_id", "nom", "prenoms", "date_naissance", "commune_id")
    )
    assert not Personne.objects.annotate(
        n=Count("appartenances", filter=Q(appartenances__date_fin__isnull=True))
    ).exclude(n=1)


def test_lefevre_d_arras_visibles_par_ts_arras_et_pas_par_ts_calais(rapport: RapportDemo) -> None:
    lefevre_arras = Personne.objects.filter(nom="Lefèvre", commune__code_insee="62041")
    assert lefevre_arras.count() >= 3
    visibles_arras = Personne.objects.visible_by(_utilisateur("ts.arras"))
    visibles_calais = Personne.objects.visible_by(_utilisateur("ts.calais"))
    assert set(lefevre_arras) <= set(visibles_arras)
    assert not visibles_calais.filter(pk__in=lefevre_arras).exists()
    assert visibles_calais.filter(nom="Lefèvre", commune__code_insee="62193").exists()
    assert not visibles_arras.filter(commune__code_insee="62193").exists()


@pytest.mark.parametrize(
    ("username", "organisation"),
    [("partenaire.ccas-arras", "CCAS d'Arras"), ("partenaire.ml-calais", "Mission locale du Calaisis")],
)
def test_partenaire_voit_seulement_les_personnes_rattachees(
    rapport: RapportDemo, username: str, organisation: str
) -> None:
    rattachees = set(
        Personne.objects.filter(
            rattachements__organisation__nom=organisation, rattachements__date_fin__isnull=True
        )
    )
    assert len(rattachees) >= 2
    assert set(Personne.objects.visible_by(_utilisateur(username))) == rattachees


def test_elu_et_admin_ne_voient_aucune_fiche(rapport: RapportDemo) -> None:
    for username in ("elu.arrageois", "admin"):
        assert not Personne.objects.visible_by(_utilisateur(username)).exists()


def test_commande(rapport: RapportDemo, capsys: pytest.CaptureFixture[str]) -> None:
    """Another seed adds another population beside the module's."""
    call_command("charger_demo", personnes=30, graine=7)
    premiere = capsys.readouterr().out
    call_command("charger_demo", personnes=30, graine=7)
    seconde = capsys.readouterr().out

    assert "Personnes : 30 créé(e)s" in premiere
    assert "Données de démonstration déjà présentes : aucune modification." in seconde
    for sortie in (premiere, seconde):
        assert "mot de passe : demo-proche" in sortie
        for username, description in COMPTES_DEMO:
            assert username in sortie
            assert description in sortie
    assert Personne.objects.count() == NB_PERSONNES + 30


@pytest.mark.parametrize("username", [username for username, _ in COMPTES_DEMO])
def test_chaque_compte_demo_se_connecte_et_arrive_sur_son_accueil(
    rapport: RapportDemo, client: object, username: str
) -> None:
    from django.urls import reverse

    reponse = client.post(  # type: ignore[attr-defined]
        reverse("frontend:connexion"), {"username": username, "password": MOT_DE_PASSE_DEMO}, follow=True
    )
    assert reponse.redirect_chain, "la connexion doit rediriger vers l'accueil"
    assert reponse.redirect_chain[-1][0] == reverse("frontend:accueil")
    assert reponse.status_code == 200
    assert reponse.context["user"].username == username
    assert b"<h1" in reponse.content
