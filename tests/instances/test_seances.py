"""Sessions: agenda, convocation (COM-1, e-mail and .ics after commit), attendance and quorum (COM-2),
conflicts of interest (COM-3), the states from creation to the notified decisions and the cancellation
(COM-6)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from instances.actions import (
    PresenceSaisie,
    conflit_declarer,
    lettre_notification_produire,
    proces_verbal_produire,
    seance_annuler,
    seance_cloturer,
    seance_convoquer,
    seance_decisions_notifier,
    seance_ouvrir,
    seance_point_retirer,
    seance_presences_enregistrer,
    seance_valider,
)
from instances.enums import EtatDemande, EtatSeance, StatutPresence
from instances.models import DemandeAide, Seance, TransitionSeance
from social.exceptions import DomainError
from tests.instances.fabriques import Conseils, demande, inscrire, parcours_de, seance, seance_ouverte
from tests.instances.fabriques_pdf import seance_close

pytestmark = pytest.mark.django_db


def _convoquee(conseils: Conseils, django_capture_on_commit_callbacks, dans_jours: int = 10) -> Seance:  # type: ignore[no-untyped-def]
    une_seance = seance(conseils, dans_jours=dans_jours)
    inscrire(conseils, une_seance, demande(parcours_de(conseils.monde)))
    with django_capture_on_commit_callbacks(execute=True):
        return seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)


def test_com_1_convocation_cinq_jours_avant_refusee_sinon(conseils: Conseils) -> None:
    une_seance = seance(conseils, dans_jours=4)
    inscrire(conseils, une_seance, demande(parcours_de(conseils.monde)))
    with pytest.raises(DomainError) as erreur:
        seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    assert erreur.value.code == "convocation_tardive"
    une_seance.refresh_from_db()
    assert une_seance.etat == EtatSeance.CREEE and une_seance.convoquee_le is None
    assert len(mail.outbox) == 0
    # An urgent case, with its reason, may be convoked later.
    convoquee = seance_convoquer(
        seance=une_seance, acting_user=conseils.secretaire, urgence_motif="Expulsion imminente"
    )
    assert convoquee.etat == EtatSeance.CONVOQUEE and convoquee.urgence_motif == "Expulsion imminente"


def test_convocation_envoyee_aux_membres_avec_invitation_ics(
    conseils: Conseils, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    une_seance = _convoquee(conseils, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.bcc) == sorted(
        [
            conseils.presidente.email,
            conseils.secretaire.email,
            conseils.monde.elu_arrageois.email,
            conseils.partenaire.utilisateur.email,
        ]
    )
    assert "Commission des aides de l'Arrageois" in message.subject
    assert "FSL – énergie – 300,00 €" in message.body
    assert "Martin" not in message.body and "Léa" not in message.body  # no person's name in e-mails
    nom, contenu, type_mime = message.attachments[0]
    assert nom == "convocation.ics" and type_mime.startswith("text/calendar")
    deplie = contenu.replace("\r\n ", "")
    champs = dict(ligne.split(":", 1) for ligne in deplie.split("\r\n") if ":" in ligne)
    assert champs["UID"] == f"seance-{une_seance.public_id}@proche"
    assert champs["DTSTART"] == une_seance.date.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert champs["SEQUENCE"] == "1"
    assert deplie.count("ATTENDEE") == 4
    assert list(TransitionSeance.objects.filter(seance=une_seance).values_list("vers", flat=True)) == [
        "creee",
        "convoquee",
    ]


def test_convocation_refusee_sans_ordre_du_jour_et_ordre_du_jour_fige_ensuite(
    conseils: Conseils, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    vide = seance(conseils)
    with pytest.raises(DomainError) as erreur:
        seance_convoquer(seance=vide, acting_user=conseils.secretaire)
    assert erreur.value.code == "ordre_du_jour_vide"
    une_seance = _convoquee(conseils, django_capture_on_commit_callbacks)
    with pytest.raises(DomainError) as erreur:
        inscrire(conseils, une_seance, demande(parcours_de(conseils.monde)))
    assert erreur.value.code == "transition_impossible"


def test_inscription_et_retrait_de_l_ordre_du_jour(conseils: Conseils) -> None:
    une_seance = seance(conseils)
    une_demande = demande(parcours_de(conseils.monde))
    point = inscrire(conseils, une_seance, une_demande)
    une_demande.refresh_from_db()
    assert une_demande.etat == EtatDemande.INSCRITE and point.rapporteur == conseils.monde.ts_arras
    seance_point_retirer(point=point, acting_user=conseils.secretaire)
    une_demande.refresh_from_db()
    assert une_demande.etat == EtatDemande.DEPOSEE
    assert not une_seance.points.exists()


def test_instance_incompetente_pour_un_autre_territoire(conseils: Conseils) -> None:
    une_seance = seance(conseils)
    calais = demande(parcours_de(conseils.monde, calais=True))
    with pytest.raises(DomainError) as erreur:
        inscrire(conseils, une_seance, calais)
    assert erreur.value.code == "instance_incompetente"
    calais.refresh_from_db()
    assert calais.etat == EtatDemande.DEPOSEE


def test_seul_le_secretariat_ou_la_presidence_gere_la_seance(conseils: Conseils) -> None:
    une_seance = seance(conseils)
    with pytest.raises(DomainError) as erreur:
        seance_convoquer(seance=une_seance, acting_user=conseils.monde.elu_arrageois)
    assert erreur.value.code == "interdit"


def _presences(conseils: Conseils, **statuts: StatutPresence) -> list[PresenceSaisie]:
    mandats = {"president": conseils.president, "elu": conseils.elu, "partenaire": conseils.partenaire}
    return [PresenceSaisie(mandat=mandats[nom], statut=statut) for nom, statut in statuts.items()]


def test_com_2_quorum_atteint_a_l_ouverture(conseils: Conseils, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    une_seance = _convoquee(conseils, django_capture_on_commit_callbacks)
    # 3 voting members (the secretariat has no vote): 2 needed; the elected member gives her mandate.
    seance_presences_enregistrer(
        seance=une_seance,
        presences=[
            PresenceSaisie(mandat=conseils.president, statut=StatutPresence.PRESENT),
            PresenceSaisie(
                mandat=conseils.elu, statut=StatutPresence.REPRESENTE, procuration_a=conseils.president
            ),
            PresenceSaisie(mandat=conseils.partenaire, statut=StatutPresence.EXCUSE),
        ],
        acting_user=conseils.secretaire,
    )
    une_seance, quorum = seance_ouvrir(seance=une_seance, acting_user=conseils.secretaire)
    assert quorum.atteint and (quorum.comptes, quorum.requis) == (2, 2)
    assert une_seance.etat == EtatSeance.OUVERTE and une_seance.ouverte_le is not None


def test_com_2_sans_quorum_la_seance_est_reportee_puis_siege_sans_quorum(
    conseils: Conseils, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    une_seance = _convoquee(conseils, django_capture_on_commit_callbacks)
    seance_presences_enregistrer(
        seance=une_seance,
        presences=_presences(conseils, president=StatutPresence.PRESENT, elu=StatutPresence.ABSENT),
        acting_user=conseils.secretaire,
    )
    une_seance, quorum = seance_ouvrir(seance=une_seance, acting_user=conseils.secretaire)
    assert not quorum.atteint
    une_seance.refresh_from_db()
    assert une_seance.etat == EtatSeance.REPORTEE
    assert "Quorum non atteint : 1" in TransitionSeance.objects.filter(seance=une_seance).last().motif
    # Reconvened at a new date, it sits without quorum.
    with django_capture_on_commit_callbacks(execute=True):
        une_seance = seance_convoquer(
            seance=une_seance,
            acting_user=conseils.secretaire,
            nouvelle_date=une_seance.date + datetime.timedelta(days=7),
        )
    assert une_seance.sans_quorum and une_seance.sequence_convocation == 2
    assert len(mail.outbox) == 2
    une_seance, _ = seance_ouvrir(seance=une_seance, acting_user=conseils.secretaire)
    assert une_seance.etat == EtatSeance.OUVERTE


def test_procuration_donnee_a_un_membre_present_seulement(
    conseils: Conseils, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    une_seance = _convoquee(conseils, django_capture_on_commit_callbacks)
    with pytest.raises(DomainError) as erreur:
        seance_presences_enregistrer(
            seance=une_seance,
            presences=[
                PresenceSaisie(mandat=conseils.president, statut=StatutPresence.EXCUSE),
                PresenceSaisie(
                    mandat=conseils.elu, statut=StatutPresence.REPRESENTE, procuration_a=conseils.president
                ),
            ],
            acting_user=conseils.secretaire,
        )
    assert erreur.value.code == "procuration_invalide"
    assert not une_seance.presences.exists()


def test_com_3_conflit_d_interets_masque_le_dossier_au_membre(
    conseils: Conseils, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    une_seance = _convoquee(conseils, django_capture_on_commit_callbacks)
    point = une_seance.points.get()
    elu = conseils.monde.elu_arrageois
    assert DemandeAide.objects.visible_by(elu).filter(pk=point.demande_id).exists()
    with pytest.raises(DomainError):
        conflit_declarer(point=point, mandat=conseils.elu, acting_user=conseils.partenaire.utilisateur)
    conflit_declarer(point=point, mandat=conseils.elu, acting_user=elu, motif="Voisin du demandeur")
    assert not DemandeAide.objects.visible_by(elu).filter(pk=point.demande_id).exists()
    assert DemandeAide.objects.visible_by(conseils.presidente).filter(pk=point.demande_id).exists()


def test_com_6_cloture_exige_une_decision_par_dossier_avant_la_validation(
    conseils: Conseils, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    une_seance = _convoquee(conseils, django_capture_on_commit_callbacks)
    seance_presences_enregistrer(
        seance=une_seance,
        presences=_presences(conseils, president=StatutPresence.PRESENT, elu=StatutPresence.PRESENT),
        acting_user=conseils.secretaire,
    )
    seance_ouvrir(seance=une_seance, acting_user=conseils.secretaire)
    with pytest.raises(DomainError) as erreur:
        seance_cloturer(seance=une_seance, acting_user=conseils.secretaire)
    assert erreur.value.code == "points_sans_decision"
    une_seance.refresh_from_db()
    assert une_seance.etat == EtatSeance.OUVERTE
    with pytest.raises(DomainError) as erreur:
        seance_valider(seance=une_seance, acting_user=conseils.secretaire)
    assert erreur.value.code == "transition_impossible"
    assert timezone.localdate() <= une_seance.date.date()


def _journal(une_seance: Seance) -> list[tuple[str, str]]:
    return list(
        TransitionSeance.objects.filter(seance=une_seance).order_by("id").values_list("depuis", "vers")
    )


def test_com_6_de_creee_a_decisions_notifiees_chaque_etat_dans_l_ordre_et_journalise(
    conseils: Conseils,
) -> None:
    close = seance_close(conseils)  # créée → convoquée → ouverte (attendance) → decisions → clôturée
    une_seance = close.seance
    assert une_seance.etat == EtatSeance.CLOTUREE
    # No going back, no skipping: not reopened, not notified before its validation.
    with pytest.raises(DomainError) as erreur:
        seance_ouvrir(seance=une_seance, acting_user=conseils.secretaire)
    assert erreur.value.code == "transition_impossible"
    proces_verbal_produire(seance=une_seance, acting_user=conseils.secretaire)
    for decision in (close.partiel, close.refus):
        lettre_notification_produire(decision=decision, acting_user=conseils.secretaire)
    with pytest.raises(DomainError) as erreur:
        seance_decisions_notifier(seance=une_seance, acting_user=conseils.secretaire)
    assert erreur.value.code == "transition_impossible"
    assert Seance.objects.get(pk=une_seance.pk).etat == EtatSeance.CLOTUREE

    une_seance = seance_valider(seance=une_seance, acting_user=conseils.presidente)
    assert (une_seance.etat, une_seance.validee_par) == (EtatSeance.VALIDEE, conseils.presidente)
    une_seance = seance_decisions_notifier(seance=une_seance, acting_user=conseils.secretaire)
    assert une_seance.etat == EtatSeance.NOTIFIEE
    assert _journal(une_seance) == [
        ("", EtatSeance.CREEE),
        (EtatSeance.CREEE, EtatSeance.CONVOQUEE),
        (EtatSeance.CONVOQUEE, EtatSeance.OUVERTE),
        (EtatSeance.OUVERTE, EtatSeance.CLOTUREE),
        (EtatSeance.CLOTUREE, EtatSeance.VALIDEE),
        (EtatSeance.VALIDEE, EtatSeance.NOTIFIEE),
    ]
    assert TransitionSeance.objects.filter(seance=une_seance).last().acting_user == conseils.secretaire
    # « Décisions notifiées » is final.
    with pytest.raises(DomainError) as erreur:
        seance_annuler(seance=une_seance, motif="Erreur", acting_user=conseils.secretaire)
    assert erreur.value.code == "transition_impossible"


def test_com_6_annulation_avant_la_seance_remet_les_dossiers_en_attente(
    conseils: Conseils, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    une_seance = _convoquee(conseils, django_capture_on_commit_callbacks)
    demande_inscrite = une_seance.points.get().demande
    with pytest.raises(DomainError) as erreur:
        seance_annuler(seance=une_seance, motif="  ", acting_user=conseils.secretaire)
    assert erreur.value.code == "motif_requis"
    assert Seance.objects.get(pk=une_seance.pk).etat == EtatSeance.CONVOQUEE

    une_seance = seance_annuler(
        seance=une_seance, motif="Salle indisponible", acting_user=conseils.secretaire
    )
    assert une_seance.etat == EtatSeance.ANNULEE
    assert _journal(une_seance)[-1] == (EtatSeance.CONVOQUEE, EtatSeance.ANNULEE)
    assert TransitionSeance.objects.filter(seance=une_seance).last().motif == "Salle indisponible"
    demande_inscrite.refresh_from_db()
    assert demande_inscrite.etat == EtatDemande.DEPOSEE
    # « Annulée » is final; a session already open is not cancelled.
    with pytest.raises(DomainError) as erreur:
        seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    assert erreur.value.code == "transition_impossible"
    ouverte, _points = seance_ouverte(conseils, dossiers=1)
    with pytest.raises(DomainError) as erreur:
        seance_annuler(seance=ouverte, motif="Trop tard", acting_user=conseils.secretaire)
    assert erreur.value.code == "transition_impossible"
    assert Seance.objects.get(pk=ouverte.pk).etat == EtatSeance.OUVERTE


def test_point_courant_seulement_en_seance_ouverte_et_de_son_ordre_du_jour(conseils: Conseils) -> None:
    from instances.actions import seance_point_courant_definir

    une_seance, points = seance_ouverte(conseils, dossiers=2)
    _autre, autres_points = seance_ouverte(conseils, dossiers=1)
    seance_point_courant_definir(seance=une_seance, point=points[1], acting_user=conseils.presidente)
    une_seance.refresh_from_db()
    assert une_seance.point_courant == points[1]
    with pytest.raises(DomainError) as erreur:
        seance_point_courant_definir(
            seance=une_seance, point=autres_points[0], acting_user=conseils.secretaire
        )
    assert erreur.value.code == "point_inconnu"
    with pytest.raises(DomainError) as erreur:
        seance_point_courant_definir(
            seance=une_seance, point=points[0], acting_user=conseils.monde.elu_arrageois
        )
    assert erreur.value.code == "interdit"
    seance_point_courant_definir(seance=une_seance, point=None, acting_user=conseils.secretaire)
    une_seance.refresh_from_db()
    assert une_seance.point_courant is None
    preparee = seance(conseils)
    with pytest.raises(DomainError) as erreur:
        seance_point_courant_definir(seance=preparee, point=None, acting_user=conseils.secretaire)
    assert erreur.value.code == "transition_impossible"
