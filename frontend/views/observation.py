"""The « Atlas des solidarités »: the observation dashboard of a manager's or the direction's scope,
its exports (CSV, XLSX, open data) and the direction's pseudonymised extract.

Pages read only the precomputed ``observation.Indicateur`` rows (``observation.selectors``): a constant
number of queries. Charts are inline SVG drawn here (no JavaScript), each with a title, a description and
the same figures in a table beside it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import date as filtre_date
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from frontend.acces import contexte_acces, utilisateur
from frontend.decorators import connexion_requise
from observation.calculs import premier_du_mois
from observation.catalogue import CATALOGUE, PAR_CODE, Definition
from observation.enums import GroupeIndicateurs, Unite
from observation.exportation import en_csv, en_xlsx
from observation.permissions import can_extract_pseudonymise, can_view_observation
from observation.selectors import (
    Lieux,
    LigneComparaison,
    Niveau,
    Serie,
    Tableau,
    TableExport,
    extrait_pseudonymise,
    lieux_visibles,
    niveau_choisir,
    open_data,
    table_comparaison,
    table_organisations,
    table_serie,
    table_thematiques,
    tableau_observation,
)
from parcours.enums import Dispositif
from social.actions.journal import journal_enregistrer
from social.enums import OperationJournal
from social.exceptions import DomainError

MOIS_MAXIMUM = 60
# The exportable tables besides each indicator's.
TABLES_SPECIALES = ("comparaison", "organisations", "thematiques")
COMPARES = [d for d in CATALOGUE if not d.par_categorie]
PAR_ORGANISATION = [d for d in CATALOGUE if d.par_organisation]
_FORMATS = {
    "csv": ("text/csv; charset=utf-8", en_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", en_xlsx),
}


def _mois_par_defaut() -> tuple[datetime.date, datetime.date]:
    au = premier_du_mois(timezone.localdate())
    du = datetime.date(au.year - 1, au.month, 1)
    return du, au


class ChampMois(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "AAAA-MM"})

    def to_python(self, value: Any) -> datetime.date | None:  # type: ignore[override]
        texte = super().to_python(value)
        if not texte:
            return None
        try:
            annee, mois = (int(x) for x in texte.split("-"))
            return datetime.date(annee, mois, 1)
        except ValueError as exc:
            raise forms.ValidationError("Saisissez un mois au format AAAA-MM (par exemple 2025-03).") from exc


class FiltresObservationForm(forms.Form):
    du = ChampMois(label="Du mois", required=False, help_text="Format AAAA-MM.")
    au = ChampMois(label="Au mois (inclus)", required=False, help_text="Format AAAA-MM.")
    territoire = forms.ChoiceField(label="Territoire", required=False)
    site = forms.ChoiceField(label="Site", required=False)
    dispositif = forms.ChoiceField(
        label="Dispositif", required=False, choices=[("", "Tous les dispositifs"), *Dispositif.choices]
    )
    comparer = forms.ChoiceField(
        label="Indicateur comparé entre lieux",
        required=False,
        choices=[(d.code.value, d.libelle) for d in CATALOGUE if not d.par_categorie],
    )
    organisation = forms.ChoiceField(label="Organisation partenaire (orientations reçues)", required=False)

    def __init__(self, *args: Any, lieux: Lieux, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ChoiceField)
        organisation.choices = [
            *([] if lieux.partenaire_seulement else [("", "Aucune : les lieux")]),
            *((str(o.pk), o.nom) for o in lieux.organisations),
        ]
        organisation.error_messages["invalid_choice"] = (
            "Cette organisation n'est pas dans votre périmètre d'observation."
        )
        if not lieux.organisations:
            del self.fields["organisation"]
        if lieux.partenaire_seulement:
            # A partner member sees her organisations' referral figures only: no place to pick.
            for nom in ("territoire", "site", "dispositif", "comparer"):
                del self.fields[nom]
            return
        territoire, site = self.fields["territoire"], self.fields["site"]
        assert isinstance(territoire, forms.ChoiceField) and isinstance(site, forms.ChoiceField)
        territoire.choices = [
            ("", "Tout le département" if lieux.departement else "Mon périmètre"),
            *((t.code, t.nom) for t in lieux.territoires),
        ]
        site.choices = [("", "Tous les sites"), *((str(s.pk), s.nom) for s in lieux.sites)]
        self.fields["territoire"].error_messages["invalid_choice"] = (
            "Ce territoire n'est pas dans votre périmètre d'observation."
        )
        self.fields["site"].error_messages["invalid_choice"] = (
            "Ce site n'est pas dans votre périmètre d'observation."
        )

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        defaut_du, defaut_au = _mois_par_defaut()
        du = donnees.get("du") or defaut_du
        au = donnees.get("au") or defaut_au
        if "du" in donnees and "au" in donnees:
            if du > au:
                self.add_error("au", "Le mois de fin doit suivre le mois de début.")
            elif (au.year - du.year) * 12 + au.month - du.month >= MOIS_MAXIMUM:
                self.add_error("du", f"La période ne peut pas dépasser {MOIS_MAXIMUM} mois.")
        donnees["du"], donnees["au"] = du, au
        return donnees


@dataclass(frozen=True)
class Barre:
    x: float
    y: float
    largeur: float
    hauteur: float
    etiquette: str
    texte: str

    @property
    def x_etiquette(self) -> float:
        return self.x - 8

    @property
    def x_texte(self) -> float:
        return round(self.x + self.largeur + 6, 1)


@dataclass(frozen=True)
class Graphique:
    """An SVG bar chart (months as vertical bars, places as horizontal bars), coordinates precomputed."""

    identifiant: str
    titre: str
    description: str
    largeur: int
    hauteur: int
    barres: list[Barre]
    maximum: str
    reference: float | None = None
    reference_texte: str = ""

    @property
    def x_axe_fin(self) -> int:
        return self.largeur - 8

    @property
    def y_reference_fin(self) -> int:
        return self.hauteur - 20

    @property
    def y_reference_texte(self) -> int:
        return self.hauteur - 6


def formater(valeur: Decimal | None, unite: str) -> str:
    """French number format with the unit: 66,7 %, 40 j, 0,15 ‰, 1 234."""
    if valeur is None:
        return "–"
    if unite == Unite.NOMBRE:
        return f"{int(valeur):,}".replace(",", "\u202f")
    decimales = 2 if unite in (Unite.POUR_MILLE, Unite.EUROS, Unite.EUROS_POUR_MILLE) else 1
    texte = f"{valeur:,.{decimales}f}".replace(",", "\u202f").replace(".", ",")
    suffixe = {
        Unite.POURCENTAGE: "\u00a0%",
        Unite.JOURS: "\u00a0j",
        Unite.POUR_MILLE: "\u00a0‰",
        Unite.EUROS: "\u00a0€",
        Unite.EUROS_POUR_MILLE: "\u00a0€ pour 1\u00a0000\u00a0hab.",
    }.get(Unite(unite), "")
    return texte + suffixe


def svg(graphique: Graphique, *, horizontal: bool) -> SafeString:
    """The chart as inline SVG (``role="img"``, a title and a description), written here rather than in
    a template: the dashboard draws some thirty of them and the template engine made it slow. Numbers
    are written as they are; every text goes through ``escape``."""
    g, e = graphique, escape
    i = e(g.identifiant)
    morceaux = [
        f'<svg class="graphique" viewBox="0 0 {g.largeur} {g.hauteur}" width="100%" role="img" '
        f'aria-labelledby="{i}-titre {i}-desc" focusable="false">'
        f'<title id="{i}-titre">{e(g.titre)}</title><desc id="{i}-desc">{e(g.description)}</desc>'
    ]
    if horizontal:
        for b in g.barres:
            morceaux.append(
                f'<text x="{b.x_etiquette}" y="{b.y}" dy="13" text-anchor="end" font-size="12" '
                f'fill="#161616">{e(b.etiquette)}</text>'
                f'<rect x="{b.x}" y="{b.y}" width="{b.largeur}" height="{b.hauteur}" fill="#000091"></rect>'
                f'<text x="{b.x_texte}" y="{b.y}" dy="13" font-size="12" fill="#161616">{e(b.texte)}</text>'
            )
        if g.reference is not None:
            morceaux.append(
                f'<line x1="{g.reference}" x2="{g.reference}" y1="2" y2="{g.y_reference_fin}" '
                'stroke="#ce0500" stroke-width="2" stroke-dasharray="6 3"></line>'
                f'<text x="{g.reference}" y="{g.y_reference_texte}" text-anchor="middle" font-size="12" '
                f'fill="#ce0500">Référence : {e(g.reference_texte)}</text>'
            )
    else:
        morceaux.append(
            f'<line x1="56" x2="{g.x_axe_fin}" y1="176" y2="176" stroke="#666666"></line>'
            f'<text x="50" y="20" text-anchor="end" font-size="11" fill="#3a3a3a">{e(g.maximum)}</text>'
            '<text x="50" y="176" text-anchor="end" font-size="11" fill="#3a3a3a">0</text>'
        )
        for b in g.barres:
            morceaux.append(
                f'<rect x="{b.x}" y="{b.y}" width="{b.largeur}" height="{b.hauteur}" fill="#000091"></rect>'
            )
            if b.etiquette:
                morceaux.append(
                    f'<text x="{b.x}" y="194" font-size="10" fill="#3a3a3a">{e(b.etiquette)}</text>'
                )
    morceaux.append("</svg>")
    return mark_safe("".join(morceaux))  # noqa: S308 (numbers, and texts through escape)


def _numerateur(valeur: Decimal) -> str:
    """As ``floatformat:"-2"`` (an integer without decimals, otherwise two), without its cost."""
    if valeur == valeur.to_integral_value():
        return str(int(valeur))
    return f"{valeur:.2f}".replace(".", ",")


def lignes_lieux(lignes: list[LigneComparaison], definitions: list[Definition]) -> list[SafeString]:
    """The rows of a comparison table (one place or organisation per row, one indicator per column)."""
    return [
        mark_safe(  # noqa: S308 (texts through escape)
            f'<th scope="row">{escape(ligne.libelle)}</th>'
            + "".join(
                f'<td class="nombre">{escape(formater(ligne.valeurs.get(d.code.value), d.unite))}</td>'
                for d in definitions
            )
        )
        for ligne in lignes
    ]


def lignes_serie(serie: Serie, libelles_mois: dict[datetime.date, str]) -> SafeString:
    """The rows of the table beside a trend chart (month, value, numerator, denominator)."""
    unite, e = serie.definition.unite, escape
    lignes = [
        f'<tr><th scope="row" data-mois="{p.mois:%Y-%m}">{e(libelles_mois[p.mois])}</th>'
        f'<td class="nombre" data-valeur="{"" if p.valeur is None else p.valeur}">'
        f"{e(formater(p.valeur, unite))}</td>"
        f'<td class="nombre">{"–" if p.numerateur is None else _numerateur(p.numerateur)}</td>'
        f'<td class="nombre">{"–" if p.denominateur is None else p.denominateur}</td></tr>'
        for p in serie.points
    ]
    return mark_safe("".join(lignes))  # noqa: S308 (numbers, and texts through escape)


def _graphique_tendance(serie: Serie, niveau: Niveau) -> Graphique:
    largeur, hauteur, gauche, bas, haut = 640, 220, 56, 28, 16
    zone_l, zone_h = largeur - gauche - 8, hauteur - bas - haut
    n = max(len(serie.points), 1)
    pas = zone_l / n
    maximum = serie.maximum or Decimal(1)
    barres = []
    for i, point in enumerate(serie.points):
        v = point.valeur or Decimal(0)
        h = float(v / maximum) * zone_h
        barres.append(
            Barre(
                x=round(gauche + i * pas + pas * 0.15, 1),
                y=round(haut + zone_h - h, 1),
                largeur=round(pas * 0.7, 1),
                hauteur=round(h, 1),
                etiquette=f"{point.mois:%m/%y}" if n <= 13 or i % max(n // 12, 1) == 0 else "",
                texte=formater(point.valeur, serie.definition.unite),
            )
        )
    code = serie.definition.code.value
    premier, dernier = serie.points[0], serie.points[-1]
    return Graphique(
        identifiant=f"graphique-{code}",
        titre=f"{serie.definition.libelle} – {niveau.libelle}",
        description=(
            f"Diagramme en barres, un mois par barre, de {premier.mois:%m/%Y} à {dernier.mois:%m/%Y} : "
            f"{formater(premier.valeur, serie.definition.unite)} au début, "
            f"{formater(dernier.valeur, serie.definition.unite)} à la fin, maximum "
            f"{formater(serie.maximum, serie.definition.unite)}. Les valeurs sont dans le tableau qui suit."
        ),
        largeur=largeur,
        hauteur=hauteur,
        barres=barres,
        maximum=formater(serie.maximum, serie.definition.unite),
    )


def _graphique_comparaison(tableau: Tableau, definition: Definition) -> Graphique | None:
    comparaison = tableau.comparaison
    if comparaison is None or not comparaison.lignes:
        return None
    code = definition.code.value
    valeurs = [ligne.valeurs.get(code) for ligne in comparaison.lignes]
    reference = comparaison.reference.valeurs.get(code) if comparaison.reference else None
    maximum = max([v for v in [*valeurs, reference] if v is not None], default=Decimal(0)) or Decimal(1)
    gauche, ligne_h, largeur = 230, 28, 640
    zone_l = largeur - gauche - 90
    barres = []
    for i, (ligne, v) in enumerate(zip(comparaison.lignes, valeurs, strict=True)):
        longueur = float((v or Decimal(0)) / maximum) * zone_l
        barres.append(
            Barre(
                x=gauche,
                y=8 + i * ligne_h,
                largeur=round(longueur, 1),
                hauteur=ligne_h - 10,
                etiquette=ligne.libelle[:32],
                texte=formater(v, definition.unite),
            )
        )
    hauteur = 8 + len(barres) * ligne_h + 24
    return Graphique(
        identifiant=f"comparaison-{code}",
        titre=f"{definition.libelle} en {comparaison.mois:%m/%Y} : {comparaison.titre_lieux.lower()}",
        description=(
            "Barres horizontales, une par lieu"
            + (
                f", la ligne verticale marque la référence ({comparaison.reference.libelle})"
                if comparaison.reference is not None and reference is not None
                else ""
            )
            + ". Les valeurs sont dans le tableau qui suit."
        ),
        largeur=largeur,
        hauteur=hauteur,
        barres=barres,
        maximum=formater(maximum, definition.unite),
        reference=round(gauche + float(reference / maximum) * zone_l, 1) if reference is not None else None,
        reference_texte=formater(reference, definition.unite) if reference is not None else "",
    )


@dataclass(frozen=True)
class Filtre:
    niveau: Niveau
    du: datetime.date
    au: datetime.date
    comparer: str
    parametres: str


def _filtrer(request: HttpRequest) -> tuple[FiltresObservationForm, Lieux, Filtre | None]:
    """Parse the filters within the user's scope (403 for a role that has no scope)."""
    user = utilisateur(request)
    if not can_view_observation(user):
        raise PermissionDenied
    lieux = lieux_visibles(user)
    form = FiltresObservationForm(request.GET, lieux=lieux)
    if not form.is_valid():
        return form, lieux, None
    donnees = form.cleaned_data
    try:
        niveau = niveau_choisir(
            user,
            lieux,
            territoire=donnees.get("territoire", ""),
            site=int(donnees["site"]) if donnees.get("site") else None,
            dispositif=donnees.get("dispositif", ""),
            organisation=int(donnees["organisation"]) if donnees.get("organisation") else None,
        )
    except DomainError as exc:
        champ = exc.extra.get("champ")
        form.add_error(champ if champ in form.fields else None, exc.message)
        return form, lieux, None
    parametres = request.GET.copy()
    parametres.pop("table", None)
    return (
        form,
        lieux,
        Filtre(
            niveau=niveau,
            du=donnees["du"],
            au=donnees["au"],
            comparer=donnees.get("comparer", ""),
            parametres=parametres.urlencode(),
        ),
    )


@require_GET
@connexion_requise
def observation_tableau_de_bord(request: HttpRequest) -> HttpResponse:
    form, _lieux, filtre = _filtrer(request)
    contexte: dict[str, Any] = {"form": form, "filtre": filtre}
    if filtre is None:
        return render(request, "frontend/observation/tableau_de_bord.html", contexte, status=400)
    user = utilisateur(request)
    tableau = tableau_observation(user, niveau=filtre.niveau, du=filtre.du, au=filtre.au)
    libelles_mois = {m: filtre_date(m, "F Y") for m in tableau.mois}
    groupes = []
    for groupe in GroupeIndicateurs:
        cartes = [
            {
                "serie": serie,
                "svg": svg(_graphique_tendance(serie, filtre.niveau), horizontal=False),
                "lignes": lignes_serie(serie, libelles_mois),
            }
            for serie in tableau.series
            if serie.definition.groupe == groupe
        ]
        groupes.append({"groupe": groupe, "cartes": cartes})
    compare = PAR_CODE.get(filtre.comparer) or (
        PAR_CODE["parcours_ouverts_pour_mille"]
        if filtre.niveau.territoire is None
        else PAR_CODE["parcours_ouverts"]
    )
    comparaison_lignes = []
    if tableau.comparaison is not None:
        toutes = [
            *tableau.comparaison.lignes,
            *([tableau.comparaison.reference] if tableau.comparaison.reference else []),
        ]
        comparaison_lignes = lignes_lieux(toutes, COMPARES)
    organisations_lignes = []
    if tableau.organisations is not None:
        organisations_lignes = lignes_lieux(tableau.organisations.lignes, PAR_ORGANISATION)
    contexte.update(
        {
            "tableau": tableau,
            "groupes": [bloc for bloc in groupes if bloc["cartes"]],
            "catalogue": COMPARES,
            "indicateurs_organisation": PAR_ORGANISATION,
            "compare": compare,
            "graphique_comparaison": (
                svg(graphique, horizontal=True)
                if (graphique := _graphique_comparaison(tableau, compare)) is not None
                else None
            ),
            "comparaison_lignes": comparaison_lignes,
            "organisations_lignes": organisations_lignes,
            "extrait_permis": can_extract_pseudonymise(user),
            "open_data_permis": filtre.niveau.organisation is None,
            "note_thematiques": PAR_CODE["orientations_thematique"].note,
        }
    )
    return render(request, "frontend/observation/tableau_de_bord.html", contexte)


def _fichier(table: TableExport, format_: str, nom: str) -> HttpResponse:
    type_mime, ecrire = _FORMATS[format_]
    reponse = HttpResponse(ecrire(table), content_type=type_mime)
    reponse["Content-Disposition"] = f'attachment; filename="{nom}.{format_}"'
    return reponse


@require_GET
@connexion_requise
def observation_export(request: HttpRequest, table: str, format_: str) -> HttpResponse:
    """One dashboard table (``table``: an indicator code or ``comparaison``) as CSV or XLSX, same scope
    and filters as the page."""
    if format_ not in _FORMATS or (table not in TABLES_SPECIALES and table not in PAR_CODE):
        raise Http404
    _form, _lieux, filtre = _filtrer(request)
    if filtre is None:
        return HttpResponse("Filtres invalides.", status=400, content_type="text/plain; charset=utf-8")
    if table in PAR_CODE and PAR_CODE[table] not in filtre.niveau.definitions():
        raise Http404
    tableau = tableau_observation(utilisateur(request), niveau=filtre.niveau, du=filtre.du, au=filtre.au)
    if table == "comparaison":
        contenu = table_comparaison(tableau)
    elif table == "organisations":
        contenu = table_organisations(tableau)
    elif table == "thematiques":
        contenu = table_thematiques(tableau)
    else:
        contenu = table_serie(tableau, table)
    return _fichier(contenu, format_, f"observation-{table}-{filtre.du:%Y-%m}-{filtre.au:%Y-%m}")


@require_GET
@connexion_requise
def observation_open_data(request: HttpRequest) -> HttpResponse:
    """The aggregated indicators of the scope and period, statistical secrecy applied (CSV)."""
    _form, _lieux, filtre = _filtrer(request)
    if filtre is None:
        return HttpResponse("Filtres invalides.", status=400, content_type="text/plain; charset=utf-8")
    table = open_data(utilisateur(request), du=filtre.du, au=filtre.au)
    return _fichier(table, "csv", f"indicateurs-{filtre.du:%Y-%m}-{filtre.au:%Y-%m}")


@require_GET
@connexion_requise
def observation_extrait(request: HttpRequest) -> HttpResponse:
    """The pseudonymised person-level extract of the period (CSV): the direction only, journaled with the
    ids of the people it covers."""
    user = utilisateur(request)
    if not can_extract_pseudonymise(user):
        raise PermissionDenied
    _form, _lieux, filtre = _filtrer(request)
    if filtre is None:
        return HttpResponse("Filtres invalides.", status=400, content_type="text/plain; charset=utf-8")
    try:
        extrait = extrait_pseudonymise(du=filtre.du, au=filtre.au, sel=settings.PROCHE_OBSERVATION_SEL)
    except DomainError as exc:
        return HttpResponse(exc.message, status=503, content_type="text/plain; charset=utf-8")
    journal_enregistrer(
        acces=contexte_acces(request),
        operation=OperationJournal.EXPORT,
        objet_type="personne",
        objet_ids=extrait.personne_ids,
    )
    return _fichier(extrait.table, "csv", f"extrait-pseudonymise-{filtre.du:%Y-%m}-{filtre.au:%Y-%m}")
