"""The RSA file of a pathway through its actions: the rules RSA-1 to RSA-7 and RSA-16 applied to the
models, the deadlines kept in step, and refusals that change nothing.

The helpers at the top (``dossier``, ``criteres``, ``orienter``, ``signer``) are shared with the page and
API tests of the RSA file.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from parcours import actions
from parcours.enums import Dispositif, EtatRsa, StatutDroitRsa, StatutEcheance, TypeAlerte, TypeEcheance
from parcours.models import ContratEngagement, DossierRsa, Echeance, OrientationRsa, Parcours
from parcours.regles.enums import (
    FreinOrientation,
    MotifHeuresReduites,
    NiveauQualification,
    ParcoursRsa,
    SituationEmploi,
    StatutOrientation,
    Vulnerabilite,
)
from parcours.regles.rsa import CriteresOrientation, JustificationHeures
from parcours.selectors import alertes_de, fiche_rsa, portefeuille
from social.enums import OrganismePayeur
from social.exceptions import DomainError
from social.models import Organisation, Personne, Utilisateur
from social.parametres import ajouter_mois
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.factories import ouvrir

pytestmark = pytest.mark.django_db

D = datetime.date


def il_y_a(jours: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=jours)


def parcours_rsa(monde: Monde, personne: Personne, *, recu: datetime.date | None = None) -> Parcours:
    """An RSA pathway at the MDS of Arras, ts.arras référent, opened through the action."""
    return ouvrir(
        personne,
        par=monde.ts_arras,
        site=monde.mds_arras,
        referent=monde.ts_arras,
        date_reception=recu or il_y_a(20),
    )


def dossier(
    parcours: Parcours,
    par: Utilisateur,
    *,
    recue: datetime.date | None = None,
    soumis: bool = True,
    statut: str = StatutDroitRsa.OUVERT_VERSABLE,
) -> DossierRsa:
    return actions.rsa_dossier_renseigner(
        parcours=parcours,
        statut_droit=statut,
        soumis_droits_devoirs=soumis,
        information_recue_le=recue or parcours.date_reception,
        organisme_payeur=OrganismePayeur.CAF,
        acting_user=par,
    )


def criteres(**autres: Any) -> CriteresOrientation:
    valeurs: dict[str, Any] = {
        "situation_emploi": SituationEmploi.SANS_ACTIVITE,
        "duree_sans_activite_mois": 14,
        "niveau_qualification": NiveauQualification.NIVEAU_3,
        "metier_recherche": "Aide à domicile",
        "aspirations": "Reprendre une activité près de chez elle",
        "freins": frozenset({FreinOrientation.MOBILITE}),
    }
    return CriteresOrientation(**(valeurs | autres))


def orienter(
    parcours: Parcours,
    par: Utilisateur,
    *,
    type: str = ParcoursRsa.SOCIAL,
    decidee: datetime.date | None = None,
    notifiee: datetime.date | None = None,
    organisme: Organisation | None = None,
    **autres: Any,
) -> OrientationRsa:
    decidee = decidee or il_y_a(10)
    autres.setdefault("criteres", criteres())
    return actions.rsa_orienter(
        parcours=parcours,
        parcours_type=type,
        organisme_referent=organisme,
        decidee_le=decidee,
        notifiee_le=notifiee or decidee,
        acting_user=par,
        **autres,
    )


def signer(
    parcours: Parcours,
    par: Utilisateur,
    *,
    le: datetime.date | None = None,
    heures: str = "15",
    justification: JustificationHeures | None = None,
    **autres: Any,
) -> ContratEngagement:
    return actions.rsa_contrat_signer(
        parcours=parcours,
        signe_le=le or timezone.localdate(),
        heures_hebdomadaires=Decimal(heures),
        justification=justification,
        objectifs=autres.pop("objectifs", "Passer le permis B ; atelier CV"),
        acting_user=par,
        **autres,
    )


def echeance(parcours: Parcours, type: TypeEcheance) -> Echeance:
    return Echeance.objects.get(parcours=parcours, type=type)


def etat_fige(parcours: Parcours) -> tuple[object, ...]:
    """Everything an RSA action may write: a refusal leaves it as it was."""
    parcours.refresh_from_db()
    return (
        parcours.etat,
        parcours.updated_at,
        parcours.transitions.count(),
        list(DossierRsa.objects.filter(parcours=parcours).values()),
        OrientationRsa.objects.filter(parcours=parcours).count(),
        ContratEngagement.objects.filter(parcours=parcours).count(),
        list(Echeance.objects.filter(parcours=parcours).order_by("type").values()),
    )


@pytest.fixture
def rsa(monde: Monde, personne_arras: Personne) -> Parcours:
    return parcours_rsa(monde, personne_arras)


# RSA-16: the file as the CNAF codes it.


def test_rsa_16_statut_du_droit_en_codes_cnaf(monde: Monde, rsa: Parcours) -> None:
    fiche = dossier(rsa, monde.ts_arras, statut=StatutDroitRsa.OUVERT_VERSEMENT_SUSPENDU)
    assert fiche.statut_droit == "4"
    assert fiche.get_statut_droit_display() == "Droit ouvert, versement suspendu"
    assert [code for code, _libelle in StatutDroitRsa.choices] == ["0", "1", "2", "3", "4", "5", "6"]
    (historique,) = fiche.history.all()
    assert (historique.history_user, historique.history_change_reason) == (
        monde.ts_arras,
        "Dossier RSA renseigné",
    )

    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        dossier(rsa, monde.ts_arras, statut="9")
    assert refus.value.code == "valeur_inconnue" and refus.value.extra["champ"] == "statut_droit"
    assert etat_fige(rsa) == avant


def test_rsa_16_mise_a_jour_du_dossier_historisee(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    fiche = dossier(rsa, monde.encadrant_arras, statut=StatutDroitRsa.OUVERT_SUSPENDU)
    assert DossierRsa.objects.filter(parcours=rsa).count() == 1
    assert fiche.history.first().history_change_reason == "Dossier RSA mis à jour"  # type: ignore[union-attr]
    assert fiche.history.first().history_user == monde.encadrant_arras  # type: ignore[union-attr]


# RSA-1: the orientation clock starts on the day the information is received.


def test_rsa_1_delai_d_orientation_depuis_l_information_recue(monde: Monde, personne_arras: Personne) -> None:
    parcours = parcours_rsa(monde, personne_arras, recu=D(2025, 3, 10))
    dossier(parcours, monde.ts_arras, recue=D(2025, 3, 3))
    ligne = echeance(parcours, TypeEcheance.RSA_ORIENTATION)
    assert (ligne.date_depart, ligne.date_limite) == (D(2025, 3, 3), D(2025, 4, 14))
    assert ligne.statut == StatutEcheance.DEPASSEE

    orienter(parcours, monde.ts_arras, decidee=D(2025, 4, 14))
    ligne.refresh_from_db()
    assert (ligne.statut, ligne.tenue_le) == (StatutEcheance.TENUE, D(2025, 4, 14))
    rsa = fiche_rsa(parcours=parcours, user=monde.ts_arras)
    assert rsa.statut_orientation == StatutOrientation.ORIENTE


def test_rsa_1_au_dela_de_six_semaines_orientation_par_france_travail(
    monde: Monde, personne_arras: Personne
) -> None:
    parcours = parcours_rsa(monde, personne_arras, recu=il_y_a(60))
    dossier(parcours, monde.ts_arras)
    assert fiche_rsa(parcours=parcours, user=monde.ts_arras).statut_orientation == (
        StatutOrientation.ORIENTATION_FRANCE_TRAVAIL
    )
    orienter(parcours, monde.ts_arras, decidee=il_y_a(5))  # recorded late: it stays with France Travail
    assert fiche_rsa(parcours=parcours, user=monde.ts_arras).statut_orientation == (
        StatutOrientation.ORIENTATION_FRANCE_TRAVAIL
    )


def test_rsa_1_information_apres_la_premiere_orientation_refusee(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras, decidee=il_y_a(10))
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        dossier(rsa, monde.ts_arras, recue=il_y_a(5))
    assert refus.value.code == "rsa_information_apres_orientation"
    assert etat_fige(rsa) == avant


# RSA-2: one parcours, its criteria as structured data, its organisme référent.


def test_rsa_2_orientation_structuree(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orientation = orienter(
        rsa,
        monde.ts_arras,
        type=ParcoursRsa.SOCIO_PROFESSIONNEL,
        organisme=monde.ccas_arras,
        decidee=il_y_a(8),
        notifiee=il_y_a(6),
        criteres=criteres(
            freins=frozenset({FreinOrientation.SANTE, FreinOrientation.AUTRE}),
            frein_autre_precision="Dettes",
            beneficiaire_obligation_emploi=True,
        ),
        vulnerabilites=[Vulnerabilite.HANDICAP_INVALIDITE],
    )
    orientation.refresh_from_db()
    assert orientation.parcours_type == ParcoursRsa.SOCIO_PROFESSIONNEL
    assert (orientation.situation_emploi, orientation.duree_sans_activite_mois) == (
        SituationEmploi.SANS_ACTIVITE,
        14,
    )
    assert orientation.niveau_qualification == NiveauQualification.NIVEAU_3
    assert orientation.freins == ["autre", "sante"] and orientation.frein_autre_precision == "Dettes"
    assert orientation.beneficiaire_obligation_emploi and orientation.metier_recherche == "Aide à domicile"
    assert orientation.vulnerabilites == ["handicap_invalidite"]
    assert orientation.vulnerabilites_retenues == {Vulnerabilite.HANDICAP_INVALIDITE, Vulnerabilite.SANTE}
    assert (orientation.organisme_referent, orientation.decidee_par) == (monde.ccas_arras, monde.ts_arras)
    assert (orientation.decidee_le, orientation.notifiee_le) == (il_y_a(8), il_y_a(6))

    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.ORIENTE
    derniere = rsa.transitions.order_by("-created_at", "-id").first()
    assert derniere is not None
    assert (derniere.depuis, derniere.vers, derniere.date_effet, derniere.motif) == (
        EtatRsa.A_ORIENTER,
        EtatRsa.ORIENTE,
        il_y_a(8),
        "Parcours socio-professionnel.",
    )
    assert orientation.history.get().history_user == monde.ts_arras


def test_rsa_2_l_organisme_referent_peut_etre_la_mds(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orientation = orienter(rsa, monde.ts_arras, organisme=None)
    assert orientation.organisme_referent is None
    (affichee,) = fiche_rsa(parcours=rsa, user=monde.ts_arras).orientations
    assert affichee.organisme_referent == "MDS de l'Arrageois (service du Département)"


@pytest.mark.parametrize(
    ("autres", "code"),
    [
        ({"duree_sans_activite_mois": None}, "rsa_duree_sans_activite_requise"),
        ({"freins": frozenset({FreinOrientation.AUTRE})}, "rsa_frein_autre_a_preciser"),
        ({"niveau_qualification": "bac"}, "valeur_inconnue"),
    ],
)
def test_rsa_2_criteres_incomplets_refuses(
    monde: Monde, rsa: Parcours, autres: dict[str, Any], code: str
) -> None:
    dossier(rsa, monde.ts_arras)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        orienter(rsa, monde.ts_arras, criteres=criteres(**autres))
    assert refus.value.code == code
    assert etat_fige(rsa) == avant


def test_rsa_2_parcours_inconnu_refuse(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        orienter(rsa, monde.ts_arras, type="professionnel")
    assert (refus.value.code, refus.value.extra["champ"]) == ("valeur_inconnue", "parcours_type")
    assert etat_fige(rsa) == avant


def test_rsa_2_contraintes_de_la_base(monde: Monde, rsa: Parcours) -> None:
    """The invariants hold even for a write that bypasses the actions."""
    commun = {
        "parcours": rsa,
        "parcours_type": ParcoursRsa.SOCIAL,
        "situation_emploi": SituationEmploi.EN_EMPLOI,
        "niveau_qualification": NiveauQualification.NIVEAU_4,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        OrientationRsa.objects.create(**commun, decidee_le=il_y_a(2), notifiee_le=il_y_a(3))
    with pytest.raises(IntegrityError), transaction.atomic():
        OrientationRsa.objects.create(
            **commun, decidee_le=il_y_a(2), notifiee_le=il_y_a(2), freins=[FreinOrientation.AUTRE]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ContratEngagement.objects.create(
            parcours=rsa, signe_le=il_y_a(1), heures_hebdomadaires=Decimal("-1"), objectifs="x"
        )


# RSA-3: the contract within 1 month of the notification; a new orientation restarts the clock.


def test_rsa_3_contrat_un_mois_apres_la_notification(monde: Monde, personne_arras: Personne) -> None:
    parcours = parcours_rsa(monde, personne_arras, recu=D(2026, 1, 5))
    dossier(parcours, monde.ts_arras)
    orienter(parcours, monde.ts_arras, decidee=D(2026, 1, 26), notifiee=D(2026, 1, 31))
    contrat = echeance(parcours, TypeEcheance.RSA_CONTRAT)
    assert (contrat.date_depart, contrat.date_limite) == (D(2026, 1, 31), D(2026, 2, 28))
    assert contrat.parametre == "rsa.delai.contrat"
    assert contrat.statut == StatutEcheance.DEPASSEE


def test_rsa_3_nouvelle_orientation_relance_le_delai_du_contrat(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras, decidee=il_y_a(19), notifiee=il_y_a(18))
    contrat = echeance(rsa, TypeEcheance.RSA_CONTRAT)
    premiere_limite = contrat.date_limite
    assert contrat.date_depart == il_y_a(18)

    orienter(
        rsa,
        monde.encadrant_arras,
        type=ParcoursRsa.EMPLOI,
        decidee=il_y_a(3),
        notifiee=il_y_a(2),
        motif="Avis de l'équipe pluridisciplinaire : projet d'emploi",
    )
    contrat.refresh_from_db()
    assert contrat.date_depart == il_y_a(2)
    assert contrat.date_limite > premiere_limite
    assert contrat.statut == StatutEcheance.OUVERTE
    assert contrat.history.count() == 2
    assert OrientationRsa.objects.filter(parcours=rsa).count() == 2
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.ORIENTE
    assert [o.parcours_type for o in fiche_rsa(parcours=rsa, user=monde.ts_arras).orientations] == [
        ParcoursRsa.EMPLOI,
        ParcoursRsa.SOCIAL,
    ]


def test_rsa_3_le_contrat_signe_tient_l_echeance(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orientation = orienter(rsa, monde.ts_arras, decidee=il_y_a(10), notifiee=il_y_a(9))
    contrat = signer(rsa, monde.ts_arras, le=il_y_a(2), date_fin=il_y_a(2) + datetime.timedelta(days=180))
    assert contrat.orientation == orientation
    ligne = echeance(rsa, TypeEcheance.RSA_CONTRAT)
    assert (ligne.statut, ligne.tenue_le) == (StatutEcheance.TENUE, il_y_a(2))
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.CONTRACTUALISE
    assert contrat.history.get().history_user == monde.ts_arras


def test_un_contrat_expire_se_renouvelle_en_accompagnement_et_leve_la_rupture(
    monde: Monde, personne_arras: Personne
) -> None:
    """A contract that has come to its end is renewed with the référent from « en accompagnement » (and
    from « contractualisé »), which ends the rupture « contrat expiré »; the orientation stays."""
    rsa = parcours_rsa(monde, personne_arras, recu=il_y_a(400))
    dossier(rsa, monde.ts_arras)
    orientation = orienter(rsa, monde.ts_arras, decidee=il_y_a(390))
    signer(rsa, monde.ts_arras, le=il_y_a(380), date_fin=il_y_a(15))
    actions.parcours_transitionner(
        parcours=rsa, vers=EtatRsa.EN_ACCOMPAGNEMENT, acting_user=monde.ts_arras, date_effet=il_y_a(370)
    )
    assert TypeAlerte.CONTRAT_EXPIRE in alertes_de(portefeuille(user=monde.ts_arras).get(pk=rsa.pk))

    renouvele = signer(rsa, monde.ts_arras, le=il_y_a(1), date_fin=il_y_a(1) + datetime.timedelta(days=365))
    assert renouvele.orientation == orientation
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.CONTRACTUALISE
    assert rsa.transitions.order_by("-id").first().depuis == EtatRsa.EN_ACCOMPAGNEMENT
    assert TypeAlerte.CONTRAT_EXPIRE not in alertes_de(portefeuille(user=monde.ts_arras).get(pk=rsa.pk))
    # From « contractualisé » too; still only after the last step.
    with pytest.raises(DomainError) as refus:
        signer(rsa, monde.ts_arras, le=il_y_a(3))
    assert refus.value.code != "transition_impossible"
    assert signer(rsa, monde.ts_arras).signe_le == timezone.localdate()


def test_rsa_3_contrat_avant_la_notification_refuse(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras, decidee=il_y_a(10), notifiee=il_y_a(4))
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        signer(rsa, monde.ts_arras, le=il_y_a(6))
    assert refus.value.code == "rsa_contrat_avant_notification"
    assert refus.value.message == (
        f"Le contrat ne peut pas être signé avant la notification de l'orientation ({il_y_a(4):%d/%m/%Y})."
    )
    assert etat_fige(rsa) == avant


# RSA-4: at least 15 hours a week, or a recorded justification.


def test_rsa_4_heures_reduites_sans_justification_refusees(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        signer(rsa, monde.ts_arras, heures="10")
    assert refus.value.code == "rsa_heures_reduites_sans_justification"
    assert refus.value.message.startswith(
        "Un contrat de moins de 15 heures d'activité par semaine doit être justifié"
    )
    assert refus.value.extra["champ"] == "justification"
    assert etat_fige(rsa) == avant


@pytest.mark.parametrize(
    ("heures", "motif", "precision"),
    [
        ("7.5", MotifHeuresReduites.SANTE, ""),
        ("0", MotifHeuresReduites.PARENT_ISOLE_SANS_GARDE, ""),
        ("10", MotifHeuresReduites.AUTRE, "Formation linguistique à temps plein"),
    ],
)
def test_rsa_4_heures_reduites_justifiees_acceptees(
    monde: Monde, rsa: Parcours, heures: str, motif: str, precision: str
) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras)
    contrat = signer(
        rsa,
        monde.ts_arras,
        heures=heures,
        justification=JustificationHeures(motif=motif, precision=precision),
    )
    contrat.refresh_from_db()
    assert (contrat.heures_hebdomadaires, contrat.justification_motif, contrat.justification_precision) == (
        Decimal(heures),
        motif,
        precision,
    )


def test_rsa_4_motif_autre_sans_precision_refuse(monde: Monde) -> None:
    with pytest.raises(DomainError) as refus:
        JustificationHeures(motif=MotifHeuresReduites.AUTRE, precision=" ")
    assert (refus.value.code, refus.value.extra["champ"]) == ("rsa_heures_motif_a_preciser", "precision")


@pytest.mark.parametrize(
    ("heures", "code"), [("-1", "rsa_heures_negatives"), ("200", "rsa_heures_invalides")]
)
def test_rsa_4_heures_impossibles(monde: Monde, rsa: Parcours, heures: str, code: str) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        signer(rsa, monde.ts_arras, heures=heures, justification=JustificationHeures(motif="sante"))
    assert refus.value.code == code
    assert etat_fige(rsa) == avant


def test_rsa_4_objectifs_requis_et_fin_apres_signature(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        signer(rsa, monde.ts_arras, objectifs="  ")
    assert (refus.value.code, refus.value.extra["champ"]) == ("rsa_objectifs_requis", "objectifs")
    with pytest.raises(DomainError) as refus:
        signer(rsa, monde.ts_arras, le=il_y_a(1), date_fin=il_y_a(1))
    assert refus.value.code == "rsa_contrat_dates"
    assert etat_fige(rsa) == avant


# RSA-6: the joint diagnostic of the social parcours.


def test_rsa_6_diagnostic_conjoint_a_six_mois_dans_le_parcours_social(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras, decidee=il_y_a(10), notifiee=il_y_a(8))
    diagnostic = echeance(rsa, TypeEcheance.RSA_DIAGNOSTIC_CONJOINT)
    depart = il_y_a(8)
    assert (diagnostic.date_depart, diagnostic.parametre) == (depart, "rsa.delai.revue_parcours_social")
    assert diagnostic.date_limite == ajouter_mois(depart, 6)
    assert diagnostic.statut == StatutEcheance.OUVERTE


def test_rsa_6_douze_mois_avec_une_vulnerabilite(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras, notifiee=il_y_a(8), criteres=criteres(freins=frozenset({"sante"})))
    diagnostic = echeance(rsa, TypeEcheance.RSA_DIAGNOSTIC_CONJOINT)
    assert diagnostic.parametre == "rsa.delai.revue_parcours_social_vulnerable"
    assert diagnostic.date_limite == ajouter_mois(il_y_a(8), 12)


def test_rsa_6_pas_de_diagnostic_hors_parcours_social_et_retire_a_la_reorientation(
    monde: Monde, rsa: Parcours
) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras, decidee=il_y_a(10), vulnerabilites=["handicap_invalidite"])
    assert echeance(rsa, TypeEcheance.RSA_DIAGNOSTIC_CONJOINT).parametre.endswith("_vulnerable")
    orienter(
        rsa, monde.encadrant_arras, type=ParcoursRsa.EMPLOI, decidee=il_y_a(1), motif="Diagnostic conjoint"
    )
    assert not Echeance.objects.filter(parcours=rsa, type=TypeEcheance.RSA_DIAGNOSTIC_CONJOINT).exists()


def test_rsa_6_parcours_emploi_sans_diagnostic(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras, type=ParcoursRsa.EMPLOI)
    types = set(Echeance.objects.filter(parcours=rsa).values_list("type", flat=True))
    assert types == {TypeEcheance.RSA_ORIENTATION, TypeEcheance.RSA_CONTRAT}


# RSA-7: only a person « soumis aux droits et devoirs ».


def test_rsa_7_non_soumis_ne_peut_etre_oriente(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras, soumis=False)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        orienter(rsa, monde.ts_arras)
    assert refus.value.code == "rsa_non_soumis_droits_devoirs"
    assert refus.value.message == (
        "Orientation impossible : la personne n'est pas soumise aux droits et devoirs (CASF L262-28)."
    )
    assert etat_fige(rsa) == avant


def test_rsa_7_non_soumis_ne_peut_signer_de_contrat(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras)
    dossier(rsa, monde.ts_arras, soumis=False)  # the CAF flow says the person left the status
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        signer(rsa, monde.ts_arras)
    assert refus.value.code == "rsa_non_soumis_droits_devoirs"
    assert etat_fige(rsa) == avant


# Who may, and in which state.


def test_orientation_sans_dossier_refusee(monde: Monde, rsa: Parcours) -> None:
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        orienter(rsa, monde.ts_arras)
    assert refus.value.code == "rsa_dossier_requis"
    assert etat_fige(rsa) == avant


@pytest.mark.parametrize("persona", ["collegue", "evaluateur_arras", "partenaire_ccas_arras", "ts_calais"])
def test_seuls_le_referent_et_l_encadrant_orientent(monde: Monde, rsa: Parcours, persona: str) -> None:
    dossier(rsa, monde.ts_arras)
    actions.partenaire_designer(parcours=rsa, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    collegue = f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras).utilisateur
    acteur = collegue if persona == "collegue" else getattr(monde, persona)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        orienter(rsa, acteur)
    assert refus.value.code == "interdit"
    assert etat_fige(rsa) == avant
    orienter(rsa, monde.encadrant_arras)


def test_la_reorientation_revient_a_l_encadrant_avec_un_motif(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras, decidee=il_y_a(10))
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        orienter(rsa, monde.ts_arras, type=ParcoursRsa.EMPLOI)
    assert refus.value.code == "interdit"
    with pytest.raises(DomainError) as refus:
        orienter(rsa, monde.encadrant_arras, type=ParcoursRsa.EMPLOI, motif=" ")
    assert (refus.value.code, refus.value.extra["champ"]) == ("motif_requis", "motif")
    assert etat_fige(rsa) == avant


def test_pas_de_reorientation_une_fois_le_contrat_signe(monde: Monde, rsa: Parcours) -> None:
    """The table has no « contractualisé → orienté »: the accompaniment starts first (CASF L262-34)."""
    dossier(rsa, monde.ts_arras)
    orienter(rsa, monde.ts_arras, decidee=il_y_a(10))
    signer(rsa, monde.ts_arras, le=il_y_a(5))
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        orienter(rsa, monde.encadrant_arras, decidee=il_y_a(1), motif="Avis de l'EP")
    assert refus.value.code == "transition_impossible"
    assert etat_fige(rsa) == avant
    actions.parcours_transitionner(parcours=rsa, vers=EtatRsa.EN_ACCOMPAGNEMENT, acting_user=monde.ts_arras)
    orienter(rsa, monde.encadrant_arras, decidee=timezone.localdate(), motif="Avis de l'EP")
    rsa.refresh_from_db()
    assert rsa.etat == EtatRsa.ORIENTE


@pytest.mark.parametrize(
    ("decidee", "notifiee", "code", "champ"),
    [
        (1, 2, "rsa_notification_avant_decision", "notifiee_le"),
        (-1, -1, "date_future", "decidee_le"),
        (2, -1, "date_future", "notifiee_le"),
        (30, 30, "rsa_orientation_avant_information", "decidee_le"),
    ],
)
def test_dates_de_l_orientation(
    monde: Monde, rsa: Parcours, decidee: int, notifiee: int, code: str, champ: str
) -> None:
    dossier(rsa, monde.ts_arras, recue=il_y_a(20))
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        orienter(rsa, monde.ts_arras, decidee=il_y_a(decidee), notifiee=il_y_a(notifiee))
    assert (refus.value.code, refus.value.extra["champ"]) == (code, champ)
    assert etat_fige(rsa) == avant


def test_contrat_refuse_avant_l_orientation_et_sans_referent(monde: Monde, rsa: Parcours) -> None:
    dossier(rsa, monde.ts_arras)
    avant = etat_fige(rsa)
    with pytest.raises(DomainError) as refus:
        signer(rsa, monde.ts_arras)
    assert refus.value.code == "transition_impossible"
    orienter(rsa, monde.ts_arras)
    actions.referent_changer(parcours=rsa, nouveau=None, acting_user=monde.encadrant_arras, motif="Départ")
    with pytest.raises(DomainError) as refus:
        signer(rsa, monde.encadrant_arras)
    assert refus.value.code == "referent_requis"
    assert ContratEngagement.objects.filter(parcours=rsa).count() == 0
    assert avant[0] == EtatRsa.A_ORIENTER


def test_parcours_non_rsa_ou_clos_refuse(monde: Monde, personne_arras: Personne, rsa: Parcours) -> None:
    apa = ouvrir(
        personne_arras,
        par=monde.evaluateur_arras,
        site=monde.autonomie_arras,
        dispositif=Dispositif.APA,
        referent=monde.evaluateur_arras,
    )
    with pytest.raises(DomainError) as refus:
        dossier(apa, monde.evaluateur_arras)
    assert refus.value.code == "dispositif_incompatible"
    assert not DossierRsa.objects.exists()

    actions.parcours_transitionner(
        parcours=rsa, vers=EtatRsa.SORTIE, acting_user=monde.ts_arras, motif="Déménagement"
    )
    with pytest.raises(DomainError) as refus:
        dossier(rsa, monde.ts_arras)
    assert refus.value.code == "parcours_clos"


def test_sans_dossier_les_echeances_generiques_demeurent(monde: Monde, rsa: Parcours) -> None:
    """A pathway oriented by the bare transition (before its RSA file is kept) keeps the deadlines
    computed from its transitions."""
    actions.parcours_transitionner(parcours=rsa, vers=EtatRsa.ORIENTE, acting_user=monde.ts_arras)
    contrat = echeance(rsa, TypeEcheance.RSA_CONTRAT)
    assert contrat.date_depart == timezone.localdate()
    assert echeance(rsa, TypeEcheance.RSA_ORIENTATION).date_depart == rsa.date_reception


def test_parcours_oriente_avant_son_dossier_rsa_signe_son_contrat(monde: Monde, rsa: Parcours) -> None:
    """Oriented by the bare transition before the RSA file was kept: the contract is recorded without an
    orientation row, and it meets the deadline computed from the transitions."""
    actions.parcours_transitionner(
        parcours=rsa, vers=EtatRsa.ORIENTE, acting_user=monde.ts_arras, date_effet=il_y_a(3)
    )
    dossier(rsa, monde.ts_arras)
    contrat = signer(rsa, monde.ts_arras, le=il_y_a(1))
    assert contrat.orientation is None
    ligne = echeance(rsa, TypeEcheance.RSA_CONTRAT)
    assert (ligne.date_depart, ligne.statut, ligne.tenue_le) == (il_y_a(3), StatutEcheance.TENUE, il_y_a(1))


def test_rsa_2_pas_d_orientation_par_simple_transition_une_fois_le_dossier_ouvert(
    monde: Monde, personne_arras: Personne
) -> None:
    """Once the RSA file exists, "orienté" is reached only through rsa_orienter (criteria, RSA-7)."""
    parcours = parcours_rsa(monde, personne_arras)
    dossier(parcours, monde.ts_arras)
    with pytest.raises(DomainError) as erreur:
        actions.parcours_transitionner(parcours=parcours, vers=EtatRsa.ORIENTE, acting_user=monde.ts_arras)
    assert erreur.value.code == "action_dediee_requise"
    parcours.refresh_from_db()
    assert parcours.etat == EtatRsa.A_ORIENTER
