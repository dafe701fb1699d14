"""A closed session of the Arrageois committee with two decisions (a partial grant paid to a third
party, a refusal), for the letters and minutes tests (actions, pages, API)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from pypdf import PdfReader

from instances.actions import (
    PresenceSaisie,
    decision_enregistrer,
    seance_cloturer,
    seance_convoquer,
    seance_ouvrir,
    seance_presences_enregistrer,
)
from instances.enums import FormeAide, IssueDecision, SensVote, StatutPresence
from instances.models import Decision, Seance
from tests.instances.fabriques import Conseils, demande, inscrire, parcours_de, seance

MOTIVATION_PARTIEL = "Le plafond annuel du FSL énergie limite l'aide à 200 euros."
MOTIVATION_REFUS = "Les ressources du foyer dépassent le barème du règlement."


@dataclass
class SeanceClose:
    seance: Seance
    partiel: Decision
    refus: Decision


def texte_pdf(contenu: bytes) -> str:
    """The text of a PDF, spaces normalised (lines break anywhere)."""
    texte = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(contenu)).pages)
    return " ".join(texte.split())


def seance_close(conseils: Conseils) -> SeanceClose:
    une_seance = seance(conseils)
    monde = conseils.monde
    p1 = inscrire(conseils, une_seance, demande(parcours_de(monde), montant="300"))
    p2 = inscrire(conseils, une_seance, demande(parcours_de(monde), code="fsl_eau", montant="250"))
    seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    seance_presences_enregistrer(
        seance=une_seance,
        presences=[
            PresenceSaisie(mandat=conseils.president, statut=StatutPresence.PRESENT),
            PresenceSaisie(mandat=conseils.elu, statut=StatutPresence.PRESENT),
            PresenceSaisie(
                mandat=conseils.partenaire, statut=StatutPresence.REPRESENTE, procuration_a=conseils.elu
            ),
        ],
        acting_user=conseils.secretaire,
    )
    seance_ouvrir(seance=une_seance, acting_user=conseils.secretaire)
    votes = {conseils.president.pk: SensVote.POUR, conseils.elu.pk: SensVote.POUR}
    partiel = decision_enregistrer(
        point=p1,
        issue=IssueDecision.ACCORD_PARTIEL,
        montant=Decimal("200"),
        forme=FormeAide.PAIEMENT_TIERS,
        tiers="EDF Solidarité",
        motivation=MOTIVATION_PARTIEL,
        votes=votes,
        version=None,
        acting_user=conseils.secretaire,
    )
    refus = decision_enregistrer(
        point=p2,
        issue=IssueDecision.REFUS,
        motivation=MOTIVATION_REFUS,
        votes=votes,
        version=None,
        acting_user=conseils.secretaire,
    )
    seance_cloturer(seance=une_seance, acting_user=conseils.secretaire)
    return SeanceClose(seance=Seance.objects.get(pk=une_seance.pk), partiel=partiel, refus=refus)
