"""The youth pathway's page: the section « Projet vers l'autonomie » (objectives by axe, the form to add
one), the refusal of « Formaliser le projet » without objective, the block « Partenaires du parcours
jeune » (mission locale, Maison des adolescents) for each persona, the block « Aide sociale à l'enfance »
for the pathway's team only (ASE-1, DP-4), and the query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from parcours import actions
from parcours.enums import AxeAccompagnement, Dispositif, EtatJeunes
from parcours.models import DesignationPartenaire, Objectif, Parcours
from parcours.regles.commun import anniversaire
from social.enums import TypeOrganisation
from social.models import Organisation, Personne, Utilisateur
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, texte, trouver, trouver_tous
from tests.frontend.test_parcours_detail import _requetes
from tests.parcours import fabriques_sections
from tests.parcours.factories import ActionParcoursFactory, ObjectifFactory, ouvrir

pytestmark = pytest.mark.django_db


@pytest.fixture
def jeunes(monde: Monde) -> Parcours:
    f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras)
    personne = f.PersonneFactory(nom="Martin", prenoms="Léa", commune=monde.arras, jeune=True)
    f.RattachementFactory(personne=personne, site=monde.mds_arras)
    parcours = ouvrir(
        personne,
        par=monde.ts_arras,
        site=monde.mds_arras,
        referent=monde.ts_arras,
        dispositif=Dispositif.JEUNES,
    )
    actions.partenaire_designer(parcours=parcours, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    return Parcours.objects.get(pk=parcours.pk)


def acteur(monde: Monde, persona: str) -> Utilisateur | None:
    """The section tests' personas, the council member being the Calaisis one."""
    return fabriques_sections.acteur(monde, persona, elu=monde.elu_calaisis)


def url(parcours: Parcours) -> str:
    return reverse("frontend:parcours_detail", args=[parcours.public_id])


def _projet(reponse: object) -> object:
    return trouver(document(reponse), "section", aria_labelledby="titre-projet-jeune")  # type: ignore[arg-type]


# The section.


def test_le_projet_par_axe_dans_l_ordre_des_axes_du_parcours_jeune(monde: Monde, jeunes: Parcours) -> None:
    ObjectifFactory(parcours=jeunes, axe=AxeAccompagnement.LOGEMENT, libelle="Accéder à un premier logement")
    formation = ObjectifFactory(parcours=jeunes, axe=AxeAccompagnement.FORMATION, libelle="Entrer en CAP")
    ObjectifFactory(parcours=jeunes, axe=AxeAccompagnement.EMPLOI, libelle="Décrocher un apprentissage")
    ObjectifFactory(parcours=jeunes, axe=AxeAccompagnement.FORMATION, libelle="Passer le BAFA")
    ActionParcoursFactory(objectif=formation, libelle="Inscription à la session de printemps")

    section = _projet(client_de(monde.ts_arras).get(url(jeunes)))
    assert [texte(h3) for h3 in trouver_tous(section, "h3")] == [
        "Emploi",
        "Formation",
        "Logement",
        "Ajouter un objectif au projet",
    ]
    contenu = texte(section)
    assert contenu.index("Entrer en CAP") < contenu.index("Passer le BAFA") < contenu.index("Accéder")
    assert "Inscription à la session de printemps – à faire" in contenu
    assert not trouver_tous(
        document(client_de(monde.ts_arras).get(url(jeunes))), "section", aria_labelledby="titre-plan"
    )


def test_le_projet_vide_et_le_plan_des_autres_dispositifs(monde: Monde, jeunes: Parcours) -> None:
    section = _projet(client_de(monde.ts_arras).get(url(jeunes)))
    assert "Aucun objectif pour le moment : le projet se formalise avec au moins un objectif." in texte(
        section
    )
    rsa = ouvrir(jeunes.personne, par=monde.ts_arras, site=monde.mds_arras)
    page = document(client_de(monde.ts_arras).get(url(rsa)))
    assert not trouver_tous(page, "section", aria_labelledby="titre-projet-jeune")
    assert trouver(page, "section", aria_labelledby="titre-plan")


def test_le_partenaire_ne_voit_pas_l_objectif_de_sante(monde: Monde, jeunes: Parcours) -> None:
    ObjectifFactory(parcours=jeunes, sante=True)
    ObjectifFactory(parcours=jeunes, axe=AxeAccompagnement.MOBILITE, libelle="Passer le code")
    agent = texte(_projet(client_de(monde.ts_arras).get(url(jeunes))))
    partenaire = texte(_projet(client_de(monde.partenaire_ccas_arras).get(url(jeunes))))
    assert "Reprendre un suivi médical" in agent and "Santé" in agent
    assert "Reprendre un suivi médical" not in partenaire and "Santé" not in partenaire
    assert "Passer le code" in partenaire


@pytest.mark.parametrize(
    ("persona", "formulaire"),
    [("referent", True), ("meme_site", False), ("encadrant", True), ("partenaire_designe", False)],
)
def test_le_formulaire_d_objectif_selon_le_role(
    monde: Monde, jeunes: Parcours, persona: str, formulaire: bool
) -> None:
    section = _projet(client_de(acteur(monde, persona)).get(url(jeunes)))
    assert bool(trouver_tous(section, "form")) is formulaire


# Adding an objective.


def _poster_objectif(persona: str, monde: Monde, parcours: Parcours, **donnees: str) -> object:
    return client_de(acteur(monde, persona)).post(
        reverse("frontend:parcours_objectif_ajouter", args=[parcours.public_id]),
        {f"objectif-{cle}": valeur for cle, valeur in donnees.items()},
    )


def test_ajouter_un_objectif_au_projet(monde: Monde, jeunes: Parcours) -> None:
    reponse = _poster_objectif(
        "referent", monde, jeunes, axe="logement", libelle="Demande en foyer de jeunes travailleurs"
    )
    assert reponse.status_code == 302 and reponse.url == url(jeunes)  # type: ignore[attr-defined]
    objectif = Objectif.objects.get(parcours=jeunes)
    assert (objectif.axe, objectif.libelle, objectif.created_by) == (
        "logement",
        "Demande en foyer de jeunes travailleurs",
        monde.ts_arras,
    )


def test_objectif_incomplet_refuse_avec_son_message(monde: Monde, jeunes: Parcours) -> None:
    reponse = _poster_objectif("referent", monde, jeunes, axe="garde_enfant", libelle="")
    assert reponse.status_code == 400  # type: ignore[attr-defined]
    page = document(reponse)  # type: ignore[arg-type]
    assert trouver(page, id="id_objectif-axe-erreurs") and trouver(page, id="id_objectif-libelle-erreurs")
    assert not Objectif.objects.exists()


@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("meme_site", 403),
        ("partenaire_designe", 403),
        ("autre_territoire", 404),
        ("partenaire_non_designe", 404),
        ("elu", 404),
        ("anonyme", 302),
    ],
)
def test_ajouter_un_objectif_par_persona(monde: Monde, jeunes: Parcours, persona: str, statut: int) -> None:
    reponse = _poster_objectif(persona, monde, jeunes, axe="emploi", libelle="Trouver un emploi")
    assert reponse.status_code == statut  # type: ignore[attr-defined]
    assert not Objectif.objects.exists()


def test_pas_de_formulaire_de_projet_sur_un_autre_dispositif(monde: Monde, jeunes: Parcours) -> None:
    rsa = ouvrir(jeunes.personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    assert _poster_objectif("referent", monde, rsa, axe="emploi", libelle="x").status_code == 404  # type: ignore[attr-defined]
    assert not Objectif.objects.exists()


# « Formaliser le projet ».


def test_formaliser_le_projet_sans_objectif_refuse_sur_la_page(monde: Monde, jeunes: Parcours) -> None:
    client = client_de(monde.ts_arras)
    cible = reverse("frontend:parcours_transitionner", args=[jeunes.public_id])
    reponse = client.post(cible, {"vers": EtatJeunes.PROJET})
    assert reponse.status_code == 400
    formulaire = trouver(document(reponse), "form", aria_labelledby="titre-t-projet")
    assert "Inscrivez d'abord au moins un objectif au projet vers l'autonomie" in texte(formulaire)
    jeunes.refresh_from_db()
    assert (jeunes.etat, jeunes.transitions.count()) == (EtatJeunes.ACCUEIL, 1)

    _poster_objectif("referent", monde, jeunes, axe="formation", libelle="Entrer en CAP")
    assert client.post(cible, {"vers": EtatJeunes.PROJET}).status_code == 302
    jeunes.refresh_from_db()
    assert jeunes.etat == EtatJeunes.PROJET


# Query count: the section reads nothing more than the plan (grouping is done in memory).


@pytest.mark.parametrize("persona", ["referent", "partenaire_designe"])
def test_nombre_de_requetes_independant_du_nombre_d_objectifs(
    monde: Monde, jeunes: Parcours, persona: str
) -> None:
    autre = ouvrir(
        f.PersonneFactory(commune=monde.arras, jeune=True),
        par=monde.ts_arras,
        site=monde.mds_arras,
        referent=monde.ts_arras,
        dispositif=Dispositif.JEUNES,
    )
    actions.partenaire_designer(parcours=autre, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    ObjectifFactory(parcours=jeunes, axe=AxeAccompagnement.EMPLOI)
    axes = list(AxeAccompagnement)
    for i in range(40):
        ActionParcoursFactory(objectif=ObjectifFactory(parcours=autre, axe=axes[i % len(axes)]))
    client = client_de(acteur(monde, persona))
    assert _requetes(client, autre) == _requetes(client, jeunes)


# « Partenaires du parcours jeune »: the mission locale and the Maison des adolescents.


@pytest.fixture
def partenaires_arras(monde: Monde) -> tuple[Organisation, Organisation]:
    ml = f.OrganisationFactory(
        nom="Mission locale de l'Arrageois", type=TypeOrganisation.MISSION_LOCALE, commune=monde.arras
    )
    mda = f.OrganisationFactory(
        nom="Maison des adolescents du Pas-de-Calais",
        type=TypeOrganisation.MAISON_DES_ADOLESCENTS,
        commune=monde.arras,
    )
    return ml, mda


def _bloc(reponse: object) -> object:
    return trouver(document(reponse), "section", aria_labelledby="titre-partenaires-jeune")  # type: ignore[arg-type]


PERSONAS_PARTENAIRES = {
    # persona: (status, suggestions shown, designation form shown)
    "referent": (200, True, True),
    "meme_site": (200, True, False),
    "encadrant": (200, True, True),
    "autre_territoire": (404, False, False),
    "partenaire_designe": (200, False, False),
    "partenaire_non_designe": (404, False, False),
    "elu": (404, False, False),
    "anonyme": (302, False, False),
}


@pytest.mark.parametrize("persona", PERSONAS_PARTENAIRES)
def test_la_page_partenaires_jeune_par_persona(
    monde: Monde, jeunes: Parcours, partenaires_arras: tuple[Organisation, Organisation], persona: str
) -> None:
    statut, suggestions, formulaire = PERSONAS_PARTENAIRES[persona]
    reponse = client_de(acteur(monde, persona)).get(url(jeunes))
    assert reponse.status_code == statut
    if statut != 200:
        assert "Mission locale de l'Arrageois" not in reponse.content.decode()
        return
    bloc = _bloc(reponse)
    contenu = texte(bloc)
    assert [texte(h3) for h3 in trouver_tous(bloc, "h3")][:2] == ["Mission locale", "Maison des adolescents"]
    assert (
        "Aucune mission locale désignée." in contenu and "Aucune maison des adolescents désignée." in contenu
    )
    assert ("Mission locale de l'Arrageois (Arras)" in contenu) is suggestions
    assert ("Maison des adolescents du Pas-de-Calais (Arras)" in contenu) is suggestions
    assert "Mission locale du Calaisis" not in contenu  # serves another territory
    assert bool(trouver_tous(bloc, "form")) is formulaire


def test_partenaire_designe_affiche_et_plus_suggere(
    monde: Monde, jeunes: Parcours, partenaires_arras: tuple[Organisation, Organisation]
) -> None:
    ml, _mda = partenaires_arras
    actions.partenaire_designer(parcours=jeunes, organisation=ml, acting_user=monde.ts_arras)
    for persona in ("referent", "partenaire_designe"):
        contenu = texte(_bloc(client_de(acteur(monde, persona)).get(url(jeunes))))
        assert "Mission locale de l'Arrageois – désignée depuis le" in contenu
        assert "Aucune mission locale désignée." not in contenu
    bloc = _bloc(client_de(monde.ts_arras).get(url(jeunes)))
    choix = [texte(label) for label in trouver_tous(trouver(bloc, "form"), "label")]
    assert "Maison des adolescents du Pas-de-Calais (Maison des adolescents, Arras)" in choix
    assert not any("Mission locale de l'Arrageois" in libelle for libelle in choix)


def test_pas_de_bloc_partenaires_jeune_sur_un_autre_dispositif(monde: Monde, jeunes: Parcours) -> None:
    rsa = ouvrir(jeunes.personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    page = document(client_de(monde.ts_arras).get(url(rsa)))
    assert not trouver_tous(page, "section", aria_labelledby="titre-partenaires-jeune")


def _designer(persona: str, monde: Monde, parcours: Parcours, organisation: Organisation) -> object:
    return client_de(acteur(monde, persona)).post(
        reverse("frontend:parcours_jeunes_partenaire_designer", args=[parcours.public_id]),
        {"designation-organisation": str(organisation.public_id), "designation-motif": "Écoute et soutien"},
    )


def test_designer_la_maison_des_adolescents_suggeree(
    monde: Monde, jeunes: Parcours, partenaires_arras: tuple[Organisation, Organisation]
) -> None:
    _ml, mda = partenaires_arras
    reponse = _designer("referent", monde, jeunes, mda)
    assert reponse.status_code == 302  # type: ignore[attr-defined]
    designation = DesignationPartenaire.objects.get(parcours=jeunes, organisation=mda)
    assert (designation.motif, designation.date_fin, designation.created_by) == (
        "Écoute et soutien",
        None,
        monde.ts_arras,
    )


def test_designer_une_organisation_non_suggeree_refuse(monde: Monde, jeunes: Parcours) -> None:
    """The mission locale of Calais does not serve Arras: not among the choices, nothing written."""
    reponse = _designer("referent", monde, jeunes, monde.ml_calais)
    assert reponse.status_code == 400  # type: ignore[attr-defined]
    assert not DesignationPartenaire.objects.filter(organisation=monde.ml_calais).exists()


@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("meme_site", 403),
        ("partenaire_designe", 403),
        ("autre_territoire", 404),
        ("partenaire_non_designe", 404),
        ("elu", 404),
        ("anonyme", 302),
    ],
)
def test_designer_par_persona(
    monde: Monde,
    jeunes: Parcours,
    partenaires_arras: tuple[Organisation, Organisation],
    persona: str,
    statut: int,
) -> None:
    _ml, mda = partenaires_arras
    assert _designer(persona, monde, jeunes, mda).status_code == statut  # type: ignore[attr-defined]
    assert not DesignationPartenaire.objects.filter(organisation=mda).exists()


@pytest.mark.parametrize("persona", ["referent", "partenaire_designe"])
def test_nombre_de_requetes_independant_du_nombre_de_suggestions(
    monde: Monde, jeunes: Parcours, partenaires_arras: tuple[Organisation, Organisation], persona: str
) -> None:
    client = client_de(acteur(monde, persona))
    avant = _requetes(client, jeunes)
    for i in range(15):
        f.OrganisationFactory(
            nom=f"Mission locale {i}", type=TypeOrganisation.MISSION_LOCALE, commune=monde.arras
        )
    assert _requetes(client, jeunes) == avant


# ASE-1 and DP-4: the block « Aide sociale à l'enfance », for the pathway's team only.


PERSONAS_ASE = {
    # persona: (block shown, form shown)
    "referent": (True, True),
    "encadrant": (True, True),
    "meme_site": (False, False),
    "partenaire_designe": (False, False),
}


@pytest.mark.parametrize("persona", PERSONAS_ASE)
def test_dp_4_le_bloc_ase_pour_l_equipe_du_parcours_seulement(
    monde: Monde, jeunes: Parcours, persona: str
) -> None:
    actions.personne_ase_renseigner(
        parcours=jeunes, acting_user=monde.ts_arras, confie_ase_avant_majorite=True
    )
    bloc, formulaire = PERSONAS_ASE[persona]
    reponse = client_de(acteur(monde, persona)).get(url(jeunes))
    assert reponse.status_code == 200
    sections = trouver_tous(document(reponse), "section", aria_labelledby="titre-ase")
    assert bool(sections) is bloc
    if bloc:
        assert "Confié(e) à l'ASE avant sa majorité Oui" in texte(sections[0])
        assert bool(trouver_tous(sections[0], "form")) is formulaire
    else:
        assert "ASE" not in reponse.content.decode()


def test_ase_1_renseigner_depuis_la_page_et_l_echeance_d_un_mineur(monde: Monde) -> None:
    """A 16-year-old's PCH pathway: the référent records the ASE; the deadline shows, for her only."""
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=f.age_de(16))
    pch = ouvrir(
        personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras, dispositif=Dispositif.PCH
    )
    actions.partenaire_designer(parcours=pch, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_ase_renseigner", args=[pch.public_id]),
        {"ase-confie_ase_avant_majorite": "on"},
    )
    assert reponse.status_code == 302
    page = document(client_de(monde.ts_arras).get(url(pch)))
    limite = f"{anniversaire(personne.date_naissance, 17):%d/%m/%Y}"
    assert f"à tenir au plus tard le {limite}" in texte(trouver(page, "section", aria_labelledby="titre-ase"))
    assert "Entretien d'accès à l'autonomie" in texte(
        trouver(page, "section", aria_labelledby="titre-echeances")
    )
    partenaire = client_de(monde.partenaire_ccas_arras).get(url(pch)).content.decode()
    assert "Entretien d'accès à l'autonomie" not in partenaire and limite not in partenaire


def test_ase_1_pas_de_bloc_pour_un_adulte_hors_parcours_jeune(monde: Monde, personne_arras: Personne) -> None:
    rsa = ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    page = document(client_de(monde.ts_arras).get(url(rsa)))
    assert not trouver_tous(page, "section", aria_labelledby="titre-ase")


@pytest.mark.parametrize(
    ("persona", "statut"),
    [
        ("meme_site", 403),
        ("partenaire_designe", 403),
        ("autre_territoire", 404),
        ("elu", 404),
        ("anonyme", 302),
    ],
)
def test_dp_4_renseigner_l_ase_par_persona(monde: Monde, jeunes: Parcours, persona: str, statut: int) -> None:
    reponse = client_de(acteur(monde, persona)).post(
        reverse("frontend:parcours_ase_renseigner", args=[jeunes.public_id]),
        {"ase-confie_ase_avant_majorite": "on"},
    )
    assert reponse.status_code == statut
    assert not Personne.objects.get(pk=jeunes.personne_id).confie_ase_avant_majorite


def test_ase_1_entretien_sans_ase_refuse_sur_le_champ(monde: Monde, jeunes: Parcours) -> None:
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_ase_renseigner", args=[jeunes.public_id]),
        {"ase-entretien_autonomie_le": "2025-01-10"},
    )
    assert reponse.status_code == 400
    erreurs = texte(trouver(document(reponse), id="id_ase-entretien_autonomie_le-erreurs"))
    assert "L'entretien d'accès à l'autonomie concerne un mineur confié à l'ASE" in erreurs
    assert Personne.objects.get(pk=jeunes.personne_id).entretien_autonomie_le is None
