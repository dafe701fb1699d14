"""Forms of the guide pages. They parse input; the guide's actions validate the domain rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from frontend.forms import FormulaireAccessible
from guide_ressources.enums import PUBLIC_TOUS, Taxonomie
from guide_ressources.models import Service, Structure
from guide_ressources.reglages import code_departement
from guide_ressources.selectors import Criteres, Facettes, commune_trouver
from guide_ressources.taxonomies import Taxonomies
from social.models import Commune, Epci, Organisation, Territoire

_SANS_AUTOCOMPLETION = {"autocomplete": "off"}


def _commune(valeur: str) -> Commune | None:
    """Resolve what was typed, or a French error listing the candidates."""
    if not valeur.strip():
        return None
    trouvee = commune_trouver(valeur)
    if trouvee.commune is not None:
        return trouvee.commune
    if trouvee.candidates:
        raise ValidationError(
            _("Plusieurs communes correspondent : %(communes)s. Précisez le code INSEE."),
            code="commune_ambigue",
            params={"communes": ", ".join(str(c) for c in trouvee.candidates)},
        )
    raise ValidationError(
        _("Commune inconnue : « %(texte)s ». Saisissez son nom, son code postal ou son code INSEE."),
        code="commune_inconnue",
        params={"texte": valeur.strip()},
    )


class ChampCommuneGuide(forms.CharField):
    """A commune of the département typed as its name, postal code or INSEE code."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 150)
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean(self, value: Any) -> Commune | None:
        return _commune(super().clean(value) or "")


def decrire_commune(commune: Commune) -> str:
    """How a resolved commune is shown back in its field (« Arras (62041) »)."""
    return f"{commune.nom} ({commune.code_insee})"


class ListeRapide(forms.Select):
    """A select rendered in Python, same HTML as Django's templates: the guide's facet lists have about
    two hundred options, and the option template costs more than the rest of the search page."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # Django's Select without its per-option dictionaries: the first option whose value is the
        # field's value is selected (``Select.optgroups``), options inherit no attributes.
        choisie = self.format_value(value)
        selectionnee = False
        attributs = flatatt(self.build_attrs(self.attrs, attrs))
        morceaux: list[str] = [format_html('<select name="{}"{}>', name, attributs)]

        def option(valeur: Any, libelle: Any) -> str:
            nonlocal selectionnee
            texte = "" if valeur is None else str(valeur)
            choisir = not selectionnee and texte in choisie
            selectionnee = selectionnee or choisir
            selected = " selected" if choisir else ""
            return f'<option value="{escape(texte)}"{selected}>{conditional_escape(libelle)}</option>'

        for valeur, libelle in self.choices:
            if isinstance(libelle, list | tuple):
                morceaux.append(format_html('<optgroup label="{}">', valeur))
                morceaux += [option(v, lib) for v, lib in libelle]
                morceaux.append("</optgroup>")
            else:
                morceaux.append(option(valeur, libelle))
        morceaux.append("</select>")
        return mark_safe("".join(morceaux))  # noqa: S308 (every value and label is escaped)


class RechercheGuideForm(FormulaireAccessible, forms.Form):
    q = forms.CharField(
        label=_("Rechercher un service"),
        help_text=_(
            "Par exemple : « aide alimentaire », « hébergement », « permis ». "
            "Les accents et les majuscules ne comptent pas ; le début d'un mot suffit."
        ),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false", **_SANS_AUTOCOMPLETION}),
    )
    commune = ChampCommuneGuide(
        label=_("Commune de la personne"),
        required=False,
        help_text=_(
            "Nom, code postal ou code INSEE : seuls les services ouverts à ses habitants sont proposés."
        ),
    )
    thematique = forms.ChoiceField(label=_("Thématique"), required=False, widget=ListeRapide)
    public = forms.ChoiceField(label=_("Public"), required=False, widget=ListeRapide)
    frais = forms.ChoiceField(label=_("Frais"), required=False, widget=ListeRapide)
    mode_accueil = forms.ChoiceField(label=_("Mode d'accueil"), required=False, widget=ListeRapide)

    def __init__(self, *args: Any, taxonomies: Taxonomies, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built once per version of the taxonomies and language, in Django's normalized form.
        choix = taxonomies.derive(f"frontend.recherche_guide.{get_language()}", _choix_recherche)
        for nom, valeurs in choix.items():
            self.fields[nom].choices = ChoixNormalises(valeurs)  # type: ignore[attr-defined]

    def afficher_facettes(self, facettes: Facettes) -> None:
        """Each option's label followed by the number of services it would list, the other filters
        kept (« Alimentation (12) »): read with the option by screen readers. Thématiques without any
        service are left out of the list (their group stays), unless chosen; validation is unchanged."""
        self.facettes = facettes
        modele = str(_("%(libelle)s (%(nombre)s)"))
        for nom in ("thematique", "public", "frais", "mode_accueil"):
            champ = cast(forms.ChoiceField, self.fields[nom])
            choisie = self.data.get(nom, "") if self.is_bound else ""
            champ.widget.choices = ChoixNormalises(
                _compter_choix(
                    list(cast(list[Any], champ.choices)), nom, facettes, modele, choisie, nom == "thematique"
                )
            )

    def libelles_des_facettes(self) -> str:
        """JSON: the label of every option of the facet lists, by list then value, with its count after
        a search; a script puts them in place after an htmx refresh (``frontend/guide.js``), leaving the
        lists, their choice and the focus as they are (no option is added or removed there)."""
        facettes = getattr(self, "facettes", None)
        modele = str(_("%(libelle)s (%(nombre)s)"))
        libelles: dict[str, dict[str, str]] = {}
        for nom in ("thematique", "public", "frais", "mode_accueil"):
            options: list[tuple[str, str]] = []
            for valeur, libelle in cast(list[Any], cast(forms.ChoiceField, self.fields[nom]).choices):
                options += list(libelle) if isinstance(libelle, list | tuple) else [(valeur, libelle)]
            libelles[nom] = {
                str(valeur): (
                    modele % {"libelle": libelle, "nombre": facettes.nombre(nom, valeur)}
                    if facettes is not None and valeur
                    else str(libelle)
                )
                for valeur, libelle in options
            }
        return json.dumps(libelles, ensure_ascii=False)

    def criteres(self) -> Criteres:
        donnees = self.cleaned_data if self.is_valid() else {}
        return Criteres(
            texte=donnees.get("q", "").strip(),
            thematique=donnees.get("thematique", ""),
            public=donnees.get("public", ""),
            frais=donnees.get("frais", ""),
            mode_accueil=donnees.get("mode_accueil", ""),
            commune=donnees.get("commune"),
        )

    def parametres(self) -> str:
        """The query string of the search (pagination links keep the facets)."""
        valeurs = {nom: self.data.get(nom, "") for nom in self.fields}
        return urlencode({nom: valeur for nom, valeur in valeurs.items() if valeur})


class ChoixNormalises(BaseChoiceIterator):
    """Choices already in Django's normalized form (``(valeur, libellé)`` pairs, a group as
    ``(libellé, [pairs])``): a field or a widget takes them as they are (``normalize_choices`` leaves
    choice iterators alone) instead of walking the two hundred options of the facet lists again at
    each assignment."""

    def __init__(self, choix: list[Any]) -> None:
        self.choix = choix

    def __iter__(self) -> Iterator[Any]:
        return iter(self.choix)


def _choix_recherche(taxonomies: Taxonomies) -> dict[str, list[Any]]:
    """The options of the search's facet lists (``RechercheGuideForm``)."""
    groupes: list[Any] = [("", str(_("Toutes les thématiques")))]
    for categorie in taxonomies.categories():
        options = [(categorie.valeur, _("%(categorie)s : toutes") % {"categorie": categorie.libelle})]
        options += [(t.valeur, t.libelle) for t in categorie.thematiques]
        groupes.append((categorie.libelle, options))
    return {
        "thematique": groupes,
        "public": [
            ("", str(_("Tous les publics"))),
            *[(v, lib) for v, lib in taxonomies.choix(Taxonomie.PUBLICS) if v != PUBLIC_TOUS],
        ],
        "frais": [("", str(_("Gratuit ou payant"))), *taxonomies.choix(Taxonomie.FRAIS)],
        "mode_accueil": [
            ("", str(_("Tous les modes d'accueil"))),
            *taxonomies.choix(Taxonomie.MODES_ACCUEIL),
        ],
    }


def _compter_choix(
    choix: list[Any], facette: str, facettes: Facettes, modele: str, choisie: str, elaguer: bool
) -> list[Any]:
    resultat: list[Any] = []
    for valeur, libelle in choix:
        if isinstance(libelle, list | tuple):  # a group: its first option is the whole group
            options = _compter_choix(list(libelle), facette, facettes, modele, choisie, elaguer)
            resultat.append((valeur, options))
        elif not valeur:
            resultat.append((valeur, libelle))
        else:
            nombre = facettes.nombre(facette, valeur)
            garder = nombre or not elaguer or valeur == choisie or "--" not in valeur
            if garder:
                resultat.append((valeur, modele % {"libelle": libelle, "nombre": nombre}))
    return resultat


def _cases(taxonomies: Taxonomies, taxonomie: Taxonomie, **kwargs: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=taxonomies.choix(taxonomie), widget=forms.CheckboxSelectMultiple, required=False, **kwargs
    )


class FicheForm(FormulaireAccessible, forms.Form):
    """Fields shared by structures and services (address, contact, opening hours)."""

    telephone = forms.CharField(
        label=_("Téléphone"), max_length=50, required=False, widget=forms.TextInput({"type": "tel"})
    )
    courriel = forms.EmailField(
        label=_("Courriel"),
        required=False,
        error_messages={
            "invalid": _("Saisissez une adresse de courriel valide, par exemple nom@exemple.fr.")
        },
    )
    adresse = forms.CharField(label=_("Adresse"), max_length=250, required=False)
    complement_adresse = forms.CharField(label=_("Complément d'adresse"), max_length=250, required=False)
    code_postal = forms.CharField(
        label=_("Code postal"),
        max_length=5,
        min_length=5,
        required=False,
        widget=forms.TextInput({"size": "6"}),
    )
    horaires_accueil = forms.CharField(
        label=_("Horaires d'accueil"),
        max_length=500,
        required=False,
        help_text=_("Format OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00; PH off »."),
    )

    def initial_de(self, fiche: Structure | Service) -> dict[str, Any]:
        initial = {
            nom: getattr(fiche, nom) for nom in self.fields if hasattr(fiche, nom) and nom != "commune"
        }
        if fiche.commune_id is not None:
            initial["commune"] = decrire_commune(fiche.commune)  # type: ignore[arg-type]
        return initial

    def donnees(self) -> dict[str, Any]:
        return {nom: valeur for nom, valeur in self.cleaned_data.items() if nom in self.CHAMPS_ACTION}

    CHAMPS_ACTION: tuple[str, ...] = ()


class StructureForm(FicheForm):
    nom = forms.CharField(label=_("Nom de la structure"), min_length=3, max_length=150)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    description = forms.CharField(
        label=_("Présentation"),
        min_length=5,
        max_length=10000,
        required=False,
        widget=forms.Textarea({"rows": 4}),
    )
    siret = forms.RegexField(
        label=_("SIRET"),
        regex=r"^\d{14}$",
        required=False,
        help_text=_("14 chiffres, sans espace."),
        error_messages={"invalid": _("Le SIRET doit comporter exactement 14 chiffres.")},
    )
    commune = ChampCommuneGuide(label=_("Commune"), help_text=_("Nom, code postal ou code INSEE."))
    site_web = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    accessibilite_lieu = forms.URLField(
        label=_("Fiche Acceslibre du lieu"),
        required=False,
        assume_scheme="https",
        help_text=_("Lien vers la page du lieu sur acceslibre.beta.gouv.fr."),
    )

    CHAMPS_ACTION = (
        "nom",
        "description",
        "siret",
        "telephone",
        "courriel",
        "site_web",
        "adresse",
        "complement_adresse",
        "code_postal",
        "commune",
        "horaires_accueil",
        "accessibilite_lieu",
        "reseaux_porteurs",
    )

    def __init__(
        self,
        *args: Any,
        taxonomies: Taxonomies,
        organisations: list[Organisation],
        structure: Structure | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reseaux_porteurs"] = _cases(
            taxonomies, Taxonomie.RESEAUX_PORTEURS, label=_("Réseaux porteurs")
        )
        champ_organisation = self.fields["organisation"]
        if structure is not None or len(organisations) == 1:
            del self.fields["organisation"]
        else:
            champ_organisation.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])  # type: ignore[attr-defined]
        self.organisation_unique = organisations[0] if len(organisations) == 1 else None
        if structure is not None and not self.is_bound:
            self.initial = self.initial_de(structure)
        self.actualiser_aria()

    def organisation_choisie(self) -> Organisation:
        return self.cleaned_data.get("organisation") or self.organisation_unique  # type: ignore[return-value]


class ServiceForm(FicheForm):
    nom = forms.CharField(label=_("Nom du service"), min_length=3, max_length=150)
    description = forms.CharField(
        label=_("Description"),
        min_length=5,
        max_length=10000,
        widget=forms.Textarea({"rows": 5}),
        help_text=_("Idéalement 200 à 2 000 caractères, en phrases courtes."),
    )
    type = forms.ChoiceField(label=_("Type de service"), required=False)
    frais = forms.ChoiceField(label=_("Frais"), required=False)
    frais_precisions = forms.CharField(
        label=_("Précisions sur les frais"), required=False, widget=forms.Textarea({"rows": 2})
    )
    publics_precisions = forms.CharField(
        label=_("Précisions sur les publics"), required=False, widget=forms.Textarea({"rows": 2})
    )
    conditions_acces = forms.CharField(
        label=_("Conditions d'accès"), required=False, widget=forms.Textarea({"rows": 3})
    )
    justificatifs = forms.CharField(
        label=_("Documents à apporter"), required=False, widget=forms.Textarea({"rows": 3})
    )
    accessibilite = forms.CharField(
        label=_("Accessibilité"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Accès en fauteuil roulant, boucle magnétique, langue des signes…"),
    )
    contact_nom_prenom = forms.CharField(
        label=_("Contact (nom et prénom ou fonction)"), max_length=150, required=False
    )
    mobilisation_precisions = forms.CharField(
        label=_("Précisions sur la mobilisation"), required=False, widget=forms.Textarea({"rows": 2})
    )
    lien_mobilisation = forms.URLField(label=_("Lien de mobilisation"), required=False, assume_scheme="https")
    commune = ChampCommuneGuide(
        label=_("Commune du lieu d'accueil"),
        required=False,
        help_text=_("Laisser vide : l'adresse de la structure est reprise."),
    )
    zone_departement = forms.BooleanField(label=_("Tout le département"), required=False)
    zone_communes = forms.CharField(
        label=_("Communes"),
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Codes INSEE ou noms, séparés par des virgules, par exemple « 62041, Calais »."),
    )
    nombre_semaines = forms.IntegerField(label=_("Durée en semaines"), min_value=1, required=False)
    volume_horaire_hebdomadaire = forms.FloatField(label=_("Heures par semaine"), min_value=0, required=False)

    CHAMPS_ACTION = (
        "nom",
        "description",
        "type",
        "thematiques",
        "publics",
        "publics_precisions",
        "frais",
        "frais_precisions",
        "conditions_acces",
        "justificatifs",
        "accessibilite",
        "contact_nom_prenom",
        "telephone",
        "courriel",
        "modes_accueil",
        "modes_mobilisation",
        "mobilisable_par",
        "mobilisation_precisions",
        "lien_mobilisation",
        "horaires_accueil",
        "adresse",
        "complement_adresse",
        "code_postal",
        "commune",
        "nombre_semaines",
        "volume_horaire_hebdomadaire",
    )

    def __init__(
        self, *args: Any, taxonomies: Taxonomies, service: Service | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Non précisé")), *taxonomies.choix(Taxonomie.TYPES_SERVICES)]  # type: ignore[attr-defined]
        self.fields["frais"].choices = [("", _("Non précisé")), *taxonomies.choix(Taxonomie.FRAIS)]  # type: ignore[attr-defined]
        self.fields["thematiques"] = _cases(taxonomies, Taxonomie.THEMATIQUES, label=_("Thématiques"))
        self.fields["publics"] = _cases(
            taxonomies,
            Taxonomie.PUBLICS,
            label=_("Publics"),
            help_text=_("« Tous publics » ne se combine avec aucun autre public."),
        )
        self.fields["modes_accueil"] = _cases(taxonomies, Taxonomie.MODES_ACCUEIL, label=_("Modes d'accueil"))
        self.fields["modes_mobilisation"] = _cases(
            taxonomies, Taxonomie.MODES_MOBILISATION, label=_("Comment mobiliser le service")
        )
        self.fields["mobilisable_par"] = _cases(
            taxonomies, Taxonomie.PERSONNES_MOBILISATRICES, label=_("Qui peut le mobiliser")
        )
        self.fields["zone_territoires"] = forms.MultipleChoiceField(
            label=_("Territoires"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=list(Territoire.objects.order_by("nom").values_list("code", "nom")),
        )
        self.fields["zone_epci"] = forms.MultipleChoiceField(
            label=_("Intercommunalités (EPCI)"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=list(
                Epci.objects.filter(communes__territoire__isnull=False)
                .distinct()
                .order_by("nom")
                .values_list("siren", "nom")
            ),
        )
        if service is not None and not self.is_bound:
            self.initial = self.initial_de(service)
            departement = code_departement()
            epci = set(dict(self.fields["zone_epci"].choices))  # type: ignore[attr-defined]
            self.initial["zone_departement"] = departement in service.zone_codes
            self.initial["zone_epci"] = [c for c in service.zone_codes if c in epci]
            self.initial["zone_communes"] = ", ".join(
                c for c in service.zone_codes if c not in epci and c != departement
            )
            self.initial["zone_territoires"] = list(service.zone_territoires)
        self.actualiser_aria()

    def clean_zone_communes(self) -> list[str]:
        codes = []
        for morceau in re.split(r"[,;\n]+", self.cleaned_data.get("zone_communes", "")):
            if morceau.strip():
                commune = _commune(morceau)
                if commune is not None and commune.code_insee not in codes:
                    codes.append(commune.code_insee)
        return codes

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        publics = donnees.get("publics") or []
        if PUBLIC_TOUS in publics and len(publics) > 1:
            self.add_error("publics", _("« Tous publics » ne se combine avec aucun autre public."))
        if not (
            donnees.get("zone_departement")
            or donnees.get("zone_communes")
            or donnees.get("zone_epci")
            or donnees.get("zone_territoires")
        ):
            self.add_error(
                "zone_communes",
                _(
                    "Indiquez la zone d'éligibilité : communes, intercommunalités, territoires "
                    "ou tout le département."
                ),
            )
        return donnees

    def donnees(self) -> dict[str, Any]:
        resultat = super().donnees()
        codes = [code_departement()] if self.cleaned_data.get("zone_departement") else []
        codes += self.cleaned_data.get("zone_epci", []) + self.cleaned_data.get("zone_communes", [])
        resultat["zone_codes"] = codes
        resultat["zone_territoires"] = self.cleaned_data.get("zone_territoires", [])
        return resultat


class MotifForm(FormulaireAccessible, forms.Form):
    motif = forms.CharField(
        label=_("Motif"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Obligatoire pour un refus ; il est montré au partenaire."),
    )


class RetraitForm(FormulaireAccessible, forms.Form):
    """The partner withdraws her entry; its own ids (``retrait-motif``) beside the moderation form."""

    motif = forms.CharField(
        label=_("Motif du retrait"),
        required=False,
        max_length=1000,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("Facultatif, par exemple « Service fermé ». Il est gardé dans l'historique de la fiche."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "retrait-%s")
        super().__init__(*args, **kwargs)


class PlusieursFichiers(forms.ClearableFileInput):
    allow_multiple_selected = True


class ChampFichiers(forms.FileField):
    """One or several uploaded files (Django's documented pattern for ``multiple``)."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        fichiers = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not fichiers:
            super().clean(None, initial)  # the "required" error
        return [super(ChampFichiers, self).clean(f, initial) for f in fichiers]


class ImportationForm(FormulaireAccessible, forms.Form):
    fichiers = ChampFichiers(
        label=_("Fichiers data·inclusion v1 (JSON)"),
        widget=PlusieursFichiers(attrs={"accept": ".json,application/json", "multiple": True}),
        help_text=_(
            'Un fichier de structures et/ou un fichier de services, ou un fichier {"structures": […], '
            '"services": […]}. Tout est vérifié avant l\'enregistrement : au moindre élément invalide, rien '
            "n'est enregistré."
        ),
    )


class CoediteurForm(FormulaireAccessible, forms.Form):
    """Name a co-editor of a structure by the e-mail address of her account."""

    courriel = forms.EmailField(
        label=_("Courriel du compte"),
        help_text=_("L'adresse du compte Proche de la personne, par exemple prenom.nom@partenaire.fr."),
        error_messages={
            "required": _("Saisissez l'adresse de courriel du compte."),
            "invalid": _("Saisissez une adresse de courriel valide, par exemple nom@exemple.fr."),
        },
    )
    expire_le = forms.DateField(
        label=_("Jusqu'au (facultatif)"),
        required=False,
        help_text=_("Au format JJ/MM/AAAA. Sans date, jusqu'à ce que l'autorisation soit retirée."),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Saisissez une date au format JJ/MM/AAAA.")},
    )
    motif = forms.CharField(label=_("Motif (facultatif)"), max_length=200, required=False)
