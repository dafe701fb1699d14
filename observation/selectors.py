"""Reads of the observation: the dashboard of a scope and period, its tables for export, the open-data
export (statistical secrecy) and the pseudonymised extract. Everything reads the precomputed
``Indicateur`` rows through ``visible_by`` (a constant number of queries), except the extract."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from observation.calculs import mois_suivant, premier_du_mois
from observation.catalogue import CATALOGUE, PAR_CODE, Definition
from observation.enums import CodeIndicateur, Unite
from observation.models import Indicateur
from observation.permissions import AnyUser, perimetre_observation
from parcours.enums import Dispositif
from social.exceptions import DomainError
from social.models import Site, Territoire

# Statistical secrecy of the open-data export: counts below this are masked.
SEUIL_SECRET = 5


def mois_entre(du: datetime.date, au: datetime.date) -> list[datetime.date]:
    mois, resultat = premier_du_mois(du), []
    while mois <= au:
        resultat.append(mois)
        mois = mois_suivant(mois)
    return resultat


@dataclass(frozen=True)
class Lieux:
    """The territories and sites a user may pick (her scope)."""

    departement: bool
    territoires: list[Territoire]
    sites: list[Site]


def lieux_visibles(user: AnyUser) -> Lieux:
    perimetre = perimetre_observation(user)
    if perimetre.departement:
        return Lieux(True, list(Territoire.objects.all()), list(Site.objects.select_related("territoire")))
    return Lieux(
        False,
        list(Territoire.objects.filter(pk__in=perimetre.territoire_ids)),
        list(Site.objects.filter(pk__in=perimetre.site_ids).select_related("territoire")),
    )


@dataclass(frozen=True)
class Niveau:
    """Where the figures are read: the département, a territory or a site; one dispositif or all."""

    territoire: Territoire | None = None
    site: Site | None = None
    dispositif: str = ""

    @property
    def libelle(self) -> str:
        lieu = self.site.nom if self.site else self.territoire.nom if self.territoire else "Département"
        if self.dispositif:
            return f"{lieu} – {Dispositif(self.dispositif).label}"
        return f"{lieu} – tous dispositifs"

    def filtre(self) -> Q:
        return Q(
            territoire=self.site.territoire if self.site else self.territoire,
            site=self.site,
            dispositif=self.dispositif,
        )


def niveau_choisir(
    user: AnyUser,
    lieux: Lieux,
    *,
    territoire: str = "",
    site: int | None = None,
    dispositif: str = "",
) -> Niveau:
    """The level asked for (a territory code, a site id), within the user's scope; by default her widest
    one (the département, her territory, her first site). Out of scope: ``DomainError``."""
    if dispositif and dispositif not in Dispositif.values:
        raise DomainError("Dispositif inconnu.", code="dispositif_inconnu", extra={"champ": "dispositif"})
    if site is not None:
        trouve = next((s for s in lieux.sites if s.pk == site), None)
        if trouve is None:
            raise DomainError(
                "Ce site n'est pas dans votre périmètre d'observation.",
                code="hors_perimetre",
                extra={"champ": "site"},
            )
        return Niveau(site=trouve, dispositif=dispositif)
    if territoire:
        trouve_t = next((t for t in lieux.territoires if t.code == territoire), None)
        perimetre = perimetre_observation(user)
        if trouve_t is None or not (perimetre.departement or trouve_t.pk in perimetre.territoire_ids):
            raise DomainError(
                "Ce territoire n'est pas dans votre périmètre d'observation.",
                code="hors_perimetre",
                extra={"champ": "territoire"},
            )
        return Niveau(territoire=trouve_t, dispositif=dispositif)
    perimetre = perimetre_observation(user)
    if perimetre.departement:
        return Niveau(dispositif=dispositif)
    territoires = [t for t in lieux.territoires if t.pk in perimetre.territoire_ids]
    if territoires:
        return Niveau(territoire=territoires[0], dispositif=dispositif)
    if lieux.sites:
        return Niveau(site=lieux.sites[0], dispositif=dispositif)
    raise DomainError("Aucun périmètre d'observation.", code="interdit")


@dataclass(frozen=True)
class Point:
    mois: datetime.date
    valeur: Decimal | None
    numerateur: Decimal | None
    denominateur: int | None


@dataclass(frozen=True)
class Serie:
    definition: Definition
    points: list[Point]

    @property
    def maximum(self) -> Decimal:
        return max((p.valeur for p in self.points if p.valeur is not None), default=Decimal(0))


@dataclass(frozen=True)
class LigneComparaison:
    libelle: str
    valeurs: dict[str, Decimal | None]


@dataclass(frozen=True)
class Comparaison:
    """Each sub-level of the chosen place (territories of the département, sites of a territory) at the
    last month of the period, and the chosen place itself as the reference (the département's average
    for the direction)."""

    mois: datetime.date
    titre_lieux: str
    lignes: list[LigneComparaison]
    reference: LigneComparaison | None


@dataclass(frozen=True)
class Tableau:
    niveau: Niveau
    du: datetime.date
    au: datetime.date
    mois: list[datetime.date]
    series: list[Serie]
    comparaison: Comparaison | None = None
    calcule_le: datetime.datetime | None = field(default=None)

    def serie(self, code: str) -> Serie:
        return next(s for s in self.series if s.definition.code == code)


def tableau_observation(user: AnyUser, *, niveau: Niveau, du: datetime.date, au: datetime.date) -> Tableau:
    """Every indicator of the catalogue month by month for the level, and the comparison of its
    sub-levels at the last month: two queries on the precomputed table, whatever the number of rows."""
    mois = mois_entre(du, au)
    lignes = list(
        Indicateur.objects.visible_by(user)
        .filter(niveau.filtre(), mois__gte=mois[0], mois__lte=mois[-1])
        .values_list("code", "mois", "valeur", "numerateur", "denominateur", "computed_at")
    )
    par_cle = {(code, m): (v, n, d) for code, m, v, n, d, _ in lignes}
    calcule_le = max((ligne[5] for ligne in lignes), default=None)
    series = []
    for definition in CATALOGUE:
        points = []
        for m in mois:
            v, n, d = par_cle.get((definition.code.value, m), (None, None, None))
            if v is None and definition.est_compte:
                v = Decimal(0)
            points.append(Point(m, v, n, d))
        series.append(Serie(definition, points))
    return Tableau(
        niveau=niveau,
        du=mois[0],
        au=mois[-1],
        mois=mois,
        series=series,
        comparaison=_comparaison(user, niveau, mois[-1]),
        calcule_le=calcule_le,
    )


def _comparaison(user: AnyUser, niveau: Niveau, mois: datetime.date) -> Comparaison | None:
    if niveau.site is not None:
        return None
    if niveau.territoire is None:
        condition = Q(site__isnull=True)  # the territories, and the département as the reference
        titre = "Territoires"
    else:
        condition = Q(territoire=niveau.territoire)
        titre = "Sites du territoire"
    lignes: dict[tuple[int | None, int | None], dict[str, Decimal | None]] = {}
    libelles: dict[tuple[int | None, int | None], str] = {}
    for code, territoire_id, territoire_nom, site_id, site_nom, v in (
        Indicateur.objects.visible_by(user)
        .filter(condition, mois=mois, dispositif=niveau.dispositif)
        .values_list("code", "territoire_id", "territoire__nom", "site_id", "site__nom", "valeur")
    ):
        cle = (territoire_id, site_id)
        lignes.setdefault(cle, {})[code] = v
        libelles[cle] = site_nom or territoire_nom or "Département"
    cle_reference = (niveau.territoire.pk if niveau.territoire else None, None)
    reference = None
    if cle_reference in lignes:
        valeurs = lignes.pop(cle_reference)
        nom = "Moyenne départementale" if niveau.territoire is None else f"{niveau.territoire.nom} (ensemble)"
        reference = LigneComparaison(nom, valeurs)
    ordonnees = sorted(lignes, key=lambda cle: libelles[cle])
    return Comparaison(
        mois=mois,
        titre_lieux=titre,
        lignes=[LigneComparaison(libelles[cle], lignes[cle]) for cle in ordonnees],
        reference=reference,
    )


# --- Exports ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableExport:
    titre: str
    entetes: list[str]
    lignes: list[list[object]]


def _valeur_affichee(definition: Definition, valeur: Decimal | None) -> object:
    return None if valeur is None else float(valeur) if definition.unite != Unite.NOMBRE else int(valeur)


def table_serie(tableau: Tableau, code: str) -> TableExport:
    """The table beside one chart: month, value, numerator, denominator."""
    serie = tableau.serie(code)
    definition = serie.definition
    return TableExport(
        titre=f"{definition.libelle} – {tableau.niveau.libelle}",
        entetes=["Mois", f"Valeur ({definition.unite.label})", "Numérateur", "Dénominateur"],
        lignes=[
            [
                f"{p.mois:%Y-%m}",
                _valeur_affichee(definition, p.valeur),
                None if p.numerateur is None else float(p.numerateur),
                p.denominateur,
            ]
            for p in serie.points
        ],
    )


def table_comparaison(tableau: Tableau) -> TableExport:
    comparaison = tableau.comparaison
    entetes = ["Lieu", *(f"{d.libelle} ({d.unite.label})" for d in CATALOGUE)]
    lignes: list[list[object]] = []
    if comparaison is not None:
        toutes = [*comparaison.lignes, *([comparaison.reference] if comparaison.reference else [])]
        for ligne in toutes:
            lignes.append(
                [ligne.libelle, *(_valeur_affichee(d, ligne.valeurs.get(d.code.value)) for d in CATALOGUE)]
            )
    return TableExport(
        titre=f"Comparaison – {tableau.niveau.libelle} – {tableau.au:%m/%Y}", entetes=entetes, lignes=lignes
    )


def est_secret(definition: Definition, ligne: Indicateur) -> bool:
    """Statistical secrecy: a count below 5 (zero included); a rate or a median whose numerator or
    denominator (the number of files) is below 5. The population of a per-1,000 rate is not a count of
    people followed: only its numerator counts."""
    if definition.est_compte:
        return ligne.valeur is not None and ligne.valeur < SEUIL_SECRET
    effectifs: list[Decimal | int | None] = [ligne.numerateur]
    if definition.unite != Unite.POUR_MILLE:
        effectifs.append(ligne.denominateur)
    return any(x is not None and x < SEUIL_SECRET for x in effectifs)


def _masquer(definition: Definition, ligne: Indicateur) -> tuple[object, object, object]:
    if est_secret(definition, ligne):
        return None, None, None
    return (
        None if ligne.numerateur is None else float(ligne.numerateur),
        ligne.denominateur,
        None if ligne.valeur is None else float(ligne.valeur),
    )


ENTETES_OPEN_DATA = [
    "indicateur",
    "libelle",
    "unite",
    "mois",
    "territoire",
    "site",
    "dispositif",
    "numerateur",
    "denominateur",
    "valeur",
    "secret_statistique",
]


def open_data(user: AnyUser, *, du: datetime.date, au: datetime.date) -> TableExport:
    """Aggregated indicators of the user's scope, for publication: no identifier (territory codes and
    site names only), every count below 5 masked, and every rate whose numerator or denominator is
    below 5 (``secret_statistique`` says so). One query."""
    lignes: list[list[object]] = []
    for ligne in (
        Indicateur.objects.visible_by(user)
        .filter(mois__gte=premier_du_mois(du), mois__lte=premier_du_mois(au))
        .select_related("territoire", "site")
        .order_by("code", "mois", "territoire__nom", "site__nom", "dispositif")
    ):
        definition = PAR_CODE[ligne.code]
        numerateur, denominateur, valeur = _masquer(definition, ligne)
        lignes.append(
            [
                ligne.code,
                definition.libelle,
                definition.unite.label,
                f"{ligne.mois:%Y-%m}",
                ligne.territoire.code if ligne.territoire else "departement",
                ligne.site.nom if ligne.site else "",
                ligne.dispositif or "tous",
                numerateur,
                denominateur,
                valeur,
                "oui" if valeur is None and ligne.valeur is not None else "non",
            ]
        )
    return TableExport(
        titre="Indicateurs agrégés (données ouvertes)", entetes=ENTETES_OPEN_DATA, lignes=lignes
    )


# --- Pseudonymised extract ----------------------------------------------------------------------------

ENTETES_EXTRAIT = [
    "pseudonyme",
    "annee_naissance",
    "sexe",
    "commune_insee",
    "dispositif",
    "date_reception",
    "date_ouverture",
    "date_cloture",
]


def pseudonyme(public_id: object, *, sel: str) -> str:
    """HMAC-SHA-256 of the person's ``public_id`` with the secret salt: stable across extracts (a study
    can follow a person), not reversible without the salt."""
    return hmac.new(sel.encode(), str(public_id).encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Extrait:
    table: TableExport
    # The person of each row (for the access journal; never in the file).
    lignes_personnes: list[uuid.UUID]

    @property
    def personne_ids(self) -> list[uuid.UUID]:
        return list(dict.fromkeys(self.lignes_personnes))


def extrait_pseudonymise(*, du: datetime.date, au: datetime.date, sel: str) -> Extrait:
    """One row per pathway open at some point of the period: pseudonym, birth year, sex, commune code,
    dispositif and dates; no name, no NIR, no identifier. Reserved to the direction
    (``can_extract_pseudonymise``); the caller journals the people's ids."""
    from parcours.models import Parcours

    if not sel:
        raise DomainError(
            "L'extraction pseudonymisée n'est pas configurée (sel secret PROCHE_OBSERVATION_SEL absent).",
            code="extrait_non_configure",
        )
    fin = mois_suivant(premier_du_mois(au))
    lignes: list[list[object]] = []
    personne_ids: list[uuid.UUID] = []
    for public_id, naissance, sexe, commune, dispositif, reception, ouverture, cloture in (
        Parcours.objects.filter(date_ouverture__lt=fin)
        .filter(Q(date_cloture__isnull=True) | Q(date_cloture__gte=premier_du_mois(du)))
        .order_by("id")
        .values_list(
            "personne__public_id",
            "personne__date_naissance",
            "personne__sexe",
            "personne__commune__code_insee",
            "dispositif",
            "date_reception",
            "date_ouverture",
            "date_cloture",
        )
    ):
        personne_ids.append(public_id)
        lignes.append(
            [
                pseudonyme(public_id, sel=sel),
                naissance.year,
                sexe,
                commune,
                dispositif,
                reception.isoformat(),
                ouverture.isoformat(),
                cloture.isoformat() if cloture else "",
            ]
        )
    return Extrait(
        table=TableExport(titre="Extraction pseudonymisée", entetes=ENTETES_EXTRAIT, lignes=lignes),
        lignes_personnes=personne_ids,
    )


def codes_indicateurs() -> Iterable[str]:
    return CodeIndicateur.values
