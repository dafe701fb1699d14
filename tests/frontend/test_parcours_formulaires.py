"""The forms of the pathway page and the opening page: each POST per persona, refusals shown with a clear
message and an error summary, nothing changed on refusal."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parcours import actions
from parcours.enums import Dispositif, EtatRsa
from parcours.models import ChangementReferent, Note, Parcours, RendezVous, TransitionParcours
from social.models import Personne, Utilisateur
from tests import factories as f
from tests.conftest import Monde, client_de
from tests.frontend.outils import document, texte, trouver
from tests.parcours.factories import RendezVousFactory, ouvrir, rajeunir


@pytest.fixture
def rsa(monde: Monde, personne_arras: Personne) -> Parcours:
    f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras)
    parcours = ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    actions.partenaire_designer(parcours=parcours, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    return Parcours.objects.get(pk=parcours.pk)


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


def _fige(parcours: Parcours) -> tuple[object, ...]:
    parcours.refresh_from_db()
    return (
        parcours.etat,
        parcours.referent_id,
        parcours.updated_at,
        TransitionParcours.objects.filter(parcours=parcours).count(),
        ChangementReferent.objects.filter(parcours=parcours).count(),
        Note.objects.filter(parcours=parcours).count(),
        RendezVous.objects.filter(parcours=parcours).count(),
    )


def _demain() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


# (URL name, POST data, expected status per persona; "ok" = redirect to the page)
POSTS: dict[str, tuple[str, dict[str, str], dict[str, Any]]] = {
    "transition": (
        "frontend:parcours_transitionner",
        {"vers": EtatRsa.ORIENTE},
        {"referent": "ok", "meme_site": 403, "encadrant": "ok", "partenaire_designe": 403},
    ),
    "referent": (
        "frontend:parcours_referent_changer",
        {"referent-motif": "Départ"},
        {"referent": 403, "meme_site": 403, "encadrant": "ok", "partenaire_designe": 403},
    ),
    "note": (
        "frontend:parcours_note_ajouter",
        {"note-texte": "Point d'étape", "note-confidentialite": "equipe"},
        {"referent": "ok", "meme_site": 403, "encadrant": "ok", "partenaire_designe": "ok"},
    ),
    "rendez-vous": (
        "frontend:parcours_rendez_vous_planifier",
        {"rdv-date": _demain(), "rdv-heure": "10:00", "rdv-modalite": "telephone"},
        {"referent": "ok", "meme_site": 403, "encadrant": "ok", "partenaire_designe": 403},
    ),
}
COMMUNS = {"accueil": 403, "autre_territoire": 404, "partenaire_non_designe": 404, "elu": 404}


@pytest.mark.parametrize(
    "persona", [*COMMUNS, "referent", "meme_site", "encadrant", "partenaire_designe", "anonyme"]
)
@pytest.mark.parametrize("formulaire", POSTS)
def test_chaque_formulaire_par_persona(monde: Monde, rsa: Parcours, formulaire: str, persona: str) -> None:
    nom, donnees, attendus = POSTS[formulaire]
    if formulaire == "referent":
        donnees = {**donnees, "referent-referent": str(Utilisateur.objects.get(username="ts2.arras").pk)}
    attendu = {**COMMUNS, **attendus}.get(persona)
    avant = _fige(rsa)

    reponse = client_de(acteur(monde, persona)).post(reverse(nom, args=[rsa.public_id]), donnees)

    if persona == "anonyme":
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("frontend:connexion"))
    elif attendu == "ok":
        assert reponse.status_code == 302, reponse.content.decode()[:2000]
        assert reponse.url == reverse("frontend:parcours_detail", args=[rsa.public_id])
        assert _fige(rsa) != avant
        return
    else:
        assert reponse.status_code == attendu
    assert _fige(rsa) == avant


def _poster_transition(client: Client, parcours: Parcours, **donnees: str) -> Any:
    return client.post(reverse("frontend:parcours_transitionner", args=[parcours.public_id]), donnees)


def test_transition_reussie_avec_message(monde: Monde, rsa: Parcours) -> None:
    client = client_de(monde.ts_arras)
    reponse = _poster_transition(client, rsa, vers=EtatRsa.ORIENTE, **{"t-oriente-motif": "Social"})
    assert reponse.status_code == 302
    page = client.get(reponse.url)
    assert "Le parcours est passé à l'état « Orienté »." in texte(
        trouver(document(page), "div", id="messages")
    )
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.ORIENTE
    assert rsa.transitions.order_by("-id").first().motif == "Social"


def test_refus_sans_motif_resume_d_erreurs_et_rien_ne_change(monde: Monde, rsa: Parcours) -> None:
    avant = _fige(rsa)
    reponse = _poster_transition(client_de(monde.ts_arras), rsa, vers=EtatRsa.SORTIE)

    assert reponse.status_code == 400
    page = document(reponse)
    resume = trouver(page, "div", role="alert")
    assert "Motif : Ce champ est obligatoire." in texte(resume)
    assert texte(trouver(page, "title")).startswith("Erreur : Parcours RSA")
    assert _fige(rsa) == avant


def test_refus_depuis_le_mauvais_etat_avec_message(monde: Monde, rsa: Parcours) -> None:
    avant = _fige(rsa)
    reponse = _poster_transition(client_de(monde.ts_arras), rsa, vers=EtatRsa.CONTRACTUALISE)
    assert reponse.status_code == 409
    assert (
        "Le parcours est à l'état « À orienter » : il ne peut pas passer à « Contrat d'engagement signé »."
        in texte(trouver(document(reponse), "div", role="alert"))
    )
    assert _fige(rsa) == avant


def test_refus_par_le_mauvais_role_avec_message(monde: Monde, rsa: Parcours) -> None:
    for vers in (EtatRsa.ORIENTE, EtatRsa.CONTRACTUALISE, EtatRsa.EN_ACCOMPAGNEMENT):
        actions.parcours_transitionner(parcours=rsa, vers=vers, acting_user=monde.ts_arras)
    avant = _fige(rsa)
    reponse = _poster_transition(
        client_de(monde.ts_arras), rsa, vers=EtatRsa.SUSPENDU, **{"t-suspendu-motif": "Absences"}
    )
    assert reponse.status_code == 403
    assert "Votre rôle sur ce parcours ne permet pas de « Suspendre (suspension-remobilisation) »" in texte(
        trouver(document(reponse), "div", role="alert")
    )
    assert _fige(rsa) == avant


def test_cloture_avec_suite_prevue(monde: Monde, rsa: Parcours) -> None:
    reponse = _poster_transition(
        client_de(monde.ts_arras),
        rsa,
        vers=EtatRsa.SORTIE,
        **{"t-sortie-motif": "Reprise d'emploi", "t-sortie-suite_prevue": "France Travail"},
    )
    assert reponse.status_code == 302
    rsa.refresh_from_db()
    assert (rsa.etat, rsa.motif_cloture, rsa.suite_prevue) == (
        EtatRsa.SORTIE,
        "Reprise d'emploi",
        "France Travail",
    )


def test_suite_prevue_apres_une_sortie_sans_suite(monde: Monde, rsa: Parcours) -> None:
    actions.parcours_transitionner(parcours=rsa, vers=EtatRsa.SORTIE, acting_user=monde.ts_arras, motif="Fin")
    url = reverse("frontend:parcours_suite_renseigner", args=[rsa.public_id])
    assert client_de(acteur(monde, "meme_site")).post(url, {"suite-suite_prevue": "x"}).status_code == 403
    assert client_de(monde.ts_arras).post(url, {"suite-suite_prevue": ""}).status_code == 400
    assert client_de(monde.ts_arras).post(url, {"suite-suite_prevue": "Relais CCAS"}).status_code == 302
    rsa.refresh_from_db()
    assert rsa.suite_prevue == "Relais CCAS"


def test_changer_de_referent_depuis_la_page(monde: Monde, rsa: Parcours) -> None:
    nouvelle = Utilisateur.objects.get(username="ts2.arras")
    url = reverse("frontend:parcours_referent_changer", args=[rsa.public_id])
    refus = client_de(monde.encadrant_arras).post(url, {"referent-referent": ""})
    assert refus.status_code == 400
    assert "Un motif est obligatoire pour retirer le référent." in texte(
        trouver(document(refus), "div", role="alert")
    )
    reponse = client_de(monde.encadrant_arras).post(
        url, {"referent-referent": str(nouvelle.pk), "referent-motif": "Répartition"}
    )
    assert reponse.status_code == 302
    rsa.refresh_from_db()
    assert rsa.referent == nouvelle


def test_rendez_vous_en_presentiel_sans_lieu(monde: Monde, rsa: Parcours) -> None:
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_rendez_vous_planifier", args=[rsa.public_id]),
        {"rdv-date": _demain(), "rdv-heure": "10:00", "rdv-modalite": "presentiel"},
    )
    assert reponse.status_code == 400
    assert "Lieu : Indiquez le lieu d'un rendez-vous en présentiel." in texte(
        trouver(document(reponse), "div", role="alert")
    )
    assert not RendezVous.objects.exists()


def test_rendez_vous_avec_un_partenaire_designe(monde: Monde, rsa: Parcours) -> None:
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_rendez_vous_planifier", args=[rsa.public_id]),
        {
            "rdv-date": _demain(),
            "rdv-heure": "10:00",
            "rdv-modalite": "visio",
            "rdv-organisation": str(monde.ccas_arras.public_id),
        },
    )
    assert reponse.status_code == 302
    rdv = RendezVous.objects.get()
    assert (rdv.organisation, rdv.agent) == (monde.ccas_arras, None)


def test_renseigner_un_rendez_vous_passe(monde: Monde, rsa: Parcours) -> None:
    rdv = RendezVousFactory(parcours=rsa, agent=monde.ts_arras, passe=True)
    page = client_de(monde.ts_arras).get(reverse("frontend:parcours_detail", args=[rsa.public_id]))
    assert "titre-resultats" in page.content.decode()
    url = reverse("frontend:parcours_rendez_vous_renseigner", args=[rsa.public_id, rdv.public_id])
    assert (
        client_de(acteur(monde, "meme_site"))
        .post(url, {f"res-{rdv.public_id}-resultat": "honore"})
        .status_code
        == 403
    )
    assert client_de(monde.ts_arras).post(url, {f"res-{rdv.public_id}-resultat": "honore"}).status_code == 302
    rdv.refresh_from_db()
    assert rdv.resultat == "honore"


# Opening a pathway from a person's file.


@pytest.mark.parametrize(
    ("persona", "attendu"),
    [
        ("referent", 200),
        ("encadrant", 200),
        ("accueil", 403),
        ("autre_territoire", 404),
        ("partenaire_designe", 403),
        ("partenaire_non_designe", 404),
        ("elu", 404),
    ],
)
def test_page_d_ouverture_par_persona(monde: Monde, rsa: Parcours, persona: str, attendu: int) -> None:
    url = reverse("frontend:parcours_ouvrir", args=[rsa.personne.public_id])
    assert client_de(acteur(monde, persona)).get(url).status_code == attendu


def test_anonyme_ne_peut_pas_ouvrir(rsa: Parcours) -> None:
    reponse = Client().get(reverse("frontend:parcours_ouvrir", args=[rsa.personne.public_id]))
    assert reponse.status_code == 302


def test_ouvrir_un_parcours_depuis_la_fiche(monde: Monde, personne_arras: Personne) -> None:
    rajeunir(personne_arras)
    url = reverse("frontend:parcours_ouvrir", args=[personne_arras.public_id])
    client = client_de(monde.ts_arras)
    reponse = client.post(
        url, {"dispositif": Dispositif.JEUNES, "site": monde.mds_arras.pk, "je_suis_referent": "on"}
    )
    parcours = Parcours.objects.get()
    assert reponse.status_code == 302
    assert reponse.url == reverse("frontend:parcours_detail", args=[parcours.public_id])
    assert (parcours.dispositif, parcours.referent) == (Dispositif.JEUNES, monde.ts_arras)

    doublon = client.post(url, {"dispositif": Dispositif.JEUNES, "site": monde.mds_arras.pk})
    assert doublon.status_code == 400
    assert "Cette personne a déjà un parcours Jeunes (FAJ, jeunes majeurs) ouvert." in texte(
        trouver(document(doublon), "div", role="alert")
    )
    assert Parcours.objects.count() == 1


def test_faj_1_la_page_refuse_un_parcours_jeunes_hors_de_18_a_25_ans(
    monde: Monde, personne_arras: Personne
) -> None:
    """Jeanne is 46: the youth pathway is refused, the message under the reception date, nothing saved."""
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_ouvrir", args=[personne_arras.public_id]),
        {"dispositif": Dispositif.JEUNES, "site": monde.mds_arras.pk, "je_suis_referent": "on"},
    )
    assert reponse.status_code == 400
    page = document(reponse)
    age = personne_arras.age()
    message = (
        "Le parcours jeunes s'adresse aux jeunes de 18 à 25 ans révolus à la date de réception "
        f"({timezone.localdate():%d/%m/%Y}) ; cette personne a alors {age} ans."
    )
    assert message in texte(trouver(page, id="id_date_reception-erreurs"))
    assert message in texte(trouver(page, "div", role="alert"))  # the error summary links to the field
    assert not Parcours.objects.exists()


def test_faj_1_la_page_lit_l_age_a_la_date_de_reception(monde: Monde, personne_arras: Personne) -> None:
    """26 today, 25 on the day the request was received: the pathway opens (bounds on that day)."""
    rajeunir(personne_arras, 26)
    recu = timezone.localdate() - datetime.timedelta(days=1)
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_ouvrir", args=[personne_arras.public_id]),
        {"dispositif": Dispositif.JEUNES, "site": monde.mds_arras.pk, "date_reception": f"{recu:%d/%m/%Y}"},
    )
    assert reponse.status_code == 302
    assert Parcours.objects.get().date_reception == recu


def test_ouvrir_sur_un_site_hors_perimetre_impossible(monde: Monde, personne_arras: Personne) -> None:
    reponse = client_de(monde.ts_arras).post(
        reverse("frontend:parcours_ouvrir", args=[personne_arras.public_id]),
        {"dispositif": Dispositif.RSA, "site": monde.mds_calais.pk},
    )
    assert reponse.status_code == 400  # not among the choices
    assert not Parcours.objects.exists()


def test_etat_inconnu_refuse_sans_l_injecter_dans_la_page(monde: Monde, rsa: Parcours) -> None:
    avant = _fige(rsa)
    reponse = _poster_transition(client_de(monde.ts_arras), rsa, vers='"><script>x</script>')
    assert reponse.status_code == 409
    assert "<script>x" not in reponse.content.decode()
    assert _fige(rsa) == avant
