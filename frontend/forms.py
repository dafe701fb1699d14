"""Forms of the web interface. They parse input; the actions validate the domain rules.

``FormulaireAccessible`` keeps each widget's ARIA attributes in step with the form's state
(``aria-describedby`` on help texts and error messages, ``aria-invalid`` on fields in error), so
the templates stay declarative (RGAA 11.10, 11.11).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from social.enums import OrganismePayeur, Sexe, TypeOrganisation
from social.models import Commune, Personne, Territoire
from social.validators import valider_nir


class FormulaireAccessible:
    """Mixin for ``forms.Form``: ARIA attributes follow help texts and errors."""

    fields: dict[str, forms.Field]
    _errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actualiser_aria()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        self.actualiser_aria()

    def actualiser_aria(self) -> None:
        erreurs = self._errors or {}
        for nom, champ in self.fields.items():
            auto_id = self._auto_id(nom)
            decrit_par = []
            if champ.help_text:
                decrit_par.append(f"{auto_id}-aide")
            if nom in erreurs:
                decrit_par.append(f"{auto_id}-erreurs")
                champ.widget.attrs["aria-invalid"] = "true"
            else:
                champ.widget.attrs.pop("aria-invalid", None)
            if decrit_par:
                champ.widget.attrs["aria-describedby"] = " ".join(decrit_par)
            else:
                champ.widget.attrs.pop("aria-describedby", None)

    def _auto_id(self, nom: str) -> str:
        """``BoundField.auto_id`` without creating the bound field (it would freeze the label)."""
        modele = self.auto_id  # type: ignore[attr-defined]
        nom_html = self.add_prefix(nom)  # type: ignore[attr-defined]
        if modele and "%s" in str(modele):
            return str(modele) % nom_html
        return nom_html if modele else ""

    def appliquer_erreurs(self, exc: ValidationError, correspondance: dict[str, str] | None = None) -> None:
        """Put a ``ValidationError`` raised by an action on the form: the user's input is redisplayed
        and nothing is lost. Errors on fields the form does not have become form-level errors."""
        correspondance = correspondance or {}
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for nom, erreurs in exc.error_dict.items():
            nom_formulaire = correspondance.get(nom, nom)
            if nom_formulaire in self.fields and nom != NON_FIELD_ERRORS:
                self.add_error(nom_formulaire, erreurs)
            else:
                self.add_error(None, erreurs)


class ConnexionForm(FormulaireAccessible, AuthenticationForm):
    """One message for an unknown account, a wrong password or a disabled account: no existence oracle."""

    error_messages = {
        "invalid_login": _("Identifiant ou mot de passe incorrect."),
        "inactive": _("Identifiant ou mot de passe incorrect."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Identifiant")
        self.fields["password"].label = _("Mot de passe")
        # No autofocus: the skip link must stay the first stop of keyboard navigation (RGAA 12.7).
        self.fields["username"].widget.attrs.pop("autofocus", None)


class RechercheForm(FormulaireAccessible, forms.Form):
    q = forms.CharField(
        label=_("Nom, prénom ou date de naissance"),
        help_text=_(
            "Par exemple : « lefevre jeanne » ou « 17/05/1980 ». "
            "Les accents et les fautes de frappe sont tolérés."
        ),
        min_length=2,
        max_length=100,
        required=False,
        error_messages={"min_length": _("Saisissez au moins 2 caractères.")},
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "spellcheck": "false",
                # Progressive enhancement: results refresh while typing; the submit button works without JS.
                "hx-get": reverse_lazy("frontend:personne_recherche"),
                "hx-trigger": "keyup changed delay:300ms, search",
                "hx-target": "#resultats",
                "hx-push-url": "true",
                "hx-sync": "this:replace",
            }
        ),
    )

    def clean_q(self) -> str:
        texte = self.cleaned_data["q"].strip()
        # Punctuation alone would match every file of the perimeter: ask for a name or a date.
        if texte and not re.search(r"\w", texte):
            raise ValidationError(_("Saisissez un nom, un prénom ou une date de naissance."), code="vide")
        return texte


class ChampCommune(forms.CharField):
    """A commune typed as its INSEE code (5 characters; 2A/2B for Corsica)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Code INSEE de la commune"))
        kwargs.setdefault(
            "help_text", _("5 chiffres, par exemple 62041 pour Arras (ce n'est pas le code postal).")
        )
        kwargs.setdefault("max_length", 5)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false", "size": "6"})

    def clean(self, value: Any) -> Commune | None:
        code = super().clean(value)
        if not code:
            return None
        commune = Commune.objects.par_code(code)
        if commune is None:
            raise ValidationError(
                _("Commune inconnue : %(code)s. Indiquez le code INSEE à 5 chiffres."),
                code="commune_inconnue",
                params={"code": code},
            )
        return commune


def _date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide, par exemple 17/05/1980.")},
        **kwargs,
    )


_SANS_AUTOCOMPLETION = {"autocomplete": "off"}  # the agent types someone else's data, not her own


class PersonneForm(FormulaireAccessible, forms.Form):
    """Identity of a person's file, for creation and edition. The NIR is never redisplayed once saved."""

    nom = forms.CharField(
        label=_("Nom d'usage"), max_length=100, widget=forms.TextInput(_SANS_AUTOCOMPLETION)
    )
    nom_naissance = forms.CharField(
        label=_("Nom de naissance"),
        max_length=100,
        required=False,
        help_text=_("S'il diffère du nom d'usage."),
        widget=forms.TextInput(_SANS_AUTOCOMPLETION),
    )
    prenoms = forms.CharField(
        label=_("Prénoms"),
        max_length=150,
        help_text=_("Dans l'ordre de l'état civil."),
        widget=forms.TextInput(_SANS_AUTOCOMPLETION),
    )
    date_naissance = _date(label=_("Date de naissance"), help_text=_("Format : jj/mm/aaaa."))
    sexe = forms.ChoiceField(
        label=_("Sexe"), choices=Sexe.choices, initial=Sexe.NON_PRECISE, widget=forms.RadioSelect
    )
    commune = ChampCommune()
    adresse = forms.CharField(
        label=_("Adresse"), max_length=250, required=False, widget=forms.TextInput(_SANS_AUTOCOMPLETION)
    )
    telephone = forms.CharField(
        label=_("Téléphone"),
        max_length=20,
        required=False,
        widget=forms.TextInput({"type": "tel", **_SANS_AUTOCOMPLETION}),
    )
    courriel = forms.EmailField(
        label=_("Courriel"),
        required=False,
        help_text=_("Par exemple : nom@exemple.fr."),
        error_messages={
            "invalid": _("Saisissez une adresse de courriel valide, par exemple nom@exemple.fr.")
        },
        widget=forms.EmailInput(_SANS_AUTOCOMPLETION),
    )
    organisme_payeur = forms.ChoiceField(
        label=_("Organisme payeur"),
        required=False,
        choices=[("", _("Aucun ou inconnu")), *OrganismePayeur.choices],
    )
    numero_allocataire = forms.CharField(
        label=_("Numéro d'allocataire CAF ou MSA"),
        max_length=20,
        required=False,
        widget=forms.TextInput(_SANS_AUTOCOMPLETION),
    )
    nir = forms.CharField(
        label=_("Numéro de sécurité sociale (NIR)"),
        required=False,
        max_length=21,
        help_text=_("15 caractères, clé comprise. À ne saisir que si une base légale le permet."),
        widget=forms.TextInput(_SANS_AUTOCOMPLETION),
    )
    consentement_partage = forms.BooleanField(
        label=_("Accepte le partage d'informations avec les partenaires désignés"), required=False
    )
    consentement_sms = forms.BooleanField(label=_("Accepte les rappels par SMS"), required=False)
    consentement_date = _date(
        label=_("Date du recueil du consentement"), required=False, help_text=_("Format : jj/mm/aaaa.")
    )

    CHAMPS_ACTION = (
        "nom",
        "nom_naissance",
        "prenoms",
        "date_naissance",
        "sexe",
        "commune",
        "adresse",
        "telephone",
        "courriel",
        "organisme_payeur",
        "numero_allocataire",
        "consentement_partage",
        "consentement_sms",
        "consentement_date",
    )

    def __init__(self, *args: Any, personne: Personne | None = None, **kwargs: Any) -> None:
        self.personne = personne
        if personne is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                nom: getattr(personne, nom) for nom in self.CHAMPS_ACTION if nom != "commune"
            }
            kwargs["initial"]["commune"] = personne.commune.code_insee
        super().__init__(*args, **kwargs)
        if personne is None:
            self.fields["confirmer_autre_personne"] = forms.BooleanField(
                label=_("Je confirme qu'il s'agit d'une autre personne"), required=False
            )
        elif personne.nir:
            self.fields["nir"].help_text = _(
                "Un numéro est enregistré (%(masque)s). Laissez vide pour le conserver, "
                "ou saisissez le nouveau numéro (15 caractères, clé comprise)."
            ) % {"masque": personne.nir_masque}
            self.fields["nir_effacer"] = forms.BooleanField(
                label=_("Effacer le numéro de sécurité sociale enregistré"), required=False
            )
        self.actualiser_aria()

    def clean_nir(self) -> str:
        nir = self.cleaned_data["nir"].replace(" ", "").upper()
        if nir:
            valider_nir(nir)
        return nir

    def clean(self) -> dict[str, Any]:
        super().clean()
        donnees = self.cleaned_data
        if donnees.get("nir") and donnees.get("nir_effacer"):
            self.add_error("nir_effacer", _("Choisissez : saisir un nouveau numéro ou effacer l'ancien."))
        return donnees

    def donnees_personne(self) -> dict[str, Any]:
        """The fields for ``personne_creer`` / ``personne_modifier``: a blank NIR keeps the stored one."""
        donnees = {nom: self.cleaned_data[nom] for nom in self.CHAMPS_ACTION}
        if self.cleaned_data["nir"]:
            donnees["nir"] = self.cleaned_data["nir"]
        elif self.cleaned_data.get("nir_effacer"):
            donnees["nir"] = ""
        return donnees

    @property
    def confirme(self) -> bool:
        return bool(self.cleaned_data.get("confirmer_autre_personne"))


class OrganisationForm(FormulaireAccessible, forms.Form):
    nom = forms.CharField(label=_("Nom"), max_length=200)
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Choisissez un type")), *TypeOrganisation.choices]
    )
    siret = forms.CharField(
        label=_("SIRET"),
        required=False,
        max_length=20,
        help_text=_("14 chiffres, espaces acceptés. Facultatif."),
        widget=forms.TextInput({"autocomplete": "off", "inputmode": "numeric"}),
    )
    commune = ChampCommune(
        required=False, help_text=_("5 chiffres, par exemple 62041 pour Arras. Facultatif.")
    )
    territoire = forms.ModelChoiceField(
        label=_("Territoire"), queryset=Territoire.objects.all(), required=False, empty_label=_("Aucun")
    )
    adresse = forms.CharField(label=_("Adresse"), max_length=250, required=False)
    telephone = forms.CharField(
        label=_("Téléphone"), max_length=20, required=False, widget=forms.TextInput({"type": "tel"})
    )
    courriel = forms.EmailField(
        label=_("Courriel"),
        required=False,
        error_messages={
            "invalid": _("Saisissez une adresse de courriel valide, par exemple nom@exemple.fr.")
        },
    )
