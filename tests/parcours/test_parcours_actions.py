"""The pathway actions: opening, référent changes and their notifications, partner designations kept in
step with the person's attachments, team, appointments, notes, action plan; history on every write."""

from __future__ import annotations

import asyncio
import datetime
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from parcours import actions
from parcours.enums import (
    AxeAccompagnement,
    Confidentialite,
    Dispositif,
    EtatRsa,
    ModaliteRendezVous,
    ResultatRendezVous,
    StatutAction,
    StatutObjectif,
)
from parcours.models import ChangementReferent, DesignationPartenaire, Note, Parcours, TransitionParcours
from parcours.permissions import roles_sur_parcours
from social.exceptions import DomainError
from social.models import Personne, Rattachement
from social.temps_reel import groupe_utilisateur
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.factories import ouvrir, rajeunir

pytestmark = pytest.mark.django_db


@pytest.fixture
def rsa(monde: Monde, personne_arras: Personne) -> Parcours:
    return ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)


# Opening.


def test_ouvrir_journalise_l_ouverture_et_rattache_au_site(monde: Monde) -> None:
    personne = f.PersonneFactory(commune=monde.arras)  # no attachment yet: visible through her commune
    parcours = ouvrir(personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)

    assert (parcours.dispositif, parcours.etat, parcours.site, parcours.referent) == (
        Dispositif.RSA,
        EtatRsa.A_ORIENTER,
        monde.mds_arras,
        monde.ts_arras,
    )
    (ouverture,) = TransitionParcours.objects.filter(parcours=parcours)
    assert (ouverture.depuis, ouverture.vers, ouverture.acting_user) == (
        "",
        EtatRsa.A_ORIENTER,
        monde.ts_arras,
    )
    (changement,) = ChangementReferent.objects.filter(parcours=parcours)
    assert (changement.ancien, changement.nouveau) == (None, monde.ts_arras)
    (rattachement,) = Rattachement.objects.filter(personne=personne)
    assert rattachement.site == monde.mds_arras and rattachement.date_fin is None
    assert rattachement.motif == "Parcours RSA"
    assert parcours.history.get().history_user == monde.ts_arras


def test_ouvrir_ne_double_pas_le_rattachement_existant(monde: Monde, personne_arras: Personne) -> None:
    ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras)
    assert Rattachement.objects.filter(personne=personne_arras, site=monde.mds_arras).count() == 1


def test_un_seul_parcours_ouvert_par_dispositif(monde: Monde, rsa: Parcours) -> None:
    with pytest.raises(DomainError) as erreur:
        ouvrir(rsa.personne, par=monde.ts_arras, site=monde.mds_arras)
    assert (erreur.value.code, erreur.value.message) == (
        "parcours_deja_ouvert",
        "Cette personne a déjà un parcours RSA ouvert.",
    )
    jeunes = ouvrir(
        rajeunir(rsa.personne), par=monde.ts_arras, site=monde.mds_arras, dispositif=Dispositif.JEUNES
    )
    assert jeunes.pk != rsa.pk


def test_un_parcours_clos_peut_etre_suivi_d_un_nouveau(monde: Monde, rsa: Parcours) -> None:
    actions.parcours_transitionner(
        parcours=rsa, vers=EtatRsa.SORTIE, acting_user=monde.ts_arras, motif="Déménagement"
    )
    nouveau = ouvrir(rsa.personne, par=monde.ts_arras, site=monde.mds_arras)
    assert Parcours.objects.filter(personne=rsa.personne, dispositif=Dispositif.RSA).count() == 2
    assert nouveau.date_cloture is None


@pytest.mark.parametrize(
    ("persona", "site"),
    [
        ("accueil_arras", "mds_arras"),  # the reception desk does not follow files
        ("partenaire_ccas_arras", "mds_arras"),
        ("ts_calais", "mds_calais"),  # the person is outside her perimeter
        ("ts_arras", "mds_calais"),  # a site outside her perimeter
        ("elu_arrageois", "mds_arras"),
        ("admin", "mds_arras"),
    ],
)
def test_ouvrir_refuse_hors_role_ou_perimetre(
    monde: Monde, personne_arras: Personne, persona: str, site: str
) -> None:
    with pytest.raises(DomainError) as erreur:
        ouvrir(personne_arras, par=getattr(monde, persona), site=getattr(monde, site))
    assert erreur.value.code == "interdit"
    assert not Parcours.objects.exists()


def test_ouvrir_refuse_un_referent_hors_du_site(monde: Monde, personne_arras: Personne) -> None:
    with pytest.raises(DomainError) as erreur:
        ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_calais)
    assert erreur.value.code == "referent_invalide"
    assert not Parcours.objects.exists()


# Référent.


async def _recevoir(canal: str) -> dict[str, Any]:
    return await asyncio.wait_for(get_channel_layer().receive(canal), timeout=2)


def _ecouter(utilisateur_id: int) -> str:
    couche = get_channel_layer()
    canal = async_to_sync(couche.new_channel)()
    async_to_sync(couche.group_add)(groupe_utilisateur(utilisateur_id), canal)
    return canal


def test_changer_de_referent_journalise_et_notifie_l_ancien_et_le_nouveau(
    monde: Monde, rsa: Parcours, django_capture_on_commit_callbacks: Any
) -> None:
    nouvelle = f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras).utilisateur
    canal_ancien, canal_nouveau = _ecouter(monde.ts_arras.pk), _ecouter(nouvelle.pk)

    with django_capture_on_commit_callbacks(execute=True) as rappels:
        parcours = actions.referent_changer(
            parcours=rsa,
            nouveau=nouvelle,
            acting_user=monde.encadrant_arras,
            motif="Répartition de la charge",
        )

    assert parcours.referent == nouvelle
    changement = ChangementReferent.objects.filter(parcours=rsa).order_by("-id").first()
    assert (changement.ancien, changement.nouveau, changement.acting_user, changement.motif) == (
        monde.ts_arras,
        nouvelle,
        monde.encadrant_arras,
        "Répartition de la charge",
    )
    assert len(rappels) == 1  # sent after commit, once
    attendu = {
        "type": "proche.evenement",
        "evenement": "parcours.referent_change",
        "ids": [str(rsa.public_id)],
    }
    assert async_to_sync(_recevoir)(canal_ancien) == attendu
    assert async_to_sync(_recevoir)(canal_nouveau) == attendu
    assert parcours.history.order_by("-history_date").first().history_user == monde.encadrant_arras


@pytest.mark.parametrize("persona", ["ts_arras", "accueil_arras", "ts_calais", "partenaire_ccas_arras"])
def test_seul_l_encadrant_change_le_referent(monde: Monde, rsa: Parcours, persona: str) -> None:
    with pytest.raises(DomainError) as erreur:
        actions.referent_changer(
            parcours=rsa, nouveau=monde.encadrant_arras, acting_user=getattr(monde, persona)
        )
    assert erreur.value.code == "interdit"
    rsa.refresh_from_db()
    assert rsa.referent == monde.ts_arras
    assert ChangementReferent.objects.filter(parcours=rsa).count() == 1


def test_referent_inchange_ou_hors_site_refuse(monde: Monde, rsa: Parcours) -> None:
    for nouveau, code in [(monde.ts_arras, "referent_inchange"), (monde.ts_calais, "referent_invalide")]:
        with pytest.raises(DomainError) as erreur:
            actions.referent_changer(parcours=rsa, nouveau=nouveau, acting_user=monde.encadrant_arras)
        assert erreur.value.code == code


def test_retirer_le_referent_exige_un_motif(monde: Monde, rsa: Parcours) -> None:
    with pytest.raises(DomainError) as erreur:
        actions.referent_changer(parcours=rsa, nouveau=None, acting_user=monde.encadrant_arras)
    assert erreur.value.code == "motif_requis"
    parcours = actions.referent_changer(
        parcours=rsa, nouveau=None, acting_user=monde.encadrant_arras, motif="Départ de l'agente"
    )
    assert parcours.referent is None


# Partners: the designation is the partner-visibility relation, kept in step with the attachments.


def test_designer_un_partenaire_rattache_la_personne_a_l_organisation(monde: Monde, rsa: Parcours) -> None:
    assert not Parcours.objects.visible_by(monde.partenaire_ccas_arras).exists()
    assert not Personne.objects.visible_by(monde.partenaire_ccas_arras).exists()

    designation = actions.partenaire_designer(
        parcours=rsa, organisation=monde.ccas_arras, acting_user=monde.ts_arras, motif="Aide au budget"
    )

    rattachement = Rattachement.objects.get(personne=rsa.personne, organisation=monde.ccas_arras)
    assert rattachement.date_fin is None
    assert list(Parcours.objects.visible_by(monde.partenaire_ccas_arras)) == [rsa]
    assert list(Personne.objects.visible_by(monde.partenaire_ccas_arras)) == [rsa.personne]
    assert not Parcours.objects.visible_by(monde.partenaire_ml_calais).exists()
    assert designation.history.get().history_user == monde.ts_arras
    with pytest.raises(DomainError) as erreur:
        actions.partenaire_designer(parcours=rsa, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    assert erreur.value.code == "deja_designe"


def test_terminer_la_designation_termine_le_rattachement(monde: Monde, rsa: Parcours) -> None:
    designation = actions.partenaire_designer(
        parcours=rsa, organisation=monde.ccas_arras, acting_user=monde.ts_arras
    )
    hier = timezone.localdate() - datetime.timedelta(days=1)
    DesignationPartenaire.objects.filter(pk=designation.pk).update(
        date_debut=hier - datetime.timedelta(days=5)
    )
    Rattachement.objects.filter(organisation=monde.ccas_arras).update(
        date_debut=hier - datetime.timedelta(days=5)
    )

    actions.designation_terminer(designation=designation, acting_user=monde.ts_arras, le=hier)

    designation.refresh_from_db()
    assert designation.date_fin == hier
    assert Rattachement.objects.get(organisation=monde.ccas_arras).date_fin == hier
    assert not Parcours.objects.visible_by(monde.partenaire_ccas_arras).exists()
    assert not Personne.objects.visible_by(monde.partenaire_ccas_arras).exists()


def test_le_rattachement_reste_tant_qu_une_autre_designation_court(monde: Monde, rsa: Parcours) -> None:
    jeunes = ouvrir(
        rajeunir(rsa.personne),
        par=monde.ts_arras,
        site=monde.mds_arras,
        referent=monde.ts_arras,
        dispositif=Dispositif.JEUNES,
    )
    designation_rsa = actions.partenaire_designer(
        parcours=rsa, organisation=monde.ccas_arras, acting_user=monde.ts_arras
    )
    actions.partenaire_designer(parcours=jeunes, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    assert Rattachement.objects.filter(organisation=monde.ccas_arras).count() == 1

    actions.designation_terminer(designation=designation_rsa, acting_user=monde.ts_arras)

    assert Rattachement.objects.get(organisation=monde.ccas_arras).date_fin is None
    designation_rsa.refresh_from_db()
    assert designation_rsa.date_fin == timezone.localdate()  # included: access ends tonight


def test_seuls_le_referent_et_l_encadrant_designent(monde: Monde, rsa: Parcours) -> None:
    collegue = f.AffectationFactory(site=monde.mds_arras).utilisateur
    for user in (collegue, monde.accueil_arras, monde.partenaire_ccas_arras):
        with pytest.raises(DomainError):
            actions.partenaire_designer(parcours=rsa, organisation=monde.ccas_arras, acting_user=user)
    assert not DesignationPartenaire.objects.exists()
    assert not Rattachement.objects.filter(organisation__isnull=False).exists()


# Team.


def test_un_membre_d_un_autre_site_voit_et_agit(monde: Monde, rsa: Parcours) -> None:
    assert not Parcours.objects.visible_by(monde.evaluateur_arras).exists()  # Maison de l'Autonomie
    actions.membre_equipe_ajouter(
        parcours=rsa, utilisateur=monde.evaluateur_arras, role="Évaluatrice", acting_user=monde.ts_arras
    )
    assert list(Parcours.objects.visible_by(monde.evaluateur_arras)) == [rsa]
    note = actions.note_ajouter(parcours=rsa, auteur=monde.evaluateur_arras, texte="Visite à domicile faite")
    assert note.confidentialite == Confidentialite.EQUIPE


def test_membre_invalide_ou_en_double(monde: Monde, rsa: Parcours) -> None:
    for utilisateur, code in [
        (monde.partenaire_ccas_arras, "membre_invalide"),
        (monde.accueil_arras, "membre_invalide"),
    ]:
        with pytest.raises(DomainError) as erreur:
            actions.membre_equipe_ajouter(
                parcours=rsa, utilisateur=utilisateur, role="x", acting_user=monde.ts_arras
            )
        assert erreur.value.code == code
    membre = actions.membre_equipe_ajouter(
        parcours=rsa, utilisateur=monde.encadrant_arras, role="Appui", acting_user=monde.ts_arras
    )
    with pytest.raises(DomainError) as erreur:
        actions.membre_equipe_ajouter(
            parcours=rsa, utilisateur=monde.encadrant_arras, role="x", acting_user=monde.ts_arras
        )
    assert erreur.value.code == "deja_membre"
    actions.membre_equipe_retirer(membre=membre, acting_user=monde.ts_arras)
    membre.refresh_from_db()
    assert membre.date_fin == timezone.localdate()


# Notes: confidentiality per viewer.


def test_confidentialite_des_notes_par_lecteur(monde: Monde, rsa: Parcours) -> None:
    actions.partenaire_designer(parcours=rsa, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    collegue = f.AffectationFactory(site=monde.mds_arras).utilisateur
    privee = actions.note_ajouter(
        parcours=rsa, auteur=monde.ts_arras, texte="privée", confidentialite="auteur"
    )
    equipe = actions.note_ajouter(
        parcours=rsa, auteur=monde.ts_arras, texte="équipe", confidentialite="equipe"
    )
    partagee = actions.note_ajouter(
        parcours=rsa, auteur=monde.ts_arras, texte="partagée", confidentialite="partenaires"
    )
    du_partenaire = actions.note_ajouter(
        parcours=rsa, auteur=monde.partenaire_ccas_arras, texte="du CCAS", confidentialite="auteur"
    )

    def lisibles(user: object) -> set[Note]:
        rsa_frais = Parcours.objects.get(pk=rsa.pk)
        return set(
            Note.objects.filter(parcours=rsa).lisibles_par(user, roles=roles_sur_parcours(user, rsa_frais))
        )

    assert lisibles(monde.ts_arras) == {privee, equipe, partagee}
    assert lisibles(monde.encadrant_arras) == {equipe, partagee}
    assert lisibles(collegue) == {partagee}
    assert lisibles(monde.partenaire_ccas_arras) == {partagee, du_partenaire}


def test_note_vide_ou_auteur_sans_role_refusee(monde: Monde, rsa: Parcours) -> None:
    with pytest.raises(DomainError) as erreur:
        actions.note_ajouter(parcours=rsa, auteur=monde.ts_arras, texte="  ")
    assert erreur.value.code == "note_vide"
    for user in (
        monde.accueil_arras,
        monde.partenaire_ml_calais,
        f.AffectationFactory(site=monde.mds_arras).utilisateur,
    ):
        with pytest.raises(DomainError) as erreur:
            actions.note_ajouter(parcours=rsa, auteur=user, texte="texte")
        assert erreur.value.code == "interdit"
    assert not Note.objects.exists()


# Appointments.


def test_planifier_et_renseigner_un_rendez_vous(monde: Monde, rsa: Parcours) -> None:
    dans_deux_jours = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(DomainError) as erreur:
        actions.rendez_vous_planifier(
            parcours=rsa,
            acting_user=monde.ts_arras,
            date_heure=dans_deux_jours,
            modalite=ModaliteRendezVous.PRESENTIEL,
        )
    assert erreur.value.code == "lieu_requis"
    with pytest.raises(DomainError) as erreur:
        actions.rendez_vous_planifier(
            parcours=rsa,
            acting_user=monde.ts_arras,
            date_heure=dans_deux_jours,
            modalite=ModaliteRendezVous.TELEPHONE,
            organisation=monde.ccas_arras,
        )
    assert erreur.value.code == "organisation_non_designee"

    rdv = actions.rendez_vous_planifier(
        parcours=rsa,
        acting_user=monde.ts_arras,
        date_heure=dans_deux_jours,
        modalite=ModaliteRendezVous.PRESENTIEL,
        lieu="MDS d'Arras",
        objet="Diagnostic",
    )
    assert (rdv.agent, rdv.resultat) == (monde.ts_arras, ResultatRendezVous.A_VENIR)
    with pytest.raises(DomainError) as erreur:
        actions.rendez_vous_renseigner(
            rendez_vous=rdv, acting_user=monde.ts_arras, resultat=ResultatRendezVous.HONORE
        )
    assert erreur.value.code == "rendez_vous_futur"

    rdv.date_heure = timezone.now() - datetime.timedelta(hours=1)
    rdv.save()
    for resultat in (ResultatRendezVous.A_VENIR, "inconnu"):
        with pytest.raises(DomainError):
            actions.rendez_vous_renseigner(rendez_vous=rdv, acting_user=monde.ts_arras, resultat=resultat)
    rdv = actions.rendez_vous_renseigner(
        rendez_vous=rdv, acting_user=monde.ts_arras, resultat=ResultatRendezVous.HONORE
    )
    assert rdv.resultat == ResultatRendezVous.HONORE
    assert rdv.history.order_by("-history_date").first().history_user == monde.ts_arras


# Action plan.


def test_plan_d_action_et_ses_statuts(monde: Monde, rsa: Parcours) -> None:
    objectif = actions.objectif_ajouter(
        parcours=rsa, acting_user=monde.ts_arras, axe=AxeAccompagnement.MOBILITE, libelle="Passer le permis"
    )
    action = actions.action_ajouter(
        objectif=objectif, acting_user=monde.ts_arras, libelle="S'inscrire en auto-école"
    )
    assert action.statut == StatutAction.A_FAIRE
    action = actions.action_changer_statut(
        action=action, acting_user=monde.ts_arras, statut=StatutAction.EN_COURS
    )
    action = actions.action_changer_statut(
        action=action, acting_user=monde.ts_arras, statut=StatutAction.REALISEE
    )
    with pytest.raises(DomainError) as erreur:
        actions.action_changer_statut(action=action, acting_user=monde.ts_arras, statut=StatutAction.A_FAIRE)
    assert erreur.value.message == "Une action « Réalisée » ne peut pas passer à « À faire »."
    objectif = actions.objectif_changer_statut(
        objectif=objectif, acting_user=monde.ts_arras, statut=StatutObjectif.ATTEINT
    )
    with pytest.raises(DomainError) as erreur:
        actions.action_ajouter(objectif=objectif, acting_user=monde.ts_arras, libelle="Une autre")
    assert erreur.value.code == "objectif_clos"
    assert [h.statut for h in action.history.order_by("history_date")] == ["a_faire", "en_cours", "realisee"]


def test_le_plan_est_ecrit_par_l_equipe(monde: Monde, rsa: Parcours) -> None:
    with pytest.raises(DomainError) as erreur:
        actions.objectif_ajouter(
            parcours=rsa, acting_user=monde.partenaire_ccas_arras, axe=AxeAccompagnement.EMPLOI, libelle="x"
        )
    assert erreur.value.code == "interdit"


def test_suite_prevue_apres_une_sortie(monde: Monde, rsa: Parcours) -> None:
    with pytest.raises(DomainError) as erreur:
        actions.parcours_renseigner_suite(parcours=rsa, suite_prevue="x", acting_user=monde.ts_arras)
    assert erreur.value.code == "interdit"  # still open
    clos = actions.parcours_transitionner(
        parcours=rsa, vers=EtatRsa.SORTIE, acting_user=monde.ts_arras, motif="Fin"
    )
    assert clos.suite_prevue == ""
    clos = actions.parcours_renseigner_suite(
        parcours=clos, suite_prevue="Relais CCAS", acting_user=monde.ts_arras
    )
    assert clos.suite_prevue == "Relais CCAS"
