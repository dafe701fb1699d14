"""Writes on structures and services maintained in Proche (source ``proche-cd62``).

Callers check the ``can_*`` rules first (views and API); the actions check the data: taxonomy values
known, zone codes of the département's referential, the schema's constraints (``full_clean``).
Every save records history (django-simple-history) with the acting user.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from guide_ressources.enums import StatutPublication
from guide_ressources.models import Service, Structure, TransitionPublication
from guide_ressources.models.fiches import CHAMPS_DERIVES, texte_structure
from guide_ressources.reglages import code_departement, source_locale
from guide_ressources.taxonomies import CHAMPS_TAXONOMIES, Taxonomies, taxonomies_lire
from social.models import Commune, Epci, Organisation, Territoire, Utilisateur
from social.perimetre import perimetre_de

CHAMPS_ADRESSE = frozenset(
    {"adresse", "complement_adresse", "code_postal", "commune", "latitude", "longitude", "horaires_accueil"}
)
CHAMPS_STRUCTURE = CHAMPS_ADRESSE | frozenset(
    {
        "nom",
        "description",
        "siret",
        "telephone",
        "courriel",
        "site_web",
        "accessibilite_lieu",
        "reseaux_porteurs",
    }
)
CHAMPS_SERVICE = CHAMPS_ADRESSE | frozenset(
    {
        "nom",
        "description",
        "type",
        "thematiques",
        "publics",
        "publics_precisions",
        "frais",
        "frais_precisions",
        "conditions_acces",
        "justificatifs",
        "contact_nom_prenom",
        "telephone",
        "courriel",
        "modes_accueil",
        "modes_mobilisation",
        "mobilisable_par",
        "mobilisation_precisions",
        "lien_mobilisation",
        "accessibilite",
        "nombre_semaines",
        "volume_horaire_hebdomadaire",
        "zone_codes",
        "zone_territoires",
    }
)
RAISON_CREATION = "Création de la fiche"
RAISON_MODIFICATION = "Modification de la fiche"
RAISON_CONFIRMATION = "Confirmation de la fiche"


def _verifier_champs(champs: dict[str, Any], permis: frozenset[str]) -> None:
    inconnus = set(champs) - permis
    if inconnus:
        raise ValueError(f"Champs non modifiables : {sorted(inconnus)}")


def _appliquer(fiche: Structure | Service, champs: dict[str, Any]) -> list[str]:
    """Set the fields that change; the commune also sets the v1 address codes. Returns their names."""
    modifies = []
    for nom, valeur in champs.items():
        if nom == "commune":
            commune: Commune | None = valeur
            codes = {
                "commune": commune,
                "code_insee": commune.code_insee if commune else "",
                "commune_nom": commune.nom if commune else "",
            }
            if commune and not champs.get("code_postal") and commune.codes_postaux:
                codes["code_postal"] = commune.codes_postaux[0]
            for cle, code in codes.items():
                if getattr(fiche, cle) != code:
                    setattr(fiche, cle, code)
                    modifies.append(cle)
            continue
        if isinstance(valeur, str):
            valeur = valeur.strip()
        if getattr(fiche, nom) != valeur:
            setattr(fiche, nom, valeur)
            modifies.append(nom)
    return modifies


def _verifier_taxonomies(fiche: Structure | Service, taxonomies: Taxonomies) -> None:
    erreurs: dict[str, list[ValidationError]] = {}
    for champ, taxonomie in CHAMPS_TAXONOMIES.items():
        if not hasattr(fiche, champ):
            continue
        valeur = getattr(fiche, champ)
        valeurs = valeur if isinstance(valeur, list) else ([valeur] if valeur else [])
        inconnues = taxonomies.inconnues(taxonomie, valeurs)
        if inconnues:
            erreurs[champ] = [
                ValidationError(
                    "Valeur inconnue : %(valeurs)s.",
                    code="terme_inconnu",
                    params={"valeurs": ", ".join(inconnues)},
                )
            ]
        if isinstance(valeur, list) and len(set(valeur)) != len(valeur):
            erreurs.setdefault(champ, []).append(ValidationError("Valeur en double.", code="terme_double"))
    if erreurs:
        raise ValidationError(erreurs)


def _verifier_zone(service: Service) -> None:
    """Zone codes of the département's referential: its communes, its EPCI, the département itself;
    territories of social action by their code. A service must have a zone (whom it serves)."""
    codes = set(service.zone_codes)
    departement = code_departement()
    connus = {departement} & codes
    connus |= set(Commune.objects.filter(code_insee__in=codes).values_list("code_insee", flat=True))
    connus |= set(Epci.objects.filter(siren__in=codes).values_list("siren", flat=True))
    erreurs = []
    if codes - connus:
        erreurs.append(
            ValidationError(
                "Codes inconnus du référentiel : %(codes)s.",
                code="zone_inconnue",
                params={"codes": ", ".join(sorted(codes - connus))},
            )
        )
    territoires = set(service.zone_territoires)
    inconnus = territoires - set(
        Territoire.objects.filter(code__in=territoires).values_list("code", flat=True)
    )
    if inconnus:
        erreurs.append(
            ValidationError(
                "Territoires inconnus : %(codes)s.",
                code="zone_inconnue",
                params={"codes": ", ".join(sorted(inconnus))},
            )
        )
    if not codes and not territoires:
        erreurs.append(
            ValidationError(
                "Indiquez la zone d'éligibilité : communes, EPCI, territoires ou tout le département.",
                code="zone_vide",
            )
        )
    if erreurs:
        raise ValidationError({"zone_codes": erreurs})


def _historiser(fiche: Structure | Service, raison: str, acting_user: Utilisateur) -> None:
    """What simple-history records with the next save: the reason, and the author even outside a
    session request (API token, task), where its middleware sees no user."""
    fiche._change_reason = raison  # type: ignore[union-attr]
    fiche._history_user = acting_user  # type: ignore[union-attr]


def _statut_initial(acting_user: Utilisateur) -> StatutPublication:
    """Partners propose, the Département's administrators publish their own entries directly."""
    return (
        StatutPublication.PUBLIEE
        if perimetre_de(acting_user).est_administrateur
        else StatutPublication.A_MODERER
    )


def _journaliser(
    fiche: Structure | Service, de: str, vers: str, acting_user: Utilisateur | None, motif: str
) -> None:
    cle = "structure" if isinstance(fiche, Structure) else "service"
    TransitionPublication.objects.create(
        **{cle: fiche}, de=de, vers=vers, motif=motif, acting_user=acting_user
    )


def _nouvelle_fiche_locale(fiche: Structure | Service, acting_user: Utilisateur) -> None:
    aujourd_hui = timezone.localdate()
    fiche.public_id = uuid.uuid4()
    fiche.source = source_locale()
    fiche.identifiant = f"{fiche.source}--{fiche.public_id}"
    fiche.date_maj = aujourd_hui
    fiche.confirme_le = aujourd_hui
    fiche.statut = _statut_initial(acting_user)
    fiche.created_by = acting_user


@transaction.atomic
def structure_creer(
    *, acting_user: Utilisateur, organisation: Organisation, nom: str, **champs: Any
) -> Structure:
    """Create a structure of ``organisation`` (to moderate, or published when an administrator creates it)."""
    _verifier_champs(champs, CHAMPS_STRUCTURE)
    structure = Structure(organisation=organisation)
    _nouvelle_fiche_locale(structure, acting_user)
    _appliquer(structure, {"nom": nom, **champs})
    _verifier_taxonomies(structure, taxonomies_lire())
    structure.full_clean(exclude=CHAMPS_DERIVES)
    _historiser(structure, RAISON_CREATION, acting_user)
    structure.save()
    _journaliser(structure, "", structure.statut, acting_user, RAISON_CREATION)
    return structure


@transaction.atomic
def structure_modifier(
    *, structure: Structure, acting_user: Utilisateur, champs: dict[str, Any]
) -> Structure:
    """Update the named fields; a modification is also a confirmation (``date_maj``, ``confirme_le``).
    A refused structure goes back to moderation."""
    _verifier_champs(champs, CHAMPS_STRUCTURE)
    structure = Structure.objects.select_for_update(of=("self",)).get(pk=structure.pk)
    modifies = _appliquer(structure, champs)
    if not modifies:
        return structure
    _verifier_taxonomies(structure, taxonomies_lire())
    structure = _enregistrer_modification(structure, modifies, acting_user)
    if {"nom", "description"} & set(modifies):
        textes_structures_rafraichir(structure_ids=[structure.pk])
    return structure


def textes_structures_rafraichir(*, structure_ids: list[int] | None = None) -> int:
    """Copy each structure's name and description onto its services (``Service.texte_structure``, held
    by their search vector) where they differ: after a structure's edit, an import, a bulk load.
    ``None``: every structure. One UPDATE; returns the number of services refreshed. Not historised
    (derived, excluded from the services' history)."""
    filtre = "" if structure_ids is None else "AND t.id = ANY(%s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE guide_ressources_service s
            SET texte_structure = concat_ws(' ', t.nom, NULLIF(t.description, ''))
            FROM guide_ressources_structure t
            WHERE s.structure_id = t.id {filtre}
              AND s.texte_structure IS DISTINCT FROM concat_ws(' ', t.nom, NULLIF(t.description, ''))
            """,  # noqa: S608 (a fixed condition is formatted in; ids are a parameter)
            [] if structure_ids is None else [structure_ids],
        )
        return cursor.rowcount


def _enregistrer_modification(
    fiche: Structure | Service, modifies: list[str], acting_user: Utilisateur
) -> Any:
    aujourd_hui = timezone.localdate()
    fiche.date_maj = aujourd_hui
    fiche.confirme_le = aujourd_hui
    modifies += ["date_maj", "confirme_le"]
    if fiche.statut == StatutPublication.REFUSEE:
        _journaliser(fiche, fiche.statut, StatutPublication.A_MODERER, acting_user, "Fiche corrigée")
        fiche.statut = StatutPublication.A_MODERER
        modifies.append("statut")
    fiche.full_clean(exclude=CHAMPS_DERIVES)
    _historiser(fiche, RAISON_MODIFICATION, acting_user)
    fiche.save(update_fields=[*dict.fromkeys(modifies), "updated_at"])
    return fiche


@transaction.atomic
def service_creer(
    *, acting_user: Utilisateur, structure: Structure, nom: str, description: str, **champs: Any
) -> Service:
    """Create a service of ``structure`` (to moderate, or published when an administrator creates it)."""
    _verifier_champs(champs, CHAMPS_SERVICE)
    service = Service(structure=structure, texte_structure=texte_structure(structure))
    _nouvelle_fiche_locale(service, acting_user)
    _appliquer(service, {"nom": nom, "description": description, **champs})
    _verifier_taxonomies(service, taxonomies_lire())
    _verifier_zone(service)
    service.full_clean(exclude=CHAMPS_DERIVES)
    _historiser(service, RAISON_CREATION, acting_user)
    service.save()
    _journaliser(service, "", service.statut, acting_user, RAISON_CREATION)
    return service


@transaction.atomic
def service_modifier(*, service: Service, acting_user: Utilisateur, champs: dict[str, Any]) -> Service:
    """Update the named fields of a service (see ``structure_modifier``)."""
    _verifier_champs(champs, CHAMPS_SERVICE)
    service = Service.objects.select_for_update(of=("self",)).select_related("structure").get(pk=service.pk)
    modifies = _appliquer(service, champs)
    if not modifies:
        return service
    _verifier_taxonomies(service, taxonomies_lire())
    _verifier_zone(service)
    return _enregistrer_modification(service, modifies, acting_user)


@transaction.atomic
def fiche_confirmer(*, fiche: Structure | Service, acting_user: Utilisateur) -> Structure | Service:
    """The partner confirms the entry is still accurate: it is fresh again (history keeps who and when)."""
    modele = type(fiche)
    fiche = modele.objects.select_for_update(of=("self",)).get(pk=fiche.pk)
    fiche.confirme_le = timezone.localdate()
    _historiser(fiche, RAISON_CONFIRMATION, acting_user)
    fiche.save(update_fields=["confirme_le", "updated_at"])
    return fiche
