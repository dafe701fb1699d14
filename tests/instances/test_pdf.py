"""The councils' written outputs: notification letters (G-3: decision, motivation, amount, voies et
délais de recours) filed in the person's documents, the minutes (attendance, mandates, quorum,
decisions, votes; files pseudonymised, DP-7), and the rule that nothing is notified without them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from instances.actions import (
    decision_notifier,
    decision_urgence_prendre,
    lettre_notification_produire,
    proces_verbal_produire,
    seance_decisions_notifier,
    seance_valider,
)
from instances.enums import EtatDemande, EtatSeance, FormeAide, IssueDecision
from instances.models import Decision, Seance
from parcours.actions.documents import document_deposer
from parcours.documents import stockage
from parcours.enums import TypeDocument
from parcours.models import Document
from social.exceptions import DomainError
from social.models import Personne
from tests.instances.fabriques import Conseils, demande, parcours_de
from tests.instances.fabriques_pdf import (
    MOTIVATION_PARTIEL,
    MOTIVATION_REFUS,
    SeanceClose,
    seance_close,
    texte_pdf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def close(conseils: Conseils) -> SeanceClose:
    return seance_close(conseils)


def _texte_lettre(decision: Decision) -> str:
    decision.refresh_from_db()
    assert decision.lettre is not None
    with stockage().open(decision.lettre.chemin, "rb") as fichier:
        return texte_pdf(fichier.read())


def test_g_3_lettre_refus_motivation_et_voies_et_delais_de_recours(
    conseils: Conseils, close: SeanceClose
) -> None:
    lettre_notification_produire(decision=close.refus, acting_user=conseils.secretaire)
    texte = _texte_lettre(close.refus)
    assert "Votre demande est refusée." in texte
    assert MOTIVATION_REFUS in texte
    assert "Voies et délais de recours" in texte
    assert "délai de 2 mois" in texte
    assert "Recours administratif préalable" in texte
    assert "Président du Conseil départemental" in texte
    assert "Recours contentieux" in texte and "tribunal administratif" in texte
    assert "Léa Martin" in texte


def test_g_3_lettre_accord_partiel_montant_forme_et_tiers(conseils: Conseils, close: SeanceClose) -> None:
    decision = lettre_notification_produire(decision=close.partiel, acting_user=conseils.secretaire)
    texte = _texte_lettre(close.partiel)
    assert "acceptée en partie" in texte
    assert "200,00 €" in texte and "300,00 €" in texte
    assert "Paiement à un tiers" in texte or "tiers" in texte
    assert "EDF Solidarité" in texte
    assert MOTIVATION_PARTIEL in texte
    assert "délai de 2 mois" in texte
    # Filed in the person's pathway documents, as a decision, and linked.
    document = Document.objects.get(pk=decision.lettre_id)
    assert document.parcours_id == close.partiel.demande.parcours_id
    assert document.type_document == TypeDocument.DECISION
    assert document.depose_par == conseils.secretaire


def test_lettre_refusee_hors_secretariat_et_avant_cloture(conseils: Conseils, close: SeanceClose) -> None:
    for intrus in (conseils.monde.elu_arrageois, conseils.monde.ts_arras, conseils.monde.ts_calais):
        with pytest.raises(DomainError) as erreur:
            lettre_notification_produire(decision=close.refus, acting_user=intrus)
        assert erreur.value.code == "interdit"
    assert not Document.objects.filter(parcours=close.refus.demande.parcours).exists()


def test_depot_par_instance_limite_aux_decisions_en_pdf(conseils: Conseils, close: SeanceClose) -> None:
    parcours = close.refus.demande.parcours
    with pytest.raises(DomainError) as erreur:
        document_deposer(
            parcours=parcours,
            type_document=TypeDocument.PIECE_IDENTITE,
            fichier=b"%PDF-1.4\n%%EOF\n",
            titre="x",
            acting_user=conseils.secretaire,
            par_instance=True,
        )
    assert erreur.value.code == "interdit"
    # Without the keyword, the secretary is not on the pathway's team.
    with pytest.raises(DomainError) as erreur:
        document_deposer(
            parcours=parcours,
            type_document=TypeDocument.DECISION,
            fichier=b"%PDF-1.4\n%%EOF\n",
            titre="x",
            acting_user=conseils.secretaire,
        )
    assert erreur.value.code == "interdit"


def test_proces_verbal_presences_mandats_quorum_decisions_votes(
    conseils: Conseils, close: SeanceClose
) -> None:
    seance = proces_verbal_produire(seance=close.seance, acting_user=conseils.secretaire)
    seance = Seance.objects.get(pk=seance.pk)
    assert seance.proces_verbal_le is not None
    texte = texte_pdf(bytes(seance.proces_verbal))
    assert "Procès-verbal de la séance" in texte
    for mandat in (conseils.president, conseils.elu, conseils.partenaire):
        nom = mandat.utilisateur.get_full_name() or mandat.utilisateur.username
        assert nom in texte
    assert "Représenté" in texte or "représenté" in texte
    assert "Quorum atteint" in texte
    assert "Accord partiel – 200,00 €" in texte and MOTIVATION_PARTIEL in texte
    assert "Refus" in texte and MOTIVATION_REFUS in texte
    assert "3 pour, 0 contre" in texte


def test_dp_7_proces_verbal_pseudonymise_quand_l_instance_le_prevoit(
    conseils: Conseils, close: SeanceClose
) -> None:
    def texte_du_proces_verbal() -> str:
        seance = proces_verbal_produire(seance=close.seance, acting_user=conseils.secretaire)
        return texte_pdf(bytes(Seance.objects.get(pk=seance.pk).proces_verbal))

    Personne.objects.filter(pk=close.partiel.demande.parcours.personne_id).update(
        adresse="3 rue des Capucins"
    )
    # The minutes go to every member: initials and year of birth, no name, no address.
    texte = texte_du_proces_verbal()
    assert "Dossier 1 : L.M. (né·e en 2004)" in texte
    assert "Martin" not in texte and "Léa" not in texte
    assert "Capucins" not in texte
    # An instance set otherwise sees the names.
    conseils.commission.presentation_pseudonymisee = False
    conseils.commission.save(update_fields=["presentation_pseudonymisee"])
    assert "Martin Léa" in texte_du_proces_verbal()


def test_proces_verbal_refuse_avant_cloture_et_hors_secretariat(
    conseils: Conseils, close: SeanceClose
) -> None:
    with pytest.raises(DomainError) as erreur:
        proces_verbal_produire(seance=close.seance, acting_user=conseils.monde.elu_arrageois)
    assert erreur.value.code == "interdit"


def test_g_3_decision_sans_lettre_ne_peut_pas_etre_notifiee(conseils: Conseils, close: SeanceClose) -> None:
    seance_valider(seance=close.seance, acting_user=conseils.secretaire)
    with pytest.raises(DomainError) as erreur:
        seance_decisions_notifier(seance=close.seance, acting_user=conseils.secretaire)
    assert erreur.value.code == "proces_verbal_manquant"
    proces_verbal_produire(seance=close.seance, acting_user=conseils.secretaire)
    lettre_notification_produire(decision=close.partiel, acting_user=conseils.secretaire)
    with pytest.raises(DomainError) as erreur:
        seance_decisions_notifier(seance=close.seance, acting_user=conseils.secretaire)
    assert erreur.value.code == "lettre_manquante"
    assert "sans sa lettre" in erreur.value.message
    close.partiel.refresh_from_db()
    assert close.partiel.notifiee_le is None
    assert Seance.objects.get(pk=close.seance.pk).etat == EtatSeance.VALIDEE

    lettre_notification_produire(decision=close.refus, acting_user=conseils.secretaire)
    seance = seance_decisions_notifier(seance=close.seance, acting_user=conseils.secretaire)
    assert seance.etat == EtatSeance.NOTIFIEE
    for decision in (close.partiel, close.refus):
        decision.refresh_from_db()
        assert decision.notifiee_le is not None
        assert decision.demande.etat == EtatDemande.NOTIFIEE
    # Notified: the letter no longer changes.
    with pytest.raises(DomainError) as erreur:
        lettre_notification_produire(decision=close.refus, acting_user=conseils.secretaire)
    assert erreur.value.code == "deja_notifiee"


def test_notification_refusee_hors_gestion(conseils: Conseils, close: SeanceClose) -> None:
    with pytest.raises(DomainError) as erreur:
        seance_decisions_notifier(seance=close.seance, acting_user=conseils.monde.elu_arrageois)
    assert erreur.value.code == "interdit"


def test_g_3_decision_d_urgence_notifiee_seulement_avec_sa_lettre(conseils: Conseils) -> None:
    urgente = demande(
        parcours_de(conseils.monde), code="secours_urgence_departement", montant="100", urgence=True
    )
    decision = decision_urgence_prendre(
        demande=urgente,
        issue=IssueDecision.ACCORD,
        montant=Decimal("100"),
        forme=FormeAide.SUBVENTION,
        acting_user=conseils.delegataire,
    )
    with pytest.raises(DomainError) as erreur:
        decision_notifier(decision=decision, acting_user=conseils.delegataire)
    assert erreur.value.code == "lettre_manquante"
    # Only its signatory writes its letter.
    with pytest.raises(DomainError) as erreur:
        lettre_notification_produire(decision=decision, acting_user=conseils.secretaire)
    assert erreur.value.code == "interdit"
    lettre_notification_produire(decision=decision, acting_user=conseils.delegataire)
    texte = _texte_lettre(decision)
    assert "Votre demande est acceptée." in texte and "100,00 €" in texte
    assert "par délégation" in texte and "Arrêté n° 2025-062" in texte
    assert "délai de 2 mois" in texte
    decision = decision_notifier(decision=decision, acting_user=conseils.delegataire)
    assert decision.notifiee_le is not None
    urgente.refresh_from_db()
    assert urgente.etat == EtatDemande.NOTIFIEE


def test_la_notification_classe_la_lettre_dans_la_chronologie_et_previent_le_referent(
    conseils: Conseils,
    close: SeanceClose,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    from unittest import mock

    from parcours.selectors import fiche_parcours

    seance_valider(seance=close.seance, acting_user=conseils.secretaire)
    proces_verbal_produire(seance=close.seance, acting_user=conseils.secretaire)
    for decision in (close.partiel, close.refus):
        lettre_notification_produire(decision=decision, acting_user=conseils.secretaire)
    parcours = close.refus.demande.parcours
    referent = conseils.monde.ts_arras
    lettres = [
        e
        for e in fiche_parcours(parcours=parcours, user=referent).chronologie
        if e.genre == "lettre_decision"
    ]
    assert [(e.titre, e.detail) for e in lettres] == [
        (
            "Lettre de notification de la décision (aide « FSL – eau » : refus)",
            "Classée dans les documents du parcours, pas encore envoyée.",
        )
    ]
    with mock.patch("instances.actions.courriers.diffuser") as diffuser:
        seance_decisions_notifier(seance=close.seance, acting_user=conseils.secretaire)
    appels = [c.kwargs for c in diffuser.call_args_list]
    assert {(tuple(a["utilisateur_ids"]), a["evenement"]) for a in appels} == {
        ((referent.pk,), "demande_aide.notifiee")
    }
    assert [str(close.refus.demande.public_id), str(parcours.public_id)] in [
        [str(i) for i in a["objet_ids"]] for a in appels
    ]
    lettres = [
        e
        for e in fiche_parcours(parcours=parcours, user=referent).chronologie
        if e.genre == "lettre_decision"
    ]
    assert lettres[0].detail.startswith("Envoyée le ")
