"""The "Simulateur APA" page: who may open it, the accessible AGGIR grid, the result with how it is
computed, and every kind of bad input (error summary, aria attributes, input kept)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from social.models import JournalAcces
from tests.conftest import Monde, client_de
from tests.frontend.outils import attributs, document, texte, trouver, trouver_tous

pytestmark = pytest.mark.django_db

URL = reverse("frontend:apa_simulateur")
NBSP = "\xa0"

# The GIR 2 example (rank 7, group D), toilette given in detail (haut B + bas C → B).
GRILLE_GIR_2 = {
    "coherence": "B",
    "orientation": "B",
    "toilette": "detail",
    "toilette__haut": "B",
    "toilette__bas": "C",
    "habillage": "C",
    "alimentation": "B",
    "elimination": "C",
    "transferts": "C",
    "deplacements_interieur": "B",
    "deplacements_exterieur": "C",
    "communication": "A",
}
PLAN = {"ressources_mensuelles": "1800", "montant_plan": "1500", "date": "2026-01-15"}
TOUT_A = dict.fromkeys(
    [
        "coherence",
        "orientation",
        "toilette",
        "habillage",
        "alimentation",
        "elimination",
        "transferts",
        "deplacements_interieur",
        "deplacements_exterieur",
        "communication",
    ],
    "A",
)


def euros(montant: str) -> str:
    """As read by ``texte()``, which turns every white space (the non-breaking ones too) into a space."""
    return f"{montant} €"


def soumettre(client: Client, **donnees: Any) -> Any:
    return client.post(URL, donnees)


def resultat(response: Any) -> str:
    return texte(trouver(document(response), "section", id="resultat"))


def erreurs_du_champ(response: Any, nom: str) -> list[str]:
    liste = trouver(document(response), "ul", id=f"id_{nom}-erreurs")
    return [texte(li) for li in trouver_tous(liste, "li")]


def resume(response: Any) -> list[tuple[str, str]]:
    """The error summary: (target, text) of each link."""
    bloc = trouver(document(response), "div", role="alert")
    return [(str(attributs(a)["href"]), texte(a)) for a in trouver_tous(bloc, "a")]


# --- Who may ---


@pytest.mark.parametrize(
    "persona", ["ts_arras", "evaluateur_arras", "ts_calais", "accueil_arras", "encadrant_arras"]
)
def test_les_agents_du_departement_ouvrent_le_simulateur(monde: Monde, persona: str) -> None:
    client = client_de(getattr(monde, persona))
    assert client.get(URL).status_code == 200
    response = soumettre(client, **GRILLE_GIR_2, **PLAN)
    assert response.status_code == 200
    assert "GIR 2" in resultat(response)


@pytest.mark.parametrize("persona", ["partenaire_ccas_arras", "elu_calaisis", "admin"])
def test_partenaires_membres_d_instance_et_administrateurs_sans_affectation_403(
    monde: Monde, persona: str
) -> None:
    client = client_de(getattr(monde, persona))
    assert client.get(URL).status_code == 403
    assert soumettre(client, **GRILLE_GIR_2, **PLAN).status_code == 403


def test_anonyme_redirige_vers_la_connexion(db: None) -> None:
    for response in (Client().get(URL), Client().post(URL, {**GRILLE_GIR_2, **PLAN})):
        assert response.status_code == 302
        assert response.url == f"{reverse('frontend:connexion')}?next={URL}"


def test_aucune_ligne_au_journal_des_acces(monde: Monde) -> None:
    client = client_de(monde.ts_arras)
    client.get(URL)
    soumettre(client, **GRILLE_GIR_2, **PLAN)
    assert JournalAcces.objects.count() == 0


# --- The empty form ---


def test_formulaire_vide_grille_accessible(monde: Monde) -> None:
    response = client_de(monde.evaluateur_arras).get(URL)
    racine = document(response)

    assert texte(trouver(racine, "h1")) == "Simulateur APA"
    assert texte(trouver(racine, "title")) == "Simulateur APA – Proche"
    assert trouver_tous(racine, "section", id="resultat") == []
    formulaire = trouver(racine, "form", method="post", action=URL)
    assert trouver_tous(formulaire, "input", name="csrfmiddlewaretoken")
    legendes = [texte(legende) for legende in trouver_tous(formulaire, "legend")]
    variables = [
        "1. Cohérence",
        "2. Orientation",
        "3. Toilette",
        "4. Habillage",
        "5. Alimentation",
        "6. Élimination",
        "7. Transferts",
        "8. Déplacements à l'intérieur",
        "9. Déplacements à l'extérieur",
        "10. Communication à distance",
    ]
    assert [legende for legende in legendes if legende.endswith("(obligatoire)")] == [
        f"{variable} (obligatoire)" for variable in variables
    ]
    # The 13 sub-variables, each its own group of radios, under a "détailler" disclosure.
    assert (
        "Toilette – haut du corps" in legendes
        and "Habillage – moyen (boutons, fermetures, ceinture)" in legendes
    )
    assert len(legendes) == 10 + 13
    assert [texte(s) for s in trouver_tous(formulaire, "summary")][
        2
    ] == "Détailler : haut du corps, bas du corps"
    assert len(trouver_tous(formulaire, "details")) == 6
    assert all("open" not in attributs(d) for d in trouver_tous(formulaire, "details"))
    # Every radio has its label, in plain French; the variable's help text describes the radios.
    radio = trouver(formulaire, "input", id="id_toilette_1")
    assert attributs(radio)["aria-describedby"] == "id_toilette-aide"
    assert texte(trouver(formulaire, "label", for_="id_toilette_1")) == (
        "B : fait partiellement, ou pas toujours, ou pas correctement"
    )
    assert texte(trouver(formulaire, "label", for_="id_toilette_3")) == (
        "Selon le détail ci-dessous (une réponse par sous-variable)"
    )
    assert trouver_tous(formulaire, "input", id="id_transferts_3") == []  # no sub-variables
    for nom in ["ressources_mensuelles", "montant_plan", "date", "couple"]:
        trouver(formulaire, "label", for_=f"id_{nom}")
    assert attributs(trouver(formulaire, "input", name="date"))["value"] == timezone.localdate().isoformat()


# --- Results ---


def test_resultat_gir_2_exemple_r232_11(monde: Monde) -> None:
    response = soumettre(client_de(monde.evaluateur_arras), **GRILLE_GIR_2, **PLAN)

    assert response.status_code == 200
    assert texte(trouver(document(response), "title")) == "Résultat : GIR 2 – Simulateur APA – Proche"
    # French formatting: non-breaking spaces as thousands separator and before the unit, decimal comma.
    html = response.content.decode()
    assert f"<dd>1{NBSP}682,30{NBSP}€</dd>" in html
    assert f"298,39{NBSP}€ (19,89{NBSP}% du plan retenu)" in html
    contenu = resultat(response)
    assert "GIR 2 (rang 7, décidé par le groupe D)" in contenu
    assert f"Plafond du plan d'aide (GIR 2, au 15/01/2026) {euros('1 682,30')}" in contenu
    assert f"Plan retenu {euros('1 500,00')}" in contenu
    assert f"Participation de la personne {euros('298,39')} (19,89 % du plan retenu)" in contenu
    assert f"Montant de l'APA {euros('1 201,61')} par mois" in contenu
    assert f"Versée : le montant atteint le seuil de versement ({euros('36,06')})." in contenu
    # How it is computed: the GIR walk, the formula, and every value with its source.
    assert "Toilette B haut du corps : B, bas du corps : C" in contenu
    assert "D 2 600 ≥ 2 400 → rang 7 rang 7, GIR 2" in contenu
    assert f"1,306 × {euros('1 288,13')} (MTP au 01/01/2026) = {euros('1 682,30')}." in contenu
    assert "x = (R − S1) ÷ (S2 − S1) = 0,3457." in contenu
    assert f"A1 = {euros('408,34')}" in contenu and f"A3 = {euros('858,51')}" in contenu
    assert f"ici P = {euros('298,39')}." in contenu
    tableau = trouver(document(response), "table", class_="tableau")
    lignes = [texte(tr) for tr in trouver_tous(tableau, "tr")]
    assert any(
        ligne.startswith("Majoration pour aide constante d'une tierce personne (MTP)")
        and euros("1 288,13") in ligne
        and "01/01/2026" in ligne
        and "circulaire Cnav 2025/12" in ligne
        for ligne in lignes
    )
    assert any(
        ligne.startswith("SMIC horaire brut") and "du 01/01/2026 au 31/05/2026" in ligne for ligne in lignes
    )
    # The form keeps what was typed.
    racine = document(response)
    assert "checked" in attributs(trouver(racine, "input", id="id_toilette__bas_2"))
    assert "open" in attributs(trouver_tous(racine, "details")[2])


def test_ressources_d_un_couple_et_montant_a_la_francaise(monde: Monde) -> None:
    response = soumettre(
        client_de(monde.ts_arras),
        **GRILLE_GIR_2,
        **{**PLAN, "ressources_mensuelles": "3 060,00"},
        couple="on",
    )
    contenu = resultat(response)
    assert f"Ressources du couple : {euros('3 060,00')} ÷ 1,7 = {euros('1 800,00')} (R)." in contenu
    assert f"Participation de la personne {euros('298,39')}" in contenu


def test_plan_au_dessus_du_plafond(monde: Monde) -> None:
    """APA-6: the page says the plan is retained at the ceiling (GIR 4: 811,52 € in 2026)."""
    grille_gir_4 = {
        **TOUT_A,
        "toilette": "B",
        "habillage": "B",
        "transferts": "B",
        "deplacements_interieur": "B",
    }
    response = soumettre(client_de(monde.ts_arras), **grille_gir_4, **{**PLAN, "montant_plan": "1000"})
    contenu = resultat(response)
    assert "GIR 4 (rang 10, décidé par le groupe G)" in contenu
    assert (
        f"Plan retenu {euros('811,52')} Le plan proposé ({euros('1 000,00')}) dépasse le plafond" in contenu
    )


def test_apa_non_versee_sous_le_seuil(monde: Monde) -> None:
    response = soumettre(
        client_de(monde.ts_arras),
        **GRILLE_GIR_2,
        ressources_mensuelles="900",
        montant_plan="36,50",
        date="2026-06-01",
    )
    contenu = resultat(response)
    assert "R est inférieur ou égal à S1 : aucune participation." in contenu
    assert f"Non versée : le montant est inférieur au seuil de versement de {euros('36,93')}" in contenu


@pytest.mark.parametrize(
    ("grille", "gir"),
    [
        ({**TOUT_A, "transferts": "C", "deplacements_interieur": "C"}, 5),
        (TOUT_A, 6),
    ],
)
def test_gir_5_et_6_refus_motive_sans_plan(monde: Monde, grille: dict[str, str], gir: int) -> None:
    """APA-1: no APA; the reason names the retirement fund; no resources or plan are asked."""
    response = soumettre(client_de(monde.ts_arras), **grille, date="2026-01-15")
    assert response.status_code == 200
    contenu = resultat(response)
    assert f"GIR {gir} " in contenu
    assert "Pas d'APA pour ce GIR" in contenu
    assert "caisse de retraite" in contenu
    assert "le plan d'aide n'a pas été calculé" in contenu
    assert "Plafond du plan" not in contenu
    assert trouver_tous(document(response), "div", role="alert") == []


# --- Bad input ---


def test_formulaire_vide_resume_des_erreurs_lie_aux_champs(monde: Monde) -> None:
    response = soumettre(client_de(monde.ts_arras), date="")
    racine = document(response)

    assert texte(trouver(racine, "title")) == "Erreur : Simulateur APA – Proche"
    bloc = trouver(racine, "div", role="alert")
    assert texte(trouver(bloc, "h2")) == "Le formulaire contient 11 erreurs."
    liens = resume(response)
    assert liens[0] == ("#id_coherence_0", "Cohérence : Cochez A, B ou C, ou « Selon le détail ».")
    assert ("#id_transferts_0", "Transferts : Cochez A, B ou C.") in liens
    assert liens[-1] == ("#id_date", "Date de calcul : Indiquez la date de calcul.")
    # Each radio of a variable in error says so and points at its message.
    for radio in trouver_tous(racine, "input", name="coherence"):
        assert attributs(radio)["aria-invalid"] == "true"
        assert attributs(radio)["aria-describedby"] == "id_coherence-aide id_coherence-erreurs"
    assert erreurs_du_champ(response, "coherence") == ["Cochez A, B ou C, ou « Selon le détail »."]
    assert trouver_tous(racine, "section", id="resultat") == []


def test_detail_incomplet(monde: Monde) -> None:
    donnees = {**GRILLE_GIR_2, "habillage": "detail", "habillage__haut": "A", **PLAN}
    response = soumettre(client_de(monde.ts_arras), **donnees)
    assert resume(response) == [
        (
            "#id_habillage__moyen_0",
            "Habillage – moyen (boutons, fermetures, ceinture) : "
            "Choisissez A, B ou C, ou un code global pour « Habillage ».",
        ),
        (
            "#id_habillage__bas_0",
            "Habillage – bas (chaussures, chaussettes) : "
            "Choisissez A, B ou C, ou un code global pour « Habillage ».",
        ),
    ]
    racine = document(response)
    assert "open" in attributs(trouver_tous(racine, "details")[3])  # habillage's detail stays open
    assert attributs(trouver(racine, "input", id="id_habillage__bas_0"))["aria-invalid"] == "true"


def test_le_detail_n_est_pris_que_si_selon_le_detail_est_coche(monde: Monde) -> None:
    """A code A with a detail C+C: the code wins (stated in the page), nothing is silently combined."""
    donnees = {**GRILLE_GIR_2, "toilette": "A", "toilette__haut": "C", "toilette__bas": "C", **PLAN}
    contenu = resultat(soumettre(client_de(monde.ts_arras), **donnees))
    assert "Toilette A –" in contenu


def test_ressources_et_plan_obligatoires_en_gir_1_a_4(monde: Monde) -> None:
    response = soumettre(client_de(monde.ts_arras), **GRILLE_GIR_2, date="2026-01-15")
    assert resume(response) == [
        (
            "#id_ressources_mensuelles",
            "Ressources mensuelles (en euros) : "
            "Indiquez les ressources mensuelles : le GIR 2 ouvre droit à l'APA.",
        ),
        (
            "#id_montant_plan",
            "Montant mensuel du plan d'aide proposé (en euros) : Indiquez le montant du plan d'aide : "
            "le GIR 2 ouvre droit à l'APA.",
        ),
    ]


@pytest.mark.parametrize(
    ("saisie", "message"),
    [
        ("-5", "Le montant ne peut pas être négatif."),
        ("beaucoup", "Saisissez un montant en euros, par exemple 1 800 ou 1 800,50."),
        ("12,345", "Saisissez au plus deux chiffres après la virgule."),
    ],
)
def test_montants_invalides(monde: Monde, saisie: str, message: str) -> None:
    response = soumettre(client_de(monde.ts_arras), **GRILLE_GIR_2, **{**PLAN, "montant_plan": saisie})
    assert erreurs_du_champ(response, "montant_plan") == [message]
    champ = trouver(document(response), "input", name="montant_plan")
    assert attributs(champ)["value"] == saisie
    assert attributs(champ)["aria-invalid"] == "true"
    assert attributs(champ)["aria-describedby"] == "id_montant_plan-aide id_montant_plan-erreurs"


def test_code_inconnu(monde: Monde) -> None:
    response = soumettre(client_de(monde.ts_arras), **{**GRILLE_GIR_2, "transferts": "D"}, **PLAN)
    assert erreurs_du_champ(response, "transferts") == [
        "Sélectionnez un choix valide. D n’en fait pas partie."
    ]


def test_date_sans_parametre_en_vigueur(monde: Monde) -> None:
    response = soumettre(client_de(monde.ts_arras), **GRILLE_GIR_2, **{**PLAN, "date": "2020-01-15"})
    assert erreurs_du_champ(response, "date") == [
        "Aucune valeur du paramètre « mtp » n'est en vigueur le 01/01/2020."
    ]
    assert resume(response) == [
        ("#id_date", "Date de calcul : Aucune valeur du paramètre « mtp » n'est en vigueur le 01/01/2020.")
    ]
    assert trouver_tous(document(response), "section", id="resultat") == []
