"""The pathway page: who opens it, what each role sees (and never sees), the journal row, its forms,
and its query count, the same for 1 and 50 rows of each kind."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours import actions
from parcours.enums import Confidentialite, EtatRsa
from parcours.models import Parcours
from social.enums import OperationJournal
from social.models import Personne, Utilisateur
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, lignes_journal, texte, trouver, trouver_tous
from tests.parcours.factories import (
    ActionParcoursFactory,
    EcheanceFactory,
    MembreEquipeFactory,
    NoteFactory,
    ObjectifFactory,
    ParcoursFactory,
    RendezVousFactory,
    TransitionParcoursFactory,
    ouvrir,
)

PERSONAS = {
    "referent": 200,
    "meme_site": 200,
    "encadrant": 200,
    "accueil": 403,
    "autre_territoire": 404,
    "partenaire_designe": 200,
    "partenaire_non_designe": 404,
    "elu": 404,
    "admin": 404,
}


def acteur(monde: Monde, persona: str) -> Utilisateur:
    return {
        "referent": monde.ts_arras,
        "meme_site": Utilisateur.objects.get_or_create(username="ts2.arras")[0],
        "encadrant": monde.encadrant_arras,
        "accueil": monde.accueil_arras,
        "autre_territoire": monde.ts_calais,
        "partenaire_designe": monde.partenaire_ccas_arras,
        "partenaire_non_designe": monde.partenaire_ml_calais,
        "elu": monde.elu_calaisis,
        "admin": monde.admin,
    }[persona]


@pytest.fixture
def rsa(monde: Monde, personne_arras: Personne) -> Parcours:
    f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras)
    parcours = ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    actions.partenaire_designer(parcours=parcours, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    return Parcours.objects.get(pk=parcours.pk)


def url(parcours: Parcours) -> str:
    return reverse("frontend:parcours_detail", args=[parcours.public_id])


@pytest.mark.parametrize("persona", PERSONAS)
def test_la_page_par_persona(monde: Monde, rsa: Parcours, persona: str) -> None:
    reponse = client_de(acteur(monde, persona)).get(url(rsa))
    assert reponse.status_code == PERSONAS[persona]
    if reponse.status_code == 200:
        assert texte(trouver(document(reponse), "h1")) == "Parcours RSA – LEFÈVRE Jeanne"


def test_anonyme_redirige_vers_la_connexion(rsa: Parcours) -> None:
    reponse = Client().get(url(rsa))
    assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))


def test_hors_perimetre_sans_journal(monde: Monde, rsa: Parcours) -> None:
    avant = len(lignes_journal())
    client_de(monde.ts_calais).get(url(rsa))
    assert len(lignes_journal()) == avant


def test_chaque_consultation_journalise_la_fiche_de_la_personne(monde: Monde, rsa: Parcours) -> None:
    avant = len(lignes_journal())
    client_de(monde.encadrant_arras).get(url(rsa))
    (ligne,) = lignes_journal()[avant:]
    assert (ligne.operation, ligne.objet_type, ligne.objet_ids, ligne.contexte) == (
        OperationJournal.CONSULTATION,
        "personne",
        [rsa.personne.public_id],
        "frontend:parcours_detail",
    )


def _sections(reponse: object) -> set[str]:
    return {
        dict(section.attributes).get("aria-labelledby") or ""
        for section in trouver_tous(document(reponse), "section")
    }  # type: ignore[arg-type]


def test_formulaires_selon_le_role(monde: Monde, rsa: Parcours) -> None:
    referent = client_de(monde.ts_arras).get(url(rsa))
    encadrant = client_de(monde.encadrant_arras).get(url(rsa))
    collegue = client_de(acteur(monde, "meme_site")).get(url(rsa))
    partenaire = client_de(monde.partenaire_ccas_arras).get(url(rsa))
    formulaires = {"titre-transitions", "titre-form-referent", "titre-form-note", "titre-form-rdv"}

    assert _sections(referent) & formulaires == {"titre-transitions", "titre-form-note", "titre-form-rdv"}
    assert _sections(encadrant) & formulaires == formulaires
    assert _sections(collegue) & formulaires == set()
    assert _sections(partenaire) & formulaires == {"titre-form-note"}
    boutons = [texte(b) for b in trouver_tous(document(referent), "button", type="submit")]
    assert "Enregistrer l'orientation" in boutons and "Clôturer : sortie du dispositif" in boutons


def test_resume_echeances_partenaires_et_equipe(monde: Monde, rsa: Parcours) -> None:
    MembreEquipeFactory(parcours=rsa, utilisateur=monde.evaluateur_arras, role="Évaluatrice")
    page = document(client_de(monde.ts_arras).get(url(rsa)))

    resume = trouver(page, "section", aria_labelledby="titre-resume")
    assert "À orienter" in texte(resume) and "MDS de l'Arrageois" in texte(resume)
    assert reverse("frontend:personne_detail", args=[rsa.personne.public_id]) in str(resume)
    assert "CCAS d'Arras" in texte(trouver(page, "section", aria_labelledby="titre-partenaires"))
    assert "Évaluatrice" in texte(trouver(page, "section", aria_labelledby="titre-equipe"))
    echeances = trouver(page, "section", aria_labelledby="titre-echeances")
    assert "Orientation (6 semaines, D262-65-2)" in texte(echeances)
    assert trouver(echeances, "caption")


def test_alertes_affichees_aux_agents_pas_aux_partenaires(monde: Monde, personne_arras: Personne) -> None:
    parcours = ParcoursFactory(personne=personne_arras, site=monde.mds_arras, ancien=True)
    EcheanceFactory(parcours=parcours, depassee=True)
    f.RattachementFactory(personne=personne_arras, organisation=monde.ccas_arras)
    from tests.parcours.factories import DesignationPartenaireFactory

    DesignationPartenaireFactory(parcours=parcours, organisation=monde.ccas_arras)

    agent = document(client_de(monde.encadrant_arras).get(url(parcours)))
    alertes = texte(trouver(agent, "section", aria_labelledby="titre-alertes"))
    assert "Sans référent" in alertes and "Sans contact récent" in alertes and "Échéance dépassée" in alertes
    partenaire = client_de(monde.partenaire_ccas_arras).get(url(parcours)).content.decode()
    assert "titre-alertes" not in partenaire


def test_chronologie_la_plus_recente_d_abord_et_confidentialite(monde: Monde, rsa: Parcours) -> None:
    actions.note_ajouter(
        parcours=rsa, auteur=monde.ts_arras, texte="Note privée", confidentialite=Confidentialite.AUTEUR
    )
    actions.note_ajouter(
        parcours=rsa, auteur=monde.ts_arras, texte="Note d'équipe", confidentialite=Confidentialite.EQUIPE
    )
    actions.note_ajouter(
        parcours=rsa,
        auteur=monde.ts_arras,
        texte="Note partagée",
        confidentialite=Confidentialite.PARTENAIRES,
    )
    ObjectifFactory(parcours=rsa, sante=True)
    actions.parcours_transitionner(
        parcours=rsa, vers=EtatRsa.ORIENTE, acting_user=monde.ts_arras, motif="Freins de santé importants"
    )

    def chronologie(user: Utilisateur) -> str:
        page = document(client_de(user).get(url(rsa)))
        return texte(trouver(page, "section", aria_labelledby="titre-chronologie"))

    referent, encadrant = chronologie(monde.ts_arras), chronologie(monde.encadrant_arras)
    collegue, partenaire = chronologie(acteur(monde, "meme_site")), chronologie(monde.partenaire_ccas_arras)

    assert referent.index("État : À orienter → Orienté") < referent.index("Ouverture du parcours")
    for visible in ("Note privée", "Note d'équipe", "Note partagée", "Freins de santé"):
        assert visible in referent
    assert "Note privée" not in encadrant and "Note d'équipe" in encadrant
    assert "Note d'équipe" not in collegue and "Note partagée" in collegue
    assert "Note partagée" in partenaire
    for cache in ("Note privée", "Note d'équipe", "Freins de santé", "suivi médical"):
        assert cache not in partenaire
    assert "suivi médical" in referent


def test_page_partenaire_sans_motif_de_cloture(monde: Monde, rsa: Parcours) -> None:
    actions.parcours_transitionner(
        parcours=rsa, vers=EtatRsa.SORTIE, acting_user=monde.ts_arras, motif="Incarcération", suite_prevue=""
    )
    # A closed pathway ends the designations: the partner no longer sees it.
    assert client_de(monde.partenaire_ccas_arras).get(url(rsa)).status_code in {200, 404}
    agent = client_de(monde.ts_arras).get(url(rsa)).content.decode()
    assert "Incarcération" in agent
    assert "titre-form-suite" in agent  # the next step is still to record


def _requetes(client: Client, parcours: Parcours) -> int:
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(url(parcours)).status_code == 200
    return sum(1 for requete in contexte.captured_queries if "SAVEPOINT" not in requete["sql"])


def _garnir(parcours: Parcours, monde: Monde, n: int) -> None:
    organisations = [f.OrganisationFactory() for _ in range(n)]
    for i in range(n):
        TransitionParcoursFactory(
            parcours=parcours, depuis="a_orienter", vers="a_orienter", acting_user=monde.ts_arras
        )
        NoteFactory(parcours=parcours, auteur=monde.ts_arras, confidentialite=Confidentialite.PARTENAIRES)
        RendezVousFactory(parcours=parcours, agent=monde.ts_arras, honore=True)
        RendezVousFactory(parcours=parcours, agent=monde.ts_arras, passe=True)
        RendezVousFactory(parcours=parcours, organisation=organisations[i], agent=None)
        ActionParcoursFactory(objectif=ObjectifFactory(parcours=parcours))
        MembreEquipeFactory(
            parcours=parcours, utilisateur=f.AffectationFactory(site=monde.mds_arras).utilisateur
        )
        from tests.parcours.factories import DesignationPartenaireFactory

        DesignationPartenaireFactory(parcours=parcours, organisation=organisations[i])


@pytest.mark.parametrize("persona", ["referent", "encadrant", "partenaire_designe"])
def test_nombre_de_requetes_independant_du_nombre_de_lignes(monde: Monde, persona: str) -> None:
    petit = ParcoursFactory(personne__commune=monde.arras, site=monde.mds_arras, referent=monde.ts_arras)
    grand = ParcoursFactory(personne__commune=monde.arras, site=monde.mds_arras, referent=monde.ts_arras)
    for parcours in (petit, grand):
        from tests.parcours.factories import DesignationPartenaireFactory

        DesignationPartenaireFactory(parcours=parcours, organisation=monde.ccas_arras)
    _garnir(petit, monde, 1)
    _garnir(grand, monde, 50)
    client = client_de(acteur(monde, persona))
    assert _requetes(client, grand) == _requetes(client, petit)


def test_un_seul_h1_et_des_tableaux_legendes(monde: Monde, rsa: Parcours) -> None:
    page = document(client_de(monde.ts_arras).get(url(rsa)))
    assert len(trouver_tous(page, "h1")) == 1
    for tableau in trouver_tous(page, "table"):
        assert trouver_tous(tableau, "caption")
        assert all(("scope", "col") in th.attributes for th in trouver_tous(trouver(tableau, "thead"), "th"))


def test_date_hier_affichee_dans_la_chronologie(monde: Monde, rsa: Parcours) -> None:
    hier = timezone.localdate() - datetime.timedelta(days=1)
    Parcours.objects.filter(pk=rsa.pk).update(date_reception=hier - datetime.timedelta(days=3))
    rsa.transitions.update(date_effet=hier - datetime.timedelta(days=3))
    actions.parcours_transitionner(
        parcours=rsa, vers=EtatRsa.ORIENTE, acting_user=monde.ts_arras, date_effet=hier
    )
    page = texte(
        trouver(
            document(client_de(monde.ts_arras).get(url(rsa))), "section", aria_labelledby="titre-chronologie"
        )
    )
    assert f"Date d'effet : {hier:%d/%m/%Y}." in page
