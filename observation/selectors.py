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

from django.db.models import Exists, OuterRef, Q

from observation.calculs import mois_suivant, premier_du_mois
from observation.catalogue import CATALOGUE, PAR_CODE, Definition
from observation.enums import CodeIndicateur, Unite
from observation.models import Indicateur
from observation.permissions import AnyUser, perimetre_observation
from parcours.enums import Dispositif
from parcours.models import OrientationPartenaire
from social.exceptions import DomainError
from social.models import Organisation, Site, Territoire

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
    """The territories and sites a user may pick (her scope), and the partner organisations whose
    referral figures she may read (the direction: every one that received a referral; a partner member:
    hers)."""

    departement: bool
    territoires: list[Territoire]
    sites: list[Site]
    organisations: list[Organisation] = field(default_factory=list)

    @property
    def partenaire_seulement(self) -> bool:
        return not (self.departement or self.territoires or self.sites) and bool(self.organisations)


def lieux_visibles(user: AnyUser) -> Lieux:
    perimetre = perimetre_observation(user)
    if perimetre.departement:
        return Lieux(
            True,
            list(Territoire.objects.all()),
            list(Site.objects.select_related("territoire")),
            list(
                Organisation.objects.filter(
                    Exists(OrientationPartenaire.objects.filter(organisation_id=OuterRef("pk")))
                ).order_by("nom")
            ),
        )
    return Lieux(
        False,
        list(Territoire.objects.filter(pk__in=perimetre.territoire_ids)),
        list(Site.objects.filter(pk__in=perimetre.site_ids).select_related("territoire")),
        list(Organisation.objects.filter(pk__in=perimetre.organisation_ids).order_by("nom")),
    )


@dataclass(frozen=True)
class Niveau:
    """Where the figures are read: the département, a territory or a site, one dispositif or all; or a
    partner organisation (its referral figures, département-wide)."""

    territoire: Territoire | None = None
    site: Site | None = None
    dispositif: str = ""
    organisation: Organisation | None = None

    @property
    def libelle(self) -> str:
        if self.organisation is not None:
            return f"{self.organisation.nom} – orientations reçues"
        lieu = self.site.nom if self.site else self.territoire.nom if self.territoire else "Département"
        if self.dispositif:
            return f"{lieu} – {Dispositif(self.dispositif).label}"
        return f"{lieu} – tous dispositifs"

    def filtre(self) -> Q:
        if self.organisation is not None:
            return Q(organisation=self.organisation, territoire=None, site=None, dispositif="", categorie="")
        return Q(
            territoire=self.site.territoire if self.site else self.territoire,
            site=self.site,
            dispositif=self.dispositif,
            organisation=None,
            categorie="",
        )

    def definitions(self) -> list[Definition]:
        """The indicators shown at this level, one series each (the thématique breakdown is a table of
        its own)."""
        if self.organisation is not None:
            return [d for d in CATALOGUE if d.par_organisation]
        return [
            d
            for d in CATALOGUE
            if not d.par_categorie
            and (d.par_site or self.site is None)
            and (d.par_territoire or (self.site is None and self.territoire is None))
            and (d.par_dispositif or not self.dispositif)
        ]


def niveau_choisir(
    user: AnyUser,
    lieux: Lieux,
    *,
    territoire: str = "",
    site: int | None = None,
    dispositif: str = "",
    organisation: int | None = None,
) -> Niveau:
    """The level asked for (a territory code, a site id, an organisation id), within the user's scope; by
    default her widest one (the département, her territory, her first site, her first organisation). Out
    of scope: ``DomainError``."""
    if dispositif and dispositif not in Dispositif.values:
        raise DomainError("Dispositif inconnu.", code="dispositif_inconnu", extra={"champ": "dispositif"})
    if organisation is not None or lieux.partenaire_seulement:
        trouvee = next((o for o in lieux.organisations if organisation is None or o.pk == organisation), None)
        if trouvee is None:
            raise DomainError(
                "Cette organisation n'est pas dans votre périmètre d'observation.",
                code="hors_perimetre",
                extra={"champ": "organisation"},
            )
        return Niveau(organisation=trouvee)
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
class LigneRepartition:
    categorie: str
    libelle: str
    nombre: int


@dataclass(frozen=True)
class Tableau:
    niveau: Niveau
    du: datetime.date
    au: datetime.date
    mois: list[datetime.date]
    series: list[Serie]
    comparaison: Comparaison | None = None
    calcule_le: datetime.datetime | None = field(default=None)
    # Referrals of the period per thématique (département or territory levels).
    thematiques: list[LigneRepartition] = field(default_factory=list)
    # Each partner organisation's referral figures at the last month (the direction's, or a partner's
    # own organisations).
    organisations: Comparaison | None = None

    def serie(self, code: str) -> Serie:
        return next(s for s in self.series if s.definition.code == code)


def tableau_observation(user: AnyUser, *, niveau: Niveau, du: datetime.date, au: datetime.date) -> Tableau:
    """Every indicator of the level month by month, the comparison of its sub-levels and of the partner
    organisations at the last month, and the referrals per thématique over the period: a constant number
    of queries on the precomputed table, whatever the number of rows."""
    mois = mois_entre(du, au)
    lignes = list(
        Indicateur.objects.visible_by(user)
        .filter(niveau.filtre(), mois__gte=mois[0], mois__lte=mois[-1])
        .values_list("code", "mois", "valeur", "numerateur", "denominateur", "computed_at")
    )
    par_cle = {(code, m): (v, n, d) for code, m, v, n, d, _ in lignes}
    calcule_le = max((ligne[5] for ligne in lignes), default=None)
    series = []
    for definition in niveau.definitions():
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
        thematiques=_thematiques(user, niveau, mois[0], mois[-1]),
        organisations=_organisations(user, niveau, mois[-1]),
    )


def _thematiques(
    user: AnyUser, niveau: Niveau, du: datetime.date, au: datetime.date
) -> list[LigneRepartition]:
    """Referrals of the period per thématique category, at the département or territory level (two
    queries: the figures, the labels)."""
    from guide_ressources.enums import Taxonomie
    from guide_ressources.models import Terme

    if niveau.organisation is not None or niveau.site is not None or niveau.dispositif:
        return []
    totaux: dict[str, int] = {}
    for categorie, v in (
        Indicateur.objects.visible_by(user)
        .filter(
            code=CodeIndicateur.ORIENTATIONS_THEMATIQUE,
            territoire=niveau.territoire,
            site=None,
            mois__gte=du,
            mois__lte=au,
        )
        .values_list("categorie", "valeur")
    ):
        totaux[categorie] = totaux.get(categorie, 0) + int(v or 0)
    libelles = dict(
        Terme.objects.filter(taxonomie=Taxonomie.CATEGORIES_THEMATIQUES).values_list("valeur", "libelle")
    )
    return sorted(
        (LigneRepartition(c, libelles.get(c, c), n) for c, n in totaux.items()),
        key=lambda ligne: (-ligne.nombre, ligne.libelle),
    )


def _organisations(user: AnyUser, niveau: Niveau, mois: datetime.date) -> Comparaison | None:
    """Each visible organisation's referral figures at the last month (one query): the direction's
    view of the partners at the département level, a partner's own organisations."""
    if niveau.organisation is None and (niveau.territoire is not None or niveau.site is not None):
        return None
    lignes: dict[int, dict[str, Decimal | None]] = {}
    libelles: dict[int, str] = {}
    for code, organisation_id, nom, v in (
        Indicateur.objects.visible_by(user)
        .filter(organisation__isnull=False, mois=mois)
        .values_list("code", "organisation_id", "organisation__nom", "valeur")
    ):
        lignes.setdefault(organisation_id, {})[code] = v
        libelles[organisation_id] = nom
    if not lignes:
        return None
    return Comparaison(
        mois=mois,
        titre_lieux="Organisations partenaires",
        lignes=[LigneComparaison(libelles[o], lignes[o]) for o in sorted(lignes, key=lambda o: libelles[o])],
        reference=None,
    )


def _comparaison(user: AnyUser, niveau: Niveau, mois: datetime.date) -> Comparaison | None:
    if niveau.site is not None or niveau.organisation is not None:
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
        .filter(condition, mois=mois, dispositif=niveau.dispositif, organisation=None, categorie="")
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


def _table_lieux(
    titre: str, premier: str, comparaison: Comparaison | None, definitions: list[Definition]
) -> TableExport:
    entetes = [premier, *(f"{d.libelle} ({d.unite.label})" for d in definitions)]
    lignes: list[list[object]] = []
    if comparaison is not None:
        toutes = [*comparaison.lignes, *([comparaison.reference] if comparaison.reference else [])]
        for ligne in toutes:
            lignes.append(
                [ligne.libelle, *(_valeur_affichee(d, ligne.valeurs.get(d.code.value)) for d in definitions)]
            )
    return TableExport(titre=titre, entetes=entetes, lignes=lignes)


def table_comparaison(tableau: Tableau) -> TableExport:
    return _table_lieux(
        f"Comparaison – {tableau.niveau.libelle} – {tableau.au:%m/%Y}",
        "Lieu",
        tableau.comparaison,
        [d for d in CATALOGUE if not d.par_categorie],
    )


def table_organisations(tableau: Tableau) -> TableExport:
    return _table_lieux(
        f"Organisations partenaires – {tableau.au:%m/%Y}",
        "Organisation",
        tableau.organisations,
        [d for d in CATALOGUE if d.par_organisation],
    )


def table_thematiques(tableau: Tableau) -> TableExport:
    return TableExport(
        titre=(
            f"Orientations par thématique – {tableau.niveau.libelle} – "
            f"{tableau.du:%m/%Y} à {tableau.au:%m/%Y}"
        ),
        entetes=["Thématique", "Code", "Orientations"],
        lignes=[[ligne.libelle, ligne.categorie, ligne.nombre] for ligne in tableau.thematiques],
    )


def est_secret(definition: Definition, ligne: Indicateur) -> bool:
    """Primary statistical secrecy of one figure: a count below 5 (zero included); a rate, a median or an
    average whose numerator or denominator (the number of files) is below 5; an amount granted to fewer
    than 5 files. The population of a per-1,000 rate is not a count of people followed: only its
    numerator counts (an amount per 1,000 and an index follow the grants they stand on,
    ``Definition.secret_lie_a``)."""
    if definition.est_compte:
        return ligne.valeur is not None and ligne.valeur < SEUIL_SECRET
    effectifs: list[Decimal | int | None]
    if definition.unite == Unite.POUR_MILLE:
        effectifs = [ligne.numerateur]
    elif definition.unite in (Unite.EUROS_POUR_MILLE, Unite.INDICE):
        effectifs = []
    elif definition.unite == Unite.EUROS:
        effectifs = [ligne.denominateur]
    else:
        effectifs = [ligne.numerateur, ligne.denominateur]
    return any(x is not None and x < SEUIL_SECRET for x in effectifs)


# One figure: code, month, territory, site, dispositif, organisation, thématique.
Cle = tuple[str, datetime.date, int | None, int | None, str, int | None, str]


def cle_de(ligne: Indicateur) -> Cle:
    return (
        ligne.code,
        ligne.mois,
        ligne.territoire_id,
        ligne.site_id,
        ligne.dispositif,
        ligne.organisation_id,
        ligne.categorie,
    )


def _parents(cle: Cle) -> list[tuple[Cle, str]]:
    """The totals a figure adds up into, each with the kind of breakdown (a group of siblings):
    dispositifs into "all"; sites into their territory (or the département for a site without one);
    territories into the département; organisations into the département; a thématique's territories
    into its département figure."""
    code, mois, territoire, site, dispositif, organisation, categorie = cle
    if organisation is not None:
        return [((code, mois, None, None, "", None, ""), "organisations")]
    if categorie:
        return [((code, mois, None, None, "", None, categorie), "lieux")] if territoire is not None else []
    parents: list[tuple[Cle, str]] = []
    if dispositif:
        parents.append(((code, mois, territoire, site, "", None, ""), "dispositifs"))
    if site is not None:
        parents.append(((code, mois, territoire, None, dispositif, None, ""), "lieux"))
    elif territoire is not None:
        parents.append(((code, mois, None, None, dispositif, None, ""), "lieux"))
    return parents


def _poids(definition: Definition, ligne: Indicateur) -> Decimal:
    """How many files a figure stands on (to pick the smallest sibling to mask)."""
    if definition.est_compte or ligne.denominateur is None:
        return ligne.valeur or Decimal(0)
    return Decimal(ligne.denominateur)


def masquer_secret(lignes: list[Indicateur]) -> set[Cle]:
    """The figures to mask for publication: every figure under primary secrecy (``est_secret``), every
    figure linked to a masked one at the same level (``Definition.secret_lie_a``), and the complementary
    masks that stop a masked figure being recomputed from published totals: in every breakdown whose
    total is published, a single masked part (or masked counts adding up to less than 5) gets its
    smallest published sibling masked too (the total itself when there is none). Repeated until
    stable: each mask may open another breakdown."""
    par_cle = {cle_de(ligne): ligne for ligne in lignes}
    masques = {cle for cle, ligne in par_cle.items() if est_secret(PAR_CODE[ligne.code], ligne)}
    groupes: dict[tuple[Cle, str], list[Cle]] = {}
    for cle in par_cle:
        for parent, sorte in _parents(cle):
            if parent in par_cle:
                groupes.setdefault((parent, sorte), []).append(cle)
    lies = [
        (cle, [(code.value, *cle[1:]) for code in PAR_CODE[cle[0]].secret_lie_a])
        for cle in par_cle
        if PAR_CODE[cle[0]].secret_lie_a
    ]
    # Top-down and in a fixed order (the result must not depend on the rows' order): the breakdowns of
    # the département first, then of the territories, then of the sites; "all dispositifs" before each
    # dispositif. A part masked for a wider breakdown then already counts when its own breakdown is seen.
    ordre = sorted(
        groupes.items(),
        key=lambda item: (
            item[0][0][3] is not None,
            item[0][0][2] is not None,
            item[0][0][4] != "",
            item[0][1],
            str(item[0][0]),
        ),
    )
    change = True
    while change:
        change = False
        for cle, autres in lies:
            if cle not in masques and any(autre in masques for autre in autres):
                masques.add(cle)
                change = True
        for (parent, _sorte), enfants in ordre:
            if parent in masques:
                continue
            caches = [e for e in enfants if e in masques]
            if not caches:
                continue
            definition = PAR_CODE[parent[0]]
            somme_faible = definition.est_compte and (
                sum((par_cle[e].valeur or Decimal(0)) for e in caches) < SEUIL_SECRET
            )
            if len(caches) >= 2 and not somme_faible:
                continue
            visibles = [e for e in enfants if e not in masques]
            if visibles:
                masques.add(min(visibles, key=lambda e: (_poids(definition, par_cle[e]), str(e))))
            else:
                masques.add(parent)
            change = True
    return masques


ENTETES_OPEN_DATA = [
    "indicateur",
    "libelle",
    "unite",
    "mois",
    "territoire",
    "site",
    "dispositif",
    "thematique",
    "numerateur",
    "denominateur",
    "valeur",
    "secret_statistique",
]


def open_data(user: AnyUser, *, du: datetime.date, au: datetime.date) -> TableExport:
    """Aggregated indicators of the user's scope, for publication: no identifier (territory codes and
    site names only; no organisation figure: an organisation is not a statistical unit of the
    publication), statistical secrecy applied (``masquer_secret``, computed on the whole département's
    figures so that two scopes' exports never mask differently), ``secret_statistique`` says so. Two
    queries."""
    premier, dernier = premier_du_mois(du), premier_du_mois(au)
    toutes = list(
        Indicateur.objects.filter(mois__gte=premier, mois__lte=dernier)
        .select_related("territoire", "site")
        .order_by("pk")
    )
    masques = masquer_secret(toutes)
    visibles = set(
        Indicateur.objects.visible_by(user)
        .filter(mois__gte=premier, mois__lte=dernier, organisation__isnull=True)
        .values_list("pk", flat=True)
    )
    publiees = sorted(
        (ligne for ligne in toutes if ligne.pk in visibles),
        key=lambda ligne: (
            ligne.code,
            ligne.mois,
            ligne.territoire.nom if ligne.territoire else "",
            ligne.site.nom if ligne.site else "",
            ligne.dispositif,
            ligne.categorie,
        ),
    )
    lignes: list[list[object]] = []
    for ligne in publiees:
        definition = PAR_CODE[ligne.code]
        secret = cle_de(ligne) in masques
        lignes.append(
            [
                ligne.code,
                definition.libelle,
                definition.unite.label,
                f"{ligne.mois:%Y-%m}",
                ligne.territoire.code if ligne.territoire else "departement",
                ligne.site.nom if ligne.site else "",
                ligne.dispositif or "tous",
                ligne.categorie or "toutes",
                None if secret or ligne.numerateur is None else float(ligne.numerateur),
                None if secret else ligne.denominateur,
                None if secret or ligne.valeur is None else float(ligne.valeur),
                "oui" if secret else "non",
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
