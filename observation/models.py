"""The precomputed indicators, and the log of the runs that computed them (its last row is the
watermark of the incremental refresh)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from observation.enums import CodeIndicateur

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from social.models import Utilisateur


class IndicateurQuerySet(models.QuerySet["Indicateur"]):
    def visible_by(self, user: Utilisateur | AnonymousUser) -> IndicateurQuerySet:
        """The rows ``user`` may read (``observation.permissions.perimetre_observation``): every row for
        the direction; the rows of her territories (territory level and their sites) or of her sites for
        an encadrant; for a partner member, the referral figures of her organisations and nothing else;
        none otherwise. The département's rows (and every organisation's) are the direction's only."""
        from observation.permissions import perimetre_observation

        perimetre = perimetre_observation(user)
        if perimetre.departement:
            return self.all()
        if perimetre.vide:
            return self.none()
        condition = Q(pk__in=[])
        if perimetre.site_ids or perimetre.territoire_ids:
            condition |= Q(organisation__isnull=True) & (
                Q(site_id__in=perimetre.site_ids)
                | Q(site__isnull=True, territoire_id__in=perimetre.territoire_ids)
            )
        if perimetre.organisation_ids:
            from observation.catalogue import CODES_PAR_ORGANISATION

            condition |= Q(organisation_id__in=perimetre.organisation_ids, code__in=CODES_PAR_ORGANISATION)
        return self.filter(condition)


class Indicateur(models.Model):
    """One figure of one indicator for one month, at one level: the département (no territory, no
    site), a territory (no site) or a site; for one dispositif or all of them (``dispositif`` blank).
    The referral figures also exist per partner organisation (``organisation``, département-wide) and
    per thématique (``categorie``; blank: all).

    Written only by ``observation.actions.indicateurs_calculer`` (delete + insert per month range, in
    one transaction); the pages and the API read nothing else."""

    code = models.CharField("indicateur", max_length=60, choices=CodeIndicateur.choices)
    mois = models.DateField("mois", help_text="Premier jour du mois.")
    # CASCADE: the figures of a territory or site go with it (they are recomputed anyway).
    territoire = models.ForeignKey(
        "social.Territoire", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    site = models.ForeignKey("social.Site", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    dispositif = models.CharField("dispositif", max_length=20, blank=True, help_text="Vide : tous.")
    # CASCADE: an organisation's figures go with it (they are recomputed anyway).
    organisation = models.ForeignKey(
        "social.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    categorie = models.CharField(
        "catégorie", max_length=150, blank=True, help_text="Thématique d'une orientation ; vide : toutes."
    )
    numerateur = models.DecimalField("numérateur", max_digits=16, decimal_places=2, null=True, blank=True)
    denominateur = models.BigIntegerField("dénominateur", null=True, blank=True)
    valeur = models.DecimalField("valeur", max_digits=16, decimal_places=2, null=True, blank=True)
    computed_at = models.DateTimeField("calculé le")

    objects = IndicateurQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateur"
        ordering = ["code", "mois"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "mois", "territoire", "site", "dispositif", "organisation", "categorie"],
                name="un_indicateur_par_mois_et_niveau",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(mois__day=1), name="indicateur_mois_premier_jour"),
        ]
        indexes = [
            models.Index(fields=["territoire", "site", "dispositif", "mois"], name="indicateur_niveau_idx"),
            models.Index(fields=["mois"], name="indicateur_mois_idx"),
            models.Index(
                fields=["organisation", "mois"],
                name="indicateur_organisation_idx",
                condition=Q(organisation__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.mois:%Y-%m} = {self.valeur}"


class CalculIndicateurs(models.Model):
    """One run of the computation: which months, how many rows, when it started (the next incremental
    run recomputes the months touched by the records changed since ``debut``)."""

    debut = models.DateTimeField("commencé le")
    fin = models.DateTimeField("terminé le")
    complet = models.BooleanField("recalcul complet", default=False)
    premier_mois = models.DateField("premier mois recalculé", null=True, blank=True)
    dernier_mois = models.DateField("dernier mois recalculé", null=True, blank=True)
    lignes = models.PositiveIntegerField("lignes écrites", default=0)

    class Meta:
        verbose_name = "calcul des indicateurs"
        verbose_name_plural = "calculs des indicateurs"
        ordering = ["-debut", "-id"]

    def __str__(self) -> str:
        return f"Calcul du {self.debut:%Y-%m-%d %H:%M}"
