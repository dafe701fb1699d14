"""Form widgets rendered in Python: the same HTML as Django's widget templates, without the template engine.

Django renders every widget, and every option of a select or a radio list, through a template of its own
(``django/forms/widgets/*.html``, one ``{% include %}`` per option). On the pathway page the forms (the
transitions, the référent, the note, the appointment, the documents) cost a third of its rendering time
(docs/decisions/0002). ``RenduRapide`` writes the HTML of Django's own templates for the widgets those
templates cover (inputs, textarea, select and its options, radio and checkbox lists), and hands any
other template to the template engine. ``tests/frontend/test_rendu.py`` renders every field of every
form of the interface both ways and compares the HTML byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

_W = "django/forms/widgets/"


def _attrs(attrs: Mapping[str, Any]) -> str:
    """``attrs.html``: `` name="value"`` each, `` name`` for True, nothing for False."""
    parties = []
    for nom, valeur in attrs.items():
        if valeur is False:
            continue
        if valeur is True:
            parties.append(f" {conditional_escape(nom)}")
        else:
            parties.append(f' {conditional_escape(nom)}="{conditional_escape(str(valeur))}"')
    return "".join(parties)


def _input(widget: Mapping[str, Any]) -> str:
    """``input.html``."""
    valeur = widget["value"]
    html = f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
    if valeur is not None:
        html += f' value="{conditional_escape(str(valeur))}"'
    return html + _attrs(widget["attrs"]) + ">"


def _input_option(widget: Mapping[str, Any]) -> str:
    """``input_option.html`` as an ``{% include %}`` gives it: the included ``input.html`` and the file
    itself each end with a newline, which the template engine keeps."""
    if not widget["wrap_label"]:
        return _input(widget) + "\n\n"
    identifiant = widget["attrs"].get("id")
    pour = f' for="{conditional_escape(identifiant)}"' if identifiant else ""
    return f"<label{pour}>{_input(widget)}\n {conditional_escape(widget['label'])}</label>\n"


def _radio_option(widget: Mapping[str, Any]) -> str:
    """``radio_option.html`` and ``checkbox_option.html``: ``input_option.html`` and a newline."""
    return _input_option(widget) + "\n"


def _select_option(widget: Mapping[str, Any]) -> str:
    """``select_option.html`` (its file ends with a newline, which the select keeps)."""
    return (
        f'<option value="{conditional_escape(str(widget["value"]))}"{_attrs(widget["attrs"])}>'
        f"{conditional_escape(widget['label'])}</option>\n"
    )


def _option(option: Mapping[str, Any]) -> str:
    rendu = _OPTIONS.get(option["template_name"])
    if rendu is None:
        raise _NonPrisEnCharge
    return rendu(option)


def _textarea(widget: Mapping[str, Any]) -> str:
    """``textarea.html``."""
    valeur = widget["value"]
    contenu = conditional_escape(valeur) if valeur else ""
    nom = conditional_escape(widget["name"])
    return f'<textarea name="{nom}"{_attrs(widget["attrs"])}>\n{contenu}</textarea>'


def _select(widget: Mapping[str, Any]) -> str:
    """``select.html``."""
    html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for groupe, options, _index in widget["optgroups"]:
        if groupe:
            html.append(f'\n  <optgroup label="{conditional_escape(groupe)}">')
        for option in options:
            html.append(f"\n  {_option(option)}")
        if groupe:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _multiple_input(widget: Mapping[str, Any]) -> str:
    """``multiple_input.html`` (radio and checkbox lists)."""
    identifiant = widget["attrs"].get("id")
    classe = widget["attrs"].get("class")
    html = ["<div"]
    if identifiant:
        html.append(f' id="{conditional_escape(identifiant)}"')
    if classe:
        html.append(f' class="{conditional_escape(classe)}"')
    html.append(">")
    for groupe, options, _index in widget["optgroups"]:
        if groupe:
            html.append(f"\n  <div><label>{conditional_escape(groupe)}</label>")
        for option in options:
            html.append(f"<div>\n    {_option(option)}</div>")
        if groupe:
            html.append("\n  </div>")
    html.append("\n</div>")
    return "".join(html)


class _NonPrisEnCharge(Exception):
    """A widget whose options use another template: the template engine renders it."""


_INPUTS = (
    "input",
    "text",
    "number",
    "email",
    "url",
    "password",
    "hidden",
    "date",
    "time",
    "datetime",
    "search",
    "tel",
    "color",
    "checkbox",
)
_OPTIONS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    f"{_W}select_option.html": _select_option,
    f"{_W}radio_option.html": _radio_option,
    f"{_W}checkbox_option.html": _radio_option,
    f"{_W}input_option.html": _input_option,
}
_RENDUS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    **{f"{_W}{nom}.html": _input for nom in _INPUTS},
    f"{_W}textarea.html": _textarea,
    f"{_W}select.html": _select,
    f"{_W}radio.html": _multiple_input,
    f"{_W}checkbox_select.html": _multiple_input,
    f"{_W}multiple_input.html": _multiple_input,
    **{nom: lambda widget, r=rendu: r(widget).strip() for nom, rendu in _OPTIONS.items()},
}


class RenduRapide(DjangoTemplates):
    """``FORM_RENDERER``: Django's widget templates written in Python; any other template (form, field,
    a custom widget) through the template engine as before."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> SafeString:
        rendu = _RENDUS.get(template_name)
        widget = context.get("widget")
        if rendu is not None and widget is not None:
            try:
                return mark_safe(rendu(widget).strip())  # noqa: S308 (every value is escaped above)
            except _NonPrisEnCharge:
                pass
        return super().render(template_name, context, request)


# The widget templates written here (the tests check that each is Django's own).
GABARITS_EN_PYTHON = frozenset(_RENDUS)
