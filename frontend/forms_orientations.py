"""Forms of the referrals to partner services. They parse input; ``parcours.actions.orientations`` checks
the rules (consent, message, state, reason of a refusal)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import FormulaireAccessible
from parcours.models import Document
from parcours.models.orientations import ModeConsentement, StatutOrientationPartenaire
from parcours.selectors_orientations import FiltresBoite
from social.models import Organisation

_DATE = {"invalid": _("Saisissez une date valide, par exemple 17/05/2026.")}


class RechercheServiceForm(FormulaireAccessible, forms.Form):
    q = forms.CharField(
        label=_("Rechercher un service du guide"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : aide alimentaire, hébergement, mission locale."),
    )


class OrientationForm(FormulaireAccessible, forms.Form):
    """What the worker shares with the partner (only what is needed) and the person's consent."""

    message = forms.CharField(
        label=_("Message au partenaire"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "L'objet de l'orientation, en quelques lignes. N'écrivez que ce qui est utile au partenaire : "
            "rien d'autre du dossier ne lui est transmis."
        ),
        error_messages={"required": _("Écrivez un court message au partenaire : l'objet de l'orientation.")},
    )
    partager_nom = forms.BooleanField(
        label=_("Transmettre le nom et le prénom de la personne"), required=False
    )
    telephone = forms.CharField(
        label=_("Téléphone à transmettre"),
        max_length=50,
        required=False,
        help_text=_("Laissez vide pour ne pas le transmettre."),
    )
    courriel = forms.EmailField(
        label=_("Courriel à transmettre"),
        required=False,
        help_text=_("Laissez vide pour ne pas le transmettre."),
        error_messages={
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr.")
        },
    )
    consentement_mode = forms.ChoiceField(
        label=_("Comment la personne a-t-elle donné son accord ?"),
        choices=ModeConsentement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez comment l'accord de la personne a été recueilli.")},
    )
    consentement_le = forms.DateField(
        label=_("Date de l'accord"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            **_DATE,
            "required": _("Indiquez la date à laquelle la personne a donné son accord."),
        },
    )
    consentement = forms.BooleanField(
        label=_("La personne a donné son accord pour que ces informations soient transmises à ce service."),
        error_messages={
            "required": _("L'accord de la personne est nécessaire pour l'orienter vers un partenaire.")
        },
    )
    documents = forms.MultipleChoiceField(
        label=_("Documents du parcours à joindre"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Seulement ceux utiles au partenaire ; les documents confidentiels et de santé ne sont pas "
            "proposés."
        ),
    )
    fichier = forms.FileField(
        label=_("Ou déposer un document pour cette orientation"),
        required=False,
        help_text=_(
            "PDF, image JPEG ou PNG, 10 Mo au plus. Il sera supprimé quand l'orientation sera close."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={"empty": _("Ce fichier est vide."), "invalid": _("Ce fichier n'a pas pu être lu.")},
    )
    titre_fichier = forms.CharField(label=_("Titre du document déposé"), max_length=200, required=False)

    def __init__(self, *args: Any, documents: list[Document] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents_proposes = {str(document.public_id): document for document in documents or []}
        cast(forms.MultipleChoiceField, self.fields["documents"]).choices = [
            (cle, f"{document.titre} ({document.get_type_document_display()}, {document.depose_le:%d/%m/%Y})")
            for cle, document in self.documents_proposes.items()
        ]

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        if donnees.get("fichier") and not (donnees.get("titre_fichier") or "").strip():
            self.add_error("titre_fichier", _("Donnez un titre au document déposé."))
        return donnees

    def documents_choisis(self) -> list[Document]:
        return [self.documents_proposes[cle] for cle in self.cleaned_data.get("documents") or []]


class ReponseForm(FormulaireAccessible, forms.Form):
    """The partner's answer: accept, or refuse with a reason (rule G-2)."""

    decision = forms.ChoiceField(
        label=_("Votre réponse"),
        choices=[
            (StatutOrientationPartenaire.VALIDEE, _("J'accepte l'orientation")),
            (StatutOrientationPartenaire.REFUSEE, _("Je refuse l'orientation")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez d'accepter ou de refuser l'orientation.")},
    )
    motif = forms.CharField(
        label=_("Motif"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire en cas de refus ; il est transmis au travailleur social."),
    )

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        if (
            donnees.get("decision") == StatutOrientationPartenaire.REFUSEE
            and not donnees.get("motif", "").strip()
        ):
            self.add_error("motif", _("Indiquez le motif du refus : il est transmis au travailleur social."))
        return donnees


class FiltresBoiteForm(FormulaireAccessible, forms.Form):
    """The inbox filters (GET: the URL can be shared, the page works without JavaScript)."""

    statut = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous")), *StatutOrientationPartenaire.choices]
    )
    organisation = forms.ChoiceField(label=_("Organisation destinataire"), required=False)

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            ("", _("Toutes")),
            *((str(o.public_id), o.nom) for o in organisations),
        ]
        self._organisations = {str(o.public_id): o.pk for o in organisations}

    def filtres(self) -> FiltresBoite:
        if not self.is_valid():
            return FiltresBoite()
        return FiltresBoite(
            statut=self.cleaned_data["statut"],
            organisation=self._organisations.get(self.cleaned_data["organisation"]),
        )
