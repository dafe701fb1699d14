"""Forms of the APA file of a pathway: request, acknowledgement, complete file, urgency, evaluation (the
AGGIR grid of the simulator), plan d'aide (its lines) at home or the establishment's tariffs, decision,
notification, revision.

They parse input; ``parcours.actions.apa`` checks the rules (APA-1 to APA-11) and its refusals come back
on the field they name.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontend.forms import FormulaireAccessible
from frontend.forms_apa import ChampMontant, SimulateurApaForm
from parcours.actions.apa import LigneSaisie
from parcours.enums import LieuApa, OrigineRevisionApa, SensDecisionApa, TypeAideApa, UniteAideApa

_DATE = {
    "invalid": _("Saisissez une date valide, par exemple 17/05/2026."),
    "required": _("Indiquez la date."),
}
NOMBRE_LIGNES = 6


def _champ_date(**kwargs: Any) -> forms.DateField:
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages=_DATE,
        initial=timezone.localdate,
        **kwargs,
    )


def _texte(**kwargs: Any) -> forms.CharField:
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **kwargs)


class DemandeApaForm(FormulaireAccessible, forms.Form):
    demande_le = _champ_date(
        label=_("Demande déposée le"),
        help_text=_("L'âge de 60 ans s'apprécie à cette date (CASF L232-1). Format : jj/mm/aaaa."),
    )
    lieu = forms.ChoiceField(
        label=_("Lieu de vie"),
        choices=LieuApa.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez si la personne vit à domicile ou en établissement.")},
        help_text=_(
            "À domicile, les droits s'ouvrent à la notification ; en établissement, à l'enregistrement du "
            "dossier complet (CASF R232-23)."
        ),
    )


class AccuseReceptionApaForm(FormulaireAccessible, forms.Form):
    accuse_le = _champ_date(
        label=_("Accusé de réception envoyé le"),
        help_text=_("Dans les 10 jours de la réception (CASF R232-23)."),
    )
    pieces_manquantes = _texte(
        label=_("Pièces manquantes (une par ligne)"),
        required=False,
        help_text=_(
            "Laissez vide si le dossier est complet : l'accusé de réception enregistre alors le dossier "
            "complet à cette date, point de départ du délai de deux mois."
        ),
    )

    def pieces(self) -> list[str]:
        texte: str = self.cleaned_data.get("pieces_manquantes") or ""
        return [ligne.strip() for ligne in texte.splitlines() if ligne.strip()]


class DossierCompletApaForm(FormulaireAccessible, forms.Form):
    complet_le = _champ_date(
        label=_("Dossier complet enregistré le"),
        help_text=_(
            "Réception des pièces manquantes : le délai de deux mois pour notifier la décision "
            "part de cette date."
        ),
    )


class UrgenceApaForm(FormulaireAccessible, forms.Form):
    le = _champ_date(
        label=_("APA d'urgence attribuée le"),
        help_text=_("Montant provisoire : 50 % du plafond du GIR 1 en vigueur à cette date (CASF R232-19)."),
    )


class EvaluationApaForm(SimulateurApaForm):
    """The AGGIR grid of the simulator, with the day of the visit (at home, or in the establishment where
    the person lives) instead of the plan's fields."""

    def __init__(self, *args: Any, en_etablissement: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for nom in ("ressources_mensuelles", "couple", "montant_plan", "date"):
            del self.fields[nom]
        self.fields["evaluee_le"] = _champ_date(
            label=_("Visite d'évaluation en établissement le")
            if en_etablissement
            else _("Visite d'évaluation à domicile le"),
            help_text=_("Format : jj/mm/aaaa."),
        )
        self.actualiser_aria()

    def verifier_plan(self, donnees: dict[str, Any]) -> None:
        """No plan on this form: it comes at the next step."""


@dataclass(frozen=True)
class LigneDuFormulaire:
    numero: int
    champs: list[forms.BoundField]


class PlanAideApaForm(FormulaireAccessible, forms.Form):
    """The plan's lines (up to six; empty lines are ignored) and the resources of the participation."""

    propose_le = _champ_date(
        label=_("Plan proposé le"),
        help_text=_("Les plafonds et barèmes en vigueur à cette date s'appliquent."),
    )
    ressources_mensuelles = ChampMontant(
        label=_("Ressources mensuelles (en euros)"),
        help_text=_(
            "Pour un couple, les ressources du couple (cochez la case ci-dessous). Par exemple : 1 800."
        ),
        error_messages={"required": _("Indiquez les ressources mensuelles.")},
    )
    couple = forms.BooleanField(
        label=_("La personne vit en couple : les ressources indiquées sont celles du couple"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for numero in range(1, NOMBRE_LIGNES + 1):
            self.fields[f"ligne{numero}_type_aide"] = forms.ChoiceField(
                label=_("Type d'aide"),
                choices=[("", _("Aucune")), *TypeAideApa.choices],
                required=False,
            )
            self.fields[f"ligne{numero}_precision"] = forms.CharField(
                label=_("Précision"), max_length=200, required=False
            )
            self.fields[f"ligne{numero}_quantite"] = forms.CharField(
                label=_("Quantité par mois"), max_length=12, required=False
            )
            self.fields[f"ligne{numero}_unite"] = forms.ChoiceField(
                label=_("Unité"), choices=UniteAideApa.choices, required=False
            )
            self.fields[f"ligne{numero}_prix_unitaire"] = ChampMontant(
                label=_("Prix unitaire (en euros)"), required=False
            )
        self.lignes_saisies: list[LigneSaisie] = []
        self.actualiser_aria()

    def lignes(self) -> list[LigneDuFormulaire]:
        return [
            LigneDuFormulaire(
                numero=numero,
                champs=[
                    self[f"ligne{numero}_{nom}"]
                    for nom in ("type_aide", "precision", "quantite", "unite", "prix_unitaire")
                ],
            )
            for numero in range(1, NOMBRE_LIGNES + 1)
        ]

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        lignes = []
        for numero in range(1, NOMBRE_LIGNES + 1):
            type_aide = donnees.get(f"ligne{numero}_type_aide")
            if not type_aide:
                continue
            quantite = self._quantite(numero, donnees.get(f"ligne{numero}_quantite") or "")
            prix = donnees.get(f"ligne{numero}_prix_unitaire")
            if prix is None and f"ligne{numero}_prix_unitaire" not in self.errors:
                self.add_error(
                    f"ligne{numero}_prix_unitaire",
                    ValidationError(
                        _("Indiquez le prix unitaire de l'aide n° %(n)s.") % {"n": numero}, code="requis"
                    ),
                )
            if quantite is not None and prix is not None:
                lignes.append(
                    LigneSaisie(
                        type_aide=type_aide,
                        quantite=quantite,
                        unite=donnees.get(f"ligne{numero}_unite") or UniteAideApa.HEURES,
                        prix_unitaire=prix,
                        precision=donnees.get(f"ligne{numero}_precision") or "",
                    )
                )
        if not lignes and not any(nom.startswith("ligne") for nom in self.errors):
            self.add_error(
                "ligne1_type_aide",
                ValidationError(_("Le plan d'aide doit comporter au moins une aide."), code="plan_vide"),
            )
        self.lignes_saisies = lignes
        return donnees

    def _quantite(self, numero: int, texte: str) -> Decimal | None:
        nom = f"ligne{numero}_quantite"
        nettoye = "".join(texte.split()).replace(",", ".")
        try:
            quantite = Decimal(nettoye) if nettoye else None
        except InvalidOperation:
            quantite = None
        if (
            quantite is None
            or not quantite.is_finite()
            or quantite <= 0
            or quantite != quantite.quantize(Decimal("0.01"))
        ):
            self.add_error(
                nom,
                ValidationError(
                    _("Aide n° %(n)s : indiquez une quantité positive, par exemple 20 ou 12,5.")
                    % {"n": numero},
                    code="quantite",
                ),
            )
            return None
        return quantite


class EtablissementApaForm(FormulaireAccessible, forms.Form):
    """In an establishment (APA-9, CASF R232-19): the establishment's monthly dependency tariffs, the
    resources and the couple. Monthly amounts, as the computation takes them: the tariffs fixed per day
    by the président du conseil départemental are converted by the agent with the number of days the
    département's règlement uses (the help text says so), never by a hidden constant here.

    ``tranche``: "1-2" or "3-4", the band of the current evaluation's GIR, which names the first tariff."""

    propose_le = _champ_date(
        label=_("Calcul fait le"),
        help_text=_(
            "Pour une première demande, le barème appliqué est celui en vigueur à l'enregistrement du "
            "dossier complet, jour où les droits s'ouvrent en établissement (CASF R232-23) ; pour une "
            "révision, celui de cette date. Format : jj/mm/aaaa."
        ),
    )
    etablissement = forms.CharField(
        label=_("Établissement"),
        max_length=200,
        required=False,
        help_text=_("Nom et commune, par exemple : EHPAD Les Tilleuls, Arras."),
    )
    tarif_gir = ChampMontant(label=_("Tarif dépendance mensuel du GIR de la personne (en euros)"))
    tarif_gir_5_6 = ChampMontant(
        label=_("Tarif dépendance mensuel GIR 5-6 (en euros)"),
        help_text=_(
            "Le tarif que paie tout résident, quel que soit son GIR : la participation de la personne "
            "vaut au moins ce montant (CASF R232-19)."
        ),
        error_messages={"required": _("Indiquez le tarif dépendance GIR 5-6 de l'établissement.")},
    )
    ressources_mensuelles = ChampMontant(
        label=_("Ressources mensuelles (en euros)"),
        help_text=_(
            "Pour un couple, les ressources du couple (cochez la case ci-dessous). Par exemple : 2 000."
        ),
        error_messages={"required": _("Indiquez les ressources mensuelles.")},
    )
    couple = forms.BooleanField(
        label=_(
            "La personne vit en couple : les ressources indiquées sont celles du couple (elles sont "
            "divisées par 2)"
        ),
        required=False,
    )

    def __init__(self, *args: Any, tranche: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        aide_journalier = _(
            "Montant par mois. L'arrêté de tarification fixe un tarif journalier : multipliez-le par le "
            "nombre de jours du mois retenu par le règlement départemental d'aide sociale."
        )
        if tranche:
            self.fields["tarif_gir"].label = _("Tarif dépendance mensuel GIR %(tranche)s (en euros)") % {
                "tranche": tranche
            }
            self.fields["tarif_gir"].help_text = _(
                "Le tarif de l'établissement pour les GIR %(tranche)s, groupe de la personne. %(aide)s"
            ) % {"tranche": tranche, "aide": aide_journalier}
            self.fields["tarif_gir"].error_messages["required"] = _(
                "Indiquez le tarif dépendance GIR %(tranche)s de l'établissement."
            ) % {"tranche": tranche}
        else:
            self.fields["tarif_gir"].help_text = aide_journalier
            self.fields["tarif_gir"].error_messages["required"] = _(
                "Indiquez le tarif dépendance du GIR de la personne."
            )
        self.fields["tarif_gir_5_6"].help_text = f"{self.fields['tarif_gir_5_6'].help_text} {aide_journalier}"
        self.actualiser_aria()

    def clean(self) -> dict[str, Any]:
        donnees = super().clean() or {}
        tarif, tarif_5_6 = donnees.get("tarif_gir"), donnees.get("tarif_gir_5_6")
        if tarif is not None and tarif_5_6 is not None and tarif < tarif_5_6:
            self.add_error(
                "tarif_gir",
                ValidationError(
                    _(
                        "Le tarif dépendance du GIR de la personne ne peut pas être inférieur au tarif "
                        "GIR 5-6."
                    ),
                    code="tarif_incoherent",
                ),
            )
        return donnees


class DecisionApaForm(FormulaireAccessible, forms.Form):
    sens = forms.ChoiceField(
        label=_("Décision"),
        choices=SensDecisionApa.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez l'accord ou le rejet.")},
    )
    decidee_le = _champ_date(label=_("Décidée le"))
    motivation = _texte(
        label=_("Motivation"),
        required=False,
        help_text=_(
            "Obligatoire pour un rejet et pour une réduction de l'APA : les motifs de droit et de fait "
            "(CRPA L211-2 et L211-5)."
        ),
    )


class NotificationApaForm(FormulaireAccessible, forms.Form):
    notifiee_le = _champ_date(
        label=_("Décision notifiée le"),
        help_text=_("À domicile, les droits s'ouvrent à cette date (CASF R232-23)."),
    )


class RevisionApaForm(FormulaireAccessible, forms.Form):
    origine = forms.ChoiceField(
        label=_("Origine de la révision"),
        choices=OrigineRevisionApa.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Indiquez qui demande la révision.")},
    )
    ouverte_le = _champ_date(label=_("Révision ouverte le"))
    motif = _texte(
        label=_("Motif"),
        error_messages={"required": _("Indiquez par écrit le motif de la révision.")},
        help_text=_("Changement de situation, demande de la personne, révision périodique…"),
    )
