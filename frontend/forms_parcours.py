"""Forms of the pathway pages. They parse input; the actions of ``parcours.actions`` check the rules.

Several forms share the pathway page, so each has its own prefix (unique ids, RGAA 8.2): the POST views
bind them with the same prefix.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontend.forms import FormulaireAccessible
from parcours import workflows
from parcours.enums import (
    AXES_PROJET_JEUNES,
    Confidentialite,
    Dispositif,
    ModaliteRendezVous,
    ResultatRendezVous,
    TypeAlerte,
)
from parcours.models import DesignationPartenaire
from parcours.selectors import Filtres
from social.models import Organisation, Site, Utilisateur

_DATE = {"invalid": _("Saisissez une date valide, par exemple 17/05/2026.")}


def _champ_date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), error_messages=_DATE, **kwargs
    )


def _texte(**kwargs: Any) -> forms.CharField:
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **kwargs)


class FiltresParcoursForm(FormulaireAccessible, forms.Form):
    """The caseload filters (GET: the page works without JavaScript, and the URL can be shared)."""

    dispositif = forms.ChoiceField(
        label=_("Dispositif"), required=False, choices=[("", _("Tous")), *Dispositif.choices]
    )
    etat = forms.ChoiceField(label=_("État"), required=False)
    alerte = forms.ChoiceField(
        label=_("Alerte"),
        required=False,
        choices=[("", _("Toutes")), ("rupture", _("Toute rupture")), *TypeAlerte.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["etat"]).choices = [("", _("Tous")), *workflows.choix_etats()]

    def filtres(self) -> Filtres:
        if not self.is_valid():
            return Filtres()
        dispositif = self.cleaned_data["dispositif"]
        etat = ""
        if self.cleaned_data["etat"]:
            dispositif_etat, etat = self.cleaned_data["etat"].split(":", 1)
            dispositif = dispositif or dispositif_etat
            if dispositif != dispositif_etat:
                etat = "-"  # a state of another dispositif: nothing matches
        return Filtres(dispositif=dispositif, etat=etat, alerte=self.cleaned_data["alerte"])


class TransitionForm(FormulaireAccessible, forms.Form):
    """One transition of the workflow table: its motif (required when the table says so), its date of
    effect, and the next step when it closes the pathway."""

    motif = _texte(label=_("Motif"), required=False)
    date_effet = _champ_date(
        label=_("Date d'effet"), required=False, help_text=_("Laissez vide pour aujourd'hui.")
    )

    def __init__(self, *args: Any, transition: workflows.Transition, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"t-{transition.vers}")
        self.transition = transition
        super().__init__(*args, **kwargs)
        if transition.motif_requis:
            self.fields["motif"].required = True
            self.fields["motif"].help_text = _("Obligatoire : motivation écrite (faits et fondement).")
        if transition.cloture:
            self.fields["suite_prevue"] = _texte(
                label=_("Suite prévue"),
                required=False,
                help_text=_("Relais, orientation ou démarche après la sortie. Sans suite, une alerte reste."),
            )
        self.actualiser_aria()


class ReferentForm(FormulaireAccessible, forms.Form):
    referent = forms.ModelChoiceField(
        label=_("Nouveau référent"),
        queryset=Utilisateur.objects.none(),
        required=False,
        empty_label=_("Aucun (retirer le référent)"),
    )
    motif = _texte(label=_("Motif"), required=False, help_text=_("Obligatoire pour retirer le référent."))

    def __init__(self, *args: Any, referents: QuerySet[Utilisateur], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "referent")
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["referent"]).queryset = referents


class NoteForm(FormulaireAccessible, forms.Form):
    texte = _texte(label=_("Note"))
    confidentialite = forms.ChoiceField(
        label=_("Qui peut la lire ?"),
        choices=Confidentialite.choices,
        initial=Confidentialite.EQUIPE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "note")
        super().__init__(*args, **kwargs)


class ObjectifProjetForm(FormulaireAccessible, forms.Form):
    """An objective of the young person's project towards autonomy, under one of its axes."""

    axe = forms.ChoiceField(label=_("Axe"), choices=[(axe.value, axe.label) for axe in AXES_PROJET_JEUNES])
    libelle = forms.CharField(
        label=_("Objectif"),
        max_length=250,
        help_text=_("Par exemple : entrer en formation qualifiante, accéder à un premier logement."),
    )
    date_echeance = _champ_date(label=_("Échéance"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "objectif")
        super().__init__(*args, **kwargs)


class DesignationJeuneForm(FormulaireAccessible, forms.Form):
    """Designate a mission locale or a Maison des adolescents serving the young person's commune."""

    organisation = forms.ChoiceField(label=_("Partenaire à désigner"), widget=forms.RadioSelect)
    motif = forms.CharField(
        label=_("Motif"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : contrat d'engagement jeune, écoute et soutien."),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "designation")
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.public_id): o for o in organisations}
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (str(o.public_id), f"{o.nom} ({o.get_type_display()}{f', {o.commune.nom}' if o.commune else ''})")
            for o in organisations
        ]


class AseForm(FormulaireAccessible, forms.Form):
    """The person's ASE facts (rule ASE-1; child-protection data, DP-4)."""

    confie_ase_avant_majorite = forms.BooleanField(
        label=_("Confié(e) à l'ASE avant sa majorité"),
        required=False,
        help_text=_("Ouvre le droit à l'accompagnement jeune majeur jusqu'à 21 ans (CASF L222-5 5°)."),
    )
    entretien_autonomie_le = _champ_date(
        label=_("Entretien d'accès à l'autonomie tenu le"),
        required=False,
        help_text=_("Pour un mineur confié à l'ASE : au plus tard à ses 17 ans (CASF L222-5-1)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "ase")
        super().__init__(*args, **kwargs)


class RendezVousForm(FormulaireAccessible, forms.Form):
    date = _champ_date(label=_("Date"))
    heure = forms.TimeField(
        label=_("Heure"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Saisissez une heure valide, par exemple 14:30.")},
    )
    modalite = forms.ChoiceField(
        label=_("Modalité"),
        choices=ModaliteRendezVous.choices,
        initial=ModaliteRendezVous.PRESENTIEL,
        widget=forms.RadioSelect,
    )
    lieu = forms.CharField(
        label=_("Lieu"), max_length=200, required=False, help_text=_("Obligatoire en présentiel.")
    )
    objet = forms.CharField(label=_("Objet"), max_length=200, required=False)
    organisation = forms.ChoiceField(
        label=_("Avec"),
        required=False,
        help_text=_("Vous-même, ou un partenaire désigné sur le parcours."),
    )

    def __init__(self, *args: Any, designations: list[DesignationPartenaire], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "rdv")
        super().__init__(*args, **kwargs)
        self.organisations = {str(d.organisation.public_id): d.organisation for d in designations}
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            ("", _("Moi")),
            *((cle, organisation.nom) for cle, organisation in self.organisations.items()),
        ]

    def date_heure(self) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["heure"])
        )


class ResultatRendezVousForm(FormulaireAccessible, forms.Form):
    resultat = forms.ChoiceField(
        label=_("Résultat"),
        choices=[c for c in ResultatRendezVous.choices if c[0] != ResultatRendezVous.A_VENIR],
    )


class SuiteForm(FormulaireAccessible, forms.Form):
    suite_prevue = _texte(label=_("Suite prévue"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "suite")
        super().__init__(*args, **kwargs)


class OuvrirParcoursForm(FormulaireAccessible, forms.Form):
    dispositif = forms.ChoiceField(
        label=_("Dispositif"), choices=Dispositif.choices, widget=forms.RadioSelect
    )
    site = forms.ModelChoiceField(label=_("Site responsable"), queryset=Site.objects.none(), empty_label=None)
    date_reception = _champ_date(
        label=_("Reçu le"),
        required=False,
        help_text=_(
            "Réception de la demande, ou de l'information d'ouverture du droit (RSA) : les délais partent de "
            "cette date. Laissez vide pour aujourd'hui."
        ),
    )
    je_suis_referent = forms.BooleanField(label=_("Je serai le référent de ce parcours"), required=False)

    def __init__(self, *args: Any, sites: QuerySet[Site], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["site"]).queryset = sites
