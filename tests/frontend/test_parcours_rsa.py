"""The RSA file on the pathway page (section « Droits et orientation RSA ») and its three form pages:
each page and POST per persona, what partners never see, the contract deadline shown after an
orientation, refusals with a clear message and an error summary (nothing changed), query counts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parcours import actions
from parcours.enums import Dispositif, EtatRsa
from parcours.models import ContratEngagement, OrientationRsa, Parcours
from parcours.regles.enums import FreinOrientation, NiveauQualification, ParcoursRsa, SituationEmploi
from social.enums import OperationJournal
from social.models import Personne, Utilisateur
from social.parametres import ajouter_mois
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import attributs, document, lignes_journal, texte, trouver, trouver_tous
from tests.parcours.factories import ParcoursFactory, ouvrir
from tests.parcours.test_parcours_rsa import criteres, dossier, etat_fige, il_y_a, orienter, parcours_rsa

PERSONAS = [
    "referent",
    "meme_site",
    "encadrant",
    "accueil",
    "autre_territoire",
    "partenaire_designe",
    "partenaire_non_designe",
    "elu",
    "anonyme",
]
HORS_PERIMETRE = {"autre_territoire": 404, "partenaire_non_designe": 404, "elu": 404}
# The référent, the team and the encadrants of the site write; a colleague of the site, the reception
# desk and a designated partner may not.
ECRITURE = {"referent": "ok", "encadrant": "ok", "meme_site": 403, "accueil": 403, "partenaire_designe": 403}


def acteur(monde: Monde, persona: str) -> Utilisateur | None:
    return {
        "referent": monde.ts_arras,
        "meme_site": Utilisateur.objects.filter(username="ts2.arras").first(),
        "encadrant": monde.encadrant_arras,
        "accueil": monde.accueil_arras,
        "autre_territoire": monde.ts_calais,
        "partenaire_designe": monde.partenaire_ccas_arras,
        "partenaire_non_designe": monde.partenaire_ml_calais,
        "elu": monde.elu_calaisis,
        "anonyme": None,
    }[persona]


@pytest.fixture
def rsa(monde: Monde, personne_arras: Personne) -> Parcours:
    """An RSA pathway at the MDS of Arras with its RSA file (soumis aux droits et devoirs), the CCAS of
    Arras designated, a colleague of the site (ts2.arras)."""
    f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras)
    parcours = parcours_rsa(monde, personne_arras, recu=il_y_a(20))
    actions.partenaire_designer(parcours=parcours, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    dossier(parcours, monde.ts_arras)
    return Parcours.objects.get(pk=parcours.pk)


def page(parcours: Parcours) -> str:
    return reverse("frontend:parcours_detail", args=[parcours.public_id])


def donnees_orientation(**autres: Any) -> dict[str, Any]:
    return {
        "parcours_type": ParcoursRsa.SOCIAL,
        "organisme_referent": "",
        "situation_emploi": SituationEmploi.SANS_ACTIVITE,
        "duree_sans_activite_mois": "14",
        "niveau_qualification": NiveauQualification.NIVEAU_3,
        "freins": [FreinOrientation.SANTE, FreinOrientation.MOBILITE],
        "aspirations": "Travailler auprès des personnes âgées",
        "decidee_le": il_y_a(4).isoformat(),
        "notifiee_le": il_y_a(3).isoformat(),
    } | autres


def donnees_contrat(**autres: Any) -> dict[str, Any]:
    return {
        "signe_le": il_y_a(1).isoformat(),
        "heures_hebdomadaires": "15",
        "justification_motif": "",
        "objectifs": "Permis B ; atelier CV",
    } | autres


def donnees_dossier(**autres: Any) -> dict[str, Any]:
    return {
        "statut_droit": "2",
        "soumis_droits_devoirs": "oui",
        "information_recue_le": il_y_a(18).isoformat(),
        "organisme_payeur": "msa",
    } | autres


def section_rsa(client: Client, parcours: Parcours) -> str:
    reponse = client.get(page(parcours))
    assert reponse.status_code == 200
    return texte(trouver(document(reponse), "section", aria_labelledby="titre-rsa"))


# The section of the pathway page.


def test_section_droits_et_orientation_pour_l_equipe(monde: Monde, rsa: Parcours) -> None:
    orienter(
        rsa,
        monde.ts_arras,
        organisme=monde.ccas_arras,
        decidee=il_y_a(4),
        notifiee=il_y_a(3),
        criteres=criteres(freins=frozenset({FreinOrientation.SANTE}), aspirations="Auxiliaire de vie"),
    )
    for user in (monde.ts_arras, monde.encadrant_arras, acteur(monde, "meme_site")):
        section = section_rsa(client_de(user), rsa)
        limite = ajouter_mois(il_y_a(3), 1)
        assert f"Contrat d'engagement à signer avant le {limite:%d/%m/%Y} inclus." in section
        for attendu in (
            "Droit ouvert et versable",
            "Soumis aux droits et devoirs Oui",
            "Parcours social",
            "CCAS d'Arras",
            "Santé",
            "Auxiliaire de vie",
            "Sans activité depuis 14 mois",
            "Diagnostic conjoint avec France Travail à réaliser avant le",
        ):
            assert attendu in section, attendu


def test_le_partenaire_ne_voit_ni_dossier_ni_criteres(monde: Monde, rsa: Parcours) -> None:
    orienter(
        rsa,
        monde.ts_arras,
        decidee=il_y_a(4),
        criteres=criteres(freins=frozenset({FreinOrientation.SANTE}), aspirations="Auxiliaire de vie"),
    )
    section = section_rsa(client_de(monde.partenaire_ccas_arras), rsa)
    assert "Parcours social" in section and "Contrat d'engagement à signer avant le" in section
    for cache in (
        "Santé",
        "Auxiliaire de vie",
        "Statut du droit",
        "droits et devoirs",
        "Critères",
        "Mobilité",
    ):
        assert cache not in section, cache
    assert "Enregistrer" not in section and "Renseigner" not in section


def test_liens_des_formulaires_selon_le_role_et_transitions_remplacees(monde: Monde, rsa: Parcours) -> None:
    def liens(user: Utilisateur | None) -> set[str]:
        reponse = client_de(user).get(page(rsa))
        section = trouver(document(reponse), "section", aria_labelledby="titre-rsa")
        return {texte(lien) for lien in trouver_tous(section, "a", class_="bouton")} | {
            texte(lien) for lien in trouver_tous(section, "a", class_="bouton bouton--secondaire")
        }

    assert liens(monde.ts_arras) == {"Mettre à jour le dossier RSA", "Enregistrer l'orientation"}
    assert liens(monde.encadrant_arras) == {"Mettre à jour le dossier RSA", "Enregistrer l'orientation"}
    assert liens(acteur(monde, "meme_site")) == set()
    assert liens(monde.partenaire_ccas_arras) == set()
    # With the RSA file kept, the bare transition « Enregistrer l'orientation » is replaced by the form.
    boutons = [texte(b) for b in trouver_tous(document(client_de(monde.ts_arras).get(page(rsa))), "button")]
    assert "Enregistrer l'orientation" not in boutons and "Clôturer : sortie du dispositif" in boutons

    orienter(rsa, monde.ts_arras)
    assert liens(monde.ts_arras) == {"Mettre à jour le dossier RSA", "Enregistrer le contrat d'engagement"}
    assert liens(monde.encadrant_arras) == {
        "Mettre à jour le dossier RSA",
        "Réorienter",
        "Enregistrer le contrat d'engagement",
    }


def test_sans_dossier_la_section_invite_a_le_renseigner(monde: Monde, personne_arras: Personne) -> None:
    parcours = parcours_rsa(monde, personne_arras)
    section = section_rsa(client_de(monde.ts_arras), parcours)
    assert "Le dossier RSA n'est pas encore renseigné" in section
    assert "Renseigner le dossier RSA" in section
    assert "Orientation à décider avant le" in section


def test_pas_de_section_rsa_hors_rsa_et_pages_rsa_introuvables(
    monde: Monde, personne_arras: Personne
) -> None:
    apa = ouvrir(
        personne_arras,
        par=monde.evaluateur_arras,
        site=monde.autonomie_arras,
        dispositif=Dispositif.APA,
        referent=monde.evaluateur_arras,
    )
    client = client_de(monde.evaluateur_arras)
    assert "titre-rsa" not in client.get(page(apa)).content.decode()
    for nom in ("parcours_rsa_dossier", "parcours_rsa_orienter", "parcours_rsa_contrat"):
        assert client.get(reverse(f"frontend:{nom}", args=[apa.public_id])).status_code == 404


# The form pages, per persona.

PAGES = {
    "dossier": ("frontend:parcours_rsa_dossier", donnees_dossier, False),
    "orientation": ("frontend:parcours_rsa_orienter", donnees_orientation, False),
    "contrat": ("frontend:parcours_rsa_contrat", donnees_contrat, True),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("formulaire", PAGES)
def test_chaque_page_par_persona(monde: Monde, rsa: Parcours, formulaire: str, persona: str) -> None:
    nom, _donnees, oriente = PAGES[formulaire]
    if oriente:
        orienter(rsa, monde.ts_arras)
    reponse = client_de(acteur(monde, persona)).get(reverse(nom, args=[rsa.public_id]))
    attendu = {**HORS_PERIMETRE, **ECRITURE}.get(persona)
    if persona == "anonyme":
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))
    elif attendu == "ok":
        assert reponse.status_code == 200
        assert len(trouver_tous(document(reponse), "h1")) == 1
    else:
        assert reponse.status_code == attendu


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("formulaire", PAGES)
def test_chaque_formulaire_par_persona(monde: Monde, rsa: Parcours, formulaire: str, persona: str) -> None:
    nom, donnees, oriente = PAGES[formulaire]
    if oriente:
        orienter(rsa, monde.ts_arras, decidee=il_y_a(4), notifiee=il_y_a(3))
    avant = etat_fige(rsa)
    reponse = client_de(acteur(monde, persona)).post(reverse(nom, args=[rsa.public_id]), donnees())
    attendu = {**HORS_PERIMETRE, **ECRITURE}.get(persona)
    if persona == "anonyme":
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))
    elif attendu == "ok":
        assert reponse.status_code == 302, reponse.content.decode()[:3000]
        assert reponse.url == page(rsa)
        assert etat_fige(rsa) != avant
        return
    else:
        assert reponse.status_code == attendu
    assert etat_fige(rsa) == avant


# The orientation, then the contract deadline on the page.


def test_l_orientation_enregistree_affiche_la_date_limite_du_contrat(monde: Monde, rsa: Parcours) -> None:
    client = client_de(monde.ts_arras)
    depuis = len(lignes_journal())
    reponse = client.post(
        reverse("frontend:parcours_rsa_orienter", args=[rsa.public_id]),
        donnees_orientation(organisme_referent=str(monde.ccas_arras.public_id)),
        follow=True,
    )
    assert reponse.status_code == 200
    limite = ajouter_mois(il_y_a(3), 1).strftime("%d/%m/%Y")
    statut = texte(trouver(document(reponse), "div", role="status"))
    assert (
        statut == f"L'orientation a été enregistrée. Contrat d'engagement à signer avant le {limite} inclus."
    )
    section = texte(trouver(document(reponse), "section", aria_labelledby="titre-rsa"))
    assert f"Contrat d'engagement à signer avant le {limite} inclus." in section
    orientation = OrientationRsa.objects.get(parcours=rsa)
    assert (orientation.organisme_referent, sorted(orientation.freins)) == (
        monde.ccas_arras,
        ["mobilite", "sante"],
    )
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.ORIENTE
    ecriture = lignes_journal()[depuis]
    assert (ecriture.operation, ecriture.contexte) == (
        OperationJournal.MODIFICATION,
        "frontend:parcours_rsa_orienter",
    )


def test_le_dossier_renseigne_depuis_son_formulaire(monde: Monde, personne_arras: Personne) -> None:
    parcours = parcours_rsa(monde, personne_arras)
    client = client_de(monde.ts_arras)
    url = reverse("frontend:parcours_rsa_dossier", args=[parcours.public_id])
    formulaire = document(client.get(url))
    legende = [texte(legend) for legend in trouver_tous(formulaire, "legend")]
    assert legende == ["Soumis aux droits et devoirs (obligatoire)", "Organisme payeur (obligatoire)"]
    reponse = client.post(url, donnees_dossier(information_recue_le=parcours.date_reception.isoformat()))
    assert reponse.status_code == 302
    section = section_rsa(client, parcours)
    assert "2 – Droit ouvert et versable" in section and "MSA" in section
    # The form shows the file as recorded.
    champ = trouver(document(client.get(url)), "input", name="information_recue_le")
    assert attributs(champ)["value"] == parcours.date_reception.isoformat()


def test_le_contrat_enregistre_depuis_son_formulaire(monde: Monde, rsa: Parcours) -> None:
    orienter(rsa, monde.ts_arras, decidee=il_y_a(4), notifiee=il_y_a(3))
    client = client_de(monde.ts_arras)
    reponse = client.post(
        reverse("frontend:parcours_rsa_contrat", args=[rsa.public_id]),
        donnees_contrat(heures_hebdomadaires="7,5", justification_motif="sante"),
        follow=True,
    )
    assert reponse.status_code == 200
    contrat = ContratEngagement.objects.get(parcours=rsa)
    assert (contrat.heures_hebdomadaires, contrat.justification_motif) == (Decimal("7.5"), "sante")
    section = texte(trouver(document(reponse), "section", aria_labelledby="titre-rsa"))
    assert "Contrat d'engagement à signer" not in section
    assert "Santé" in section and "7,5" in section
    # Signed: the next contract renews it (L262-35), from the section's link to its page.
    lien = trouver(
        document(reponse), "a", href=reverse("frontend:parcours_rsa_contrat", args=[rsa.public_id])
    )
    assert texte(lien) == "Renouveler le contrat d'engagement"
    page_contrat = document(client.get(reverse("frontend:parcours_rsa_contrat", args=[rsa.public_id])))
    assert texte(trouver(page_contrat, "h1")) == "Renouveler le contrat d'engagement"


# Refusals: a clear French message, an error summary linked to the field, nothing changed.


def test_contrat_sous_15_heures_sans_justification_refuse(monde: Monde, rsa: Parcours) -> None:
    orienter(rsa, monde.ts_arras, decidee=il_y_a(4), notifiee=il_y_a(3))
    avant = etat_fige(rsa)
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_rsa_contrat", args=[rsa.public_id]),
        donnees_contrat(heures_hebdomadaires="10"),
    )
    assert reponse.status_code == 400
    html = document(reponse)
    resume = trouver(html, "div", role="alert")
    message = (
        "Un contrat de moins de 15 heures d'activité par semaine doit être justifié (santé, handicap, parent "
        "isolé sans solution de garde, aidant ou autre motif précisé)."
    )
    assert texte(resume) == f"Le formulaire contient 1 erreur. Motif de la réduction des heures : {message}"
    assert trouver(resume, "a")
    assert attributs(trouver(resume, "a"))["href"] == "#id_justification_motif_0"
    assert texte(trouver(html, "title")).startswith("Erreur : Contrat d'engagement")
    assert etat_fige(rsa) == avant


def test_orientation_incomplete_resume_d_erreurs_et_saisie_conservee(monde: Monde, rsa: Parcours) -> None:
    avant = etat_fige(rsa)
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_rsa_orienter", args=[rsa.public_id]),
        donnees_orientation(notifiee_le="", niveau_qualification="", aspirations="Garder ceci"),
    )
    assert reponse.status_code == 400
    html = document(reponse)
    assert "Le formulaire contient 2 erreurs." in texte(trouver(html, "div", role="alert"))
    assert "Garder ceci" in reponse.content.decode()
    freins = [el for el in trouver_tous(html, "fieldset") if "Difficultés" in texte(trouver(el, "legend"))]
    assert len(freins) == 1
    cases = trouver_tous(freins[0], "input", type="checkbox")
    assert len(cases) == len(FreinOrientation.values)
    assert sorted(attributs(c)["value"] or "" for c in cases if "checked" in attributs(c)) == [
        "mobilite",
        "sante",
    ]
    assert etat_fige(rsa) == avant


def test_orientation_refusee_si_non_soumis_aux_droits_et_devoirs(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras, soumis=False)
    avant = etat_fige(rsa)
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_rsa_orienter", args=[rsa.public_id]), donnees_orientation()
    )
    assert reponse.status_code == 400
    assert (
        "Orientation impossible : la personne n'est pas soumise aux droits et devoirs (CASF L262-28)."
        in texte(trouver(document(reponse), "div", role="alert"))
    )
    assert etat_fige(rsa) == avant


def test_critere_incomplet_affiche_sur_son_champ(monde: Monde, rsa: Parcours) -> None:
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_rsa_orienter", args=[rsa.public_id]),
        donnees_orientation(duree_sans_activite_mois=""),
    )
    assert reponse.status_code == 400
    champ = trouver(document(reponse), "input", name="duree_sans_activite_mois")
    assert attributs(champ)["aria-invalid"] == "true"
    assert "Indiquez depuis combien de mois la personne est sans activité." in reponse.content.decode()


def test_reorientation_motif_obligatoire(monde: Monde, rsa: Parcours) -> None:
    orienter(rsa, monde.ts_arras, decidee=il_y_a(10))
    client = client_de(monde.encadrant_arras)
    url = reverse("frontend:parcours_rsa_orienter", args=[rsa.public_id])
    assert texte(trouver(document(client.get(url)), "h1")) == "Réorienter"
    avant = etat_fige(rsa)
    reponse = client.post(url, donnees_orientation(parcours_type=ParcoursRsa.EMPLOI))
    assert reponse.status_code == 400
    assert attributs(trouver(document(reponse), "textarea", name="motif"))["aria-invalid"] == "true"
    assert etat_fige(rsa) == avant
    reponse = client.post(
        url, donnees_orientation(parcours_type=ParcoursRsa.EMPLOI, motif="Avis de l'EP du 3/11")
    )
    assert reponse.status_code == 302
    assert OrientationRsa.objects.filter(parcours=rsa).count() == 2


def test_contrat_avant_l_orientation_interdit(monde: Monde, rsa: Parcours) -> None:
    """Not oriented yet: the contract form is not offered (403), and nothing changes."""
    avant = etat_fige(rsa)
    url = reverse("frontend:parcours_rsa_contrat", args=[rsa.public_id])
    assert client_de(monde.ts_arras).post(url, donnees_contrat()).status_code == 403
    assert etat_fige(rsa) == avant


# Query counts: the pathway page does not grow with the number of orientations and contracts.


def _requetes(client: Client, parcours: Parcours) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(page(parcours)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


def _garnir(parcours: Parcours, monde: Monde, n: int) -> None:
    dossier(parcours, monde.ts_arras, recue=il_y_a(300))
    for i in range(n):
        organisation = f.OrganisationFactory()
        orientation = OrientationRsa.objects.create(
            parcours=parcours,
            parcours_type=ParcoursRsa.SOCIAL,
            situation_emploi=SituationEmploi.SANS_ACTIVITE,
            duree_sans_activite_mois=i,
            niveau_qualification=NiveauQualification.NIVEAU_4,
            freins=[FreinOrientation.SANTE],
            organisme_referent=organisation,
            decidee_le=il_y_a(200 - i),
            notifiee_le=il_y_a(200 - i),
            decidee_par=monde.ts_arras,
        )
        ContratEngagement.objects.create(
            parcours=parcours,
            orientation=orientation,
            signe_le=il_y_a(199 - i),
            heures_hebdomadaires=Decimal(15),
            objectifs=f"Objectif {i}",
            created_by=monde.ts_arras,
        )
    actions.echeances_recalculer(parcours=parcours)


@pytest.mark.parametrize("persona", ["referent", "encadrant", "partenaire_designe"])
def test_nombre_de_requetes_independant_du_nombre_d_orientations(monde: Monde, persona: str) -> None:
    petit = ParcoursFactory(personne__commune=monde.arras, site=monde.mds_arras, referent=monde.ts_arras)
    grand = ParcoursFactory(personne__commune=monde.arras, site=monde.mds_arras, referent=monde.ts_arras)
    from tests.parcours.factories import DesignationPartenaireFactory

    for parcours in (petit, grand):
        DesignationPartenaireFactory(parcours=parcours, organisation=monde.ccas_arras)
        Parcours.objects.filter(pk=parcours.pk).update(etat=EtatRsa.ORIENTE, date_reception=il_y_a(300))
    _garnir(petit, monde, 1)
    _garnir(grand, monde, 30)
    client = client_de(acteur(monde, persona))
    assert _requetes(client, grand) == _requetes(client, petit)
    section = section_rsa(client, grand)
    assert "Historique des orientations" in section


def test_page_de_formulaire_journalisee(monde: Monde, rsa: Parcours) -> None:
    depuis = len(lignes_journal())
    client_de(monde.ts_arras).get(reverse("frontend:parcours_rsa_orienter", args=[rsa.public_id]))
    (ligne,) = lignes_journal()[depuis:]
    assert (ligne.operation, ligne.objet_ids, ligne.contexte) == (
        OperationJournal.CONSULTATION,
        [rsa.personne.public_id],
        "frontend:parcours_rsa_orienter",
    )


def test_un_seul_h1_et_tableau_legende_dans_la_section(monde: Monde, rsa: Parcours) -> None:
    orienter(rsa, monde.ts_arras, decidee=il_y_a(10))
    orienter(rsa, monde.encadrant_arras, type=ParcoursRsa.EMPLOI, decidee=il_y_a(2), motif="Avis de l'EP")
    html = document(client_de(monde.ts_arras).get(page(rsa)))
    assert len(trouver_tous(html, "h1")) == 1
    section = trouver(html, "section", aria_labelledby="titre-rsa")
    (tableau,) = trouver_tous(section, "table")
    assert texte(trouver(tableau, "caption")) == "Historique des orientations, la plus récente d'abord"
    assert all(("scope", "col") in th.attributes for th in trouver_tous(trouver(tableau, "thead"), "th"))
    assert [texte(td) for td in trouver_tous(trouver(tableau, "tbody"), "td")][1:3] == [
        "Parcours emploi",
        "MDS de l'Arrageois (service du Département)",
    ]
