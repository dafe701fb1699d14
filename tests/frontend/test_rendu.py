"""``frontend.rendu.RenduRapide`` writes the HTML of Django's widget templates in Python: byte for byte the
same as the template engine, widget by widget over a wide set of cases, and page by page on the pages with
the most forms."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import engines
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from frontend.rendu import GABARITS_EN_PYTHON, RenduRapide
from frontend.templatetags.proche import champ
from tests.conftest import Monde
from tests.parcours.fabriques_orientations import construire_scene
from tests.parcours.factories import NoteFactory, ObjectifFactory, RendezVousFactory

CHOIX = [("", "---------"), ("a", "Alpha & <bêta>"), ("b", 'Guillemets "doubles"'), (3, "Trois")]
GROUPES = [("", "Aucun"), ("Groupe <1>", [("x", "X"), ("y", "Y")]), ("Groupe 2", [("z", "Zêta")])]


class Tout(forms.Form):
    texte = forms.CharField(help_text="Aide", widget=forms.TextInput(attrs={"aria-describedby": "a-aide"}))
    texte_vide = forms.CharField(required=False, initial="")
    texte_echappe = forms.CharField(initial='<script>"&"</script>', max_length=40)
    nombre = forms.IntegerField(min_value=0, initial=3)
    decimal = forms.DecimalField(initial="12.50", localize=True)
    courriel = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    cache = forms.CharField(widget=forms.HiddenInput, initial="secret")
    mot_de_passe = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="x")
    jour = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), initial=datetime.date(2026, 1, 2))
    heure = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), required=False)
    case = forms.BooleanField(required=False, initial=True)
    case_decochee = forms.BooleanField(required=False)
    zone = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="Ligne 1\nLigne <2> & 3")
    zone_vide = forms.CharField(widget=forms.Textarea, required=False)
    liste = forms.ChoiceField(choices=CHOIX, initial="b")
    liste_groupes = forms.ChoiceField(choices=GROUPES, initial="y", required=False)
    liste_multiple = forms.MultipleChoiceField(choices=CHOIX[1:], initial=["a", "3"], required=False)
    radios = forms.ChoiceField(choices=CHOIX[1:], widget=forms.RadioSelect, initial="a")
    radios_groupes = forms.ChoiceField(choices=GROUPES[1:], widget=forms.RadioSelect, required=False)
    cases = forms.MultipleChoiceField(choices=CHOIX[1:], widget=forms.CheckboxSelectMultiple, initial=["b"])
    desactive = forms.CharField(disabled=True, initial="figé", required=False)
    fichier = forms.FileField(required=False)
    choix_oui_non = forms.NullBooleanField(required=False)


def _html(form: forms.Form) -> dict[str, list[str]]:
    rendus: dict[str, list[str]] = {}
    for bound in form:
        morceaux = [str(bound), bound.label_tag()]
        morceaux += [str(sous.tag()) for sous in bound.subwidgets] if bound.use_fieldset else []
        rendus[bound.name] = morceaux
    return rendus


@pytest.mark.parametrize(
    "donnees",
    [
        None,
        {"texte": "<b>é</b>", "liste": "zz", "radios": "b", "cases": ["a", "3"], "case": "on", "nombre": "x"},
    ],
    ids=["initial", "lie_avec_erreurs"],
)
def test_rendu_rapide_identique_aux_gabarits_de_django(donnees: dict[str, Any] | None) -> None:
    rapide = Tout(donnees, renderer=RenduRapide(), prefix="p")
    gabarits = Tout(donnees, renderer=DjangoTemplates(), prefix="p")
    if donnees is not None:
        assert not rapide.is_valid() and not gabarits.is_valid()
    assert _html(rapide) == _html(gabarits)
    # Not vacuous: the cases rendered hold what they should.
    html = "".join(m for morceaux in _html(rapide).values() for m in morceaux)
    assert '<optgroup label="Groupe &lt;1&gt;">' in html and "Alpha &amp; &lt;bêta&gt;" in html
    assert 'type="radio"' in html and 'type="checkbox"' in html and "<textarea" in html


def test_les_gabarits_de_widgets_sont_ceux_de_django() -> None:
    """``RenduRapide`` writes Django's widget templates: an app overriding one of them would be ignored,
    so none may (each name resolves to Django's own file)."""
    import django

    moteur = DjangoTemplates().engine
    racine = Path(django.__file__).parent / "forms" / "templates"
    for nom in GABARITS_EN_PYTHON:
        assert Path(moteur.get_template(nom).origin.name).is_relative_to(racine), nom


def test_un_gabarit_que_le_rendu_ne_connait_pas_passe_par_le_moteur() -> None:
    """A widget whose options use another template is rendered by the template engine, whole."""

    class OptionsMaison(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    class Formulaire(forms.Form):
        maison = forms.ChoiceField(choices=CHOIX, widget=OptionsMaison)

    rapide = str(Formulaire(renderer=RenduRapide())["maison"])
    assert rapide == str(Formulaire(renderer=DjangoTemplates())["maison"])
    assert rapide.count('<input type="select"') == len(CHOIX)


@pytest.mark.django_db
def test_pages_riches_en_formulaires_identiques_avec_les_gabarits(monde: Monde) -> None:
    scene = construire_scene(monde)
    parcours = scene.parcours
    NoteFactory(parcours=parcours, auteur=monde.ts_arras)
    RendezVousFactory(parcours=parcours, agent=monde.ts_arras, passe=True)
    ObjectifFactory(parcours=parcours)
    pages = [
        (monde.ts_arras, reverse("frontend:parcours_detail", args=[parcours.public_id])),
        (monde.encadrant_arras, reverse("frontend:parcours_detail", args=[parcours.public_id])),
        (monde.ts_arras, reverse("frontend:personne_creer")),
        (monde.accueil_arras, reverse("frontend:guide_recherche") + "?q=aide"),
        (monde.evaluateur_arras, reverse("frontend:apa_simulateur")),
    ]
    for user, url in pages:
        client = Client()
        client.force_login(user)
        rapide = client.get(url)
        with override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates"):
            gabarits = client.get(url)
        assert rapide.status_code == gabarits.status_code == 200, url
        # The CSRF token differs from one response to the next: compare without it.
        assert _sans_jeton(rapide.content.decode()) == _sans_jeton(gabarits.content.decode()), url


def _sans_jeton(html: str) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# The ``{% champ %}`` tag, written in Python: the markup of its former inclusion template.

REFERENCE_CHAMP = Path(__file__).parent / "gabarits" / "champ_reference.html"


def _champ_par_le_gabarit(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    genre = (
        "case" if isinstance(widget, forms.CheckboxInput) else "groupe" if bound.use_fieldset else "simple"
    )
    gabarit = engines["django"].from_string(REFERENCE_CHAMP.read_text())
    return gabarit.render(
        {
            "champ": bound,
            "genre": genre,
            "obligatoire": bound.field.required,
            "id_aide": f"{bound.auto_id}-aide",
            "id_erreurs": f"{bound.auto_id}-erreurs",
        }
    )


@pytest.mark.parametrize("donnees", [None, {"texte": "", "radios": "zz", "cases": ["zz"], "zone": ""}])
def test_balise_champ_identique_a_son_ancien_gabarit(donnees: dict[str, Any] | None) -> None:
    form = Tout(donnees, prefix="p")
    genres = set()
    for bound in form:
        assert champ(bound) == _champ_par_le_gabarit(bound), bound.name
        genres.add(champ(bound).split(">", 1)[0])
    # Not vacuous: the three kinds of field, and errors when bound.
    assert {
        '\n<div class="champ"',
        '\n<div class="champ champ--case"',
        '\n<fieldset class="champ champ--groupe"',
    } <= {g.replace(" champ--erreur", "") for g in genres}
    if donnees is not None:
        assert 'class="champ__erreurs"' in champ(form["radios"]) and "champ--erreur" in champ(form["texte"])
