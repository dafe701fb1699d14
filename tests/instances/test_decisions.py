"""Decisions in session (COM-4, G-2, votes, casting vote, optimistic concurrency) and by delegation
(G-5, reported to the next session); the timeline and the référent's real-time notice."""

from __future__ import annotations

import datetime
from decimal import Decimal
from unittest import mock

import pytest

from instances.actions import (
    PresenceSaisie,
    decision_enregistrer,
    decision_urgence_prendre,
    seance_cloturer,
    seance_convoquer,
    seance_ouvrir,
    seance_presences_enregistrer,
    seance_valider,
)
from instances.enums import EtatDemande, EtatSeance, FormeAide, IssueDecision, SensVote, StatutPresence
from instances.models import Decision, PointOrdreJour, Vote
from parcours.selectors import fiche_parcours
from social.exceptions import DomainError
from tests.instances.fabriques import Conseils, demande, inscrire, parcours_de, seance

pytestmark = pytest.mark.django_db


@pytest.fixture
def point(conseils: Conseils, django_capture_on_commit_callbacks) -> PointOrdreJour:  # type: ignore[no-untyped-def]
    une_seance = seance(conseils)
    point = inscrire(conseils, une_seance, demande(parcours_de(conseils.monde), montant="300"))
    with django_capture_on_commit_callbacks(execute=True):
        seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    seance_presences_enregistrer(
        seance=une_seance,
        presences=[
            PresenceSaisie(mandat=conseils.president, statut=StatutPresence.PRESENT),
            PresenceSaisie(mandat=conseils.elu, statut=StatutPresence.PRESENT),
            PresenceSaisie(mandat=conseils.partenaire, statut=StatutPresence.PRESENT),
        ],
        acting_user=conseils.secretaire,
    )
    seance_ouvrir(seance=une_seance, acting_user=conseils.secretaire)
    return PointOrdreJour.objects.select_related("seance", "demande").get(pk=point.pk)


def _enregistrer(conseils: Conseils, point: PointOrdreJour, **kwargs: object) -> Decision:
    valeurs: dict[str, object] = {"version": None, "acting_user": conseils.secretaire}
    valeurs.update(kwargs)
    return decision_enregistrer(point=point, **valeurs)  # type: ignore[arg-type]


def test_accord_en_seance_decide_la_demande(conseils: Conseils, point: PointOrdreJour) -> None:
    decision = _enregistrer(
        conseils,
        point,
        issue=IssueDecision.ACCORD,
        montant=Decimal("300"),
        forme=FormeAide.PAIEMENT_TIERS,
        tiers="EDF Solidarité",
        votes={
            conseils.president.pk: SensVote.POUR,
            conseils.elu.pk: SensVote.POUR,
            conseils.partenaire.pk: SensVote.CONTRE,
        },
    )
    assert (decision.votes_pour, decision.votes_contre, decision.version) == (2, 1, 1)
    assert decision.tiers == "EDF Solidarité" and decision.decidee_par == conseils.secretaire
    point.demande.refresh_from_db()
    assert point.demande.etat == EtatDemande.DECIDEE


@pytest.mark.parametrize("issue", [IssueDecision.REFUS, IssueDecision.ACCORD_PARTIEL])
def test_g_2_motivation_obligatoire_refus_et_accord_partiel(
    conseils: Conseils, point: PointOrdreJour, issue: IssueDecision
) -> None:
    with pytest.raises(DomainError) as erreur:
        _enregistrer(
            conseils, point, issue=issue, montant=Decimal("150"), forme=FormeAide.SUBVENTION, motivation="  "
        )
    assert erreur.value.code == "motivation_requise"
    assert erreur.value.extra["champ"] == "motivation"
    assert not Decision.objects.filter(point=point).exists()
    point.demande.refresh_from_db()
    assert point.demande.etat == EtatDemande.INSCRITE
    decision = _enregistrer(
        conseils,
        point,
        issue=issue,
        montant=Decimal("150"),
        forme=FormeAide.SUBVENTION,
        motivation="Ressources supérieures au barème du règlement intérieur (art. 4).",
    )
    assert decision.issue == issue


def test_accord_inferieur_a_la_demande_est_un_accord_partiel(
    conseils: Conseils, point: PointOrdreJour
) -> None:
    with pytest.raises(DomainError) as erreur:
        _enregistrer(
            conseils, point, issue=IssueDecision.ACCORD, montant=Decimal("200"), forme=FormeAide.SUBVENTION
        )
    assert erreur.value.code == "accord_partiel_attendu"


def test_ajournement_avec_motif_et_date_de_reexamen(conseils: Conseils, point: PointOrdreJour) -> None:
    with pytest.raises(DomainError) as erreur:
        _enregistrer(conseils, point, issue=IssueDecision.AJOURNEMENT, motif_ajournement="Pièces manquantes")
    assert erreur.value.code == "date_reexamen_requise"
    _enregistrer(
        conseils,
        point,
        issue=IssueDecision.AJOURNEMENT,
        motif_ajournement="Avis d'imposition manquant",
        date_reexamen=point.seance.jour + datetime.timedelta(days=30),
    )
    point.demande.refresh_from_db()
    assert point.demande.etat == EtatDemande.AJOURNEE


def test_plafond_verifie_a_la_decision(conseils: Conseils, point: PointOrdreJour) -> None:
    # The committee cannot grant more than asked, nor above the type's cap.
    with pytest.raises(DomainError) as erreur:
        _enregistrer(
            conseils, point, issue=IssueDecision.ACCORD, montant=Decimal("500"), forme=FormeAide.SUBVENTION
        )
    assert erreur.value.code == "montant_superieur_demande"


def test_voix_preponderante_du_president_sur_partage(conseils: Conseils, point: PointOrdreJour) -> None:
    votes = {
        conseils.president.pk: SensVote.POUR,
        conseils.elu.pk: SensVote.CONTRE,
        conseils.partenaire.pk: SensVote.ABSTENTION,
    }
    decision = _enregistrer(
        conseils,
        point,
        issue=IssueDecision.ACCORD,
        montant=Decimal("300"),
        forme=FormeAide.SUBVENTION,
        votes=votes,
    )
    assert (decision.votes_pour, decision.votes_contre, decision.abstentions) == (1, 1, 1)
    assert decision.voix_preponderante
    assert Vote.objects.filter(decision=decision).count() == 3


def test_proposition_rejetee_par_le_vote_non_enregistree(conseils: Conseils, point: PointOrdreJour) -> None:
    votes = {
        conseils.president.pk: SensVote.CONTRE,
        conseils.elu.pk: SensVote.POUR,
        conseils.partenaire.pk: SensVote.CONTRE,
    }
    with pytest.raises(DomainError) as erreur:
        _enregistrer(
            conseils,
            point,
            issue=IssueDecision.ACCORD,
            montant=Decimal("300"),
            forme=FormeAide.SUBVENTION,
            votes=votes,
        )
    assert erreur.value.code == "proposition_rejetee"
    assert not Decision.objects.exists()


def test_mandat_compte_double_et_membre_en_conflit_ne_vote_pas(
    conseils: Conseils, point: PointOrdreJour
) -> None:
    seance_presences_enregistrer(
        seance=point.seance,
        presences=[
            PresenceSaisie(mandat=conseils.president, statut=StatutPresence.PRESENT),
            PresenceSaisie(
                mandat=conseils.elu, statut=StatutPresence.REPRESENTE, procuration_a=conseils.president
            ),
            PresenceSaisie(mandat=conseils.partenaire, statut=StatutPresence.PRESENT),
        ],
        acting_user=conseils.secretaire,
    )
    decision = _enregistrer(
        conseils,
        point,
        issue=IssueDecision.ACCORD,
        montant=Decimal("300"),
        forme=FormeAide.SUBVENTION,
        votes={conseils.president.pk: SensVote.POUR, conseils.partenaire.pk: SensVote.CONTRE},
    )
    assert (decision.votes_pour, decision.votes_contre) == (2, 1)
    from instances.actions import conflit_declarer

    conflit_declarer(point=point, mandat=conseils.partenaire, acting_user=conseils.partenaire.utilisateur)
    with pytest.raises(DomainError) as erreur:
        _enregistrer(
            conseils,
            point,
            version=decision.version,
            issue=IssueDecision.ACCORD,
            montant=Decimal("300"),
            forme=FormeAide.SUBVENTION,
            votes={conseils.president.pk: SensVote.POUR, conseils.partenaire.pk: SensVote.CONTRE},
        )
    assert erreur.value.code == "conflit_interet"


def test_concurrence_optimiste_version_perimee_refusee(conseils: Conseils, point: PointOrdreJour) -> None:
    premiere = _enregistrer(
        conseils, point, issue=IssueDecision.ACCORD, montant=Decimal("300"), forme=FormeAide.SUBVENTION
    )
    corrigee = _enregistrer(
        conseils,
        point,
        version=premiere.version,
        issue=IssueDecision.REFUS,
        motivation="Aide déjà obtenue auprès du fournisseur.",
        acting_user=conseils.presidente,
    )
    assert corrigee.version == 2
    # Someone who read version 1 cannot overwrite version 2 silently; nor can a second "first" decision.
    for version in (1, None):
        with pytest.raises(DomainError) as erreur:
            _enregistrer(
                conseils,
                point,
                version=version,
                issue=IssueDecision.ACCORD,
                montant=Decimal("300"),
                forme=FormeAide.SUBVENTION,
            )
        assert erreur.value.code == "version_perimee"
        assert "rechargez-la" in erreur.value.message
    decision = Decision.objects.get(point=point)
    assert (decision.issue, decision.version) == (IssueDecision.REFUS, 2)


def test_decision_hors_seance_ouverte_refusee(conseils: Conseils, point: PointOrdreJour) -> None:
    with pytest.raises(DomainError) as erreur:
        _enregistrer(
            conseils,
            point,
            issue=IssueDecision.REFUS,
            motivation="x",
            acting_user=conseils.monde.elu_arrageois,
        )
    assert erreur.value.code == "interdit"
    _enregistrer(conseils, point, issue=IssueDecision.REFUS, motivation="Hors barème.")
    seance_cloturer(seance=point.seance, acting_user=conseils.secretaire)
    validee = seance_valider(seance=point.seance, acting_user=conseils.presidente)
    assert validee.etat == EtatSeance.VALIDEE
    assert validee.visible_jusqu_au == validee.validee_le + datetime.timedelta(days=30)
    with pytest.raises(DomainError) as erreur:
        _enregistrer(conseils, point, version=1, issue=IssueDecision.REFUS, motivation="Autre")
    assert erreur.value.code == "seance_non_ouverte"


def test_decision_diffusee_au_referent_et_dans_la_chronologie(
    conseils: Conseils, point: PointOrdreJour, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with mock.patch("instances.actions.decisions.diffuser") as diffuser:
        _enregistrer(conseils, point, issue=IssueDecision.REFUS, motivation="Ressources suffisantes.")
    diffuser.assert_called_once()
    assert diffuser.call_args.kwargs["utilisateur_ids"] == [conseils.monde.ts_arras.pk]
    assert diffuser.call_args.kwargs["evenement"] == "demande_aide.decidee"
    parcours = point.demande.parcours
    fiche = fiche_parcours(parcours=parcours, user=conseils.monde.ts_arras)
    titres = [e.titre for e in fiche.chronologie if e.genre in ("decision_aide", "demande_aide")]
    assert "Aide « FSL – énergie » : refus" in titres
    assert any("déposée" in titre for titre in titres)


def test_g_5_delegation_montant_superieur_refuse(conseils: Conseils) -> None:
    urgente = demande(
        parcours_de(conseils.monde), code="secours_urgence_departement", montant="180", urgence=True
    )
    with pytest.raises(DomainError) as erreur:
        decision_urgence_prendre(
            demande=urgente,
            issue=IssueDecision.ACCORD,
            montant=Decimal("180"),
            forme=FormeAide.SUBVENTION,
            acting_user=conseils.delegataire,
        )
    assert erreur.value.code == "delegation_montant_depasse"
    assert "jusqu'à 150,00" in erreur.value.message
    urgente.refresh_from_db()
    assert urgente.etat == EtatDemande.DEPOSEE and not Decision.objects.exists()
    # Within the delegation, a partial grant (motivated), reported to the next session once convoked.
    decision = decision_urgence_prendre(
        demande=urgente,
        issue=IssueDecision.ACCORD_PARTIEL,
        montant=Decimal("120"),
        forme=FormeAide.SUBVENTION,
        motivation="Secours limité au besoin alimentaire de la semaine.",
        acting_user=conseils.delegataire,
    )
    assert decision.rapportee_a is None
    suivante = seance(conseils)
    inscrire(conseils, suivante, demande(parcours_de(conseils.monde)))
    seance_convoquer(seance=suivante, acting_user=conseils.secretaire)
    decision.refresh_from_db()
    assert decision.rapportee_a == suivante


def test_g_5_delegation_hors_type_refusee(conseils: Conseils) -> None:
    urgente = demande(parcours_de(conseils.monde), code="fsl_energie", montant="100", urgence=True)
    with pytest.raises(DomainError) as erreur:
        decision_urgence_prendre(
            demande=urgente,
            issue=IssueDecision.ACCORD,
            montant=Decimal("100"),
            forme=FormeAide.SUBVENTION,
            acting_user=conseils.delegataire,
        )
    assert erreur.value.code == "interdit"
