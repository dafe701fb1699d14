"""Django admin: reference data only, for functional administrators; no personal data."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from instances.models import Instance, Mandat
from parcours.selectors import PARAMETRE_SANS_CONTACT, jours_sans_contact
from social.models import (
    Adhesion,
    Affectation,
    Commune,
    Epci,
    Foyer,
    JournalAcces,
    MembreFoyer,
    Organisation,
    Parametre,
    Personne,
    Rattachement,
    Site,
    Territoire,
    Utilisateur,
)
from tests import factories as f
from tests.conftest import Monde, client_de

REFERENTIEL = [
    Territoire,
    Epci,
    Commune,
    Site,
    Organisation,
    Affectation,
    Adhesion,
    Utilisateur,
    Instance,
    Mandat,
    Parametre,
]


def test_donnees_de_reference_enregistrees_donnees_personnelles_absentes() -> None:
    for modele in REFERENTIEL:
        assert modele in admin.site._registry, modele
    for modele in [Personne, Foyer, MembreFoyer, Rattachement, JournalAcces]:
        assert modele not in admin.site._registry, modele


@pytest.fixture
def admin_fonctionnel(monde: Monde) -> Utilisateur:
    monde.admin.is_staff = True  # needed to log in to the admin site
    monde.admin.save(update_fields=["is_staff"])
    return monde.admin


@pytest.mark.parametrize("modele", REFERENTIEL, ids=lambda m: m.__name__)
def test_l_administrateur_fonctionnel_gere_le_referentiel(
    admin_fonctionnel: Utilisateur, modele: type
) -> None:
    client = client_de(admin_fonctionnel)
    meta = modele._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 200


def test_recherche_de_commune_par_nom_ou_code_et_filtre_territoire(
    admin_fonctionnel: Utilisateur, monde: Monde
) -> None:
    client = client_de(admin_fonctionnel)
    liste = reverse("admin:social_commune_changelist")

    par_nom = client.get(liste, {"q": "calais"}).content.decode()
    par_code = client.get(liste, {"q": "62041"}).content.decode()
    par_territoire = client.get(liste, {"territoire__id__exact": monde.arras.territoire_id}).content.decode()

    assert "62193" in par_nom and "62041" not in par_nom
    assert "Arras" in par_code and "62193" not in par_code
    assert "62041" in par_territoire and "62193" not in par_territoire


def test_site_communes_desservies_en_filter_horizontal(admin_fonctionnel: Utilisateur, monde: Monde) -> None:
    response = client_de(admin_fonctionnel).get(
        reverse("admin:social_site_change", args=[monde.mds_arras.pk])
    )
    assert 'class="selectfilter"' in response.content.decode()


def test_organisation_avec_historique(admin_fonctionnel: Utilisateur, monde: Monde) -> None:
    response = client_de(admin_fonctionnel).get(
        reverse("admin:social_organisation_history", args=[monde.ccas_arras.pk])
    )
    assert response.status_code == 200


def test_utilisateur_avec_le_drapeau_administrateur_fonctionnel(
    admin_fonctionnel: Utilisateur, monde: Monde
) -> None:
    response = client_de(admin_fonctionnel).get(
        reverse("admin:social_utilisateur_change", args=[monde.ts_arras.pk])
    )
    contenu = response.content.decode()
    assert 'name="est_administrateur_fonctionnel"' in contenu
    # Only superusers grant superuser status.
    assert 'name="is_superuser"' not in contenu


def test_un_membre_du_personnel_sans_le_role_n_accede_a_rien(monde: Monde) -> None:
    agent = f.UtilisateurFactory(username="staff.sans.role", is_staff=True)
    client = client_de(agent)
    assert client.get(reverse("admin:social_commune_changelist")).status_code == 403
    assert client.get(reverse("admin:instances_mandat_changelist")).status_code == 403


def test_un_agent_sans_acces_admin_est_renvoye_vers_la_connexion_admin(monde: Monde) -> None:
    response = client_de(monde.ts_arras).get(reverse("admin:social_commune_changelist"))
    assert response.status_code == 302


def test_g_1_l_administrateur_fonctionnel_date_une_nouvelle_valeur_d_un_parametre(
    admin_fonctionnel: Utilisateur,
) -> None:
    """A dated parameter is edited in the admin: a value overlapping the one in force is refused with the
    French message and nothing is saved; once the current value is closed, the new one applies from its
    date and the former one before it (rule G-1)."""
    client = client_de(admin_fonctionnel)
    en_vigueur = Parametre.objects.get(code=PARAMETRE_SANS_CONTACT, date_fin__isnull=True)
    debut = datetime.date(2027, 1, 1)
    nouvelle = {
        "code": PARAMETRE_SANS_CONTACT,
        "libelle": en_vigueur.libelle,
        "valeur": "60",
        "unite": en_vigueur.unite,
        "date_debut": "01/01/2027",
        "date_fin": "",
        "source": "Règlement départemental, délibération du 14/12/2026.",
    }
    ajout = reverse("admin:social_parametre_add")

    reponse = client.post(ajout, nouvelle)
    assert reponse.status_code == 200
    assert (
        "Une autre valeur de ce paramètre couvre déjà une partie de cette période."
        in reponse.content.decode()
    )
    assert Parametre.objects.filter(code=PARAMETRE_SANS_CONTACT).count() == 1

    modification = {
        "code": en_vigueur.code,
        "libelle": en_vigueur.libelle,
        "valeur": str(en_vigueur.valeur),
        "unite": en_vigueur.unite,
        "date_debut": en_vigueur.date_debut.strftime("%d/%m/%Y"),
        "date_fin": "31/12/2026",
        "source": en_vigueur.source,
    }
    reponse = client.post(reverse("admin:social_parametre_change", args=[en_vigueur.pk]), modification)
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    assert client.post(ajout, nouvelle).status_code == 302
    assert jours_sans_contact(debut - datetime.timedelta(days=1)) == 90
    assert jours_sans_contact(debut) == 60
    assert Parametre.objects.get(
        code=PARAMETRE_SANS_CONTACT, date_debut=debut
    ).history.get().history_user == (admin_fonctionnel)
