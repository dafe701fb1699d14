"""The access model: who sees whose file (DESIGN.md persona table, rule DP-2)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from social import permissions
from social.enums import PerimetreAffectation, RoleAgent
from social.models import Personne, PersonneUserObjectPermission
from social.perimetre import oublier_perimetre, perimetre_de
from tests import factories as f
from tests.conftest import Monde, construire_monde


def visibles(user: object) -> set[int]:
    return set(Personne.objects.visible_by(user).values_list("pk", flat=True))  # type: ignore[arg-type]


class TestPersonas:
    def test_ts_arras_voit_une_personne_suivie_a_arras(self, monde: Monde, personne_arras: Personne) -> None:
        assert personne_arras.pk in visibles(monde.ts_arras)
        assert permissions.can_view_personne(monde.ts_arras, personne_arras)

    @pytest.mark.parametrize(
        "persona", ["ts_calais", "partenaire_ml_calais", "elu_calaisis", "elu_arrageois", "admin"]
    )
    def test_hors_perimetre_ne_voit_pas_la_personne_suivie_a_arras(
        self, monde: Monde, personne_arras: Personne, persona: str
    ) -> None:
        user = getattr(monde, persona)
        assert personne_arras.pk not in visibles(user)
        assert not permissions.can_view_personne(user, personne_arras)

    def test_anonyme_ne_voit_rien(self, monde: Monde, personne_arras: Personne) -> None:
        assert visibles(AnonymousUser()) == set()
        assert not permissions.can_view_personne(AnonymousUser(), personne_arras)

    def test_agent_d_accueil_voit_les_habitants_des_communes_de_son_site(self, monde: Monde) -> None:
        habitante = f.PersonneFactory(commune=monde.arras)
        assert habitante.pk in visibles(monde.accueil_arras)
        assert habitante.pk not in visibles(monde.ts_calais)

    def test_partenaire_voit_seulement_les_personnes_designees_a_son_organisation(
        self, monde: Monde, personne_arras: Personne
    ) -> None:
        assert personne_arras.pk not in visibles(monde.partenaire_ccas_arras)
        f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)
        assert visibles(monde.partenaire_ccas_arras) == {personne_arras.pk}
        assert personne_arras.pk not in visibles(monde.partenaire_ml_calais)

    def test_un_rattachement_termine_ne_donne_plus_acces(self, monde: Monde) -> None:
        personne = f.PersonneFactory(commune=monde.arras)
        f.RattachementFactory(
            personne=personne,
            site=monde.mds_calais,
            date_fin=timezone.localdate() - datetime.timedelta(days=1),
        )
        assert personne.pk not in visibles(monde.ts_calais)

    def test_une_affectation_terminee_ne_donne_plus_acces(
        self, monde: Monde, personne_arras: Personne
    ) -> None:
        ancienne = f.AffectationFactory(
            site=monde.mds_arras, date_fin=timezone.localdate() - datetime.timedelta(days=1)
        ).utilisateur
        assert personne_arras.pk not in visibles(ancienne)

    def test_encadrant_territorial_voit_tout_le_territoire(self, monde: Monde) -> None:
        antenne = f.SiteFactory(nom="Antenne de Bapaume", territoire=monde.mds_arras.territoire)
        bapaume = f.CommuneFactory(code_insee="62080", nom="Bapaume", territoire=monde.mds_arras.territoire)
        antenne.communes_desservies.add(bapaume)
        habitant = f.PersonneFactory(commune=bapaume)
        de_site = f.AffectationFactory(site=monde.mds_arras, role=RoleAgent.ENCADRANT).utilisateur
        de_territoire = f.AffectationFactory(
            site=monde.mds_arras, role=RoleAgent.ENCADRANT, perimetre=PerimetreAffectation.TERRITOIRE
        ).utilisateur
        assert habitant.pk not in visibles(de_site)
        assert habitant.pk in visibles(de_territoire)

    def test_autorisation_individuelle_expiree(self, monde: Monde, personne_arras: Personne) -> None:
        permission = Permission.objects.get(codename="view_personne", content_type__app_label="social")
        grant = PersonneUserObjectPermission.objects.create(
            user=monde.ts_calais,
            permission=permission,
            content_object=personne_arras,
            expire_le=timezone.now() + datetime.timedelta(days=1),
        )
        assert permissions.can_view_personne(monde.ts_calais, personne_arras)
        assert personne_arras.pk in visibles(monde.ts_calais)
        grant.expire_le = timezone.now() - datetime.timedelta(seconds=1)
        grant.save(update_fields=["expire_le"])
        # A fresh instance: the answer is memoised per instance (one request's worth).
        personne_arras = Personne.objects.get(pk=personne_arras.pk)
        assert not permissions.can_view_personne(monde.ts_calais, personne_arras)
        assert personne_arras.pk not in visibles(monde.ts_calais)

    def test_donnees_de_sante_reservees_au_medico_social(self, monde: Monde) -> None:
        assert permissions.can_view_health_data(monde.evaluateur_arras)
        for persona in ("ts_arras", "encadrant_arras", "partenaire_ccas_arras", "admin", "elu_arrageois"):
            assert not permissions.can_view_health_data(getattr(monde, persona))

    def test_journal_des_acces_pour_encadrant_et_administrateur(
        self, monde: Monde, personne_arras: Personne
    ) -> None:
        assert permissions.can_view_journal_acces(monde.encadrant_arras, personne_arras)
        assert permissions.can_view_journal_acces(monde.admin, personne_arras)
        assert not permissions.can_view_journal_acces(monde.ts_arras, personne_arras)
        encadrant_calais = f.AffectationFactory(site=monde.mds_calais, role=RoleAgent.ENCADRANT).utilisateur
        assert not permissions.can_view_journal_acces(encadrant_calais, personne_arras)

    def test_creation_et_modification(self, monde: Monde, personne_arras: Personne) -> None:
        assert permissions.can_create_personne(monde.accueil_arras)
        assert not permissions.can_create_personne(monde.partenaire_ccas_arras)
        assert not permissions.can_create_personne(monde.elu_arrageois)
        assert permissions.can_edit_personne(monde.ts_arras, personne_arras)
        assert not permissions.can_edit_personne(monde.ts_calais, personne_arras)
        f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)
        assert not permissions.can_edit_personne(monde.partenaire_ccas_arras, personne_arras)

    def test_visibilite_memorisee_sur_l_instance(
        self, monde: Monde, personne_arras: Personne, django_assert_num_queries: object
    ) -> None:
        assert permissions.can_view_personne(monde.ts_arras, personne_arras)
        with django_assert_num_queries(0):  # type: ignore[operator]
            assert permissions.can_view_personne(monde.ts_arras, personne_arras)
            assert permissions.can_edit_personne(monde.ts_arras, personne_arras)

    def test_perimetre_calcule_une_fois_par_utilisateur(
        self, monde: Monde, django_assert_num_queries: object
    ) -> None:
        user = monde.ts_arras
        oublier_perimetre(user)
        perimetre_de(user)
        with django_assert_num_queries(0):  # type: ignore[operator]
            perimetre_de(user)


PERSONAS = [
    "accueil_arras",
    "ts_arras",
    "ts_calais",
    "encadrant_arras",
    "evaluateur_arras",
    "partenaire_ccas_arras",
    "partenaire_ml_calais",
    "elu_arrageois",
    "elu_calaisis",
    "admin",
]
DATES = st.sampled_from(["passe", "actif", "futur"])


def _intervalle(etat: str) -> tuple[datetime.date, datetime.date | None]:
    jour = datetime.timedelta(days=1)
    return {
        "passe": (timezone.localdate() - 10 * jour, timezone.localdate() - jour),
        "actif": (timezone.localdate() - 10 * jour, None),
        "futur": (timezone.localdate() + jour, None),
    }[etat]


class TestVisibiliteEtPermissionConcordent(TestCase):
    """Property: for any world, ``visible_by(user)`` is exactly the people ``can_view_personne`` accepts."""

    @settings(max_examples=25, deadline=None)
    @given(
        personnes=st.lists(
            st.tuples(
                st.sampled_from(["arras", "calais", "ailleurs"]),
                st.lists(
                    st.tuples(
                        st.sampled_from(
                            ["mds_arras", "autonomie_arras", "mds_calais", "ccas_arras", "ml_calais"]
                        ),
                        DATES,
                    ),
                    max_size=3,
                ),
                st.lists(
                    st.tuples(st.sampled_from(PERSONAS), st.sampled_from(["sans", "valide", "expire"])),
                    max_size=2,
                ),
            ),
            min_size=1,
            max_size=6,
        ),
        affectation_territoriale=st.booleans(),
        fin_affectation_calais=DATES,
    )
    def test_can_view_personne_et_visible_by_concordent(
        self, personnes: list, affectation_territoriale: bool, fin_affectation_calais: str
    ) -> None:
        monde = construire_monde()
        ailleurs = f.CommuneFactory()
        permission = Permission.objects.get(codename="view_personne", content_type__app_label="social")
        if affectation_territoriale:
            f.AffectationFactory(
                utilisateur=monde.encadrant_arras,
                site=monde.autonomie_arras,
                role=RoleAgent.ENCADRANT,
                perimetre=PerimetreAffectation.TERRITOIRE,
            )
        debut, fin = _intervalle(fin_affectation_calais)
        monde.ts_calais.affectations.update(date_debut=debut, date_fin=fin)
        for commune_nom, rattachements, grants in personnes:
            commune = {"arras": monde.arras, "calais": monde.calais, "ailleurs": ailleurs}[commune_nom]
            personne = f.PersonneFactory(commune=commune)
            for cible, etat in rattachements:
                debut, fin = _intervalle(etat)
                lien = getattr(monde, cible)
                champ = "organisation" if cible in ("ccas_arras", "ml_calais") else "site"
                f.RattachementFactory(personne=personne, date_debut=debut, date_fin=fin, **{champ: lien})
            for persona, etat in grants:
                expire = {
                    "sans": None,
                    "valide": timezone.now() + datetime.timedelta(hours=1),
                    "expire": timezone.now() - datetime.timedelta(hours=1),
                }[etat]
                PersonneUserObjectPermission.objects.get_or_create(
                    user=getattr(monde, persona),
                    permission=permission,
                    content_object=personne,
                    defaults={"expire_le": expire},
                )
        toutes = list(Personne.objects.all())
        for persona in PERSONAS:
            user = getattr(monde, persona)
            oublier_perimetre(user)
            attendu = {p.pk for p in toutes if permissions.can_view_personne(user, p)}
            assert visibles(user) == attendu, persona
