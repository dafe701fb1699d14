"""The APA simulator's form: the AGGIR grid (one radio group per variable, optional sub-variables) and
the plan (resources, couple, amount, date). It parses input; ``parcours.apa`` computes.

The grid's fields are built from the AGGIR rule file (variables and sub-variables); only the plain
French wording lives here. Each variable is coded A, B or C, or "selon le détail": then every
sub-variable must be coded and the rule table combines them. Without JavaScript, a radio cannot be
unchecked, so this explicit choice avoids any silent conflict between a code and a detail.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontend.forms import FormulaireAccessible
from parcours.apa.aggir import ResultatAggir, Variable, calculer_gir, regles_aggir
from parcours.apa.calculs import GIRS_APA

SELON_LE_DETAIL = "detail"

CHOIX_CODES = [
    ("A", _("A : fait seul, totalement, habituellement et correctement")),
    ("B", _("B : fait partiellement, ou pas toujours, ou pas correctement")),
    ("C", _("C : ne fait pas (ou il faut faire à sa place)")),
]
CHOIX_DETAIL = (SELON_LE_DETAIL, _("Selon le détail ci-dessous (une réponse par sous-variable)"))

# What each variable covers, in plain words (AGGIR filling guide).
AIDES_VARIABLES = {
    "coherence": _("Converser et se comporter de façon sensée et adaptée."),
    "orientation": _("Se repérer dans le temps (moments de la journée, date) et dans les lieux habituels."),
    "toilette": _("Se laver seul le haut et le bas du corps."),
    "habillage": _("S'habiller et se déshabiller : haut, moyen (boutons, fermetures), bas (chaussures)."),
    "alimentation": _("Se servir (couper, ouvrir, verser) et manger les aliments préparés."),
    "elimination": _("Assurer seul l'hygiène de l'élimination urinaire et fécale."),
    "transferts": _("Se lever, se coucher, s'asseoir."),
    "deplacements_interieur": _(
        "Se déplacer dans le logement, avec ou sans canne, déambulateur ou fauteuil."
    ),
    "deplacements_exterieur": _(
        "Se déplacer hors du logement, à partir de la porte d'entrée. Recueilli, mais sans effet sur le GIR."
    ),
    "communication": _(
        "Utiliser le téléphone, une alarme ou une sonnette pour alerter. "
        "Recueilli, mais sans effet sur le GIR."
    ),
}
LIBELLES_SOUS_VARIABLES = {
    ("coherence", "communication"): _("communication (converser de façon sensée)"),
    ("coherence", "comportement"): _("comportement (se comporter de façon sensée)"),
    ("orientation", "temps"): _("dans le temps"),
    ("orientation", "espace"): _("dans l'espace"),
    ("toilette", "haut"): _("haut du corps"),
    ("toilette", "bas"): _("bas du corps"),
    ("habillage", "haut"): _("haut"),
    ("habillage", "moyen"): _("moyen (boutons, fermetures, ceinture)"),
    ("habillage", "bas"): _("bas (chaussures, chaussettes)"),
    ("alimentation", "se_servir"): _("se servir"),
    ("alimentation", "manger"): _("manger"),
    ("elimination", "urinaire"): _("urinaire"),
    ("elimination", "fecale"): _("fécale"),
}


def nom_sous_champ(variable: str, sous_variable: str) -> str:
    return f"{variable}__{sous_variable}"


def libelle_sous_variable(variable: Variable, code: str) -> str:
    return str(LIBELLES_SOUS_VARIABLES.get((variable.code, code), variable.libelle_sous_variable(code)))


class ChampMontant(forms.CharField):
    """An amount in euros typed the French way: "1 800", "1 800,50", "1800.50", "1 800 €"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})

    def clean(self, value: Any) -> Decimal | None:
        texte = super().clean(value)
        if not texte:
            return None
        nettoye = "".join(texte.split()).replace("\u202f", "").replace("€", "").replace(",", ".")
        try:
            montant = Decimal(nettoye)
        except InvalidOperation:
            montant = None
        if montant is None or not montant.is_finite():
            raise ValidationError(
                _("Saisissez un montant en euros, par exemple 1 800 ou 1 800,50."), code="invalide"
            )
        if montant < 0:
            raise ValidationError(_("Le montant ne peut pas être négatif."), code="negatif")
        if montant != montant.quantize(Decimal("0.01")):
            raise ValidationError(_("Saisissez au plus deux chiffres après la virgule."), code="decimales")
        if montant >= Decimal("1000000000"):
            raise ValidationError(_("Ce montant est trop élevé."), code="trop_eleve")
        return montant


@dataclass(frozen=True)
class VariableDuFormulaire:
    """What the template needs to draw one variable's fieldset."""

    numero: int
    champ: forms.BoundField
    sous_champs: list[forms.BoundField]
    libelles_sous_variables: str
    detail_ouvert: bool


class SimulateurApaForm(FormulaireAccessible, forms.Form):
    ressources_mensuelles = ChampMontant(
        label=_("Ressources mensuelles (en euros)"),
        required=False,
        help_text=_(
            "Obligatoire pour les GIR 1 à 4. Pour un couple, les ressources du couple (cochez la case "
            "ci-dessous). Par exemple : 1 800 ou 1 800,50."
        ),
    )
    couple = forms.BooleanField(
        label=_("La personne vit en couple : les ressources indiquées sont celles du couple"), required=False
    )
    montant_plan = ChampMontant(
        label=_("Montant mensuel du plan d'aide proposé (en euros)"),
        required=False,
        help_text=_("Obligatoire pour les GIR 1 à 4. Par exemple : 1 500."),
    )
    date = forms.DateField(
        label=_("Date de calcul"),
        help_text=_(
            "Date de la demande ou du mois calculé : les plafonds et barèmes en vigueur à cette date "
            "s'appliquent. Format : jj/mm/aaaa."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date de calcul."),
            "invalid": _("Saisissez une date valide, par exemple 15/01/2026."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.resultat_aggir: ResultatAggir | None = None
        self.grille: dict[str, Any] = {}  # the grid as entered, once complete
        plan = {
            nom: self.fields.pop(nom) for nom in ("ressources_mensuelles", "couple", "montant_plan", "date")
        }
        for variable in regles_aggir().variables:
            choix: list[tuple[str, Any]] = list(CHOIX_CODES)
            if variable.sous_variables:
                choix.append(CHOIX_DETAIL)
            self.fields[variable.code] = forms.ChoiceField(
                label=variable.libelle,
                choices=choix,
                widget=forms.RadioSelect,
                help_text=AIDES_VARIABLES.get(variable.code, ""),
                error_messages={
                    "required": _("Cochez A, B ou C, ou « Selon le détail ».")
                    if variable.sous_variables
                    else _("Cochez A, B ou C.")
                },
            )
            for sous_variable in variable.sous_variables:
                libelle = libelle_sous_variable(variable, sous_variable.code)
                self.fields[nom_sous_champ(variable.code, sous_variable.code)] = forms.ChoiceField(
                    label=f"{variable.libelle} – {libelle}",
                    choices=CHOIX_CODES,
                    widget=forms.RadioSelect,
                    required=False,
                )
        self.fields.update(plan)
        self.actualiser_aria()

    def variables(self) -> list[VariableDuFormulaire]:
        resultat = []
        for numero, variable in enumerate(regles_aggir().variables, start=1):
            noms = [nom_sous_champ(variable.code, s.code) for s in variable.sous_variables]
            sous_champs = [self[nom] for nom in noms]
            ouvert = self.is_bound and (
                self.data.get(variable.code) == SELON_LE_DETAIL
                or any(self.data.get(nom) for nom in noms)
                or any(nom in self.errors for nom in noms)
            )
            resultat.append(
                VariableDuFormulaire(
                    numero=numero,
                    champ=self[variable.code],
                    sous_champs=sous_champs,
                    libelles_sous_variables=", ".join(
                        libelle_sous_variable(variable, s.code).split(" (")[0]
                        for s in variable.sous_variables
                    ),
                    detail_ouvert=bool(ouvert),
                )
            )
        return resultat

    def clean(self) -> dict[str, Any]:
        super().clean()
        donnees = self.cleaned_data
        grille: dict[str, Any] = {}
        complete = True
        for variable in regles_aggir().variables:
            code = donnees.get(variable.code)
            if not code:
                complete = False
                continue
            if code != SELON_LE_DETAIL:
                grille[variable.code] = code
                continue
            detail = {}
            for sous_variable in variable.sous_variables:
                nom = nom_sous_champ(variable.code, sous_variable.code)
                if donnees.get(nom):
                    detail[sous_variable.code] = donnees[nom]
                elif nom not in self.errors:
                    self.add_error(
                        nom,
                        ValidationError(
                            _("Choisissez A, B ou C, ou un code global pour « %(variable)s ».")
                            % {"variable": variable.libelle},
                            code="sous_variable_manquante",
                        ),
                    )
            if len(detail) == len(variable.sous_variables):
                grille[variable.code] = detail
            else:
                complete = False
        if not complete:
            return donnees
        self.grille = grille
        try:
            self.resultat_aggir = calculer_gir(grille)
        except ValidationError as exc:  # the form's choices make this unlikely: kept for safety
            correspondance = {
                f"{v.code}.{s.code}": nom_sous_champ(v.code, s.code)
                for v in regles_aggir().variables
                for s in v.sous_variables
            }
            self.appliquer_erreurs(exc, correspondance)
            return donnees
        self.verifier_plan(donnees)
        return donnees

    def verifier_plan(self, donnees: dict[str, Any]) -> None:
        """GIR 1 to 4: the plan's fields are then required."""
        assert self.resultat_aggir is not None
        if self.resultat_aggir.gir in GIRS_APA:
            messages = {
                "ressources_mensuelles": _(
                    "Indiquez les ressources mensuelles : le GIR %(gir)s ouvre droit à l'APA."
                ),
                "montant_plan": _("Indiquez le montant du plan d'aide : le GIR %(gir)s ouvre droit à l'APA."),
            }
            for nom, message in messages.items():
                if donnees.get(nom) is None and nom not in self.errors:
                    self.add_error(
                        nom, ValidationError(message % {"gir": self.resultat_aggir.gir}, code="obligatoire")
                    )

    def full_clean(self) -> None:
        super().full_clean()
        # Errors found by ``clean()`` (sub-variables, plan) are listed in the page's order, so the
        # error summary follows the form from top to bottom.
        if self._errors:
            ordre = list(self.fields)
            self._errors = ErrorDict(
                sorted(
                    self._errors.items(), key=lambda item: ordre.index(item[0]) if item[0] in ordre else -1
                )
            )

    @property
    def jour(self) -> datetime.date:
        jour: datetime.date = self.cleaned_data["date"]
        return jour
