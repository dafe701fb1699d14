"""Forms of the councils' pages: an aid request with its household budget, a session, an agenda item,
a convocation. They parse input; ``instances.actions`` checks the rules and its refusals come back on
the fields (``extra["champ"]``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import FormulaireAccessible
from instances.enums import (
    CATEGORIES_CHARGES,
    CATEGORIES_RESSOURCES,
    CategorieBudget,
    FormeAide,
    IssueDecision,
    SensBudget,
    SensVote,
    SourceBudget,
    StatutPresence,
)
from instances.models import DemandeAide, Instance, Mandat, TypeAide
from instances.regles.budget import LigneBudgetaire

_MONTANT = {"invalid": _("Saisissez un montant en euros, par exemple 120,50.")}
# The budget field of the parents' resources (listed, never counted for a FAJ aid: CASF L263-3).
RESSOURCES_PARENTS = "ressources_parents"


def _montant(label: Any, **kwargs: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=10,
        decimal_places=2,
        min_value=Decimal(0),
        error_messages={**_MONTANT, "min_value": _("Le montant ne peut pas être négatif.")},
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def nom_champ_budget(categorie: CategorieBudget) -> str:
    return f"budget_{categorie.value}"


class DemandeAideForm(FormulaireAccessible, forms.Form):
    """An aid request and the household's monthly budget (resources and charges by category)."""

    type_aide = forms.ModelChoiceField(
        label=_("Type d'aide"),
        queryset=TypeAide.objects.none(),
        to_field_name="code",
        empty_label=_("Choisissez"),
    )
    montant_demande = _montant(_("Montant demandé (€)"))
    forme = forms.ChoiceField(label=_("Forme de l'aide"), choices=FormeAide.choices)
    tiers = forms.CharField(
        label=_("Tiers payé"),
        required=False,
        max_length=200,
        help_text=_("Pour un paiement à un tiers : bailleur, fournisseur…"),
    )
    objet = forms.CharField(label=_("Objet de la demande"), max_length=200)
    motivation = forms.CharField(
        label=_("Motivation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("La situation, le besoin, les démarches déjà faites (sans donnée de santé inutile)."),
    )
    urgence = forms.BooleanField(
        label=_("Procédure d'urgence (décision hors séance par un délégataire)"), required=False
    )
    personnes_14_ans_et_plus = forms.IntegerField(
        label=_("Personnes de 14 ans ou plus dans le foyer (demandeur compris)"),
        min_value=1,
        max_value=30,
        initial=1,
    )
    enfants_moins_14_ans = forms.IntegerField(
        label=_("Enfants de moins de 14 ans"), min_value=0, max_value=30, initial=0
    )

    def __init__(self, *args: Any, types: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type_aide"].queryset = types  # type: ignore[attr-defined]
        for categorie in (*CATEGORIES_RESSOURCES, *CATEGORIES_CHARGES):
            self.fields[nom_champ_budget(categorie)] = _montant(
                f"{categorie.label} (€ par mois)", required=False
            )
        self.fields[RESSOURCES_PARENTS] = _montant(
            _("Ressources des parents ou autres obligés alimentaires (€ par mois)"),
            required=False,
            help_text=_("Indiquées pour information : jamais retenues pour une aide du FAJ (CASF L263-3)."),
        )
        self.actualiser_aria()

    def champs_ressources(self) -> list[forms.BoundField]:
        return [self[nom_champ_budget(c)] for c in CATEGORIES_RESSOURCES] + [self[RESSOURCES_PARENTS]]

    def champs_charges(self) -> list[forms.BoundField]:
        return [self[nom_champ_budget(c)] for c in CATEGORIES_CHARGES]

    def lignes(self) -> list[LigneBudgetaire]:
        donnees = self.cleaned_data
        lignes = []
        for categorie in (*CATEGORIES_RESSOURCES, *CATEGORIES_CHARGES):
            montant = donnees.get(nom_champ_budget(categorie))
            if montant:
                sens = SensBudget.RESSOURCE if categorie in CATEGORIES_RESSOURCES else SensBudget.CHARGE
                lignes.append(LigneBudgetaire(sens=sens, categorie=categorie, montant=montant))
        if donnees.get(RESSOURCES_PARENTS):
            lignes.append(
                LigneBudgetaire(
                    sens=SensBudget.RESSOURCE,
                    categorie=CategorieBudget.AUTRES_RESSOURCES,
                    montant=donnees[RESSOURCES_PARENTS],
                    source=SourceBudget.PARENT,
                )
            )
        return lignes

    def arguments(self) -> dict[str, Any]:
        donnees = self.cleaned_data
        return {
            "type_aide": donnees["type_aide"],
            "montant_demande": donnees["montant_demande"],
            "forme": donnees["forme"],
            "tiers": donnees["tiers"],
            "objet": donnees["objet"],
            "motivation": donnees["motivation"],
            "urgence": donnees["urgence"],
            "personnes_14_ans_et_plus": donnees["personnes_14_ans_et_plus"],
            "enfants_moins_14_ans": donnees["enfants_moins_14_ans"],
            "lignes": self.lignes(),
        }


class SeanceForm(FormulaireAccessible, forms.Form):
    instance = forms.ModelChoiceField(label=_("Instance"), queryset=Instance.objects.none(), empty_label=None)
    date = forms.DateTimeField(
        label=_("Date et heure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        error_messages={"invalid": _("Saisissez une date et une heure, par exemple 17/05/2026 14:00.")},
    )
    lieu = forms.CharField(label=_("Lieu"), max_length=200)
    duree_minutes = forms.IntegerField(
        label=_("Durée prévue (minutes)"), min_value=15, max_value=720, initial=120
    )

    def __init__(self, *args: Any, instances: list[Instance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instance"].queryset = Instance.objects.filter(pk__in=[i.pk for i in instances])  # type: ignore[attr-defined]


class PointForm(FormulaireAccessible, forms.Form):
    demande = forms.ChoiceField(label=_("Dossier déposé à inscrire"))

    def __init__(self, *args: Any, demandes: list[DemandeAide], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["demande"].choices = [  # type: ignore[attr-defined]
            (
                str(d.public_id),
                f"{d.reference} – {d.type_aide.libelle} – {d.montant_demande} € – {d.parcours.personne}",
            )
            for d in demandes
        ]


class ConvocationForm(FormulaireAccessible, forms.Form):
    urgence_motif = forms.CharField(
        label=_("Motif d'urgence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Seulement pour convoquer moins de 5 jours avant la séance."),
    )
    nouvelle_date = forms.DateTimeField(
        label=_("Nouvelle date (séance reportée)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )


# --- Live session -----------------------------------------------------------------------------------

_VIDE = [("", _("—"))]


def nom_membre(mandat: Mandat) -> str:
    return (
        f"{mandat.utilisateur.get_full_name() or mandat.utilisateur.username} ({mandat.get_role_display()})"
    )


class PresencesForm(FormulaireAccessible, forms.Form):
    """The attendance of each member of the instance: a status and, for a member represented, the
    member present to whom she gives her mandate."""

    def __init__(self, *args: Any, mandats: list[Mandat], presences: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mandats = mandats
        votants = [(str(m.pk), nom_membre(m)) for m in mandats if m.voix_deliberative]
        for mandat in mandats:
            presence = presences.get(mandat.pk)
            self.fields[f"statut_{mandat.pk}"] = forms.ChoiceField(
                label=_("Présence de %(membre)s") % {"membre": nom_membre(mandat)},
                choices=StatutPresence.choices,
                initial=presence.statut if presence else StatutPresence.ABSENT,
            )
            self.fields[f"procuration_{mandat.pk}"] = forms.ChoiceField(
                label=_("Mandat de %(membre)s donné à") % {"membre": nom_membre(mandat)},
                choices=_VIDE + [v for v in votants if v[0] != str(mandat.pk)],
                required=False,
                initial=str(presence.procuration_a_id) if presence and presence.procuration_a_id else "",
                help_text=_("Seulement pour un membre représenté."),
            )
        self.actualiser_aria()

    def lignes(self) -> list[tuple[Mandat, forms.BoundField, forms.BoundField]]:
        return [(m, self[f"statut_{m.pk}"], self[f"procuration_{m.pk}"]) for m in self.mandats]

    def saisies(self) -> list[dict[str, Any]]:
        par_id = {m.pk: m for m in self.mandats}
        donnees = self.cleaned_data
        return [
            {
                "mandat": m,
                "statut": StatutPresence(donnees[f"statut_{m.pk}"]),
                "procuration_a": par_id.get(int(donnees[f"procuration_{m.pk}"]))
                if donnees[f"procuration_{m.pk}"]
                else None,
            }
            for m in self.mandats
        ]


class PointCourantForm(FormulaireAccessible, forms.Form):
    point = forms.ChoiceField(label=_("Dossier à examiner"))

    def __init__(self, *args: Any, points: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["point"].choices = points  # type: ignore[attr-defined]


class DecisionForm(FormulaireAccessible, forms.Form):
    """The decision on the file under examination, with the votes of the members present. ``version``
    is the version read: saving over a decision changed since is refused (nothing is overwritten)."""

    issue = forms.ChoiceField(label=_("Décision"), choices=IssueDecision.choices, widget=forms.RadioSelect)
    montant = _montant(_("Montant accordé (€)"), required=False)
    forme = forms.ChoiceField(
        label=_("Forme de l'aide"), choices=_VIDE + list(FormeAide.choices), required=False
    )
    tiers = forms.CharField(label=_("Tiers payé"), max_length=200, required=False)
    motivation = forms.CharField(
        label=_("Motivation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour un refus ou un accord partiel : elle figurera dans la lettre."),
    )
    motif_ajournement = forms.CharField(
        label=_("Motif de l'ajournement"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    date_reexamen = forms.DateField(
        label=_("Nouvel examen le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Saisissez une date, par exemple 17/05/2026.")},
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, votants: list[Mandat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.votants = votants
        for mandat in votants:
            self.fields[f"vote_{mandat.pk}"] = forms.ChoiceField(
                label=_("Vote de %(membre)s") % {"membre": nom_membre(mandat)},
                choices=_VIDE + list(SensVote.choices),
                required=False,
            )
        self.actualiser_aria()

    def champs_votes(self) -> list[forms.BoundField]:
        return [self[f"vote_{m.pk}"] for m in self.votants]

    def arguments(self) -> dict[str, Any]:
        donnees = self.cleaned_data
        return {
            "issue": donnees["issue"],
            "montant": donnees["montant"],
            "forme": donnees["forme"] or None,
            "tiers": donnees["tiers"],
            "motivation": donnees["motivation"],
            "motif_ajournement": donnees["motif_ajournement"],
            "date_reexamen": donnees["date_reexamen"],
            "version": donnees["version"],
            "votes": {m.pk: donnees[f"vote_{m.pk}"] for m in self.votants if donnees[f"vote_{m.pk}"]},
        }
