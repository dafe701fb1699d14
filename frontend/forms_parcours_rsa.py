"""Forms of the RSA file of a pathway: the file, the orientation, the contrat d'engagement.

They parse input; ``parcours.actions.rsa`` checks the rules (RSA-2, RSA-4, RSA-7) and its refusals
come back on the fields named by ``CHAMPS`` (the rules' field names → the forms' field names).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from frontend.forms import FormulaireAccessible
from parcours.enums import StatutDroitRsa
from parcours.models import DossierRsa
from parcours.regles.enums import (
    FreinOrientation,
    MotifHeuresReduites,
    NiveauQualification,
    ParcoursRsa,
    SituationEmploi,
    Vulnerabilite,
)
from parcours.regles.rsa import CriteresOrientation, JustificationHeures
from social.enums import OrganismePayeur
from social.models import Organisation

_DATE = {"invalid": _("Saisissez une date valide, par exemple 17/05/2026.")}
OUI, NON = "oui", "non"

# Field names of the rules' refusals (``DomainError.extra["champ"]``) → the forms' fields.
CHAMPS = {
    "parcours": "parcours_type",
    "justification": "justification_motif",
    "precision": "justification_precision",
}


def _champ_date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), error_messages=_DATE, **kwargs
    )


def _texte(**kwargs: Any) -> forms.CharField:
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **kwargs)


class DossierRsaForm(FormulaireAccessible, forms.Form):
    """The RSA file as the CAF or the MSA reports it (RSA-16, RSA-7, RSA-1)."""

    statut_droit = forms.ChoiceField(
        label=_("Statut du droit"),
        choices=[("", _("Choisissez")), *((v, f"{v} – {libelle}") for v, libelle in StatutDroitRsa.choices)],
        help_text=_("Code ETATDOSRSA des flux de la CAF ou de la MSA."),
    )
    soumis_droits_devoirs = forms.ChoiceField(
        label=_("Soumis aux droits et devoirs"),
        choices=[(OUI, _("Oui")), (NON, _("Non"))],
        widget=forms.RadioSelect,
        help_text=_(
            "Seule une personne soumise aux droits et devoirs peut être orientée et signer un contrat "
            "d'engagement (CASF L262-28)."
        ),
    )
    information_recue_le = _champ_date(
        label=_("Information d'ouverture ou de transfert du droit reçue le"),
        help_text=_("Le délai d'orientation de 6 semaines part de cette date (CASF D262-65-2)."),
    )
    organisme_payeur = forms.ChoiceField(
        label=_("Organisme payeur"), choices=OrganismePayeur.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, dossier: DossierRsa | None = None, **kwargs: Any) -> None:
        if dossier is not None:
            kwargs.setdefault(
                "initial",
                {
                    "statut_droit": dossier.statut_droit,
                    "soumis_droits_devoirs": OUI if dossier.soumis_droits_devoirs else NON,
                    "information_recue_le": dossier.information_recue_le,
                    "organisme_payeur": dossier.organisme_payeur,
                },
            )
        super().__init__(*args, **kwargs)

    @property
    def soumis(self) -> bool:
        return bool(self.cleaned_data["soumis_droits_devoirs"] == OUI)


class OrientationRsaForm(FormulaireAccessible, forms.Form):
    """An orientation decision: the parcours, the criteria of the arrêté du 21 novembre 2024 (RSA-2), the
    organisme référent, the decision and notification days; the motif of a reorientation."""

    parcours_type = forms.ChoiceField(
        label=_("Parcours"), choices=ParcoursRsa.choices, widget=forms.RadioSelect
    )
    organisme_referent = forms.ChoiceField(
        label=_("Organisme référent"),
        required=False,
        help_text=_("Il désigne le référent unique et signe le contrat d'engagement avec la personne."),
    )
    situation_emploi = forms.ChoiceField(
        label=_("Situation vis-à-vis de l'emploi"), choices=SituationEmploi.choices, widget=forms.RadioSelect
    )
    duree_sans_activite_mois = forms.IntegerField(
        label=_("Sans activité depuis (en mois)"),
        required=False,
        min_value=0,
        max_value=999,
        help_text=_("Obligatoire si la personne est sans activité."),
        error_messages={"invalid": _("Saisissez un nombre entier de mois, par exemple 14.")},
    )
    niveau_qualification = forms.ChoiceField(
        label=_("Niveau de qualification"),
        choices=[("", _("Choisissez")), *NiveauQualification.choices],
    )
    beneficiaire_obligation_emploi = forms.BooleanField(
        label=_("Bénéficiaire de l'obligation d'emploi (travailleur handicapé ou assimilé)"), required=False
    )
    metier_recherche = forms.CharField(label=_("Métier recherché"), max_length=200, required=False)
    aspirations = _texte(label=_("Aspirations"), required=False)
    freins = forms.MultipleChoiceField(
        label=_("Difficultés"),
        choices=FreinOrientation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Cochez les difficultés constatées. Elles ne sont jamais montrées aux partenaires."),
    )
    frein_autre_precision = forms.CharField(
        label=_("Précisez la difficulté « autre »"), max_length=200, required=False
    )
    vulnerabilites = forms.MultipleChoiceField(
        label=_("Vulnérabilités"),
        choices=Vulnerabilite.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Dans le parcours social, une vulnérabilité porte le diagnostic conjoint avec France Travail à "
            "12 mois au lieu de 6 (CASF D262-65-2-1). Les difficultés de santé, de logement, de garde "
            "d'enfant et de proche aidant comptent déjà."
        ),
    )
    decidee_le = _champ_date(label=_("Décision prise le"))
    notifiee_le = _champ_date(
        label=_("Décision notifiée le"),
        help_text=_("Le contrat d'engagement doit être signé dans le mois qui suit (C. trav. D5411-14-1)."),
    )
    motif = _texte(label=_("Motif de la réorientation"), required=False)

    def __init__(
        self,
        *args: Any,
        organismes: QuerySet[Organisation],
        site: str,
        reorientation: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organismes = {str(o.public_id): o for o in organismes}
        cast(forms.ChoiceField, self.fields["organisme_referent"]).choices = [
            ("", _("%(site)s (service du Département)") % {"site": site}),
            *((cle, organisme.nom) for cle, organisme in self.organismes.items()),
        ]
        self.reorientation = reorientation
        if reorientation:
            self.fields["motif"].required = True
            self.fields["motif"].help_text = _(
                "Obligatoire : avis de l'équipe pluridisciplinaire ou conclusions du diagnostic conjoint."
            )
        else:
            del self.fields["motif"]
        self.actualiser_aria()

    def organisme(self) -> Organisation | None:
        return self.organismes.get(self.cleaned_data["organisme_referent"])

    def criteres(self) -> CriteresOrientation:
        """The criteria as the rule takes them; raises ``DomainError`` when they are incomplete."""
        donnees = self.cleaned_data
        return CriteresOrientation(
            situation_emploi=donnees["situation_emploi"],
            duree_sans_activite_mois=donnees["duree_sans_activite_mois"],
            niveau_qualification=donnees["niveau_qualification"],
            beneficiaire_obligation_emploi=donnees["beneficiaire_obligation_emploi"],
            metier_recherche=donnees["metier_recherche"],
            aspirations=donnees["aspirations"],
            freins=frozenset(donnees["freins"]),
            frein_autre_precision=donnees["frein_autre_precision"],
        )


class ContratEngagementForm(FormulaireAccessible, forms.Form):
    """A contrat d'engagement: the weekly hours and, below the default, their justification (RSA-4)."""

    signe_le = _champ_date(label=_("Signé le"))
    heures_hebdomadaires = forms.DecimalField(
        label=_("Heures d'activité par semaine"),
        min_value=Decimal(0),
        max_digits=4,
        decimal_places=1,
        # French decimal comma (« 7,5 »): a text input with the decimal keypad on mobiles.
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={"invalid": _("Saisissez un nombre d'heures, par exemple 15 ou 7,5.")},
    )
    justification_motif = forms.ChoiceField(
        label=_("Motif de la réduction des heures"),
        required=False,
        widget=forms.RadioSelect,
    )
    justification_precision = _texte(
        label=_("Précision du motif"), required=False, help_text=_("Obligatoire pour le motif « autre ».")
    )
    objectifs = _texte(label=_("Objectifs d'insertion sociale et professionnelle"))
    date_fin = _champ_date(label=_("Fin du contrat"), required=False)

    def __init__(self, *args: Any, minimum: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        heures = f"{minimum.normalize():f}".replace(".", ",")
        self.fields["heures_hebdomadaires"].help_text = _(
            "%(heures)s heures au moins ; en dessous, ou à zéro, le motif est obligatoire (CASF L262-34)."
        ) % {"heures": heures}
        cast(forms.ChoiceField, self.fields["justification_motif"]).choices = [
            ("", _("Sans objet : %(heures)s heures ou plus") % {"heures": heures}),
            *MotifHeuresReduites.choices,
        ]
        self.actualiser_aria()

    def justification(self) -> JustificationHeures | None:
        """The justification as the rule takes it; raises ``DomainError`` for « autre » without details."""
        motif = self.cleaned_data["justification_motif"]
        if not motif:
            return None
        return JustificationHeures(motif=motif, precision=self.cleaned_data["justification_precision"])
