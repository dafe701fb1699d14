"""Forms of the documents section of the pathway page. They parse input; ``parcours.actions.documents``
checks the content (format, size) and the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.forms import FormulaireAccessible
from parcours.enums import TypeDocument


class DocumentForm(FormulaireAccessible, forms.Form):
    fichier = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, image JPEG ou PNG, 10 Mo au plus."),
        # A hint for the browser's file picker only: the server checks the content, never the name.
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={
            "required": _("Choisissez un fichier."),
            "empty": _("Ce fichier est vide."),
            "invalid": _("Ce fichier n'a pas pu être lu."),
        },
    )
    type_document = forms.ChoiceField(label=_("Type de document"), choices=TypeDocument.choices)
    titre = forms.CharField(label=_("Titre"), max_length=200)
    confidentiel = forms.BooleanField(
        label=_("Confidentiel"),
        required=False,
        help_text=_("Réservé aux agents du Département sur ce parcours : jamais montré aux partenaires."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "document")
        super().__init__(*args, **kwargs)


class SuppressionDocumentForm(FormulaireAccessible, forms.Form):
    motif = forms.CharField(label=_("Motif de la suppression"), max_length=300)
