"""Forms of the PCH of a pathway: the request pending before the CDAPH, a CDAPH decision (one element), a
payment. They parse input; ``parcours.actions.pch`` checks the rules (PCH-1, PCH-2, PCH-5, PCH-6) and its
refusals come back on the field they name (the forms' fields carry the actions' argument names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from frontend.forms import FormulaireAccessible
from frontend.forms_parcours_rsa import _champ_date
from parcours.enums import ElementDecisionPch
from parcours.models import DecisionPch

_MONTANT = {"invalid": _("Saisissez un montant en euros, par exemple 1250,50.")}


def _montant(**kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, localize=True, error_messages=_MONTANT, **kwargs
    )


class DemandePchForm(FormulaireAccessible, forms.Form):
    deposee_le = _champ_date(
        label=_("Demande déposée à la MDPH le"),
        help_text=_(
            "Sans décision de la CDAPH 4 mois après, la demande est implicitement rejetée (CASF R241-33)."
        ),
    )
    # PCH-3: only for a first request after the age limit (60 years).
    criteres_remplis_avant_age_limite = forms.BooleanField(
        label=_("Le handicap remplissait déjà les critères de la PCH avant 60 ans"),
        required=False,
        help_text=_("Première demande après 60 ans seulement (CASF L245-1, D245-3)."),
    )
    en_activite = forms.BooleanField(
        label=_("La personne exerce encore une activité professionnelle"),
        required=False,
        help_text=_("Première demande après 60 ans seulement : aucune limite d'âge dans ce cas depuis 2021."),
    )


class DecisionPchForm(FormulaireAccessible, forms.Form):
    """One element of a CDAPH decision (PCH-5): exactly one quantity."""

    numero = forms.CharField(label=_("Référence de la décision de la CDAPH"), max_length=50)
    decidee_le = _champ_date(label=_("Décidée le"))
    notifiee_le = _champ_date(
        label=_("Notifiée le"), required=False, help_text=_("Point de départ du délai de 2 mois du RAPO.")
    )
    element = forms.ChoiceField(
        label=_("Élément"), choices=[("", _("Choisissez")), *ElementDecisionPch.choices]
    )
    montant = _montant(label=_("Montant total accordé (€)"), required=False)
    montant_mensuel = _montant(label=_("Montant mensuel accordé (€)"), required=False)
    heures_mensuelles = forms.DecimalField(
        label=_("Heures mensuelles accordées"),
        max_digits=6,
        decimal_places=2,
        min_value=0,
        localize=True,
        required=False,
    )
    tarif_horaire = _montant(
        label=_("Tarif horaire (€)"), required=False, help_text=_("Pour des heures accordées.")
    )
    debut = _champ_date(label=_("Attribuée du"))
    fin = _champ_date(
        label=_("Attribuée jusqu'au"),
        required=False,
        help_text=_(
            "10 ans au plus ; vide seulement pour un handicap non susceptible d'évolution favorable."
        ),
    )
    handicap_non_susceptible_evolution_favorable = forms.BooleanField(
        label=_("Handicap non susceptible d'évolution favorable (attribution sans limitation de durée)"),
        required=False,
    )
    naissance_enfant = _champ_date(
        label=_("PCH parentalité : date de naissance de l'enfant"),
        required=False,
        help_text=_("Aide humaine : le plus jeune enfant ; aides techniques : l'enfant concerné."),
    )
    parent_isole = forms.BooleanField(label=_("PCH parentalité : parent isolé"), required=False)


class VersementPchForm(FormulaireAccessible, forms.Form):
    decision = forms.ModelChoiceField(
        label=_("Décision de la CDAPH"),
        queryset=DecisionPch.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choisissez"),
        error_messages={"invalid_choice": _("Choisissez une décision de ce parcours.")},
    )
    verse_le = _champ_date(label=_("Versé le"))
    montant = _montant(label=_("Montant (€)"))
    heures = forms.DecimalField(
        label=_("Heures payées"),
        max_digits=6,
        decimal_places=2,
        min_value=0,
        localize=True,
        required=False,
        help_text=_("Obligatoire sous une décision en heures."),
    )
    periode_debut = _champ_date(label=_("Période payée du"))
    periode_fin = _champ_date(label=_("Période payée au"))

    def __init__(self, *args: Any, decisions: QuerySet[DecisionPch], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        champ = self.fields["decision"]
        assert isinstance(champ, forms.ModelChoiceField)
        champ.queryset = decisions
        champ.label_from_instance = _libelle_decision  # type: ignore[method-assign,assignment]


def _libelle_decision(decision: DecisionPch) -> str:
    return f"n° {decision.numero} – {decision.get_element_display()}"
