"""Reads of the social core that join several models, and the scoped fetch helpers.

Every fetch of a person's file goes through ``personne_obtenir`` (scoped: out of scope is a 404)
which also writes the access journal row.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.utils import timezone

from social.actions.journal import ContexteAcces, journal_enregistrer
from social.enums import LienFoyer, OperationJournal
from social.models import (
    Commune,
    Epci,
    JournalAcces,
    MembreFoyer,
    Organisation,
    Personne,
    Rattachement,
    Site,
    Territoire,
    Utilisateur,
)
from social.perimetre import perimetre_de
from social.permissions import MEMO_VISIBILITE

SEUIL_SIMILARITE_NOM = 0.5


def normaliser(texte: str) -> str:
    """Lower case, no accents, single spaces: the Python twin of the SQL ``proche_texte_recherche``."""
    decompose = unicodedata.normalize("NFKD", texte)
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s-]", " ", sans_accents.lower())).strip()


def personne_obtenir(
    *,
    user: Utilisateur | AnonymousUser,
    public_id: uuid.UUID | str,
    acces: ContexteAcces,
    operation: OperationJournal = OperationJournal.CONSULTATION,
) -> Personne:
    """The scoped fetch of one person's file; journals the access. Out of scope or absent: ``Http404``."""
    try:
        personne = Personne.objects.visible_by(user).select_related("commune").get(public_id=public_id)
    except (Personne.DoesNotExist, ValueError) as exc:  # ValueError: malformed UUID
        raise Http404("Personne introuvable") from exc
    # Fetched through visible_by: can_view_personne need not ask the database again for this user.
    personne.__dict__[MEMO_VISIBILITE] = {user.pk: True}
    journal_enregistrer(
        acces=acces, operation=operation, objet_type="personne", objet_ids=[personne.public_id]
    )
    return personne


def personne_obtenir_pour_audit(
    *, user: Utilisateur | AnonymousUser, public_id: uuid.UUID | str, acces: ContexteAcces
) -> Personne:
    """The fetch behind the access-journal page: functional administrators audit any file, although
    ``visible_by`` shows them none; everyone else goes through the scoped fetch (out of perimeter:
    404). Both paths journal the consultation. Callers still check ``can_view_journal_acces``."""
    if not perimetre_de(user).est_administrateur:
        return personne_obtenir(user=user, public_id=public_id, acces=acces)
    try:
        personne = Personne.objects.get(public_id=public_id)
    except (Personne.DoesNotExist, ValueError) as exc:
        raise Http404("Personne introuvable") from exc
    journal_enregistrer(
        acces=acces,
        operation=OperationJournal.CONSULTATION,
        objet_type="personne",
        objet_ids=[personne.public_id],
    )
    return personne


def journaliser_liste(*, acces: ContexteAcces, personnes: list[Personne]) -> None:
    """One journal row for a list page, with the ids shown (nothing when the page is empty)."""
    if personnes:
        journal_enregistrer(
            acces=acces,
            operation=OperationJournal.LISTE,
            objet_type="personne",
            objet_ids=[p.public_id for p in personnes],
        )


def personnes_rechercher(*, user: Utilisateur | AnonymousUser, texte: str) -> QuerySet[Personne]:
    """People visible by ``user`` whose names match ``texte``.

    Accent- and case-insensitive, tolerant of typos: each word of the query must be close
    (trigram word similarity ≥ 0.5, GIN index) to a word of the names, so "lefebvre" and
    "lefevre" both find "Lefèvre". A date (JJ/MM/AAAA) matches the birth date exactly.
    """
    qs = Personne.objects.visible_by(user).select_related("commune")
    mots: list[str] = []
    for brut in texte.split():
        date = _date_ou_none(brut)
        if date is not None:
            qs = qs.filter(date_naissance=date)
            continue
        mots.extend(mot for mot in normaliser(brut).split() if len(mot) >= 2)
    if not mots:
        return qs.order_by("nom", "prenoms", "id") if texte.strip() else qs.none()
    for mot in mots:
        # %> (word similarity above pg_trgm.word_similarity_threshold, set on the connection) uses the GIN
        # index; the prefix test catches short beginnings ("lef") that trigrams alone would miss.
        qs = qs.filter(
            Q(recherche__trigram_word_similar=mot)
            | Q(recherche__startswith=mot)
            | Q(recherche__contains=f" {mot}")
        )
    score = (
        Greatest(*[TrigramWordSimilarity(mot, F("recherche")) for mot in mots])
        if len(mots) > 1
        else TrigramWordSimilarity(mots[0], F("recherche"))
    )
    return qs.annotate(score=score).order_by("-score", "nom", "prenoms", "id")


def _date_ou_none(mot: str) -> datetime.date | None:
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", mot)
    if not m:
        return None
    try:
        return datetime.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None


@dataclass(frozen=True)
class Doublons:
    visibles: list[Personne]
    hors_perimetre: int

    @property
    def existe(self) -> bool:
        return bool(self.visibles) or self.hors_perimetre > 0


def doublons_potentiels(
    *,
    user: Utilisateur | AnonymousUser,
    nom: str,
    prenoms: str,
    date_naissance: datetime.date,
    exclure: Personne | None = None,
) -> Doublons:
    """Files with the same birth date and a close name (accent-insensitive).

    Files outside the user's perimeter are only counted, never shown (no identity leaks).
    """
    nom_normalise = normaliser(f"{nom} {prenoms}")
    candidats = (
        Personne.objects.filter(date_naissance=date_naissance)
        .annotate(score=TrigramWordSimilarity(normaliser(nom), F("recherche")))
        .filter(score__gte=SEUIL_SIMILARITE_NOM)
    )
    if exclure is not None:
        candidats = candidats.exclude(pk=exclure.pk)
    if not nom_normalise:
        return Doublons([], 0)
    visibles_ids = set(
        Personne.objects.visible_by(user).filter(pk__in=candidats.values("pk")).values_list("pk", flat=True)
    )
    tous = list(candidats.select_related("commune").order_by("-score", "nom")[:20])
    return Doublons(
        visibles=[p for p in tous if p.pk in visibles_ids],
        hors_perimetre=sum(1 for p in tous if p.pk not in visibles_ids),
    )


# Household members in a readable order: the reference person, her partner, children, then others.
_ORDRE_LIEN = Case(
    *(When(lien=lien, then=Value(rang)) for rang, lien in enumerate(LienFoyer.values)),
    default=Value(len(LienFoyer.values)),
)


def fiche_personne(*, personne: Personne) -> dict[str, object]:
    """What the person file page shows besides identity, in a fixed number of queries."""
    membre = (
        MembreFoyer.objects.filter(personne=personne, date_fin__isnull=True)
        .select_related("foyer")
        .prefetch_related(
            Prefetch(
                "foyer__membres",
                queryset=MembreFoyer.objects.filter(date_fin__isnull=True)
                .select_related("personne")
                .order_by(_ORDRE_LIEN, "personne__date_naissance"),
                to_attr="membres_actuels",
            )
        )
        .first()
    )
    rattachements = list(
        Rattachement.objects.actives().filter(personne=personne).select_related("site", "organisation")
    )
    historique = list(personne.history.select_related("history_user").order_by("-history_date")[:20])
    return {
        "foyer": membre.foyer if membre else None,
        "membres_foyer": membre.foyer.membres_actuels if membre else [],  # type: ignore[attr-defined]
        "rattachements": rattachements,
        "historique": historique,
    }


def acces_a_la_personne(*, personne: Personne) -> QuerySet[JournalAcces]:
    """Journal rows naming this person, newest first (who accessed the file)."""
    return JournalAcces.objects.pour_objet(personne.public_id).order_by("-id")


def utilisateurs_par_id(ids: set[int]) -> dict[int, Utilisateur]:
    return {u.pk: u for u in Utilisateur.objects.filter(pk__in=ids)}


@dataclass(frozen=True)
class ResultatVerification:
    lignes_verifiees: int
    premiere_anomalie: int | None
    raison: str = ""

    @property
    def intact(self) -> bool:
        return self.premiere_anomalie is None


def journal_verifier(*, taille_lot: int = 5000) -> ResultatVerification:
    """Recompute the hash chain. The first remaining row is the anchor (older rows are purged)."""
    precedent: str | None = None
    compte = 0
    for ligne in JournalAcces.objects.order_by("id").iterator(chunk_size=taille_lot):
        if precedent is not None and ligne.hash_precedent != precedent:
            return ResultatVerification(compte, ligne.pk, "chaînage rompu (ligne supprimée ou insérée)")
        if ligne.calculer_hash() != ligne.hash:
            return ResultatVerification(compte, ligne.pk, "contenu modifié")
        precedent = ligne.hash
        compte += 1
    return ResultatVerification(compte, None)


# Home pages (persona dashboards).


def personnes_rattachees_aux_sites(*, user: Utilisateur, limite: int = 20) -> list[Personne]:
    """The ``limite`` people most recently attached to one of the user's sites (active attachments)."""
    site_ids = perimetre_de(user).site_ids
    if not site_ids:
        return []
    rattachements = Rattachement.objects.actives().filter(personne_id=OuterRef("pk"), site_id__in=site_ids)
    return list(
        Personne.objects.visible_by(user)
        .filter(Exists(rattachements))
        .annotate(rattachee_le=Subquery(rattachements.order_by("-date_debut").values("date_debut")[:1]))
        .select_related("commune")
        .order_by("-rattachee_le", "-id")[:limite]
    )


def personnes_designees(*, user: Utilisateur, limite: int = 20) -> list[Personne]:
    """People designated to (attached to) the user's partner organisations, latest first."""
    organisation_ids = perimetre_de(user).organisation_ids
    if not organisation_ids:
        return []
    rattachements = Rattachement.objects.actives().filter(
        personne_id=OuterRef("pk"), organisation_id__in=organisation_ids
    )
    return list(
        Personne.objects.visible_by(user)
        .filter(Exists(rattachements))
        .annotate(rattachee_le=Subquery(rattachements.order_by("-date_debut").values("date_debut")[:1]))
        .select_related("commune")
        .order_by("-rattachee_le", "-id")[:limite]
    )


def synthese_sites(*, user: Utilisateur) -> list[Site]:
    """The user's sites with two counts: files attached to the site, people living in the communes it
    serves. One query whatever the number of sites."""
    site_ids = perimetre_de(user).site_ids
    jour = timezone.localdate()
    rattachees = (
        Rattachement.objects.actives(jour)
        .filter(site_id=OuterRef("pk"))
        .order_by()
        .values("site_id")
        .annotate(n=Count("personne_id", distinct=True))
        .values("n")
    )
    residentes = (
        Personne.objects.filter(commune__sites_desservants=OuterRef("pk"))
        .order_by()
        .values("commune__sites_desservants")
        .annotate(n=Count("id"))
        .values("n")
    )
    return list(
        Site.objects.filter(pk__in=site_ids)
        .select_related("territoire")
        .annotate(
            nb_rattachees=Coalesce(Subquery(rattachees, output_field=IntegerField()), 0),
            nb_residentes=Coalesce(Subquery(residentes, output_field=IntegerField()), 0),
        )
        .order_by("nom")
    )


def organisations_de(*, user: Utilisateur) -> list[Organisation]:
    return list(
        Organisation.objects.filter(pk__in=perimetre_de(user).organisation_ids)
        .select_related("commune")
        .order_by("nom")
    )


@dataclass(frozen=True)
class CompteursReferentiel:
    territoires: int
    epci: int
    communes: int
    sites: int
    organisations: int
    utilisateurs: int


def compteurs_referentiel() -> CompteursReferentiel:
    """Counts of the reference data (one small COUNT per table: the admin home only)."""
    return CompteursReferentiel(
        territoires=Territoire.objects.count(),
        epci=Epci.objects.count(),
        communes=Commune.objects.count(),
        sites=Site.objects.count(),
        organisations=Organisation.objects.count(),
        utilisateurs=Utilisateur.objects.filter(is_active=True).count(),
    )


def identifiants_visibles(*, user: Utilisateur, personnes: list[Personne]) -> set[int]:
    """Which of ``personnes`` the user may open (to link a household member's file or not). One query."""
    if not personnes:
        return set()
    return set(
        Personne.objects.visible_by(user)
        .filter(pk__in=[p.pk for p in personnes])
        .values_list("pk", flat=True)
    )
