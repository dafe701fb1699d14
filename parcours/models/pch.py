"""The PCH of a pathway: the CDAPH decisions, element by element, and the département's payments
(DOMAIN.md §3, rules PCH-1 to PCH-6).

The CDAPH (MDPH) decides, the département pays only what it decided (PCH-5). Rows are written by
``parcours.actions.pch``, which checks the pure rules of ``parcours.regles.pch`` on the relevant day
(caps and durations are dated parameters, rule G-1); the constraints below hold whatever the date.
The detail of a decision (element, hours, amounts) reveals the disability: health data, never shown to
partners (rule DP-2, ``parcours.permissions.can_view_sante_parcours``).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parcours.enums import ElementDecisionPch
from parcours.models.parcours import Parcours
from parcours.regles.enums import ElementPch
from social.models import Utilisateur


class DecisionPch(models.Model):
    """What the CDAPH granted for one element (PCH-5): its reference and date, exactly one quantity
    (a total amount, a monthly amount, or monthly hours at an hourly tariff), from ``debut`` to ``fin``
    (no end only for a handicap not likely to improve, PCH-2; at most 10 years, PCH-1)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # CASCADE: the decision belongs to the pathway's file (retention purges pathways).
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="decisions_pch")
    numero = models.CharField("référence de la décision de la CDAPH", max_length=50)
    decidee_le = models.DateField("décidée le")
    notifiee_le = models.DateField(
        "notifiée le", null=True, blank=True, help_text="Point de départ du délai de RAPO (2 mois)."
    )
    element = models.CharField("élément", max_length=40, choices=ElementDecisionPch.choices)
    montant = models.DecimalField(
        "montant total accordé", max_digits=10, decimal_places=2, null=True, blank=True
    )
    montant_mensuel = models.DecimalField(
        "montant mensuel accordé", max_digits=10, decimal_places=2, null=True, blank=True
    )
    heures_mensuelles = models.DecimalField(
        "heures mensuelles accordées", max_digits=6, decimal_places=2, null=True, blank=True
    )
    tarif_horaire = models.DecimalField(
        "tarif horaire", max_digits=6, decimal_places=2, null=True, blank=True
    )
    debut = models.DateField("du")
    fin = models.DateField("au", null=True, blank=True)
    handicap_non_susceptible_evolution_favorable = models.BooleanField(
        "handicap non susceptible d'évolution favorable",
        default=False,
        help_text="Attribution sans limitation de durée (loi n° 2020-220, art. 3).",
    )
    # PCH parentalité only (PCH-4): the aide humaine follows the youngest child and the parent's situation,
    # the aides techniques the child concerned; checked against the child's age when recorded and paid.
    naissance_enfant = models.DateField(
        "date de naissance de l'enfant (parentalité)",
        null=True,
        blank=True,
        help_text="Aide humaine : le plus jeune enfant ; aides techniques : l'enfant concerné.",
    )
    parent_isole = models.BooleanField("parent isolé (parentalité)", default=False, db_default=False)
    # SET_NULL: the decision outlives the account.
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "décision PCH de la CDAPH"
        verbose_name_plural = "décisions PCH de la CDAPH"
        ordering = ["parcours", "-decidee_le", "element", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["parcours", "numero", "element"],
                name="decision_pch_une_par_element",
                violation_error_message="Cet élément de cette décision est déjà enregistré.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(montant__isnull=False, montant_mensuel__isnull=True, heures_mensuelles__isnull=True)
                    | Q(montant__isnull=True, montant_mensuel__isnull=False, heures_mensuelles__isnull=True)
                    | Q(montant__isnull=True, montant_mensuel__isnull=True, heures_mensuelles__isnull=False)
                ),
                name="decision_pch_une_quantite",
                violation_error_message=(
                    "La décision fixe soit un montant, soit un montant mensuel, soit des heures."
                ),
            ),
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=models.F("debut")),
                name="decision_pch_dates_ordonnees",
                violation_error_message="La date de fin précède la date de début.",
            ),
            models.CheckConstraint(
                condition=Q(fin__isnull=False) | Q(handicap_non_susceptible_evolution_favorable=True),
                name="decision_pch_fin_requise",
                violation_error_message=(
                    "Une date de fin est requise, sauf pour un handicap non susceptible d'évolution "
                    "favorable."
                ),
            ),
        ]
        indexes = [models.Index(fields=["parcours", "decidee_le"], name="decision_pch_parcours_idx")]

    def __str__(self) -> str:
        return f"Décision n° {self.numero} ({self.get_element_display()})"

    @property
    def element_regles(self) -> ElementPch:
        """The element as the PCH rules know it. The parentalité lump sums are outside the PCH-1 caps
        (« cumulable ») and follow their own decision only: the rules check them as an uncapped element."""
        if self.element in ElementPch.values:
            return ElementPch(self.element)
        return ElementPch.AIDES_HUMAINES


class VersementPch(models.Model):
    """A payment by the département under one CDAPH decision (PCH-5), within its dates and amount, and
    within the element's cap over the 10 years ending on the payment day (PCH-1)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT: a payment is accounting history; its decision cannot disappear under it.
    decision = models.ForeignKey(DecisionPch, on_delete=models.PROTECT, related_name="versements")
    verse_le = models.DateField("versé le")
    montant = models.DecimalField("montant", max_digits=10, decimal_places=2)
    heures = models.DecimalField("heures payées", max_digits=6, decimal_places=2, null=True, blank=True)
    periode_debut = models.DateField("période du")
    periode_fin = models.DateField("période au")
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistré le", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "versement PCH"
        verbose_name_plural = "versements PCH"
        ordering = ["decision", "-verse_le", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gte=0) & (Q(heures__isnull=True) | Q(heures__gte=0)),
                name="versement_pch_positif",
                violation_error_message="Un versement ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                condition=Q(periode_fin__gte=models.F("periode_debut")),
                name="versement_pch_periode_ordonnee",
                violation_error_message="La fin de la période payée précède son début.",
            ),
        ]
        indexes = [models.Index(fields=["decision", "verse_le"], name="versement_pch_decision_idx")]

    def __str__(self) -> str:
        return f"Versement du {self.verse_le:%d/%m/%Y}"
