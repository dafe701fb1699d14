"""A person's pathway in one dispositif, and its two append-only logs (transitions, référent changes)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from parcours import workflows
from parcours.enums import Dispositif
from social.models import Utilisateur

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class ParcoursQuerySet(models.QuerySet["Parcours"]):
    def ouverts(self) -> ParcoursQuerySet:
        return self.filter(date_cloture__isnull=True)

    def visible_by(self, user: Utilisateur | AnonymousUser) -> ParcoursQuerySet:
        """The pathways ``user`` may see (DESIGN.md persona table, rule DP-2).

        - département agents: pathways whose responsible site is in their perimeter (their sites, or
          every site of the territory for territory-wide assignments), and those where they are the
          référent or an active team member (a member from another site);
        - partners: pathways on which their organisation has an active designation.
        Council members and functional administrators see none through this path. What each of them may
        read on a visible pathway (notes, health data) and do is ``parcours.permissions``.
        """
        from parcours.models.liens import DesignationPartenaire, MembreEquipe
        from social.perimetre import perimetre_de

        if not user.is_authenticated or not user.is_active:
            return self.none()
        perimetre = perimetre_de(user)
        conditions: list[Q] = []
        if perimetre.est_agent:
            conditions += [
                Q(site_id__in=perimetre.site_ids),
                Q(referent_id=user.pk),
                Q(
                    Exists(
                        MembreEquipe.objects.actives().filter(
                            parcours_id=OuterRef("pk"), utilisateur_id=user.pk
                        )
                    )
                ),
            ]
        if perimetre.organisation_ids:
            conditions.append(
                Q(
                    Exists(
                        DesignationPartenaire.objects.actives().filter(
                            parcours_id=OuterRef("pk"), organisation_id__in=perimetre.organisation_ids
                        )
                    )
                )
            )
        if not conditions:
            return self.none()
        condition = conditions[0]
        for autre in conditions[1:]:
            condition |= autre
        return self.filter(condition)


class Parcours(models.Model):
    """A person's pathway in one dispositif: its state (``parcours.workflows``), its référent unique, its
    responsible site. One open pathway per person and dispositif."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT: a person's file is not deleted while pathways reference it (retention purges pathways first).
    personne = models.ForeignKey(
        "social.Personne", on_delete=models.PROTECT, related_name="parcours", verbose_name="personne"
    )
    dispositif = models.CharField("dispositif", max_length=20, choices=Dispositif.choices)
    # Valid values depend on the dispositif: the workflow table (checked by ``clean``).
    etat = models.CharField("état", max_length=40)
    # PROTECT: a site with pathways is closed by transferring them, not deleted.
    site = models.ForeignKey(
        "social.Site", on_delete=models.PROTECT, related_name="parcours", verbose_name="site responsable"
    )
    # SET_NULL: an account deleted under a pathway leaves it without référent, which raises the alert.
    referent = models.ForeignKey(
        Utilisateur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parcours_referent",
        verbose_name="référent unique",
    )
    date_reception = models.DateField(
        "reçu le",
        default=timezone.localdate,
        help_text="Réception de la demande, ou de l'information d'ouverture ou de transfert du droit "
        "(point de départ des délais).",
    )
    date_ouverture = models.DateField("ouvert le", default=timezone.localdate)
    date_cloture = models.DateField("clos le", null=True, blank=True)
    motif_cloture = models.TextField("motif de clôture", blank=True)
    suite_prevue = models.TextField(
        "suite prévue", blank=True, help_text="Relais, orientation ou démarche prévue après la sortie."
    )
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParcoursQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "parcours"
        verbose_name_plural = "parcours"
        ordering = ["-date_ouverture", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["personne", "dispositif"],
                condition=Q(date_cloture__isnull=True),
                name="un_parcours_ouvert_par_dispositif",
                violation_error_message="Cette personne a déjà un parcours ouvert dans ce dispositif.",
            ),
            models.CheckConstraint(
                condition=Q(date_cloture__isnull=True) | Q(date_cloture__gte=models.F("date_ouverture")),
                name="parcours_dates_ordonnees",
                violation_error_message="La date de clôture doit suivre la date d'ouverture.",
            ),
        ]
        indexes = [
            models.Index(fields=["referent", "date_cloture"], name="parcours_referent_idx"),
            models.Index(fields=["site", "date_cloture"], name="parcours_site_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_dispositif_display()} – {self.libelle_etat}"

    def clean(self) -> None:
        super().clean()
        if self.dispositif in workflows.WORKFLOWS and self.etat not in workflows.etats_valides(
            self.dispositif
        ):
            raise ValidationError(
                {"etat": ValidationError("État inconnu pour ce dispositif.", code="etat_inconnu")}
            )

    @property
    def est_clos(self) -> bool:
        return self.date_cloture is not None

    @property
    def libelle_etat(self) -> str:
        return workflows.libelle_etat(self.dispositif, self.etat)


class JournalAjoutSeulMixin(models.Model):
    """Log rows are written once and never updated (the log is the audit trail, STYLE 11)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError(f"{type(self).__name__} est un journal : une ligne ne se modifie pas.")
        super().save(*args, **kwargs)


class TransitionParcours(JournalAjoutSeulMixin):
    """Who moved a pathway from which state to which, when and why. The opening is a row from ""."""

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="transitions")
    depuis = models.CharField("depuis", max_length=40, blank=True)
    vers = models.CharField("vers", max_length=40)
    motif = models.TextField("motif", blank=True)
    date_effet = models.DateField("date d'effet", default=timezone.localdate)
    # SET_NULL: the log outlives accounts.
    acting_user = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    # Recorded by the system itself (a nightly pass applying the law: the APA silence, APA-4), not by a
    # person: no acting user, and the timeline says so (an empty acting user alone is a deleted account).
    automatique = models.BooleanField("enregistrée automatiquement", default=False, db_default=False)
    created_at = models.DateTimeField("enregistré le", default=timezone.now)

    class Meta:
        verbose_name = "transition de parcours"
        verbose_name_plural = "transitions de parcours"
        ordering = ["parcours", "created_at", "id"]
        indexes = [models.Index(fields=["parcours", "created_at"], name="transition_parcours_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(automatique=False) | models.Q(acting_user__isnull=True),
                name="transition_automatique_sans_auteur",
            )
        ]

    def __str__(self) -> str:
        return f"{self.parcours_id}: {self.depuis or '∅'} → {self.vers}"

    @property
    def libelle_depuis(self) -> str:
        return workflows.libelle_etat(self.parcours.dispositif, self.depuis) if self.depuis else ""

    @property
    def libelle_vers(self) -> str:
        return workflows.libelle_etat(self.parcours.dispositif, self.vers)


class ChangementReferent(JournalAjoutSeulMixin):
    """Who replaced which référent by whom, when and why (one référent unique at a time, RSA-2)."""

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="changements_referent")
    ancien = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nouveau = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    motif = models.TextField("motif", blank=True)
    acting_user = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistré le", default=timezone.now)

    class Meta:
        verbose_name = "changement de référent"
        verbose_name_plural = "changements de référent"
        ordering = ["parcours", "created_at", "id"]
        indexes = [models.Index(fields=["parcours", "created_at"], name="changement_referent_idx")]

    def __str__(self) -> str:
        return f"{self.parcours_id}: {self.ancien_id} → {self.nouveau_id}"
