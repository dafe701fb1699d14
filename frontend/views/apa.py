"""The APA simulator: GIR of an AGGIR grid and APA of a plan at home, with how it is computed.

Département agents only (``can_use_simulateur_apa``); nothing is stored or journaled (no personal
data). POST with CSRF; the result is shown above the form, which keeps the user's input.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from frontend.decorators import connexion_requise
from frontend.forms_apa import SimulateurApaForm, libelle_sous_variable
from parcours.apa import calculs
from parcours.apa.aggir import ResultatAggir, regles_aggir
from parcours.apa.calculs import Eligibilite, ParametreUtilise, SimulationApa, eligibilite_apa, simuler_apa
from parcours.apa.permissions import can_use_simulateur_apa
from social.exceptions import DomainError


@require_http_methods(["GET", "POST"])
@connexion_requise
def apa_simulateur(request: HttpRequest) -> HttpResponse:
    if not can_use_simulateur_apa(request.user):
        raise PermissionDenied
    form = SimulateurApaForm(request.POST if request.method == "POST" else None)
    resultat = None
    if form.is_bound and form.is_valid() and form.resultat_aggir is not None:
        aggir = form.resultat_aggir
        eligibilite = eligibilite_apa(gir=aggir.gir, date_demande=form.jour)
        simulation = None
        if eligibilite.eligible:
            donnees = form.cleaned_data
            try:
                simulation = simuler_apa(
                    gir=aggir.gir,
                    ressources_mensuelles=donnees["ressources_mensuelles"],
                    montant_plan=donnees["montant_plan"],
                    couple=donnees["couple"],
                    jour=form.jour,
                )
            except DomainError as exc:  # no value in force at that date
                form.add_error("date", exc.message)
        if not form.errors:
            resultat = presenter(aggir=aggir, eligibilite=eligibilite, simulation=simulation)
    return render(request, "frontend/apa/simulateur.html", {"form": form, "resultat": resultat})


# --- Presentation: French numbers and the explanation of the computation ---


def nombre(valeur: Decimal | int, decimales: int | None = None) -> str:
    """French formatting with grouping: 1 682,30 (non-breaking space, decimal comma)."""
    if decimales is None:
        exposant = Decimal(valeur).normalize().as_tuple().exponent
        decimales = max(0, -exposant) if isinstance(exposant, int) else 0
    return number_format(valeur, decimales, use_l10n=True, force_grouping=True)


def euros(valeur: Decimal) -> str:
    return f"{nombre(valeur, 2)}\u00a0€"


def pourcentage(fraction: Decimal, decimales: int | None = None) -> str:
    return f"{nombre(fraction * 100, decimales)}\u00a0%"


def valeur_parametre(parametre: ParametreUtilise) -> str:
    match parametre.unite:
        case "euro":
            return euros(parametre.valeur)
        case "taux":
            return pourcentage(parametre.valeur)
        case "annees":
            return _("%(nombre)s ans") % {"nombre": nombre(parametre.valeur)}
    return nombre(parametre.valeur)


def periode(parametre: ParametreUtilise) -> str:
    if parametre.date_fin is None:
        return _("depuis le %(debut)s") % {"debut": f"{parametre.date_debut:%d/%m/%Y}"}
    return _("du %(debut)s au %(fin)s") % {
        "debut": f"{parametre.date_debut:%d/%m/%Y}",
        "fin": f"{parametre.date_fin:%d/%m/%Y}",
    }


@dataclass(frozen=True)
class LigneParametre:
    libelle: str
    valeur: str
    jour: str
    periode: str
    source: str


@dataclass(frozen=True)
class EtapeGroupe:
    groupe: str
    score: str
    seuils: str
    decide: bool


@dataclass(frozen=True)
class CodeVariable:
    libelle: str
    code: str
    detail: str


def presenter(
    *, aggir: ResultatAggir, eligibilite: Eligibilite, simulation: SimulationApa | None
) -> dict[str, Any]:
    regles = regles_aggir()
    etapes = []
    for groupe in regles.groupes:
        if groupe.groupe not in aggir.scores:
            break
        seuils = " ; ".join(
            (f"≥ {nombre(s.score_minimal)} → " if s.score_minimal is not None else _("sinon → "))
            + _("rang %(rang)s") % {"rang": s.rang}
            for s in groupe.seuils
        )
        etapes.append(
            EtapeGroupe(
                groupe=groupe.groupe,
                score=nombre(aggir.scores[groupe.groupe]),
                seuils=seuils,
                decide=groupe.groupe == aggir.groupe,
            )
        )
    codes = []
    for variable in regles.variables:
        sous_codes = aggir.sous_codes.get(variable.code, {})
        detail = ", ".join(
            f"{libelle_sous_variable(variable, code).split(' (')[0]} : {valeur}"
            for code, valeur in sous_codes.items()
        )
        codes.append(CodeVariable(libelle=variable.libelle, code=aggir.codes[variable.code], detail=detail))
    contexte: dict[str, Any] = {
        "gir": aggir.gir,
        "rang": aggir.rang,
        "groupe": aggir.groupe,
        "version": aggir.version,
        "etapes": etapes,
        "codes": codes,
        "eligible": eligibilite.eligible,
        "motifs": eligibilite.motifs,
        "simulation": None,
    }
    if simulation is not None:
        contexte["simulation"] = presenter_simulation(simulation)
    return contexte


def presenter_simulation(simulation: SimulationApa) -> dict[str, Any]:
    p = simulation.participation
    plafond = simulation.plafond
    parametres = [
        LigneParametre(
            libelle=parametre.libelle,
            valeur=valeur_parametre(parametre),
            jour=f"{parametre.jour:%d/%m/%Y}",
            periode=periode(parametre),
            source=parametre.source,
        )
        for parametre in simulation.parametres
    ]
    diviseur = next(x.valeur for x in simulation.parametres if x.code == calculs.DIVISEUR_COUPLE)
    smic = next(x.valeur for x in simulation.parametres if x.code == calculs.SMIC_HORAIRE)
    nombre_smic = next(x.valeur for x in simulation.parametres if x.code == calculs.SEUIL_VERSEMENT)
    return {
        "jour": f"{simulation.jour:%d/%m/%Y}",
        "plafond": euros(plafond.montant),
        "plafond_formule": _("%(coefficient)s × %(mtp)s (MTP au %(jour)s) = %(plafond)s")
        % {
            "coefficient": nombre(plafond.coefficient.valeur),
            "mtp": euros(plafond.mtp.valeur),
            "jour": f"{plafond.mtp.jour:%d/%m/%Y}",
            "plafond": euros(plafond.montant),
        },
        "montant_plan": euros(simulation.montant_plan),
        "montant_plan_retenu": euros(simulation.montant_plan_retenu),
        "plan_plafonne": simulation.plan_plafonne,
        "participation": euros(p.montant),
        "taux_participation": pourcentage(simulation.taux_participation, 2),
        "montant_apa": euros(simulation.montant_apa),
        "verse": simulation.verse,
        "seuil_versement": euros(simulation.seuil_versement),
        "seuil_formule": f"{nombre(nombre_smic)} × {euros(smic)}",
        "couple": simulation.couple,
        "ressources": euros(simulation.ressources_mensuelles),
        "ressources_retenues": euros(calculs.arrondir(p.ressources_retenues)),
        "diviseur_couple": nombre(diviseur),
        "cas": p.cas,
        "mtp": euros(p.mtp),
        "seuil_bas": euros(calculs.arrondir(p.seuil_bas)),
        "seuil_haut": euros(calculs.arrondir(p.seuil_haut)),
        "x": nombre(p.x.quantize(Decimal("0.0001")), 4),
        "limite_tranche_1": euros(calculs.arrondir(p.limite_tranche_1)),
        "limite_tranche_2": euros(calculs.arrondir(p.limite_tranche_2)),
        "a1": euros(calculs.arrondir(p.a1)),
        "a2": euros(calculs.arrondir(p.a2)),
        "a3": euros(calculs.arrondir(p.a3)),
        "taux_maximal": pourcentage(p.taux_maximal),
        "formule": _(
            "P = %(taux)s × x × [A1 + A2 × (%(b2)s + %(p2)s x) + A3 × (%(b3)s + %(p3)s x)], "
            "au plus %(taux_pc)s du plan retenu"
        )
        % {
            "taux": nombre(p.taux_maximal),
            "b2": nombre(calculs.TRANCHE_2_BASE),
            "p2": nombre(calculs.TRANCHE_2_PENTE),
            "b3": nombre(calculs.TRANCHE_3_BASE),
            "p3": nombre(calculs.TRANCHE_3_PENTE),
            "taux_pc": pourcentage(p.taux_maximal),
        },
        "parametres": parametres,
    }
