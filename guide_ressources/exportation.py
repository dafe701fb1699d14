"""Export of the published guide in the data·inclusion v1 format (``structure.json``, ``service.json``).

Every record is valid against the official JSON Schema files and the upstream rules they do not
express (a test validates the whole demo guide with ``jsonschema``). Mapping choices:

- empty texts and lists are ``null`` (the schema's « absent » value);
- local taxonomy terms are exported as their national correspondence (``Taxonomies.vers_national``);
- the département's territories of social action, which data·inclusion does not know, are exported
  as the codes of their communes; other zone codes (communes, EPCI, département, ``france``) as they are;
- « documents à apporter » are appended to ``conditions_acces`` (v1 merged ``pre_requis`` and
  ``justificatifs``), after a fixed heading that the import recognises;
- the service's free-text accessibility is Proche's own and is not exported (v1 only has the
  structure's Acceslibre link).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from guide_ressources.enums import Taxonomie
from guide_ressources.models import Service, Structure
from guide_ressources.taxonomies import Taxonomies, taxonomies_lire
from social.models import Commune

LienLocal = Callable[[Structure | Service], str | None]

TITRE_JUSTIFICATIFS = "Justificatifs à fournir : "
SEPARATEUR_JUSTIFICATIFS = "\n\n" + TITRE_JUSTIFICATIFS


def _texte(valeur: str) -> str | None:
    return valeur if valeur else None


def _liste(valeurs: list[str]) -> list[str] | None:
    return list(valeurs) if valeurs else None


def conditions_acces_v1(conditions: str, justificatifs: str) -> str | None:
    if not justificatifs:
        return conditions or None
    if not conditions:
        return TITRE_JUSTIFICATIFS + justificatifs
    return conditions + SEPARATEUR_JUSTIFICATIFS + justificatifs


def conditions_acces_proche(texte: str) -> tuple[str, str]:
    """The inverse of ``conditions_acces_v1``: (conditions, justificatifs)."""
    if texte.startswith(TITRE_JUSTIFICATIFS):
        return "", texte[len(TITRE_JUSTIFICATIFS) :]
    conditions, separateur, justificatifs = texte.partition(SEPARATEUR_JUSTIFICATIFS)
    return (conditions, justificatifs) if separateur else (texte, "")


def _lien_source(fiche: Structure | Service, lien_local: LienLocal | None) -> str | None:
    if fiche.lien_source:
        return fiche.lien_source
    if lien_local is not None and fiche.est_locale:
        return lien_local(fiche)
    return None


def _adresse(fiche: Structure | Service) -> dict[str, Any]:
    return {
        "adresse": _texte(fiche.adresse),
        "complement_adresse": _texte(fiche.complement_adresse),
        "code_postal": _texte(fiche.code_postal),
        "code_insee": _texte(fiche.code_insee),
        "commune": _texte(fiche.commune_nom),
        "latitude": fiche.latitude,
        "longitude": fiche.longitude,
    }


def structure_v1(
    structure: Structure, *, taxonomies: Taxonomies, lien_local: LienLocal | None = None
) -> dict[str, Any]:
    return {
        "source": structure.source,
        "id": structure.identifiant,
        "nom": structure.nom,
        "date_maj": structure.date_maj.isoformat(),
        "description": _texte(structure.description),
        "siret": _texte(structure.siret),
        "telephone": _texte(structure.telephone),
        "courriel": _texte(structure.courriel),
        "site_web": _texte(structure.site_web),
        "lien_source": _lien_source(structure, lien_local),
        "horaires_accueil": _texte(structure.horaires_accueil),
        "accessibilite_lieu": _texte(structure.accessibilite_lieu),
        "reseaux_porteurs": _liste(
            taxonomies.vers_national(Taxonomie.RESEAUX_PORTEURS, structure.reseaux_porteurs)
        ),
        **_adresse(structure),
    }


def zone_v1(service: Service, communes_par_territoire: dict[str, list[str]]) -> list[str] | None:
    codes = list(service.zone_codes)
    for territoire in service.zone_territoires:
        codes.extend(communes_par_territoire.get(territoire, []))
    return list(dict.fromkeys(codes)) or None


def service_v1(
    service: Service,
    *,
    taxonomies: Taxonomies,
    communes_par_territoire: dict[str, list[str]],
    lien_local: LienLocal | None = None,
) -> dict[str, Any]:
    return {
        "source": service.source,
        "structure_id": service.structure.identifiant,
        "id": service.identifiant,
        "nom": service.nom,
        "description": service.description,
        "date_maj": service.date_maj.isoformat(),
        "type": _texte(service.type),
        "thematiques": _liste(taxonomies.vers_national(Taxonomie.THEMATIQUES, service.thematiques)),
        "publics": _liste(taxonomies.vers_national(Taxonomie.PUBLICS, service.publics)),
        "publics_precisions": _texte(service.publics_precisions),
        "frais": _texte(service.frais),
        "frais_precisions": _texte(service.frais_precisions),
        "conditions_acces": conditions_acces_v1(service.conditions_acces, service.justificatifs),
        "contact_nom_prenom": _texte(service.contact_nom_prenom),
        "telephone": _texte(service.telephone),
        "courriel": _texte(service.courriel),
        "modes_accueil": _liste(service.modes_accueil),
        "modes_mobilisation": _liste(service.modes_mobilisation),
        "mobilisable_par": _liste(service.mobilisable_par),
        "mobilisation_precisions": _texte(service.mobilisation_precisions),
        "lien_mobilisation": _texte(service.lien_mobilisation),
        "lien_source": _lien_source(service, lien_local),
        "horaires_accueil": _texte(service.horaires_accueil),
        "nombre_semaines": service.nombre_semaines,
        "volume_horaire_hebdomadaire": service.volume_horaire_hebdomadaire,
        "zone_eligibilite": zone_v1(service, communes_par_territoire),
        **_adresse(service),
    }


def communes_par_territoire() -> dict[str, list[str]]:
    """Territory code → INSEE codes of its communes, in code order (one query)."""
    resultat: dict[str, list[str]] = {}
    for territoire, code_insee in (
        Commune.objects.filter(territoire__isnull=False)
        .order_by("code_insee")
        .values_list("territoire__code", "code_insee")
    ):
        resultat.setdefault(territoire, []).append(code_insee)
    return resultat


def structures_exporter(*, lien_local: LienLocal | None = None) -> list[dict[str, Any]]:
    """Every published structure, in the v1 format (two queries whatever their number)."""
    taxonomies = taxonomies_lire()
    return [
        structure_v1(structure, taxonomies=taxonomies, lien_local=lien_local)
        for structure in Structure.objects.publiees().order_by("source", "identifiant")
    ]


def services_exporter(*, lien_local: LienLocal | None = None) -> list[dict[str, Any]]:
    """Every published service of a published structure, in the v1 format (three queries)."""
    taxonomies = taxonomies_lire()
    territoires = communes_par_territoire()
    return [
        service_v1(service, taxonomies=taxonomies, communes_par_territoire=territoires, lien_local=lien_local)
        for service in Service.objects.publies().select_related("structure").order_by("source", "identifiant")
    ]
