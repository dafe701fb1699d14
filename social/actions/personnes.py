"""Writes on people, households, assignments and attachments."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from social.actions.journal import ContexteAcces, journal_enregistrer
from social.enums import LienFoyer, OperationJournal, PerimetreAffectation, RoleAgent
from social.models import (
    Affectation,
    Commune,
    Foyer,
    MembreFoyer,
    Organisation,
    Personne,
    Rattachement,
    Site,
    Utilisateur,
)
from social.perimetre import oublier_perimetre

CHAMPS_MODIFIABLES = frozenset(
    {
        "nom",
        "nom_naissance",
        "prenoms",
        "date_naissance",
        "sexe",
        "telephone",
        "courriel",
        "adresse",
        "commune",
        "organisme_payeur",
        "numero_allocataire",
        "nir",
        "consentement_partage",
        "consentement_sms",
        "consentement_date",
    }
)


def _verifier_champs(champs: dict[str, Any]) -> None:
    inconnus = set(champs) - CHAMPS_MODIFIABLES
    if inconnus:
        raise ValueError(f"Champs non modifiables : {sorted(inconnus)}")


@transaction.atomic
def personne_creer(
    *,
    acting_user: Utilisateur,
    acces: ContexteAcces,
    nom: str,
    prenoms: str,
    date_naissance: datetime.date,
    commune: Commune,
    **autres: Any,
) -> Personne:
    """Create a person's file, attach it to the creating agent's site when her address is elsewhere,
    and journal the creation. Raises ``ValidationError`` (French messages) on bad input."""
    _verifier_champs(autres)
    personne = Personne(
        nom=nom.strip(),
        prenoms=prenoms.strip(),
        date_naissance=date_naissance,
        commune=commune,
        created_by=acting_user,
        **autres,
    )
    personne.full_clean(exclude=["recherche"])
    personne.save()
    site = _site_principal(acting_user)
    if site is not None and not site.communes_desservies.filter(pk=commune.pk).exists():
        Rattachement.objects.create(personne=personne, site=site, motif="Fiche créée par le site")
        oublier_perimetre(acting_user)
    journal_enregistrer(
        acces=acces,
        operation=OperationJournal.CREATION,
        objet_type="personne",
        objet_ids=[personne.public_id],
    )
    return personne


@transaction.atomic
def personne_modifier(
    *, personne: Personne, acting_user: Utilisateur, acces: ContexteAcces, champs: dict[str, Any]
) -> Personne:
    """Update the named fields of a person's file (history records who changed what)."""
    _verifier_champs(champs)
    personne = Personne.objects.select_for_update(of=("self",)).get(pk=personne.pk)
    modifies = [nom for nom, valeur in champs.items() if getattr(personne, nom) != valeur]
    if not modifies:
        return personne
    for nom in modifies:
        setattr(personne, nom, champs[nom])
    personne.full_clean(exclude=["recherche"])
    personne._change_reason = "Modification de la fiche"  # type: ignore[attr-defined]  # read by simple-history
    personne.save(update_fields=[*modifies, "updated_at"])
    personne.refresh_from_db(fields=["recherche"])
    journal_enregistrer(
        acces=acces,
        operation=OperationJournal.MODIFICATION,
        objet_type="personne",
        objet_ids=[personne.public_id],
    )
    return personne


def _site_principal(user: Utilisateur) -> Site | None:
    affectation = (
        Affectation.objects.actives()
        .filter(utilisateur=user)
        .select_related("site")
        .order_by("date_debut")
        .first()
    )
    return affectation.site if affectation else None


@transaction.atomic
def foyer_creer(*, reference: Personne, acting_user: Utilisateur) -> Foyer:
    """Create a household whose reference person is ``reference``."""
    if MembreFoyer.objects.filter(personne=reference, date_fin__isnull=True).exists():
        raise ValidationError("Cette personne appartient déjà à un foyer.", code="deja_dans_un_foyer")
    foyer = Foyer.objects.create()
    MembreFoyer.objects.create(foyer=foyer, personne=reference, lien=LienFoyer.REFERENCE)
    return foyer


@transaction.atomic
def foyer_ajouter_membre(
    *,
    foyer: Foyer,
    personne: Personne,
    lien: LienFoyer,
    acting_user: Utilisateur,
    depuis: datetime.date | None = None,
) -> MembreFoyer:
    """Add a member to a household. A person belongs to one household at a time."""
    if lien == LienFoyer.REFERENCE and foyer.membres.actives().filter(lien=LienFoyer.REFERENCE).exists():
        raise ValidationError("Ce foyer a déjà une personne de référence.", code="reference_existante")
    if MembreFoyer.objects.filter(personne=personne, date_fin__isnull=True).exists():
        raise ValidationError("Cette personne appartient déjà à un foyer.", code="deja_dans_un_foyer")
    return MembreFoyer.objects.create(
        foyer=foyer, personne=personne, lien=lien, date_debut=depuis or timezone.localdate()
    )


@transaction.atomic
def rattachement_creer(
    *,
    personne: Personne,
    acting_user: Utilisateur | None,
    site: Site | None = None,
    organisation: Organisation | None = None,
    motif: str = "",
    depuis: datetime.date | None = None,
) -> Rattachement:
    """Attach a person's file to a site or to a designated partner organisation."""
    rattachement = Rattachement(
        personne=personne,
        site=site,
        organisation=organisation,
        motif=motif,
        date_debut=depuis or timezone.localdate(),
    )
    rattachement.full_clean()
    rattachement.save()
    return rattachement


@transaction.atomic
def rattachement_terminer(
    *, rattachement: Rattachement, acting_user: Utilisateur | None, le: datetime.date | None = None
) -> Rattachement:
    """End an attachment (links are ended, never deleted)."""
    rattachement.date_fin = le or timezone.localdate()
    rattachement.full_clean()
    rattachement.save(update_fields=["date_fin"])
    return rattachement


@transaction.atomic
def affectation_creer(
    *,
    utilisateur: Utilisateur,
    site: Site,
    role: RoleAgent,
    perimetre: PerimetreAffectation = PerimetreAffectation.SITE,
    depuis: datetime.date | None = None,
) -> Affectation:
    """Assign an agent to a site with a role."""
    affectation = Affectation(
        utilisateur=utilisateur,
        site=site,
        role=role,
        perimetre=perimetre,
        date_debut=depuis or timezone.localdate(),
    )
    affectation.full_clean()
    affectation.save()
    oublier_perimetre(utilisateur)
    return affectation
