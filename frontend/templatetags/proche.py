"""Template tags of the web interface: accessible form fields and error summaries (RGAA 11)."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_lazy

register = template.Library()


_OBLIGATOIRE = gettext_lazy("(obligatoire)")


@register.simple_tag
def champ(bound_field: forms.BoundField) -> SafeString:
    """A labelled field with its help text and errors; radios and checkbox lists in a fieldset.

    Written in Python rather than as an inclusion template (about twenty fields on a pathway page): the
    markup is that of the former ``champ.html``, kept in ``tests/frontend/gabarits/champ_reference.html``,
    which ``tests/frontend/test_rendu.py`` compares with this tag byte for byte."""
    widget = bound_field.field.widget
    erreurs = bound_field.errors
    auto_id = bound_field.auto_id
    label = conditional_escape(bound_field.label)
    aide = ""
    if bound_field.help_text:
        texte_aide = conditional_escape(bound_field.help_text)
        aide = f'<p class="champ__aide" id="{conditional_escape(auto_id)}-aide">{texte_aide}</p>'
    liste_erreurs = ""
    if erreurs:
        items = "".join(f"<li>{conditional_escape(e)}</li>" for e in erreurs)
        liste_erreurs = (
            f'<ul class="champ__erreurs" id="{conditional_escape(auto_id)}-erreurs">{items}</ul>\n'
        )
    en_erreur = " champ--erreur" if erreurs else ""
    obligatoire = (
        f' <span class="obligatoire">{conditional_escape(_OBLIGATOIRE)}</span>'
        if bound_field.field.required
        else ""
    )
    pour = conditional_escape(bound_field.id_for_label)
    if isinstance(widget, forms.CheckboxInput):
        html = (
            f'\n<div class="champ champ--case{en_erreur}">\n  {liste_erreurs}\n  {bound_field}\n'
            f'  <label for="{pour}">{label}</label>\n  {aide}\n</div>\n'
        )
    elif bound_field.use_fieldset:
        choix = "".join(
            f'\n      <li>{sous.tag()} <label for="{conditional_escape(sous.id_for_label)}">'
            f"{conditional_escape(sous.choice_label)}</label></li>\n    "
            for sous in bound_field
        )
        html = (
            f'\n<fieldset class="champ champ--groupe{en_erreur}">\n  <legend>{label}{obligatoire}</legend>\n'
            f'  {aide}\n  {liste_erreurs}\n  <ul class="champ__choix">\n    {choix}\n  </ul>\n</fieldset>\n'
        )
    else:
        html = (
            f'\n<div class="champ{en_erreur}">\n  <label for="{pour}">{label}{obligatoire}</label>\n'
            f"  {aide}\n  {liste_erreurs}\n  {bound_field}\n</div>\n"
        )
    # The template ended with a newline after its last tag.
    return mark_safe(html + "\n")  # noqa: S308 (every value is escaped above; widgets and tags are safe)


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
