"""Forms of the RSA sanction procedure (one per step) and of the reorientation requests. They parse input;
``parcours.actions.rsa_sanctions`` checks the rules (RSA-7 to RSA-14) and its refusals come back on the field
they name (the forms' fields carry the actions' argument names)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import FormulaireAccessible
from frontend.forms_parcours_rsa import _champ_date, _texte
from parcours.enums import DemandeurReorientation
from parcours.regles.enums import (
    DeposantRecours,
    DestinataireRecours,
    IssueRecours,
    MotifManquement,
    NatureDecisionSanction,
    RangManquement,
)


class ManquementForm(FormulaireAccessible, forms.Form):
    motif = forms.ChoiceField(
        label=_("Motif du manquement"), choices=MotifManquement.choices, widget=forms.RadioSelect
    )
    rang = forms.ChoiceField(
        label=_("Rang"),
        choices=RangManquement.choices,
        widget=forms.RadioSelect,
        help_text=_("Deux barèmes : CASF R262-68 (premier) et R262-68-1 (persistance ou répétition)."),
    )
    constate_le = _champ_date(label=_("Constaté le"))
    faits = _texte(label=_("Faits"))


class ObservationsDemanderForm(FormulaireAccessible, forms.Form):
    demandees_le = _champ_date(
        label=_("Personne invitée à présenter ses observations le"),
        help_text=_("Elle peut se faire assister ; le délai est celui du règlement départemental."),
    )


class ObservationsForm(FormulaireAccessible, forms.Form):
    recues_le = _champ_date(label=_("Observations reçues le"))
    observations = _texte(label=_("Observations de la personne"))


class DateForm(FormulaireAccessible, forms.Form):
    le = _champ_date(label=_("Date"))


class AvisEpForm(FormulaireAccessible, forms.Form):
    le = _champ_date(label=_("Avis rendu le"))
    avis = _texte(label=_("Avis de l'équipe pluridisciplinaire"))


class DecisionSanctionForm(FormulaireAccessible, forms.Form):
    nature = forms.ChoiceField(
        label=_("Décision"),
        choices=NatureDecisionSanction.choices,
        widget=forms.RadioSelect,
    )
    decidee_le = _champ_date(label=_("Décidée le"))
    motivation = _texte(label=_("Motivation (fondement juridique et faits)"))
    taux = forms.DecimalField(
        label=_("Part suspendue ou supprimée (%)"),
        min_value=1,
        max_value=100,
        decimal_places=1,
        localize=True,
        required=False,
        help_text=_(
            "De 30 à 100 %, 50 % au plus pour un foyer de plus d'une personne ou majoré (CASF R262-68-6)."
        ),
    )
    duree_mois = forms.IntegerField(label=_("Durée (mois)"), min_value=1, max_value=12, required=False)
    debut = _champ_date(
        label=_("À compter du"), required=False, help_text=_("Par défaut, le jour de la décision.")
    )
    personnes_foyer = forms.IntegerField(
        label=_("Personnes du foyer"), min_value=1, max_value=30, required=False
    )
    majoration_isolement = forms.BooleanField(
        label=_("Bénéficiaire de la majoration pour isolement (L262-9)"), required=False
    )

    def arguments(self) -> dict[str, Any]:
        donnees = dict(self.cleaned_data)
        if donnees["taux"] is not None:
            donnees["taux"] = donnees["taux"] / Decimal(100)
        return donnees


class NotificationForm(FormulaireAccessible, forms.Form):
    notifiee_le = _champ_date(label=_("Notifiée le"), help_text=_("Le recours est possible dans les 2 mois."))


class RadiationForm(FormulaireAccessible, forms.Form):
    le = _champ_date(label=_("Fin de droit au"))
    motivation = _texte(label=_("Motivation"))


class RecoursForm(FormulaireAccessible, forms.Form):
    forme_le = _champ_date(label=_("Recours formé le"))
    destinataire = forms.ChoiceField(
        label=_("Adressé à"), choices=DestinataireRecours.choices, widget=forms.RadioSelect
    )
    depose_par = forms.ChoiceField(
        label=_("Déposé par"), choices=DeposantRecours.choices, widget=forms.RadioSelect
    )
    mandat_ecrit = forms.BooleanField(label=_("Mandat écrit joint"), required=False)
    motifs = _texte(label=_("Motifs du recours"))
    cra_saisie_le = _champ_date(label=_("Commission de recours amiable saisie le"), required=False)


class RecoursDecisionForm(FormulaireAccessible, forms.Form):
    statue_le = _champ_date(label=_("Décision prise le"))
    issue = forms.ChoiceField(label=_("Décision"), choices=IssueRecours.choices, widget=forms.RadioSelect)
    motivation = _texte(
        label=_("Motivation (fondement juridique et faits)"),
        help_text=_(
            "Admis, le recours annule la sanction : toutes les sommes retenues depuis son début sont "
            "régularisées."
        ),
    )


class DemandeReorientationForm(FormulaireAccessible, forms.Form):
    demandeur = forms.ChoiceField(
        label=_("Demandée par"), choices=DemandeurReorientation.choices, widget=forms.RadioSelect
    )
    demandee_le = _champ_date(label=_("Demandée le"))
    motifs = _texte(label=_("Motifs de la demande"))


class RefusReorientationForm(FormulaireAccessible, forms.Form):
    decidee_le = _champ_date(label=_("Décidée le"))
    motivation = _texte(label=_("Motivation du refus"))
