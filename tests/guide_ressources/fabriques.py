"""Guide entries for the tests: built directly (the actions have their own tests), published and
fresh unless told otherwise."""

from __future__ import annotations

import datetime
import importlib
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from guide_ressources.actions import taxonomies_charger
from guide_ressources.enums import StatutPublication
from guide_ressources.models import Service, Structure, Terme
from guide_ressources.models.fiches import texte_structure
from guide_ressources.reglages import source_locale
from social.models import Commune, Organisation, Parametre
from tests.conftest import Monde


def semer_referentiels_du_guide() -> None:
    """The taxonomies and dated parameters seeded by the guide's migration. Transactional tests
    (browser, WebSocket) flush every table, seeded rows included, for the tests that follow them in
    the same process: put them back when missing (two queries otherwise)."""
    if not Terme.objects.exists():
        taxonomies_charger()
    migration = importlib.import_module("guide_ressources.migrations.0001_guide")
    codes = {code for code, *_ in migration.PARAMETRES}
    if Parametre.objects.filter(code__in=codes).count() < len(migration.PARAMETRES):
        for code, libelle, valeur, unite, debut, fin, source in migration.PARAMETRES:
            Parametre.objects.get_or_create(
                code=code,
                date_debut=debut,
                defaults={
                    "libelle": libelle,
                    "valeur": valeur,
                    "unite": unite,
                    "date_fin": fin,
                    "source": source,
                },
            )


ALIMENTATION = "equipement-et-alimentation--alimentation"
HEBERGEMENT = "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"


def structure(
    *, nom: str, organisation: Organisation | None, commune: Commune, source: str = "", **champs: Any
) -> Structure:
    public_id = uuid.uuid4()
    source = source or source_locale()
    aujourd_hui = timezone.localdate()
    valeurs: dict[str, Any] = {
        "public_id": public_id,
        "source": source,
        "identifiant": f"{source}--{public_id}",
        "nom": nom,
        "organisation": organisation,
        "commune": commune,
        "code_insee": commune.code_insee,
        "commune_nom": commune.nom,
        "code_postal": commune.codes_postaux[0] if commune.codes_postaux else "",
        "date_maj": aujourd_hui,
        "confirme_le": aujourd_hui,
        "statut": StatutPublication.PUBLIEE,
        **champs,
    }
    return Structure.objects.create(**valeurs)


def service(*, structure: Structure, nom: str, description: str = "", **champs: Any) -> Service:
    public_id = uuid.uuid4()
    aujourd_hui = timezone.localdate()
    valeurs: dict[str, Any] = {
        "public_id": public_id,
        "source": structure.source,
        "identifiant": f"{structure.source}--{public_id}",
        "structure": structure,
        "texte_structure": texte_structure(structure),
        "nom": nom,
        "description": description or f"{nom} : description du service pour les tests.",
        "commune": structure.commune,
        "code_insee": structure.code_insee,
        "commune_nom": structure.commune_nom,
        "code_postal": structure.code_postal,
        "date_maj": aujourd_hui,
        "confirme_le": aujourd_hui,
        "statut": StatutPublication.PUBLIEE,
        **champs,
    }
    return Service.objects.create(**valeurs)


@dataclass
class Guide:
    ccas_arras: Structure
    ml_calais: Structure
    chrs: Structure
    importee: Structure
    aide_alimentaire: Service  # zone: Arras only
    epicerie: Service  # zone: the EPCI of Arras, paying
    hebergement: Service  # zone: the whole département
    jeunes_calaisis: Service  # zone: the Calaisis territory
    distribution_calaisis: Service  # zone: the Calaisis territory, food
    ancienne: Service  # not confirmed for 8 months (stale)
    brouillon: Service  # to moderate: never in the search
    importe: Service  # from another producer (read-only for partners)


def construire_guide(monde: Monde) -> Guide:
    ccas = structure(
        nom="CCAS d'Arras – pôle solidarités", organisation=monde.ccas_arras, commune=monde.arras
    )
    ml = structure(nom="Mission locale du Calaisis", organisation=monde.ml_calais, commune=monde.calais)
    chrs = structure(nom="CHRS La Passerelle", organisation=None, commune=monde.arras)
    importee = structure(
        nom="Plateforme mobilité Hauts-de-France", organisation=None, commune=monde.arras, source="dora"
    )
    il_y_a_8_mois = timezone.localdate() - datetime.timedelta(days=245)
    return Guide(
        ccas_arras=ccas,
        ml_calais=ml,
        chrs=chrs,
        importee=importee,
        aide_alimentaire=service(
            structure=ccas,
            nom="Aide alimentaire d'urgence",
            thematiques=[ALIMENTATION],
            publics=["familles", "personnes-en-situation-durgence"],
            frais="gratuit",
            modes_accueil=["en-presentiel"],
            zone_codes=[monde.arras.code_insee],
            justificatifs="Pièce d'identité.",
        ),
        epicerie=service(
            structure=ccas,
            nom="Épicerie solidaire",
            thematiques=[ALIMENTATION],
            publics=["beneficiaires-des-minimas-sociaux"],
            frais="payant",
            modes_accueil=["en-presentiel"],
            zone_codes=[monde.arras.epci.siren],  # type: ignore[union-attr]
        ),
        hebergement=service(
            structure=chrs,
            nom="Hébergement d'urgence",
            thematiques=[HEBERGEMENT],
            publics=["personnes-en-situation-durgence"],
            frais="gratuit",
            modes_accueil=["en-presentiel"],
            zone_codes=["62"],
        ),
        jeunes_calaisis=service(
            structure=ml,
            nom="Accompagnement des jeunes vers l'emploi",
            thematiques=["trouver-un-emploi--repondre-a-des-offres-demploi"],
            publics=["jeunes"],
            frais="gratuit",
            modes_accueil=["en-presentiel", "a-distance"],
            zone_territoires=["calaisis"],
        ),
        distribution_calaisis=service(
            structure=ml,
            nom="Distribution alimentaire du Calaisis",
            thematiques=[ALIMENTATION],
            publics=["tous-publics"],
            frais="gratuit",
            modes_accueil=["en-presentiel"],
            zone_territoires=["calaisis"],
        ),
        ancienne=service(
            structure=ccas,
            nom="Vestiaire solidaire",
            thematiques=["equipement-et-alimentation--habillement"],
            publics=["tous-publics"],
            frais="gratuit",
            zone_codes=[monde.arras.code_insee],
            date_maj=il_y_a_8_mois,
            confirme_le=il_y_a_8_mois,
        ),
        brouillon=service(
            structure=ccas,
            nom="Aide alimentaire du soir",
            thematiques=[ALIMENTATION],
            zone_codes=[monde.arras.code_insee],
            statut=StatutPublication.A_MODERER,
        ),
        importe=service(
            structure=importee,
            nom="Location solidaire de véhicules",
            thematiques=["mobilite--acceder-a-un-vehicule"],
            zone_codes=["62"],
        ),
    )
