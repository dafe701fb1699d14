"""Who sees which aid file and which session (``visible_by``), persona by persona."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from instances.actions import seance_convoquer
from instances.models import DemandeAide, Seance
from instances.selectors import ordre_du_jour
from social.models import Utilisateur
from tests.instances.fabriques import Conseils, demande, inscrire, parcours_de, seance
from tests.parcours.factories import DesignationPartenaireFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(conseils: Conseils) -> dict[str, object]:
    parcours = parcours_de(conseils.monde)
    a_l_ordre = demande(parcours, montant="300")
    hors_ordre = demande(parcours, code="fsl_eau", montant="100")
    calais = demande(parcours_de(conseils.monde, calais=True))
    une_seance = seance(conseils)
    inscrire(conseils, une_seance, a_l_ordre)
    return {
        "parcours": parcours,
        "a_l_ordre": a_l_ordre,
        "hors_ordre": hors_ordre,
        "calais": calais,
        "seance": une_seance,
    }


def _visibles(user: Utilisateur) -> set[int]:
    return set(DemandeAide.objects.visible_by(user).values_list("pk", flat=True))


def test_referent_et_site_voient_les_demandes_du_parcours(conseils: Conseils, dossiers: dict) -> None:
    attendus = {dossiers["a_l_ordre"].pk, dossiers["hors_ordre"].pk}
    assert _visibles(conseils.monde.ts_arras) == attendus
    assert _visibles(conseils.monde.encadrant_arras) == attendus
    assert _visibles(conseils.monde.ts_calais) == {dossiers["calais"].pk}


def test_accueil_partenaire_et_anonyme_ne_voient_rien(conseils: Conseils, dossiers: dict) -> None:
    from django.contrib.auth.models import AnonymousUser

    # Even designated on the pathway, a partner does not read aid files.
    DesignationPartenaireFactory(parcours=dossiers["parcours"], organisation=conseils.monde.ccas_arras)
    for user in (
        conseils.monde.accueil_arras,
        conseils.monde.partenaire_ccas_arras,
        conseils.monde.partenaire_ml_calais,
        conseils.monde.admin,
    ):
        assert _visibles(user) == set()
    assert not DemandeAide.objects.visible_by(AnonymousUser()).exists()


def test_membre_voit_seulement_les_dossiers_de_l_ordre_du_jour_apres_convocation(
    conseils: Conseils, dossiers: dict
) -> None:
    elu = conseils.monde.elu_arrageois
    assert _visibles(elu) == set()  # not yet convoked
    assert not Seance.objects.visible_by(elu).exists()
    seance_convoquer(seance=dossiers["seance"], acting_user=conseils.secretaire)
    assert _visibles(elu) == {dossiers["a_l_ordre"].pk}
    assert list(Seance.objects.visible_by(elu)) == [dossiers["seance"]]
    # The council member of another territory sees nothing.
    assert _visibles(conseils.monde.elu_calaisis) == set()
    assert not Seance.objects.visible_by(conseils.monde.elu_calaisis).exists()


def test_membre_perd_l_acces_apres_la_fenetre(conseils: Conseils, dossiers: dict) -> None:
    une_seance: Seance = dossiers["seance"]
    seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    une_seance.etat = "validee"
    une_seance.validee_le = timezone.localdate() - datetime.timedelta(days=31)
    une_seance.visible_jusqu_au = timezone.localdate()
    une_seance.save()
    assert _visibles(conseils.monde.elu_arrageois) == {dossiers["a_l_ordre"].pk}
    une_seance.visible_jusqu_au = timezone.localdate() - datetime.timedelta(days=1)
    une_seance.save()
    assert _visibles(conseils.monde.elu_arrageois) == set()


def test_secretariat_voit_les_demandes_deposees_de_son_territoire(conseils: Conseils, dossiers: dict) -> None:
    brouillon = demande(dossiers["parcours"], deposer=False)
    visibles = _visibles(conseils.secretaire)
    assert {dossiers["a_l_ordre"].pk, dossiers["hors_ordre"].pk} <= visibles
    assert dossiers["calais"].pk not in visibles and brouillon.pk not in visibles
    assert list(Seance.objects.visible_by(conseils.secretaire)) == [dossiers["seance"]]


def test_ordre_du_jour_pseudonymise_pour_les_membres(conseils: Conseils, dossiers: dict) -> None:
    seance_convoquer(seance=dossiers["seance"], acting_user=conseils.secretaire)
    [ligne] = ordre_du_jour(seance=dossiers["seance"], user=conseils.monde.elu_arrageois)
    assert ligne.presentation is not None and ligne.presentation.pseudonymisee
    assert ligne.presentation.libelle == "L.M. (né·e en 2004)"
    [ligne] = ordre_du_jour(seance=dossiers["seance"], user=conseils.secretaire)
    assert ligne.presentation is not None and ligne.presentation.libelle == "Martin Léa"
    conseils.commission.presentation_pseudonymisee = False
    conseils.commission.save()
    [ligne] = ordre_du_jour(seance=dossiers["seance"], user=conseils.monde.elu_arrageois)
    assert ligne.presentation is not None and not ligne.presentation.pseudonymisee
