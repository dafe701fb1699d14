"""The youth pathway (dispositif JEUNES): who it opens for (FAJ-1, ASE-1), checked by ``parcours_ouvrir``
on the reception day with the dated bounds (rule G-1); the project towards autonomy that « Formaliser le
projet » asks for; the ASE facts of a person and the entretien d'accès à l'autonomie due at 17 (ASE-1),
recorded by the pathway's team only (DP-4). Nothing is written on a refusal."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from parcours import actions, workflows
from parcours.enums import (
    AxeAccompagnement,
    Dispositif,
    EtatJeunes,
    StatutEcheance,
    StatutObjectif,
    TypeEcheance,
)
from parcours.models import Echeance, Parcours, TransitionParcours
from parcours.regles.commun import anniversaire
from social.exceptions import DomainError
from social.models import Personne, Rattachement
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.factories import ouvrir
from tests.parcours.test_regles_jeunes import nouvelle_valeur

pytestmark = pytest.mark.django_db


def _ouvrir_jeunes(monde: Monde, personne: Personne, **autres: object) -> Parcours:
    return ouvrir(
        personne,
        par=monde.ts_arras,
        site=monde.mds_arras,
        referent=monde.ts_arras,
        dispositif=Dispositif.JEUNES,
        **autres,  # type: ignore[arg-type]
    )


def _rien_d_ecrit(personne: Personne) -> None:
    assert not Parcours.objects.filter(personne=personne).exists()
    assert not TransitionParcours.objects.filter(parcours__personne=personne).exists()
    assert not Rattachement.objects.filter(personne=personne).exists()


@pytest.mark.parametrize(
    ("ans", "ouvert"),
    [(17, False), (18, True), (25, True), (26, False), (45, False)],
)
def test_faj_1_ouverture_de_18_a_25_ans_revolus_le_jour_de_la_reception(
    monde: Monde, ans: int, ouvert: bool
) -> None:
    """The birthday itself counts: 18 on the 18th birthday, 26 (out) on the 26th."""
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=f.age_de(ans))
    if ouvert:
        assert _ouvrir_jeunes(monde, personne).dispositif == Dispositif.JEUNES
        return
    with pytest.raises(DomainError) as erreur:
        _ouvrir_jeunes(monde, personne)
    assert erreur.value.code == "jeunes_age_hors_bornes"
    assert erreur.value.extra["champ"] == "date_reception"
    assert erreur.value.message == (
        "Le parcours jeunes s'adresse aux jeunes de 18 à 25 ans révolus à la date de réception "
        f"({timezone.localdate():%d/%m/%Y}) ; cette personne a alors {ans} ans."
    )
    _rien_d_ecrit(personne)


def test_faj_1_la_veille_des_18_ans_refusee(monde: Monde) -> None:
    personne = f.PersonneFactory(
        commune=monde.arras, date_naissance=f.age_de(18) + datetime.timedelta(days=1)
    )
    with pytest.raises(DomainError) as erreur:
        _ouvrir_jeunes(monde, personne)
    assert erreur.value.extra["age"] == 17
    _rien_d_ecrit(personne)


def test_faj_1_l_age_se_lit_a_la_date_de_reception(monde: Monde) -> None:
    """26 today, but 25 the day the request came in: the pathway opens."""
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=f.age_de(26))
    hier = timezone.localdate() - datetime.timedelta(days=1)
    assert _ouvrir_jeunes(monde, personne, date_reception=hier).date_reception == hier


def test_faj_1_g1_bornes_en_vigueur_le_jour_de_la_reception(monde: Monde) -> None:
    """The département lowers the upper bound to 24 from today: a 25-year-old is refused from today on,
    not for a request received yesterday."""
    aujourd_hui = timezone.localdate()
    nouvelle_valeur("faj.age_maximum", aujourd_hui, "24")
    personne = f.PersonneFactory(
        commune=monde.arras, date_naissance=f.age_de(25) - datetime.timedelta(days=10)
    )
    with pytest.raises(DomainError) as erreur:
        _ouvrir_jeunes(monde, personne)
    assert "de 18 à 24 ans révolus" in erreur.value.message
    _rien_d_ecrit(personne)
    hier = aujourd_hui - datetime.timedelta(days=1)
    assert _ouvrir_jeunes(monde, personne, date_reception=hier).dispositif == Dispositif.JEUNES


def test_faj_1_sans_date_de_naissance_la_demander(monde: Monde) -> None:
    """The birth date is mandatory on a file; should one come without (an import, an older row), the
    opening asks for it rather than guessing."""
    personne = f.PersonneFactory(commune=monde.arras)
    personne.date_naissance = None  # type: ignore[assignment]
    with pytest.raises(DomainError) as erreur:
        _ouvrir_jeunes(monde, personne)
    assert erreur.value.code == "jeunes_date_naissance_requise"
    assert "Renseignez la date de naissance" in erreur.value.message
    _rien_d_ecrit(personne)


def test_faj_1_les_autres_dispositifs_n_ont_pas_cette_borne(monde: Monde) -> None:
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=f.age_de(45))
    parcours = ouvrir(personne, par=monde.ts_arras, site=monde.mds_arras, dispositif=Dispositif.RSA)
    assert parcours.dispositif == Dispositif.RSA


# The project towards autonomy: « Formaliser le projet » asks for at least one objective.


@pytest.fixture
def jeunes(monde: Monde) -> Parcours:
    personne = f.PersonneFactory(commune=monde.arras, jeune=True)
    return _ouvrir_jeunes(monde, personne)


def _fige(parcours: Parcours) -> tuple[object, ...]:
    parcours.refresh_from_db()
    return parcours.etat, parcours.updated_at, parcours.transitions.count(), parcours.history.count()


def test_formaliser_le_projet_demande_au_moins_un_objectif(monde: Monde, jeunes: Parcours) -> None:
    avant = _fige(jeunes)
    with pytest.raises(DomainError) as erreur:
        actions.parcours_transitionner(parcours=jeunes, vers=EtatJeunes.PROJET, acting_user=monde.ts_arras)
    assert erreur.value.code == "objectif_requis"
    assert erreur.value.message == (
        "Inscrivez d'abord au moins un objectif au projet vers l'autonomie (emploi, formation, logement…) : "
        "il est requis pour « Formaliser le projet »."
    )
    assert _fige(jeunes) == avant

    objectif = actions.objectif_ajouter(
        parcours=jeunes,
        acting_user=monde.ts_arras,
        axe=AxeAccompagnement.LOGEMENT,
        libelle="Premier logement",
    )
    actions.objectif_changer_statut(
        objectif=objectif, acting_user=monde.ts_arras, statut=StatutObjectif.ABANDONNE
    )
    with pytest.raises(DomainError) as erreur:  # an abandoned objective is no project
        actions.parcours_transitionner(parcours=jeunes, vers=EtatJeunes.PROJET, acting_user=monde.ts_arras)
    assert erreur.value.code == "objectif_requis"

    actions.objectif_ajouter(
        parcours=jeunes, acting_user=monde.ts_arras, axe=AxeAccompagnement.FORMATION, libelle="Entrer en CAP"
    )
    parcours = actions.parcours_transitionner(
        parcours=jeunes, vers=EtatJeunes.PROJET, acting_user=monde.ts_arras
    )
    assert parcours.etat == EtatJeunes.PROJET


def test_seule_la_premiere_formalisation_demande_un_objectif() -> None:
    """« Revoir le projet » (back from the accompaniment) keeps the objectives already there."""
    flux = workflows.workflow(Dispositif.JEUNES)
    exigeantes = [(t.depuis, t.vers) for t in flux.transitions if t.objectif_requis]
    assert exigeantes == [(EtatJeunes.ACCUEIL, EtatJeunes.PROJET)]


# ASE-1: the person entrusted to the ASE before her majority; the entretien d'accès à l'autonomie at 17.


def _echeance_ase(parcours: Parcours) -> Echeance | None:
    return Echeance.objects.filter(parcours=parcours, type=TypeEcheance.ASE_ENTRETIEN_AUTONOMIE).first()


@pytest.fixture
def mineur_pch(monde: Monde) -> Parcours:
    """A 16-year-old with a PCH pathway (any dispositif: the entretien follows the person)."""
    personne = f.PersonneFactory(
        commune=monde.arras, date_naissance=f.age_de(16) - datetime.timedelta(days=30)
    )
    return ouvrir(
        personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras, dispositif=Dispositif.PCH
    )


def test_ase_1_entretien_d_acces_a_l_autonomie_au_plus_tard_a_17_ans(
    monde: Monde, mineur_pch: Parcours
) -> None:
    assert _echeance_ase(mineur_pch) is None  # not recorded as entrusted to the ASE
    personne = actions.personne_ase_renseigner(
        parcours=mineur_pch, acting_user=monde.ts_arras, confie_ase_avant_majorite=True
    )
    assert personne.confie_ase_avant_majorite and personne.history.first().history_user == monde.ts_arras
    echeance = _echeance_ase(mineur_pch)
    assert echeance is not None
    assert (echeance.date_depart, echeance.date_limite, echeance.statut, echeance.parametre) == (
        mineur_pch.date_reception,
        anniversaire(personne.date_naissance, 17),
        StatutEcheance.OUVERTE,
        "ase.delai.entretien_avant_majorite",
    )

    hier = timezone.localdate() - datetime.timedelta(days=1)
    actions.personne_ase_renseigner(
        parcours=mineur_pch,
        acting_user=monde.ts_arras,
        confie_ase_avant_majorite=True,
        entretien_autonomie_le=hier,
    )
    echeance.refresh_from_db()
    assert (echeance.statut, echeance.tenue_le) == (StatutEcheance.TENUE, hier)

    actions.personne_ase_renseigner(
        parcours=mineur_pch, acting_user=monde.ts_arras, confie_ase_avant_majorite=False
    )
    assert _echeance_ase(mineur_pch) is None  # no longer applies: removed


def test_ase_1_l_echeance_sur_chaque_parcours_ouvert_de_la_personne(
    monde: Monde, mineur_pch: Parcours
) -> None:
    actions.personne_ase_renseigner(
        parcours=mineur_pch, acting_user=monde.ts_arras, confie_ase_avant_majorite=True
    )
    personne = Personne.objects.get(pk=mineur_pch.personne_id)
    rsa = ouvrir(personne, par=monde.ts_arras, site=monde.mds_arras)  # opened afterwards
    assert _echeance_ase(rsa) is not None and _echeance_ase(mineur_pch) is not None


def test_ase_1_pas_d_entretien_pour_un_majeur(monde: Monde) -> None:
    personne = f.PersonneFactory(commune=monde.arras, date_naissance=f.age_de(19))
    jeunes = _ouvrir_jeunes(monde, personne)
    actions.personne_ase_renseigner(
        parcours=jeunes, acting_user=monde.ts_arras, confie_ase_avant_majorite=True
    )
    assert _echeance_ase(jeunes) is None  # an adult: the accompaniment jeune majeur, not the entretien


def test_ase_1_un_ancien_de_l_ase_de_18_ans_entre_dans_le_parcours_jeunes_malgre_le_reglement(
    monde: Monde,
) -> None:
    """The FAJ règlement raises its lower bound to 19 from today: an 18-year-old formerly entrusted to the
    ASE still opens a youth pathway (accompaniment jeune majeur, CASF L222-5 5°); another does not."""
    nouvelle_valeur("faj.age_minimum", timezone.localdate(), "19")
    ancien = f.PersonneFactory(
        commune=monde.arras, date_naissance=f.age_de(18), confie_ase_avant_majorite=True
    )
    autre = f.PersonneFactory(commune=monde.arras, date_naissance=f.age_de(18))
    assert _ouvrir_jeunes(monde, ancien).dispositif == Dispositif.JEUNES
    with pytest.raises(DomainError) as erreur:
        _ouvrir_jeunes(monde, autre)
    assert "de 19 à 25 ans révolus" in erreur.value.message
    _rien_d_ecrit(autre)


@pytest.mark.parametrize(
    ("donnees", "code"),
    [
        (
            {"confie_ase_avant_majorite": False, "entretien_autonomie_le": datetime.date(2025, 1, 1)},
            "entretien_sans_ase",
        ),
        (
            {"confie_ase_avant_majorite": True, "entretien_autonomie_le": datetime.date(2000, 1, 1)},
            "date_avant_naissance",
        ),
        (
            {
                "confie_ase_avant_majorite": True,
                "entretien_autonomie_le": timezone.localdate() + datetime.timedelta(days=1),
            },
            "date_future",
        ),
    ],
)
def test_ase_1_refus_sans_rien_ecrire(
    monde: Monde, mineur_pch: Parcours, donnees: dict[str, object], code: str
) -> None:
    with pytest.raises(DomainError) as erreur:
        actions.personne_ase_renseigner(parcours=mineur_pch, acting_user=monde.ts_arras, **donnees)  # type: ignore[arg-type]
    assert erreur.value.code == code and erreur.value.extra["champ"] == "entretien_autonomie_le"
    personne = Personne.objects.get(pk=mineur_pch.personne_id)
    assert (personne.confie_ase_avant_majorite, personne.entretien_autonomie_le) == (False, None)
    assert _echeance_ase(mineur_pch) is None


def test_dp_4_seule_l_equipe_du_parcours_renseigne_l_ase(monde: Monde, mineur_pch: Parcours) -> None:
    actions.partenaire_designer(
        parcours=mineur_pch, organisation=monde.ccas_arras, acting_user=monde.ts_arras
    )
    collegue = f.AffectationFactory(site=monde.mds_arras).utilisateur  # same site, not on the pathway
    for user in (collegue, monde.partenaire_ccas_arras, monde.accueil_arras):
        with pytest.raises(DomainError) as erreur:
            actions.personne_ase_renseigner(
                parcours=mineur_pch, acting_user=user, confie_ase_avant_majorite=True
            )
        assert erreur.value.code == "interdit"
    assert not Personne.objects.get(pk=mineur_pch.personne_id).confie_ase_avant_majorite
    actions.personne_ase_renseigner(
        parcours=mineur_pch, acting_user=monde.encadrant_arras, confie_ase_avant_majorite=True
    )
    assert Personne.objects.get(pk=mineur_pch.personne_id).confie_ase_avant_majorite
