"""Import of data·inclusion v1 files: read, validate everything, then upsert in one transaction.

- **Read**: a file is a JSON array of structures or of services (as data·inclusion publishes them),
  or an object ``{"structures": [...], "services": [...]}``. Several files may be imported together
  (services may point at structures of another file of the same import).
- **Validate** every element first: the official JSON Schema (formats checked), the upstream rules the
  files do not express, Proche's own limits (text lengths), duplicates within the import, and the
  structure of each service (in the import or already in the guide). Every invalid element is
  reported with its position (index in its array) and its reasons, in French.
- **Save nothing** when any element is invalid. Otherwise upsert on (``source``, ``id``) in one
  transaction: new rows are created (published: an import is an administrator's act), changed rows
  updated, unchanged rows left alone, so importing the same file twice changes nothing.

Records of Proche's own source keep what the v1 format cannot carry (local taxonomy terms whose
national correspondence is still imported, territories whose communes are all imported, the
computed ``lien_source``): export → import → export gives the same file.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from guide_ressources.enums import StatutPublication, Taxonomie
from guide_ressources.exportation import communes_par_territoire, conditions_acces_proche
from guide_ressources.models import Service, Structure, TransitionPublication
from guide_ressources.reglages import source_locale
from guide_ressources.taxonomies import Taxonomies, taxonomies_lire
from guide_ressources.validation import raisons_invalidite
from social.models import Commune, Organisation, Utilisateur

# (phase, done, total): the console bar and the upload page both follow it.
Progression = Callable[[str, int, int], None]
PHASE_VALIDATION = "validation"
PHASE_ENREGISTREMENT = "enregistrement"
RAISON_HISTORIQUE = "Importation data·inclusion"
TAILLE_LOT = 500
SEUIL_ANALYSE = 1000  # rows created by an import from which the planner's statistics are refreshed


def _sans_progression(phase: str, faits: int, total: int) -> None:
    return None


# --- Reading -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Element:
    """One record of an imported file and where it was: file label and index in its array."""

    genre: str  # "structure" or "service"
    fichier: str
    index: int
    donnee: Any

    @property
    def identifiant(self) -> str | None:
        if isinstance(self.donnee, dict) and isinstance(self.donnee.get("id"), str):
            return str(self.donnee["id"])
        return None

    @property
    def cle(self) -> tuple[str, str] | None:
        if isinstance(self.donnee, dict):
            source, identifiant = self.donnee.get("source"), self.donnee.get("id")
            if isinstance(source, str) and isinstance(identifiant, str):
                return source, identifiant
        return None


@dataclass
class Lecture:
    structures: list[Element] = field(default_factory=list)
    services: list[Element] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)  # whole-file errors (not JSON, wrong shape)

    @property
    def total(self) -> int:
        return len(self.structures) + len(self.services)

    def etendre(self, autre: Lecture) -> None:
        self.structures += autre.structures
        self.services += autre.services
        self.erreurs += autre.erreurs


def donnees_lire(nom: str, donnees: Any) -> Lecture:
    """Classify parsed JSON: an object with ``structures``/``services`` arrays, or one array (services
    when most of its objects have a ``structure_id``, structures otherwise)."""
    lecture = Lecture()
    if isinstance(donnees, dict):
        inconnues = set(donnees) - {"structures", "services"}
        if inconnues or not donnees:
            lecture.erreurs.append(
                f"{nom} : un objet de premier niveau doit contenir les listes « structures » et/ou "
                "« services »."
            )
            return lecture
        for genre, cle in (("structure", "structures"), ("service", "services")):
            liste = donnees.get(cle, [])
            if not isinstance(liste, list):
                lecture.erreurs.append(f"{nom} : « {cle} » doit être une liste.")
                continue
            elements = [Element(genre, f"{nom} › {cle}", i, d) for i, d in enumerate(liste)]
            (lecture.structures if genre == "structure" else lecture.services).extend(elements)
        return lecture
    if not isinstance(donnees, list):
        lecture.erreurs.append(
            f"{nom} : le fichier doit contenir une liste JSON de structures ou de services."
        )
        return lecture
    avec_structure = sum(1 for d in donnees if isinstance(d, dict) and "structure_id" in d)
    genre = "service" if donnees and avec_structure * 2 > len(donnees) else "structure"
    elements = [Element(genre, nom, i, d) for i, d in enumerate(donnees)]
    (lecture.services if genre == "service" else lecture.structures).extend(elements)
    return lecture


def fichier_lire(nom: str, contenu: bytes) -> Lecture:
    try:
        donnees = json.loads(contenu.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Lecture(erreurs=[f"{nom} : le fichier n'est pas encodé en UTF-8."])
    except json.JSONDecodeError as exc:
        return Lecture(
            erreurs=[f"{nom} : JSON invalide ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})."]
        )
    return donnees_lire(nom, donnees)


# --- Validation --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErreurElement:
    fichier: str
    index: int
    identifiant: str | None
    raisons: list[str]

    @property
    def message(self) -> str:
        ident = f" (id « {self.identifiant} »)" if self.identifiant else ""
        position = f"{self.fichier}, élément n° {self.index + 1} (index {self.index}){ident}"
        return f"{position} : {'; '.join(self.raisons)}"

    def en_dict(self) -> dict[str, Any]:
        return {
            "fichier": self.fichier,
            "index": self.index,
            "identifiant": self.identifiant,
            "raisons": self.raisons,
            "message": self.message,
        }


class ImportationRefusee(Exception):
    """The import contains invalid elements (or unreadable files): nothing was saved."""

    def __init__(self, erreurs_fichier: list[str], erreurs: list[ErreurElement]) -> None:
        self.erreurs_fichier = erreurs_fichier
        self.erreurs = erreurs
        super().__init__(
            f"{len(erreurs_fichier) + len(erreurs)} erreur(s) : aucune donnée n'a été enregistrée."
        )


# v1 key -> model field, for the texts whose length the schema does not bound.
_TEXTES_COMMUNS = {
    "adresse": "adresse",
    "complement_adresse": "complement_adresse",
    "commune": "commune_nom",
    "telephone": "telephone",
    "horaires_accueil": "horaires_accueil",
    "source": "source",
    "id": "identifiant",
    "courriel": "courriel",
}
_TEXTES_SERVICE = {**_TEXTES_COMMUNS, "contact_nom_prenom": "contact_nom_prenom"}


def _limites_proche(modele: type[models.Model], donnee: dict[str, Any], textes: dict[str, str]) -> list[str]:
    raisons = []
    for cle, champ in textes.items():
        valeur = donnee.get(cle)
        limite = modele._meta.get_field(champ).max_length  # type: ignore[union-attr]
        if isinstance(valeur, str) and limite is not None and len(valeur) > limite:
            raisons.append(
                f"« {cle} » : au plus {limite} caractères acceptés par Proche ({len(valeur)} reçus)"
            )
    return raisons


def lecture_valider(lecture: Lecture, progression: Progression = _sans_progression) -> list[ErreurElement]:
    """Every invalid element with its reasons (an empty list when the whole import is valid)."""
    erreurs: list[ErreurElement] = []
    total, faits = lecture.total, 0
    aujourd_hui = timezone.localdate()
    progression(PHASE_VALIDATION, 0, total)

    def signaler(element: Element, raisons: list[str]) -> None:
        if raisons:
            erreurs.append(ErreurElement(element.fichier, element.index, element.identifiant, raisons))

    vus: dict[tuple[str, str], Element] = {}
    for element in lecture.structures:
        raisons = raisons_invalidite("structure", element.donnee, aujourd_hui)
        if not raisons:
            raisons = _limites_proche(Structure, element.donnee, _TEXTES_COMMUNS)
        cle = element.cle
        if cle is not None:
            if cle in vus:
                raisons.append(
                    f"identifiant en double (déjà l'élément n° {vus[cle].index + 1} de {vus[cle].fichier})"
                )
            else:
                vus[cle] = element
        signaler(element, raisons)
        faits += 1
        progression(PHASE_VALIDATION, faits, total)

    structures_importees = set(vus)
    references = {
        (e.donnee.get("source"), e.donnee.get("structure_id"))
        for e in lecture.services
        if isinstance(e.donnee, dict)
    }
    structures_existantes = set(
        Structure.objects.filter(
            identifiant__in=[r[1] for r in references if isinstance(r[1], str)]
        ).values_list("source", "identifiant")
    )
    vus_services: dict[tuple[str, str], Element] = {}
    for element in lecture.services:
        raisons = raisons_invalidite("service", element.donnee, aujourd_hui)
        if not raisons:
            raisons = _limites_proche(Service, element.donnee, _TEXTES_SERVICE)
            reference = (element.donnee["source"], element.donnee["structure_id"])
            if reference not in structures_importees and reference not in structures_existantes:
                raisons.append(
                    f"« structure_id » : structure « {reference[1]} » inconnue pour la source "
                    f"« {reference[0]} » (ni dans l'import, ni dans le guide)"
                )
        cle = element.cle
        if cle is not None:
            if cle in vus_services:
                premier = vus_services[cle]
                raisons.append(
                    f"identifiant en double (déjà l'élément n° {premier.index + 1} de {premier.fichier})"
                )
            else:
                vus_services[cle] = element
        signaler(element, raisons)
        faits += 1
        progression(PHASE_VALIDATION, faits, total)
    return erreurs


# --- Upsert ------------------------------------------------------------------------------------------


@dataclass
class Compteurs:
    creees: int = 0
    modifiees: int = 0
    inchangees: int = 0


@dataclass
class RapportImport:
    structures: Compteurs = field(default_factory=Compteurs)
    services: Compteurs = field(default_factory=Compteurs)

    def en_dict(self) -> dict[str, dict[str, int]]:
        return {
            "structures": vars(self.structures).copy(),
            "services": vars(self.services).copy(),
        }

    @property
    def resume(self) -> str:
        s, v = self.structures, self.services
        return (
            f"Structures : {s.creees} créée(s), {s.modifiees} modifiée(s), {s.inchangees} inchangée(s). "
            f"Services : {v.creees} créé(s), {v.modifiees} modifié(s), {v.inchangees} inchangé(s)."
        )


def _t(valeur: Any) -> str:
    return valeur if isinstance(valeur, str) else ""


def _l(valeur: Any) -> list[str]:
    return list(valeur) if isinstance(valeur, list) else []


def _public_id(source: str, identifiant: str) -> uuid.UUID | None:
    """Entries exported by a Proche carry their public id in their identifier: keep it."""
    prefixe = f"{source}--"
    if source == source_locale() and identifiant.startswith(prefixe):
        try:
            return uuid.UUID(identifiant[len(prefixe) :])
        except ValueError:
            return None
    return None


def _valeurs_communes(d: dict[str, Any], communes: dict[str, int]) -> dict[str, Any]:
    return {
        "nom": d["nom"],
        "telephone": _t(d.get("telephone")),
        "courriel": _t(d.get("courriel")),
        "adresse": _t(d.get("adresse")),
        "complement_adresse": _t(d.get("complement_adresse")),
        "code_postal": _t(d.get("code_postal")),
        "code_insee": _t(d.get("code_insee")),
        "commune_nom": _t(d.get("commune")),
        "commune_id": communes.get(_t(d.get("code_insee"))),
        "latitude": d.get("latitude"),
        "longitude": d.get("longitude"),
        "horaires_accueil": _t(d.get("horaires_accueil")),
        "lien_source": _t(d.get("lien_source")),
        "date_maj": d["date_maj"],
    }


class _Enregistreur:
    """The upsert of one validated import (inside the caller's transaction)."""

    def __init__(self, lecture: Lecture, acting_user: Utilisateur | None, progression: Progression) -> None:
        self.lecture = lecture
        self.acting_user = acting_user
        self.progression = progression
        self.taxonomies: Taxonomies = taxonomies_lire()
        self.rapport = RapportImport()
        self.faits = 0
        self.locale = source_locale()
        codes = {_t(e.donnee.get("code_insee")) for e in [*lecture.structures, *lecture.services]} - {""}
        self.communes = dict(Commune.objects.filter(code_insee__in=codes).values_list("code_insee", "id"))

    def avancer(self) -> None:
        self.faits += 1
        self.progression(PHASE_ENREGISTREMENT, self.faits, self.lecture.total)

    def _date(self, valeur: str) -> datetime.date:
        return datetime.date.fromisoformat(valeur)

    def _appliquer(self, objet: models.Model, valeurs: dict[str, Any]) -> list[str]:
        changes = [champ for champ, valeur in valeurs.items() if getattr(objet, champ) != valeur]
        for champ in changes:
            setattr(objet, champ, valeurs[champ])
        return changes

    def structures(self) -> dict[tuple[str, str], int]:
        elements = self.lecture.structures
        cles = [(e.donnee["source"], e.donnee["id"]) for e in elements]
        existantes = {
            (s.source, s.identifiant): s
            for s in Structure.objects.filter(identifiant__in=[c[1] for c in cles])
            if (s.source, s.identifiant) in set(cles)
        }
        sirets = {e.donnee.get("siret") for e in elements if e.donnee.get("siret")}
        organisations = dict(Organisation.objects.filter(siret__in=sirets).values_list("siret", "id"))
        nouvelles: list[Structure] = []
        modifiees: list[Structure] = []
        champs_modifies: set[str] = set()
        for element in elements:
            d = element.donnee
            valeurs = {
                **_valeurs_communes(d, self.communes),
                "description": _t(d.get("description")),
                "siret": _t(d.get("siret")),
                "site_web": _t(d.get("site_web")),
                "accessibilite_lieu": _t(d.get("accessibilite_lieu")),
                "reseaux_porteurs": _l(d.get("reseaux_porteurs")),
            }
            valeurs["date_maj"] = self._date(valeurs["date_maj"])
            existante = existantes.get((d["source"], d["id"]))
            if existante is None:
                public_id = _public_id(d["source"], d["id"]) or uuid.uuid4()
                nouvelles.append(
                    Structure(
                        public_id=public_id,
                        source=d["source"],
                        identifiant=d["id"],
                        organisation_id=organisations.get(valeurs["siret"]),
                        statut=StatutPublication.PUBLIEE,
                        confirme_le=valeurs["date_maj"],
                        created_by=self.acting_user,
                        **valeurs,
                    )
                )
            else:
                if existante.source == self.locale:
                    valeurs["reseaux_porteurs"] = self.taxonomies.fusion_locale(
                        Taxonomie.RESEAUX_PORTEURS, existante.reseaux_porteurs, valeurs["reseaux_porteurs"]
                    )
                    del valeurs["lien_source"]  # computed at export for local entries
                valeurs["confirme_le"] = max(existante.confirme_le, valeurs["date_maj"])
                changes = self._appliquer(existante, valeurs)
                if changes:
                    modifiees.append(existante)
                    champs_modifies.update(changes)
            self.avancer()
        self._enregistrer(Structure, nouvelles, modifiees, champs_modifies, self.rapport.structures)
        self.rapport.structures.inchangees = len(elements) - len(nouvelles) - len(modifiees)
        return {
            (s.source, s.identifiant): s.pk
            for s in Structure.objects.filter(
                identifiant__in=list({e.donnee["structure_id"] for e in self.lecture.services})
            ).only("pk", "source", "identifiant")
        }

    def services(self, structures: dict[tuple[str, str], int]) -> None:
        elements = self.lecture.services
        cles = {(e.donnee["source"], e.donnee["id"]) for e in elements}
        existants = {
            (s.source, s.identifiant): s
            for s in Service.objects.filter(identifiant__in=[c[1] for c in cles])
            if (s.source, s.identifiant) in cles
        }
        territoires = communes_par_territoire() if existants else {}
        nouveaux: list[Service] = []
        modifies: list[Service] = []
        champs_modifies: set[str] = set()
        for element in elements:
            d = element.donnee
            conditions, justificatifs = conditions_acces_proche(_t(d.get("conditions_acces")))
            valeurs = {
                **_valeurs_communes(d, self.communes),
                "structure_id": structures[(d["source"], d["structure_id"])],
                "description": d["description"],
                "type": _t(d.get("type")),
                "thematiques": _l(d.get("thematiques")),
                "publics": _l(d.get("publics")),
                "publics_precisions": _t(d.get("publics_precisions")),
                "frais": _t(d.get("frais")),
                "frais_precisions": _t(d.get("frais_precisions")),
                "conditions_acces": conditions,
                "justificatifs": justificatifs,
                "contact_nom_prenom": _t(d.get("contact_nom_prenom")),
                "modes_accueil": _l(d.get("modes_accueil")),
                "modes_mobilisation": _l(d.get("modes_mobilisation")),
                "mobilisable_par": _l(d.get("mobilisable_par")),
                "mobilisation_precisions": _t(d.get("mobilisation_precisions")),
                "lien_mobilisation": _t(d.get("lien_mobilisation")),
                "nombre_semaines": d.get("nombre_semaines"),
                "volume_horaire_hebdomadaire": d.get("volume_horaire_hebdomadaire"),
                "zone_codes": _l(d.get("zone_eligibilite")),
            }
            valeurs["date_maj"] = self._date(valeurs["date_maj"])
            existant = existants.get((d["source"], d["id"]))
            if existant is None:
                public_id = _public_id(d["source"], d["id"]) or uuid.uuid4()
                nouveaux.append(
                    Service(
                        public_id=public_id,
                        source=d["source"],
                        identifiant=d["id"],
                        statut=StatutPublication.PUBLIEE,
                        confirme_le=valeurs["date_maj"],
                        created_by=self.acting_user,
                        **valeurs,
                    )
                )
            else:
                if existant.source == self.locale:
                    self._fusion_locale(existant, valeurs, territoires)
                valeurs["confirme_le"] = max(existant.confirme_le, valeurs["date_maj"])
                changes = self._appliquer(existant, valeurs)
                if changes:
                    modifies.append(existant)
                    champs_modifies.update(changes)
            self.avancer()
        self._enregistrer(Service, nouveaux, modifies, champs_modifies, self.rapport.services)
        self.rapport.services.inchangees = len(elements) - len(nouveaux) - len(modifies)

    def _fusion_locale(
        self, existant: Service, valeurs: dict[str, Any], territoires: dict[str, list[str]]
    ) -> None:
        for champ, taxonomie in (("thematiques", Taxonomie.THEMATIQUES), ("publics", Taxonomie.PUBLICS)):
            valeurs[champ] = self.taxonomies.fusion_locale(
                taxonomie, getattr(existant, champ), valeurs[champ]
            )
        codes: list[str] = valeurs["zone_codes"]
        gardes = []
        for territoire in existant.zone_territoires:
            communes = territoires.get(territoire, [])
            if communes and set(communes) <= set(codes):
                gardes.append(territoire)
                codes = [code for code in codes if code not in set(communes)]
        valeurs["zone_codes"] = codes
        valeurs["zone_territoires"] = gardes
        del valeurs["lien_source"]  # computed at export for local entries

    def _enregistrer(
        self,
        modele: type[Structure] | type[Service],
        nouveaux: list[Any],
        modifies: list[Any],
        champs: set[str],
        compteurs: Compteurs,
    ) -> None:
        if nouveaux:
            bulk_create_with_history(
                nouveaux,
                modele,
                batch_size=TAILLE_LOT,
                default_user=self.acting_user,
                default_change_reason=RAISON_HISTORIQUE,
            )
            creees = modele.objects.filter(public_id__in=[o.public_id for o in nouveaux]).values_list(
                "pk", flat=True
            )
            cle = "structure_id" if modele is Structure else "service_id"
            TransitionPublication.objects.bulk_create(
                [
                    TransitionPublication(
                        **{cle: pk},
                        de="",
                        vers=StatutPublication.PUBLIEE,
                        motif=RAISON_HISTORIQUE,
                        acting_user=self.acting_user,
                    )
                    for pk in creees
                ],
                batch_size=TAILLE_LOT,
            )
        if modifies:
            bulk_update_with_history(
                modifies,
                modele,
                sorted(champs),
                batch_size=TAILLE_LOT,
                default_user=self.acting_user,
                default_change_reason=RAISON_HISTORIQUE,
            )
        compteurs.creees = len(nouveaux)
        compteurs.modifiees = len(modifies)


def analyser_le_guide() -> None:
    """Refresh the planner's statistics after a bulk load: with the row counts of an empty table, the
    search plans nested loops over thousands of rows (measured: 750 ms instead of 17 ms at 10 k
    services). Autovacuum would do it, later."""
    with connection.cursor() as curseur:
        for modele in (Structure, Service):
            curseur.execute(f"ANALYZE {connection.ops.quote_name(modele._meta.db_table)}")


def _textes_structures_rafraichir() -> None:
    """The structures' text in their services' search vectors (one UPDATE of the rows that differ)."""
    from guide_ressources.actions.fiches import textes_structures_rafraichir  # actions import this module

    textes_structures_rafraichir()


def lectures_reunir(lectures: Iterable[Lecture]) -> Lecture:
    tout = Lecture()
    for lecture in lectures:
        tout.etendre(lecture)
    return tout


def lecture_importer(
    lecture: Lecture,
    *,
    acting_user: Utilisateur | None,
    progression: Progression = _sans_progression,
    simulation: bool = False,
) -> RapportImport:
    """Validate the whole import, then upsert it in one transaction. ``ImportationRefusee`` (and nothing
    saved) when a file is unreadable or any element is invalid. ``simulation``: validate and count,
    then roll back."""
    if lecture.erreurs:
        raise ImportationRefusee(lecture.erreurs, [])
    erreurs = lecture_valider(lecture, progression)
    if erreurs:
        raise ImportationRefusee([], erreurs)
    with transaction.atomic():
        enregistreur = _Enregistreur(lecture, acting_user, progression)
        progression(PHASE_ENREGISTREMENT, 0, lecture.total)
        structures = enregistreur.structures()
        enregistreur.services(structures)
        _textes_structures_rafraichir()
        if simulation:
            transaction.set_rollback(True)
        elif enregistreur.rapport.structures.creees + enregistreur.rapport.services.creees >= SEUIL_ANALYSE:
            analyser_le_guide()
    return enregistreur.rapport
