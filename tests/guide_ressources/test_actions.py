"""Writes on guide entries: creation, modification, confirmation, publication state machine (the
partner's withdrawal included), history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guide_ressources.actions import (
    coediteur_autoriser,
    fiche_confirmer,
    fiche_publier,
    fiche_refuser,
    fiche_retirer,
    fiche_retirer_par_editeur,
    fiche_soumettre,
    service_creer,
    service_modifier,
    structure_creer,
    structure_modifier,
    taxonomies_charger,
)
from guide_ressources.enums import StatutPublication
from guide_ressources.models import Service, Structure, Terme, TransitionPublication
from guide_ressources.reglages import source_locale
from social.exceptions import DomainError
from tests.conftest import Monde
from tests.guide_ressources.fabriques import ALIMENTATION, Guide, service

pytestmark = pytest.mark.django_db


def test_un_partenaire_cree_une_structure_a_moderer(monde: Monde) -> None:
    structure = structure_creer(
        acting_user=monde.partenaire_ccas_arras,
        organisation=monde.ccas_arras,
        nom="  Épicerie solidaire d'Arras ",
        commune=monde.arras,
        reseaux_porteurs=["ccas-cias"],
    )
    assert structure.nom == "Épicerie solidaire d'Arras"
    assert structure.statut == StatutPublication.A_MODERER
    assert structure.source == source_locale() == "proche-cd62"
    assert structure.identifiant == f"proche-cd62--{structure.public_id}"
    assert (structure.code_insee, structure.commune_nom, structure.code_postal) == ("62041", "Arras", "62000")
    assert structure.date_maj == structure.confirme_le == timezone.localdate()
    historique = structure.history.get()  # type: ignore[attr-defined]
    assert (historique.history_user, historique.history_change_reason) == (
        monde.partenaire_ccas_arras,
        "Création de la fiche",
    )
    transition = TransitionPublication.objects.get(structure=structure)
    assert (transition.de, transition.vers, transition.acting_user) == (
        "",
        "a_moderer",
        monde.partenaire_ccas_arras,
    )


def test_l_administrateur_publie_directement(monde: Monde) -> None:
    structure = structure_creer(
        acting_user=monde.admin, organisation=monde.ml_calais, nom="Antenne de Calais", commune=monde.calais
    )
    assert structure.statut == StatutPublication.PUBLIEE


def test_creer_un_service_valide_taxonomies_et_zone(monde: Monde, guide: Guide) -> None:
    service = service_creer(
        acting_user=monde.partenaire_ccas_arras,
        structure=guide.ccas_arras,
        nom="Colis du vendredi",
        description="Colis alimentaires le vendredi matin.",
        thematiques=[ALIMENTATION, "cd62-aides-departementales--aide-financiere-urgence"],
        publics=["familles"],
        zone_codes=["62041", "62"],
        zone_territoires=["calaisis"],
        justificatifs="Pièce d'identité",
    )
    assert service.statut == StatutPublication.A_MODERER
    assert service.zone_departement
    with pytest.raises(ValidationError) as erreur:
        service_creer(
            acting_user=monde.partenaire_ccas_arras,
            structure=guide.ccas_arras,
            nom="Colis",
            description="Colis alimentaires.",
            thematiques=["inconnue"],
            publics=["tous-publics", "jeunes"],
            frais="offert",
        )
    assert erreur.value.message_dict == {
        "thematiques": ["Valeur inconnue : inconnue."],
        "frais": ["Valeur inconnue : offert."],
    }
    with pytest.raises(ValidationError) as erreur:
        service_creer(
            acting_user=monde.partenaire_ccas_arras,
            structure=guide.ccas_arras,
            nom="Colis",
            description="Colis alimentaires.",
            publics=["tous-publics", "jeunes"],
            zone_codes=["99999", "999999999"],
            zone_territoires=["atlantide"],
        )
    assert erreur.value.message_dict == {
        "zone_codes": [
            "Codes inconnus du référentiel : 99999, 999999999.",
            "Territoires inconnus : atlantide.",
        ]
    }
    with pytest.raises(ValidationError) as erreur:
        service_creer(
            acting_user=monde.partenaire_ccas_arras,
            structure=guide.ccas_arras,
            nom="Colis",
            description="Colis alimentaires.",
            publics=["tous-publics", "jeunes"],
            zone_codes=["62"],
        )
    assert erreur.value.message_dict == {
        "publics": ["« Tous publics » ne se combine avec aucun autre public."]
    }
    with pytest.raises(ValidationError, match="Indiquez la zone"):
        service_creer(
            acting_user=monde.partenaire_ccas_arras,
            structure=guide.ccas_arras,
            nom="Colis",
            description="Colis.",
        )


def test_modifier_met_a_jour_la_date_et_l_historique(monde: Monde, guide: Guide) -> None:
    ancienne = guide.ancienne
    assert ancienne.confirme_le < timezone.localdate()
    service = service_modifier(
        service=ancienne, acting_user=monde.partenaire_ccas_arras, champs={"nom": "Vestiaire du CCAS"}
    )
    assert service.nom == "Vestiaire du CCAS"
    assert service.date_maj == service.confirme_le == timezone.localdate()
    dernier = service.history.first()  # type: ignore[attr-defined]
    assert (dernier.history_user, dernier.history_change_reason) == (
        monde.partenaire_ccas_arras,
        "Modification de la fiche",
    )
    assert dernier.diff_against(service.history.last()).changed_fields  # type: ignore[attr-defined]
    # Nothing changed: nothing written.
    nombre = service.history.count()  # type: ignore[attr-defined]
    service_modifier(
        service=service, acting_user=monde.partenaire_ccas_arras, champs={"nom": "Vestiaire du CCAS"}
    )
    assert service.history.count() == nombre  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="Champs non modifiables"):
        service_modifier(service=service, acting_user=monde.admin, champs={"statut": "publiee"})


def test_une_fiche_refusee_corrigee_revient_en_moderation(monde: Monde, guide: Guide) -> None:
    fiche_refuser(fiche=guide.brouillon, acting_user=monde.admin, motif="Horaires manquants.")
    guide.brouillon.refresh_from_db()
    assert guide.brouillon.statut == StatutPublication.REFUSEE
    service = service_modifier(
        service=guide.brouillon,
        acting_user=monde.partenaire_ccas_arras,
        champs={"horaires_accueil": "Fr 18:00-20:00"},
    )
    assert service.statut == StatutPublication.A_MODERER
    assert list(TransitionPublication.objects.filter(service=service).values_list("de", "vers", "motif")) == [
        ("a_moderer", "refusee", "Horaires manquants."),
        ("refusee", "a_moderer", "Fiche corrigée"),
    ]


def test_structure_modifier(monde: Monde, guide: Guide) -> None:
    structure = structure_modifier(
        structure=guide.ccas_arras,
        acting_user=monde.partenaire_ccas_arras,
        champs={"telephone": "03 53 48 00 00", "commune": monde.calais},
    )
    assert (structure.telephone, structure.code_insee, structure.code_postal) == (
        "03 53 48 00 00",
        "62193",
        "62100",
    )
    with pytest.raises(ValidationError):
        structure_modifier(
            structure=guide.ccas_arras, acting_user=monde.admin, champs={"reseaux_porteurs": ["inconnu"]}
        )


def test_confirmer_rend_la_fiche_fraiche(monde: Monde, guide: Guide) -> None:
    fiche = fiche_confirmer(fiche=guide.ancienne, acting_user=monde.partenaire_ccas_arras)
    assert fiche.confirme_le == timezone.localdate()
    assert fiche.date_maj < fiche.confirme_le  # a confirmation is not a modification
    assert fiche.history.first().history_change_reason == "Confirmation de la fiche"  # type: ignore[union-attr]


def test_machine_a_etats_de_publication(monde: Monde, guide: Guide) -> None:
    brouillon = guide.brouillon
    with pytest.raises(DomainError) as refus:
        fiche_soumettre(fiche=brouillon, acting_user=monde.partenaire_ccas_arras)
    assert refus.value.code == "transition_invalide"
    with pytest.raises(DomainError, match="motif"):
        fiche_refuser(fiche=brouillon, acting_user=monde.admin, motif="  ")
    fiche = fiche_publier(fiche=brouillon, acting_user=monde.admin)
    assert fiche.statut == StatutPublication.PUBLIEE
    with pytest.raises(DomainError):
        fiche_refuser(fiche=fiche, acting_user=monde.admin, motif="Trop tard.")
    fiche = fiche_retirer(fiche=fiche, acting_user=monde.admin, motif="Service fermé.")
    fiche = fiche_soumettre(fiche=fiche, acting_user=monde.partenaire_ccas_arras)
    assert fiche.statut == StatutPublication.A_MODERER
    assert list(
        TransitionPublication.objects.filter(service=brouillon).values_list("de", "vers", "acting_user")
    ) == [
        ("a_moderer", "publiee", monde.admin.pk),
        ("publiee", "retiree", monde.admin.pk),
        ("retiree", "a_moderer", monde.partenaire_ccas_arras.pk),
    ]


# --- The partner's withdrawal ------------------------------------------------------------------------


def statuts(*fiches: Structure | Service) -> list[str]:
    return [type(fiche).objects.get(pk=fiche.pk).statut for fiche in fiches]


def dans_la_recherche(monde: Monde) -> set[str]:
    return set(Service.objects.publies_visibles_par(monde.ts_calais).values_list("nom", flat=True))


def test_le_partenaire_retire_son_service_avec_un_motif_puis_le_soumet(monde: Monde, guide: Guide) -> None:
    assert "Aide alimentaire d'urgence" in dans_la_recherche(monde)
    retirees = fiche_retirer_par_editeur(
        fiche=guide.aide_alimentaire, acting_user=monde.partenaire_ccas_arras, motif=" Service fermé. "
    )
    assert retirees == [guide.aide_alimentaire]
    assert statuts(guide.aide_alimentaire) == [StatutPublication.RETIREE]
    transition = TransitionPublication.objects.filter(service=guide.aide_alimentaire).get()
    assert (transition.de, transition.vers, transition.motif, transition.acting_user) == (
        "publiee",
        "retiree",
        "Service fermé.",
        monde.partenaire_ccas_arras,
    )
    assert "Aide alimentaire d'urgence" not in dans_la_recherche(monde)
    assert "Épicerie solidaire" in dans_la_recherche(monde)  # its structure's other services stay
    fiche_soumettre(fiche=guide.aide_alimentaire, acting_user=monde.partenaire_ccas_arras)
    assert statuts(guide.aide_alimentaire) == [StatutPublication.A_MODERER]


def test_une_fiche_a_moderer_se_retire_sans_motif(monde: Monde, guide: Guide) -> None:
    fiche_retirer_par_editeur(fiche=guide.brouillon, acting_user=monde.partenaire_ccas_arras)
    transition = TransitionPublication.objects.filter(service=guide.brouillon).get()
    assert (transition.de, transition.vers, transition.motif) == ("a_moderer", "retiree", "")


@pytest.mark.parametrize(
    ("statut", "message"),
    [
        (StatutPublication.RETIREE, "Cette fiche est déjà retirée du guide."),
        (
            StatutPublication.REFUSEE,
            "Cette fiche a été refusée : elle n'est pas dans le guide, il n'y a rien à retirer.",
        ),
    ],
)
def test_seules_les_fiches_a_moderer_ou_publiees_se_retirent(
    monde: Monde, guide: Guide, statut: str, message: str
) -> None:
    Service.objects.filter(pk=guide.aide_alimentaire.pk).update(statut=statut)
    guide.aide_alimentaire.refresh_from_db()
    with pytest.raises(DomainError) as refus:
        fiche_retirer_par_editeur(fiche=guide.aide_alimentaire, acting_user=monde.partenaire_ccas_arras)
    assert (refus.value.code, refus.value.message) == ("transition_invalide", message)
    assert statuts(guide.aide_alimentaire) == [statut]
    assert not TransitionPublication.objects.exists()


def test_l_administrateur_qui_retire_une_structure_retire_ses_services(monde: Monde, guide: Guide) -> None:
    """The administrator's withdrawal follows the same rule as the partner's: the structure's services
    « à modérer » or « publiés » leave the guide with it, each with its own transition row."""
    assert (
        fiche_retirer(fiche=guide.ccas_arras, acting_user=monde.admin, motif="Fermeture.") == guide.ccas_arras
    )
    assert set(statuts(guide.ccas_arras, guide.aide_alimentaire, guide.brouillon, guide.epicerie)) == {
        StatutPublication.RETIREE
    }
    assert statuts(guide.jeunes_calaisis) == [StatutPublication.PUBLIEE]
    motifs = set(
        TransitionPublication.objects.filter(service__structure=guide.ccas_arras).values_list(
            "motif", "acting_user"
        )
    )
    assert motifs == {
        ("Retrait de la structure « CCAS d'Arras – pôle solidarités » : Fermeture.", monde.admin.pk)
    }


def test_retirer_une_structure_retire_ses_services_a_moderer_et_publies(monde: Monde, guide: Guide) -> None:
    refuse = service(
        structure=guide.ccas_arras, nom="Bons d'achat", zone_codes=["62041"], statut=StatutPublication.REFUSEE
    )
    retirees = fiche_retirer_par_editeur(
        fiche=guide.ccas_arras, acting_user=monde.partenaire_ccas_arras, motif="Structure fermée."
    )
    assert retirees[0] == guide.ccas_arras
    assert {fiche.nom for fiche in retirees[1:]} == {
        "Aide alimentaire d'urgence",
        "Aide alimentaire du soir",
        "Vestiaire solidaire",
        "Épicerie solidaire",
    }
    assert set(
        statuts(guide.ccas_arras, guide.aide_alimentaire, guide.brouillon, guide.ancienne, guide.epicerie)
    ) == {StatutPublication.RETIREE}
    assert statuts(refuse, guide.jeunes_calaisis) == [StatutPublication.REFUSEE, StatutPublication.PUBLIEE]
    assert list(
        TransitionPublication.objects.filter(structure=guide.ccas_arras).values_list("de", "motif")
    ) == [("publiee", "Structure fermée.")]
    lignes = TransitionPublication.objects.filter(service__structure=guide.ccas_arras)
    assert sorted(lignes.values_list("service__nom", "de", "vers")) == [
        ("Aide alimentaire d'urgence", "publiee", "retiree"),
        ("Aide alimentaire du soir", "a_moderer", "retiree"),
        ("Vestiaire solidaire", "publiee", "retiree"),
        ("Épicerie solidaire", "publiee", "retiree"),
    ]
    assert {(ligne.motif, ligne.acting_user) for ligne in lignes} == {
        (
            "Retrait de la structure « CCAS d'Arras – pôle solidarités » : Structure fermée.",
            monde.partenaire_ccas_arras,
        )
    }
    assert dans_la_recherche(monde).isdisjoint({"Aide alimentaire d'urgence", "Épicerie solidaire"})
    # Resubmitting the structure resubmits it alone.
    fiche_soumettre(fiche=guide.ccas_arras, acting_user=monde.partenaire_ccas_arras)
    assert statuts(guide.ccas_arras, guide.aide_alimentaire) == [
        StatutPublication.A_MODERER,
        StatutPublication.RETIREE,
    ]


def test_un_coediteur_retire_mais_pas_un_autre_partenaire(monde: Monde, guide: Guide) -> None:
    with pytest.raises(DomainError) as refus:
        fiche_retirer_par_editeur(fiche=guide.aide_alimentaire, acting_user=monde.partenaire_ml_calais)
    assert refus.value.code == "interdit"
    with pytest.raises(DomainError):
        fiche_retirer_par_editeur(fiche=guide.ccas_arras, acting_user=monde.partenaire_ml_calais)
    with pytest.raises(DomainError):
        fiche_retirer_par_editeur(fiche=guide.importe, acting_user=monde.admin)  # edited at its producer
    assert statuts(guide.aide_alimentaire, guide.ccas_arras, guide.importe) == [StatutPublication.PUBLIEE] * 3
    assert not TransitionPublication.objects.exists()
    coediteur_autoriser(
        structure=guide.ccas_arras, utilisateur=monde.partenaire_ml_calais, acting_user=monde.admin
    )
    fiche_retirer_par_editeur(fiche=guide.aide_alimentaire, acting_user=monde.partenaire_ml_calais)
    assert statuts(guide.aide_alimentaire) == [StatutPublication.RETIREE]


def test_recharger_les_taxonomies_est_idempotent_et_desactive_les_disparus(monde: Monde) -> None:
    rapport = taxonomies_charger()
    assert (rapport.crees, rapport.modifies, rapport.desactives) == (0, 0, 0)
    Terme.objects.create(taxonomie="thematiques", valeur="ancienne--valeur", libelle="Ancienne")
    Terme.objects.filter(valeur="famille--garde-denfants").update(libelle="Libellé modifié")
    rapport = taxonomies_charger()
    assert (rapport.crees, rapport.modifies, rapport.desactives) == (0, 1, 1)
    assert not Terme.objects.get(valeur="ancienne--valeur").actif
    assert Terme.objects.get(valeur="famille--garde-denfants").libelle == "Garde d’enfants"


def test_date_maj_bornee(monde: Monde, guide: Guide) -> None:
    guide.aide_alimentaire.date_maj = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="entre le 01/01/2000 et aujourd'hui"):
        guide.aide_alimentaire.full_clean(exclude=["recherche", "nom_normalise"])
