"""Referrals to a partner service of the guide (« orientation vers un service partenaire »).

Not to be confused with the RSA orientation decision (``OrientationRsa``, rule RSA-2): here a social
worker refers the person, with her consent, to a ``guide_ressources.Service``, and shares only what she
chooses (a short message, and the contact details she ticks). The partner answers from its inbox or
through a signed link; the referral goes OUVERTE → VALIDEE / REFUSEE (written reason) / EXPIREE (no
answer within the delay, a dated parameter), and every move is a ``TransitionOrientationPartenaire``.

The shared details are copied onto the referral when it is created: the partner reads this row, never
the person's file. Documents travel as attachments (``PieceJointeOrientation``): chosen by the worker
among the pathway's documents (never a confidential or health one) or filed for the referral; the
partner downloads them while the referral is open, and its closure cuts every link (a document filed for
the referral only is deleted with its file). After the retention delay, closed referrals are
anonymised (message, shared details and reasons erased, link to the pathway cut).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone

from parcours.models.parcours import JournalAjoutSeulMixin, Parcours
from social.models import Utilisateur

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class StatutOrientationPartenaire(models.TextChoices):
    OUVERTE = "ouverte", "En attente de réponse"
    VALIDEE = "validee", "Acceptée par le partenaire"
    REFUSEE = "refusee", "Refusée par le partenaire"
    EXPIREE = "expiree", "Expirée sans réponse"


class ModeConsentement(models.TextChoices):
    """How the person's consent to share her details with the partner was obtained (RGPD art. 6 and 7:
    the worker records it, the person may withdraw it)."""

    ORAL_ENTRETIEN = "oral_entretien", "Oral, lors d'un entretien"
    TELEPHONE = "telephone", "Oral, par téléphone"
    ECRIT = "ecrit", "Écrit et signé"
    COURRIEL = "courriel", "Par courriel ou message"


class CanalReponse(models.TextChoices):
    COMPTE = "compte", "Boîte de réception du partenaire"
    LIEN = "lien", "Lien signé reçu par courriel"
    AUTOMATIQUE = "automatique", "Expiration automatique"


# The state machine (STYLE 5): source → allowed targets; a refusal needs a written reason (rule G-2).
TRANSITIONS_ORIENTATION: dict[str, frozenset[str]] = {
    StatutOrientationPartenaire.OUVERTE: frozenset(
        {
            StatutOrientationPartenaire.VALIDEE,
            StatutOrientationPartenaire.REFUSEE,
            StatutOrientationPartenaire.EXPIREE,
        }
    ),
}
MOTIF_REQUIS = frozenset({StatutOrientationPartenaire.REFUSEE})
STATUTS_CLOS = frozenset(
    {
        StatutOrientationPartenaire.VALIDEE,
        StatutOrientationPartenaire.REFUSEE,
        StatutOrientationPartenaire.EXPIREE,
    }
)


class OrientationPartenaireQuerySet(models.QuerySet["OrientationPartenaire"]):
    def ouvertes(self) -> OrientationPartenaireQuerySet:
        return self.filter(statut=StatutOrientationPartenaire.OUVERTE)

    def closes(self) -> OrientationPartenaireQuerySet:
        return self.filter(statut__in=STATUTS_CLOS)

    def non_anonymisees(self) -> OrientationPartenaireQuerySet:
        return self.filter(anonymisee_le__isnull=True)

    def visible_by(self, user: Utilisateur | AnonymousUser) -> OrientationPartenaireQuerySet:
        """The referrals ``user`` may see (DESIGN.md persona table):

        - département agents: those of the pathways they see (``Parcours.objects.visible_by``);
        - partners: those addressed to their organisations, and only those (a partner designated on the
          pathway does not see the referrals to other organisations).
        Council members and functional administrators see none; anonymised referrals are nobody's.
        """
        from social.perimetre import perimetre_de

        if not user.is_authenticated or not user.is_active:
            return self.none()
        perimetre = perimetre_de(user)
        conditions: list[Q] = []
        if perimetre.est_agent:
            conditions.append(Q(parcours_id__in=Parcours.objects.visible_by(user).values("pk")))
        if perimetre.organisation_ids:
            conditions.append(Q(organisation_id__in=perimetre.organisation_ids))
        if not conditions:
            return self.none()
        condition = conditions[0]
        for autre in conditions[1:]:
            condition |= autre
        return self.non_anonymisees().filter(condition)


class OrientationPartenaire(models.Model):
    """A referral of a person, from her pathway, to a partner service of the guide."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # CASCADE: the referral belongs to its pathway (retention purges pathways). Null once anonymised:
    # the link to the person is cut.
    parcours = models.ForeignKey(
        Parcours,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="orientations_partenaires",
        verbose_name="parcours",
    )
    # PROTECT: guide services are withdrawn, not deleted; a referral keeps pointing at its service.
    service = models.ForeignKey(
        "guide_ressources.Service",
        on_delete=models.PROTECT,
        related_name="orientations_partenaires",
        verbose_name="service",
    )
    # The organisation of the service's structure when the referral was made: whose inbox receives it.
    # Null for a structure of another producer matching no organisation (answer by the signed link).
    # PROTECT: organisations are reference data.
    organisation = models.ForeignKey(
        "social.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orientations_recues",
        verbose_name="organisation destinataire",
    )
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutOrientationPartenaire.choices,
        default=StatutOrientationPartenaire.OUVERTE,
    )
    # What is shared with the partner: nothing else of the file (need-to-know, rule DP-2).
    message = models.TextField("message au partenaire")
    nom_partage = models.CharField("nom et prénom partagés", max_length=250, blank=True)
    telephone_partage = models.CharField("téléphone partagé", max_length=50, blank=True)
    courriel_partage = models.EmailField("courriel partagé", blank=True)
    # The person's consent (recorded before anything is shared).
    consentement_le = models.DateField("consentement recueilli le", null=True, blank=True)
    consentement_mode = models.CharField(
        "consentement recueilli", max_length=20, choices=ModeConsentement.choices, blank=True
    )
    date_limite = models.DateField(
        "réponse attendue avant le",
        help_text="Au-delà, l'orientation expire (paramètre « orientation_partenaire.delai_reponse »).",
    )
    lien_envoye_a = models.EmailField("lien de réponse envoyé à", blank=True)
    reponse_motif = models.TextField("motif de la réponse", blank=True)
    repondue_le = models.DateTimeField("close le", null=True, blank=True)
    # SET_NULL: the answer outlives the account. Null also for an answer through the signed link.
    repondue_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    canal_reponse = models.CharField(
        "canal de la réponse", max_length=20, choices=CanalReponse.choices, blank=True
    )
    # SET_NULL: the referral outlives the account of the worker who made it.
    orientee_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    anonymisee_le = models.DateTimeField("anonymisée le", null=True, blank=True)
    created_at = models.DateTimeField("orientée le", default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrientationPartenaireQuerySet.as_manager()

    class Meta:
        verbose_name = "orientation vers un service partenaire"
        verbose_name_plural = "orientations vers des services partenaires"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(statut=StatutOrientationPartenaire.REFUSEE)
                | ~Q(reponse_motif="")
                | Q(anonymisee_le__isnull=False),
                name="orientation_partenaire_refus_motive",
                violation_error_message="Un refus doit être motivé.",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutOrientationPartenaire.OUVERTE, repondue_le__isnull=True)
                | Q(~Q(statut=StatutOrientationPartenaire.OUVERTE), repondue_le__isnull=False),
                name="orientation_partenaire_close_datee",
                violation_error_message="Une orientation close porte sa date de clôture.",
            ),
            models.CheckConstraint(
                condition=Q(anonymisee_le__isnull=False)
                | Q(consentement_le__isnull=False, parcours__isnull=False) & ~Q(consentement_mode=""),
                name="orientation_partenaire_consentement",
                violation_error_message="Le consentement de la personne doit être enregistré.",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "statut", "created_at"], name="orientation_p_boite_idx"),
            models.Index(fields=["parcours", "created_at"], name="orientation_p_parcours_idx"),
            models.Index(fields=["statut", "date_limite"], name="orientation_p_expiration_idx"),
            models.Index(fields=["statut", "repondue_le"], name="orientation_p_retention_idx"),
        ]

    def __str__(self) -> str:
        return f"Orientation {self.public_id} ({self.get_statut_display()})"

    @property
    def est_ouverte(self) -> bool:
        return self.statut == StatutOrientationPartenaire.OUVERTE

    @property
    def est_anonymisee(self) -> bool:
        return self.anonymisee_le is not None


class PieceJointeQuerySet(models.QuerySet["PieceJointeOrientation"]):
    def actives(self) -> PieceJointeQuerySet:
        """Shared now: the link not cut (the referral open) and the document not deleted."""
        return self.filter(retiree_le__isnull=True, document__supprime_le__isnull=True)


class PieceJointeOrientation(models.Model):
    """A document of the pathway shared with the partner of a referral (need-to-know, rule DP-2: the
    worker picks each one). The link is cut when the referral closes (``retiree_le``); a document filed
    for the referral only (``deposee_pour_orientation``) is then deleted, its file erased."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    orientation = models.ForeignKey(
        OrientationPartenaire, on_delete=models.CASCADE, related_name="pieces_jointes"
    )
    # PROTECT: documents are deleted logically (row kept, file erased), never removed under a referral.
    document = models.ForeignKey("parcours.Document", on_delete=models.PROTECT, related_name="+")
    deposee_pour_orientation = models.BooleanField(
        "déposée pour l'orientation",
        default=False,
        help_text="Déposée au moment d'orienter : supprimée quand l'orientation est close.",
    )
    ajoutee_le = models.DateTimeField("jointe le", default=timezone.now)
    retiree_le = models.DateTimeField("retirée le", null=True, blank=True)

    objects = PieceJointeQuerySet.as_manager()

    class Meta:
        verbose_name = "pièce jointe d'une orientation"
        verbose_name_plural = "pièces jointes des orientations"
        ordering = ["orientation", "ajoutee_le", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["orientation", "document"], name="piece_jointe_orientation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.orientation_id}: document {self.document_id}"


class TransitionOrientationPartenaire(JournalAjoutSeulMixin):
    """Who moved a referral from which state to which, when, through which channel and why. The
    creation is a row from ""."""

    orientation = models.ForeignKey(
        OrientationPartenaire, on_delete=models.CASCADE, related_name="transitions"
    )
    depuis = models.CharField("depuis", max_length=20, blank=True)
    vers = models.CharField("vers", max_length=20, choices=StatutOrientationPartenaire.choices)
    motif = models.TextField("motif", blank=True)
    canal = models.CharField("canal", max_length=20, choices=CanalReponse.choices, blank=True)
    # SET_NULL: the log outlives accounts. Null: the signed link (no account) or the expiry task.
    acting_user = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="par"
    )
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    class Meta:
        verbose_name = "transition d'orientation vers un partenaire"
        verbose_name_plural = "transitions d'orientations vers des partenaires"
        ordering = ["orientation", "created_at", "id"]
        indexes = [models.Index(fields=["orientation", "created_at"], name="transition_orient_p_idx")]

    def __str__(self) -> str:
        return f"{self.orientation_id}: {self.depuis or '∅'} → {self.vers}"
