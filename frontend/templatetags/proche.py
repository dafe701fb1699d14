"""Template tags of the web interface: accessible form fields and error summaries (RGAA 11)."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext, gettext_lazy

register = template.Library()


@register.inclusion_tag("frontend/includes/champ.html")
def champ(bound_field: forms.BoundField) -> dict[str, Any]:
    """A labelled field with its help text and errors; radios and checkbox lists in a fieldset."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        genre = "case"
    elif bound_field.use_fieldset:
        genre = "groupe"
    else:
        genre = "simple"
    return {
        "champ": bound_field,
        "genre": genre,
        "obligatoire": bound_field.field.required,
        "id_aide": f"{bound_field.auto_id}-aide",
        "id_erreurs": f"{bound_field.auto_id}-erreurs",
    }


@register.inclusion_tag("frontend/includes/resume_erreurs.html")
def resume_erreurs(form: forms.Form) -> dict[str, Any]:
    """The error summary shown at the top of a form, each error linked to its field."""
    erreurs: list[dict[str, object]] = []
    if form.is_bound:
        for message in form.errors.get(NON_FIELD_ERRORS, []):
            erreurs.append({"cible": "", "libelle": "", "message": message})
        for nom, messages in form.errors.items():
            if nom == NON_FIELD_ERRORS:
                continue
            bound_field = form[nom]
            cible = bound_field.auto_id
            if bound_field.use_fieldset and not isinstance(bound_field.field.widget, forms.CheckboxInput):
                cible = f"{bound_field.auto_id}_0"
            for message in messages:
                erreurs.append({"cible": cible, "libelle": str(bound_field.label), "message": message})
    return {"erreurs": erreurs}


@register.simple_tag
def titre_page(titre: str, form: forms.Form | None = None) -> str:
    """The document title says when the page shows errors (RGAA 8.5, 11.10)."""
    if form is not None and form.is_bound and form.errors:
        return gettext("Erreur : %(titre)s") % {"titre": titre}
    return titre


_LIBELLES_CONTEXTE = {
    "frontend:accueil": gettext_lazy("Accueil"),
    "frontend:personne_recherche": gettext_lazy("Recherche de personnes"),
    "frontend:personne_detail": gettext_lazy("Fiche de la personne"),
    "frontend:personne_creer": gettext_lazy("Création de fiche"),
    "frontend:personne_modifier": gettext_lazy("Modification de la fiche"),
    "frontend:personne_acces": gettext_lazy("Journal des accès"),
    "frontend:parcours_liste": gettext_lazy("Mes parcours"),
    "frontend:parcours_detail": gettext_lazy("Parcours"),
    "frontend:parcours_tableau_de_bord": gettext_lazy("Tableau de bord des parcours"),
    "frontend:parcours_ouvrir": gettext_lazy("Ouverture d'un parcours"),
    "frontend:parcours_transitionner": gettext_lazy("Parcours : changement d'étape"),
    "frontend:parcours_referent_changer": gettext_lazy("Parcours : changement de référent"),
    "frontend:parcours_note_ajouter": gettext_lazy("Parcours : note"),
    "frontend:parcours_rendez_vous_planifier": gettext_lazy("Parcours : rendez-vous"),
    "frontend:parcours_rendez_vous_renseigner": gettext_lazy("Parcours : rendez-vous"),
    "frontend:parcours_suite_renseigner": gettext_lazy("Parcours : suite prévue"),
    "frontend:parcours_rsa_dossier": gettext_lazy("RSA : dossier"),
    "frontend:parcours_rsa_orienter": gettext_lazy("RSA : orientation"),
    "frontend:parcours_rsa_contrat": gettext_lazy("RSA : contrat d'engagement"),
    "frontend:parcours_chronologie": gettext_lazy("Parcours : chronologie complète"),
    "frontend:parcours_rendez_vous_a_renseigner": gettext_lazy("Parcours : rendez-vous à renseigner"),
    "frontend:parcours_document_deposer": gettext_lazy("Parcours : dépôt d'un document"),
    "frontend:parcours_document_telecharger": gettext_lazy("Parcours : téléchargement d'un document"),
    "frontend:parcours_document_supprimer": gettext_lazy("Parcours : suppression d'un document"),
}


@register.filter
def libelle_contexte(contexte: str) -> str:
    """The screen an access came from, in words (the journal stores the URL name)."""
    libelle = _LIBELLES_CONTEXTE.get(contexte)
    return str(libelle) if libelle else contexte
