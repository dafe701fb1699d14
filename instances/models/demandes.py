"""An aid file (``DemandeAide``) within a person's pathway, its budget lines and its transition log."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from instances.enums import (
    CategorieBudget,
    EtatDemande,
    EtatSeance,
    FormeAide,
    RoleMembre,
    SensBudget,
    SourceBudget,
)
from parcours.models.parcours import JournalAjoutSeulMixin
from social.models import Utilisateur

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

# Sessions whose agenda members may read: convoked, not cancelled (the window then ends N days after
# validation, ``Seance.visible_jusqu_au``).
ETATS_SEANCE_CONSULTABLES = (
    EtatSeance.CONVOQUEE,
    EtatSeance.OUVERTE,
    EtatSeance.CLOTUREE,
    EtatSeance.VALIDEE,
    EtatSeance.NOTIFIEE,
    EtatSeance.REPORTEE,
)
ROLES_GESTION = (RoleMembre.SECRETARIAT, RoleMembre.PRESIDENT)


def points_consultables(user_id: int, organe_ids: list[int], jour: datetime.date) -> models.QuerySet:
    """Agenda items a member of ``organe_ids`` may read on ``jour``: on a convoked session of her
    instances, within the window, and not a file she declared a conflict of interest on (COM-3)."""
    from instances.models.seances import ConflitInteret, PointOrdreJour

    return (
        PointOrdreJour.objects.filter(
            seance__organe_id__in=organe_ids,
            seance__etat__in=ETATS_SEANCE_CONSULTABLES,
        )
        .filter(Q(seance__visible_jusqu_au__isnull=True) | Q(seance__visible_jusqu_au__gte=jour))
        .exclude(
            Exists(ConflitInteret.objects.filter(point_id=OuterRef("pk"), mandat__utilisateur_id=user_id))
        )
    )


def reference_demande(public_id: uuid.UUID) -> str:
    """The short reference of an aid file (no name), from its public id."""
    return f"D-{str(public_id)[:8].upper()}"


class DemandeAideQuerySet(models.QuerySet["DemandeAide"]):
    def visible_by(self, user: Utilisateur | AnonymousUser) -> DemandeAideQuerySet:
        """The aid files ``user`` may see (DESIGN.md persona table, rules DP-2, DP-7, COM-3):

        - the département's staff who follow pathways (social workers, évaluateurs, encadrants) of the
          responsible site or territory, the référent and the pathway's team members;
        - the secretariat and the chair of an instance: the submitted files of the aid types it decides,
          for pathways of its territory (to build the agenda);
        - the other council members: the files on the agenda of their instances' sessions, from the
          convocation until N days after validation (``Instance.jours_visibilite``), except a file on
          which they declared a conflict of interest;
        - designated partners: none here. The budget, the motivation, the amounts, the decision's reasons
          and votes are the instructing service's and the committee's (rule DP-2): the detail pages and
          endpoints fetch through this method, so they answer 404 to a partner. A designated partner
          reads only the partner-facing summary of the submitted files, through ``resume_visible_by``.
        """
        from instances.models.referentiel import Instance, Mandat
        from parcours.models import MembreEquipe
        from parcours.permissions import sites_de_suivi
        from social.perimetre import perimetre_de

        if not user.is_authenticated or not user.is_active:
            return self.none()
        conditions: list[Q] = []
        if perimetre_de(user).est_agent:
            conditions += [
                Q(parcours__site_id__in=sites_de_suivi(user)),
                Q(parcours__referent_id=user.pk),
                Q(
                    Exists(
                        MembreEquipe.objects.actives().filter(
                            parcours_id=OuterRef("parcours_id"), utilisateur_id=user.pk
                        )
                    )
                ),
            ]
        mandats = list(
            Mandat.objects.actives().filter(utilisateur_id=user.pk).values_list("organe_id", "role")
        )
        if mandats:
            jour = timezone.localdate()
            organes = sorted({organe for organe, _ in mandats})
            conditions.append(
                Q(Exists(points_consultables(user.pk, organes, jour).filter(demande_id=OuterRef("pk"))))
            )
            gestion = sorted({organe for organe, role in mandats if role in ROLES_GESTION})
            for instance in Instance.objects.filter(pk__in=gestion).prefetch_related("types_aide"):
                perimetre = Q(type_aide__in=list(instance.types_aide.all())) & ~Q(etat=EtatDemande.BROUILLON)
                if instance.territoire_id is not None:
                    perimetre &= Q(parcours__site__territoire_id=instance.territoire_id)
                conditions.append(perimetre)
        if not conditions:
            return self.none()
        condition = conditions[0]
        for autre in conditions[1:]:
            condition |= autre
        return self.filter(condition)

    def resume_visible_by(self, user: Utilisateur | AnonymousUser) -> DemandeAideQuerySet:
        """The aid files whose partner-facing summary ``user`` may read as a partner (DESIGN.md persona
        table: « partner-facing fields only »): the submitted files (never a draft) of the pathways on
        which one of her organisations holds a designation in force today (dates included).

        Continuity of the accompaniment: a CCAS co-accompanying the person knows that a FAJ request is
        pending, granted or refused. The summary is the aid type, the state, the submission day, the
        outcome of the decision, its day and the notification day (``instances.selectors
        .resumes_demandes_du_parcours``); never the budget, the reste à vivre, the motivation, the amounts,
        the decision's reasons, votes, documents or letters. Département staff read the files in full
        through ``visible_by``.
        """
        from parcours.models import DesignationPartenaire
        from social.perimetre import perimetre_de

        if not user.is_authenticated or not user.is_active:
            return self.none()
        organisations = perimetre_de(user).organisation_ids
        if not organisations:
            return self.none()
        return self.filter(deposee_le__isnull=False).filter(
            Exists(
                DesignationPartenaire.objects.actives().filter(
                    parcours_id=OuterRef("parcours_id"), organisation_id__in=sorted(organisations)
                )
            )
        )


class DemandeAide(models.Model):
    """A request for an individual aid instructed within a person's pathway, examined by the competent
    committee (or decided by delegation when urgent) and notified."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # PROTECT: an aid file is kept with its pathway (retention purges them together).
    parcours = models.ForeignKey(
        "parcours.Parcours", on_delete=models.PROTECT, related_name="demandes_aide", verbose_name="parcours"
    )
    type_aide = models.ForeignKey(
        "instances.TypeAide", on_delete=models.PROTECT, related_name="demandes", verbose_name="type d'aide"
    )
    etat = models.CharField("état", max_length=20, choices=EtatDemande.choices, default=EtatDemande.BROUILLON)
    urgence = models.BooleanField(
        "procédure d'urgence",
        default=False,
        help_text="Décidée hors séance par un délégataire, puis rapportée à la séance suivante.",
    )
    montant_demande = models.DecimalField("montant demandé", max_digits=10, decimal_places=2)
    forme = models.CharField("forme demandée", max_length=20, choices=FormeAide.choices)
    tiers = models.CharField(
        "tiers payé", max_length=200, blank=True, help_text="Bailleur, fournisseur d'énergie…"
    )
    objet = models.CharField("objet de la demande", max_length=200)
    motivation = models.TextField("motivation", help_text="Situation, besoin, démarches déjà faites.")
    rapporteur = models.ForeignKey(
        Utilisateur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rapporteur",
    )
    # Household composition and the budget's results, recomputed by the action at each change.
    personnes_14_ans_et_plus = models.PositiveSmallIntegerField("personnes de 14 ans ou plus", default=1)
    enfants_moins_14_ans = models.PositiveSmallIntegerField("enfants de moins de 14 ans", default=0)
    ressources = models.DecimalField("ressources retenues", max_digits=10, decimal_places=2, default=0)
    ressources_ignorees = models.DecimalField(
        "ressources non retenues (obligés alimentaires)", max_digits=10, decimal_places=2, default=0
    )
    charges = models.DecimalField("charges", max_digits=10, decimal_places=2, default=0)
    unites_consommation = models.DecimalField(
        "unités de consommation", max_digits=5, decimal_places=2, default=1
    )
    reste_a_vivre_par_uc = models.DecimalField(
        "reste à vivre par unité de consommation", max_digits=10, decimal_places=2, default=0
    )
    deposee_le = models.DateField("déposée le", null=True, blank=True)
    created_by = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DemandeAideQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "demande d'aide"
        verbose_name_plural = "demandes d'aide"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_demande__gt=0),
                name="demande_montant_positif",
                violation_error_message="Le montant demandé doit être positif.",
            ),
            models.CheckConstraint(
                condition=~Q(forme=FormeAide.PAIEMENT_TIERS) | ~Q(tiers=""),
                name="demande_tiers_si_paiement_tiers",
                violation_error_message="Un paiement à un tiers nomme le tiers payé.",
            ),
            models.CheckConstraint(
                condition=Q(deposee_le__isnull=False)
                | Q(etat__in=[EtatDemande.BROUILLON, EtatDemande.RETIREE]),
                name="demande_deposee_datee",
                violation_error_message="Une demande déposée porte sa date de dépôt.",
            ),
        ]
        indexes = [models.Index(fields=["parcours", "created_at"], name="demande_parcours_idx")]

    def __str__(self) -> str:
        return f"{self.type_aide} – {self.montant_demande} €"

    @property
    def reference(self) -> str:
        """A short reference for agendas and e-mails (no name)."""
        return reference_demande(self.public_id)


class LigneBudget(models.Model):
    """One monthly line of the household budget of an aid file."""

    demande = models.ForeignKey(DemandeAide, on_delete=models.CASCADE, related_name="lignes_budget")
    sens = models.CharField("sens", max_length=20, choices=SensBudget.choices)
    categorie = models.CharField("catégorie", max_length=40, choices=CategorieBudget.choices)
    source = models.CharField(
        "de qui", max_length=40, choices=SourceBudget.choices, default=SourceBudget.FOYER
    )
    montant = models.DecimalField("montant mensuel", max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = "ligne de budget"
        verbose_name_plural = "lignes de budget"
        ordering = ["demande", "sens", "categorie", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["demande", "categorie", "source"], name="une_ligne_par_categorie_et_source"
            ),
            models.CheckConstraint(condition=Q(montant__gte=0), name="ligne_budget_montant_positif"),
        ]

    def __str__(self) -> str:
        return f"{self.get_categorie_display()} : {self.montant} €"


class TransitionDemande(JournalAjoutSeulMixin):
    """Who moved an aid file from which state to which, when and why."""

    demande = models.ForeignKey(DemandeAide, on_delete=models.CASCADE, related_name="transitions")
    depuis = models.CharField("depuis", max_length=20, blank=True)
    vers = models.CharField("vers", max_length=20)
    motif = models.TextField("motif", blank=True)
    acting_user = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistré le", default=timezone.now)

    class Meta:
        verbose_name = "transition de demande d'aide"
        verbose_name_plural = "transitions de demandes d'aide"
        ordering = ["demande", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.demande_id}: {self.depuis or '∅'} → {self.vers}"

    @property
    def libelle_vers(self) -> str:
        return EtatDemande(self.vers).label
