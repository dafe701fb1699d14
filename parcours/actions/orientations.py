"""Referrals to a partner service of the guide: create, answer (inbox or signed link), expire, anonymise.

Each action locks the referral row, checks the transition table (``TRANSITIONS_ORIENTATION``), who may
(``parcours.permissions``) and the reason of a refusal (rule G-2), then writes the row and its
transition log. Side effects run after commit: the e-mail with the signed link to the service's contact,
the real-time notice to the référent (event ``orientation.repondue``, ids only).

The signed link (``jeton_reponse``) is a ``TimestampSigner`` token with a single-purpose salt, valid for
the dated parameter ``orientation_partenaire.validite_lien`` (8 days). Its clock is passed explicitly
(``maintenant``), so tests travel in time without sleeping.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any, Final

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from guide_ressources.models import Service
from parcours.actions._outils import aujourd_hui, exiger_ouvert, refuser, verrouiller
from parcours.actions.documents import document_deposer, supprimer_sans_controle
from parcours.documents import verifier_contenu
from parcours.enums import TypeDocument
from parcours.models import (
    Document,
    OrientationPartenaire,
    Parcours,
    PieceJointeOrientation,
    TransitionOrientationPartenaire,
)
from parcours.models.orientations import (
    MOTIF_REQUIS,
    STATUTS_CLOS,
    TRANSITIONS_ORIENTATION,
    CanalReponse,
    ModeConsentement,
    StatutOrientationPartenaire,
)
from parcours.permissions import can_orienter_vers_partenaire, can_repondre_orientation
from social.models import Adhesion, Utilisateur
from social.parametres import ajouter_mois, echeance, parametre_en_vigueur
from social.temps_reel import diffuser

S = StatutOrientationPartenaire

# Dated parameters (rule G-1), seeded by social migration ``parametres_orientations``.
PARAMETRE_DELAI_REPONSE: Final = "orientation_partenaire.delai_reponse"
PARAMETRE_VALIDITE_LIEN: Final = "orientation_partenaire.validite_lien"
PARAMETRE_CONSERVATION: Final = "orientation_partenaire.conservation"

# Real-time events (names and ids only, never personal data).
EVENEMENT_REPONDUE: Final = "orientation.repondue"
EVENEMENT_RECUE: Final = "orientation.recue"

# The token's salt: one purpose only (a token signed for anything else never validates here).
SEL_LIEN: Final = "parcours.orientation_partenaire.reponse"
LONGUEUR_MESSAGE: Final = 2000
LONGUEUR_MOTIF: Final = 2000
# Only what is needed: a few documents per referral.
PIECES_JOINTES_MAX: Final = 5
# The deletion of a document filed for a referral only, when it closes: the motif says why (and, with
# no author, that the system did it: the signed link has no account, the expiry is a nightly task).
MOTIF_SUPPRESSION_PIECE: Final = "Pièce jointe d'une orientation close : supprimée avec l'orientation."
MOTIFS_SUPPRESSION_PIECE: Final = {
    CanalReponse.COMPTE: MOTIF_SUPPRESSION_PIECE,
    CanalReponse.LIEN: "Pièce jointe d'une orientation close par le lien signé du partenaire : supprimée "
    "avec l'orientation.",
    CanalReponse.AUTOMATIQUE: "Pièce jointe d'une orientation expirée sans réponse : supprimée "
    "automatiquement avec l'orientation.",
}


@dataclass(frozen=True)
class PieceADeposer:
    """A document filed at referral time, for the referral only (deleted when it closes)."""

    fichier: bytes | IO[bytes] | Any
    titre: str
    type_document: TypeDocument | str = TypeDocument.AUTRE


# The signed link.


def jeton_reponse(orientation: OrientationPartenaire, *, maintenant: datetime.datetime | None = None) -> str:
    """The token of the answer link: the referral's public id, timestamped and signed."""
    signataire = _Signataire(maintenant or timezone.now())
    return signataire.sign(str(orientation.public_id))


def verifier_jeton(jeton: str, *, maintenant: datetime.datetime | None = None) -> uuid.UUID:
    """The referral's public id of a valid token; ``DomainError`` "lien_invalide" for a tampered token,
    "lien_expire" past the validity in force on the day it was signed."""
    maintenant = maintenant or timezone.now()
    try:
        valeur, horodatage = signing.Signer.unsign(_Signataire(maintenant), jeton).rsplit(":", 1)
        signe_le = datetime.datetime.fromtimestamp(signing.b62_decode(horodatage), tz=datetime.UTC)
        public_id = uuid.UUID(valeur)
    except (signing.BadSignature, ValueError) as exc:
        raise refuser(
            "Ce lien de réponse n'est pas valide : il a peut-être été modifié ou mal copié.", "lien_invalide"
        ) from exc
    jour = timezone.localdate(signe_le)
    validite = int(parametre_en_vigueur(PARAMETRE_VALIDITE_LIEN, jour).valeur)
    if maintenant - signe_le > datetime.timedelta(days=validite):
        raise refuser(
            f"Ce lien de réponse a expiré (il était valable {validite} jours). Répondez depuis votre "
            "espace partenaire, ou demandez un nouveau lien au travailleur social.",
            "lien_expire",
        )
    return public_id


class _Signataire(signing.TimestampSigner):
    """``TimestampSigner`` whose clock is given (no ``time.time()`` inside)."""

    def __init__(self, maintenant: datetime.datetime) -> None:
        super().__init__(salt=SEL_LIEN)
        self._maintenant = maintenant

    def timestamp(self) -> str:
        return signing.b62_encode(int(self._maintenant.timestamp()))


# Notifications (STYLE 15).


@dataclass(frozen=True)
class OrientationRecueNotification:
    """To the service's contact: a referral waits for an answer; the signed link answers it without an
    account. The e-mail holds no personal data: the link opens the shared details."""

    service: str
    structure: str
    destinataire: str
    lien: str
    validite_jours: int
    date_limite: datetime.date

    gabarit_sujet = "parcours/notifications/orientation_recue_sujet.txt"
    gabarit_corps = "parcours/notifications/orientation_recue_corps.txt"

    def contexte(self) -> dict[str, object]:
        return {
            "service": self.service,
            "structure": self.structure,
            "lien": self.lien,
            "validite_jours": self.validite_jours,
            "date_limite": self.date_limite,
            "departement": settings.PROCHE_DEPARTEMENT_NOM,
        }

    def envoyer(self) -> None:
        sujet = " ".join(render_to_string(self.gabarit_sujet, self.contexte()).split())
        send_mail(sujet, render_to_string(self.gabarit_corps, self.contexte()), None, [self.destinataire])

    def envoyer_apres_validation(self) -> None:
        transaction.on_commit(self.envoyer)


def contact_du_service(service: Service) -> str:
    """Where the answer link goes: the service's e-mail, else its structure's."""
    return service.courriel or service.structure.courriel


# Create.


@transaction.atomic
def orientation_partenaire_creer(
    *,
    parcours: Parcours,
    service: Service,
    message: str,
    consentement_le: datetime.date | None,
    consentement_mode: ModeConsentement | str,
    acting_user: Utilisateur,
    lien_reponse: Callable[[str], str],
    nom_partage: str = "",
    telephone_partage: str = "",
    courriel_partage: str = "",
    documents: Sequence[Document] = (),
    pieces_a_deposer: Sequence[PieceADeposer] = (),
) -> OrientationPartenaire:
    """Refer the person of ``parcours`` to ``service`` with her recorded consent, sharing only
    ``message`` and the details given (the worker chooses them). The partner answers before the delay in
    force today (``orientation_partenaire.delai_reponse``); the service's contact receives a signed
    link after commit (``lien_reponse`` turns a token into the absolute address of the answer page), and
    the organisation's members a real-time notice.

    Attachments (at most ``PIECES_JOINTES_MAX``): ``documents`` of this pathway, active, neither
    confidential nor health data (rule DP-2); ``pieces_a_deposer``, filed on the pathway for this
    referral only (deleted when it closes). Every file is checked before anything is written."""
    parcours = verrouiller(parcours)
    exiger_ouvert(parcours)
    if not can_orienter_vers_partenaire(acting_user, parcours):
        raise refuser(
            "Seuls le référent, les membres de l'équipe et les encadrants du site orientent vers un "
            "service partenaire.",
            "interdit",
        )
    jour = aujourd_hui()
    if not Service.objects.publies().filter(pk=service.pk).exists():
        raise refuser(
            "Ce service n'est pas publié dans le guide : choisissez un service publié.",
            "service_non_publie",
            champ="service",
        )
    service = Service.objects.select_related("structure").get(pk=service.pk)
    organisation_id = service.structure.organisation_id
    destinataire = contact_du_service(service)
    if organisation_id is None and not destinataire:
        raise refuser(
            "Ce service ne peut pas recevoir d'orientation : il n'a ni adresse électronique ni "
            "organisation partenaire inscrite dans Proche.",
            "service_injoignable",
            champ="service",
        )
    if consentement_le is None:
        raise refuser(
            "Indiquez la date à laquelle la personne a donné son accord.",
            "consentement_requis",
            champ="consentement_le",
        )
    if consentement_le > jour:
        raise refuser(
            "La date du consentement ne peut pas être dans le futur.", "date_future", champ="consentement_le"
        )
    if consentement_mode not in ModeConsentement.values:
        raise refuser(
            "Indiquez comment l'accord de la personne a été recueilli.",
            "consentement_requis",
            champ="consentement_mode",
        )
    message = message.strip()
    if not message:
        raise refuser(
            "Écrivez un court message au partenaire : l'objet de l'orientation.",
            "message_requis",
            champ="message",
        )
    if len(message) > LONGUEUR_MESSAGE:
        raise refuser(
            f"Le message ne doit pas dépasser {LONGUEUR_MESSAGE} caractères : ne partagez que le nécessaire.",
            "message_trop_long",
            champ="message",
        )
    if OrientationPartenaire.objects.ouvertes().filter(parcours=parcours, service=service).exists():
        raise refuser(
            "Une orientation vers ce service attend déjà une réponse pour ce parcours.",
            "deja_orientee",
            champ="service",
        )
    documents = _documents_partageables(parcours, documents)
    if len(documents) + len(pieces_a_deposer) > PIECES_JOINTES_MAX:
        raise refuser(
            f"Joignez au plus {PIECES_JOINTES_MAX} documents : seulement ce qui est utile au partenaire.",
            "trop_de_pieces",
            champ="documents",
        )
    # Every file checked before the first one is written (a refusal leaves no file behind).
    verifies = [(piece, verifier_contenu(piece.fichier)) for piece in pieces_a_deposer]
    orientation = OrientationPartenaire(
        parcours=parcours,
        service=service,
        organisation_id=organisation_id,
        message=message,
        nom_partage=nom_partage.strip()[:250],
        telephone_partage=telephone_partage.strip()[:50],
        courriel_partage=courriel_partage.strip(),
        consentement_le=consentement_le,
        consentement_mode=consentement_mode,
        date_limite=echeance(PARAMETRE_DELAI_REPONSE, jour),
        lien_envoye_a=destinataire,
        orientee_par=acting_user,
    )
    orientation.full_clean()
    orientation.save()
    TransitionOrientationPartenaire.objects.create(
        orientation=orientation, depuis="", vers=S.OUVERTE, acting_user=acting_user
    )
    pieces = [PieceJointeOrientation(orientation=orientation, document=document) for document in documents]
    for piece, verifie in verifies:
        depose = document_deposer(
            parcours=parcours,
            type_document=piece.type_document,
            fichier=verifie.contenu,
            titre=piece.titre,
            acting_user=acting_user,
            pour_orientation=True,
        )
        pieces.append(
            PieceJointeOrientation(orientation=orientation, document=depose, deposee_pour_orientation=True)
        )
    PieceJointeOrientation.objects.bulk_create(pieces)
    if destinataire:
        OrientationRecueNotification(
            service=service.nom,
            structure=service.structure.nom,
            destinataire=destinataire,
            lien=lien_reponse(jeton_reponse(orientation)),
            validite_jours=int(parametre_en_vigueur(PARAMETRE_VALIDITE_LIEN, jour).valeur),
            date_limite=orientation.date_limite,
        ).envoyer_apres_validation()
    if organisation_id is not None:
        membres = (
            Adhesion.objects.actives()
            .filter(organisation_id=organisation_id)
            .values_list("utilisateur_id", flat=True)
        )
        diffuser(utilisateur_ids=membres, evenement=EVENEMENT_RECUE, objet_ids=[orientation.public_id])
    return orientation


def _documents_partageables(parcours: Parcours, documents: Sequence[Document]) -> list[Document]:
    """The chosen documents, checked: of this pathway, not deleted, neither confidential (the
    département's staff only) nor health data (medico-social profiles only, rule DP-2), nor filed for
    another referral only (its addressee only; deleted when that one closes)."""
    ids = list(dict.fromkeys(document.pk for document in documents))
    trouves = {
        document.pk: document
        for document in Document.objects.filter(pk__in=ids, parcours=parcours, supprime_le__isnull=True)
    }
    for pk in ids:
        document = trouves.get(pk)
        if document is None:
            raise refuser(
                "Ce document n'est pas un document actif de ce parcours.",
                "document_invalide",
                champ="documents",
            )
        if document.confidentiel or document.est_sante or document.pour_orientation:
            raise refuser(
                f"« {document.titre} » ne peut pas être transmis à un partenaire (document confidentiel, "
                "de santé ou déposé pour une autre orientation).",
                "document_non_partageable",
                champ="documents",
            )
    return [trouves[pk] for pk in ids]


# Answer.


@transaction.atomic
def orientation_partenaire_repondre(
    *,
    orientation: OrientationPartenaire,
    vers: StatutOrientationPartenaire | str,
    acting_user: Utilisateur,
    motif: str = "",
) -> OrientationPartenaire:
    """The partner accepts or refuses (written reason, rule G-2) from its inbox: members of the
    organisation the referral is addressed to, while it waits for an answer."""
    orientation = _verrouiller(orientation)
    _exiger_transition(orientation, vers)
    if not can_repondre_orientation(acting_user, orientation):
        raise refuser(
            "Seuls les membres de l'organisation destinataire répondent à cette orientation.", "interdit"
        )
    return _transitionner(
        orientation, vers=vers, motif=motif, acting_user=acting_user, canal=CanalReponse.COMPTE
    )


@transaction.atomic
def orientation_partenaire_repondre_par_lien(
    *,
    jeton: str,
    vers: StatutOrientationPartenaire | str,
    motif: str = "",
    maintenant: datetime.datetime | None = None,
) -> OrientationPartenaire:
    """The partner answers without an account, through the signed link of the e-mail (valid for the
    ``orientation_partenaire.validite_lien`` parameter): the token is the only credential."""
    public_id = verifier_jeton(jeton, maintenant=maintenant)
    orientation = OrientationPartenaire.objects.non_anonymisees().filter(public_id=public_id).first()
    if orientation is None:
        raise refuser("Cette orientation n'existe plus.", "lien_invalide")
    orientation = _verrouiller(orientation)
    _exiger_transition(orientation, vers)
    return _transitionner(orientation, vers=vers, motif=motif, acting_user=None, canal=CanalReponse.LIEN)


# Expire and anonymise (periodic tasks, ``parcours.tasks``).


@transaction.atomic
def orientations_expirer(*, jour: datetime.date | None = None) -> int:
    """Close as « expirée » the referrals still waiting after their due date (set at creation from
    the ``orientation_partenaire.delai_reponse`` parameter in force that day); the référents are
    notified. Returns the number expired."""
    jour = jour or aujourd_hui()
    nombre = 0
    a_expirer = (
        OrientationPartenaire.objects.ouvertes()
        .filter(date_limite__lt=jour)
        .select_for_update(of=("self",), skip_locked=True)
        .select_related("parcours")
        .order_by("id")
    )
    for orientation in a_expirer:
        _transitionner(
            orientation,
            vers=S.EXPIREE,
            motif=f"Pas de réponse avant le {orientation.date_limite:%d/%m/%Y}.",
            acting_user=None,
            canal=CanalReponse.AUTOMATIQUE,
        )
        nombre += 1
    return nombre


@transaction.atomic
def orientations_anonymiser(*, maintenant: datetime.datetime | None = None) -> int:
    """Erase the message, the shared details and the reasons of the referrals closed for longer than
    the retention parameter in force today (``orientation_partenaire.conservation``, rule DP-5), and cut
    their link to the pathway (and to its documents: the attachment rows go); what remains (service,
    organisation, states, dates) feeds statistics. Returns the number anonymised."""
    maintenant = maintenant or timezone.now()
    jour = timezone.localdate(maintenant)
    seuil = _reculer(jour)
    debut_seuil = timezone.make_aware(datetime.datetime.combine(seuil, datetime.time.min))
    ids = list(
        OrientationPartenaire.objects.non_anonymisees()
        .filter(statut__in=STATUTS_CLOS, repondue_le__lt=debut_seuil)
        .select_for_update(of=("self",), skip_locked=True)
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    # QuerySet.update: the referral is not historised; the log keeps who, when, from and to, not the why.
    TransitionOrientationPartenaire.objects.filter(orientation_id__in=ids).update(motif="")
    # The attachment links (cut at closure) would still lead to the pathway's documents: removed.
    PieceJointeOrientation.objects.filter(orientation_id__in=ids).delete()
    return OrientationPartenaire.objects.filter(pk__in=ids).update(
        parcours=None,
        message="",
        nom_partage="",
        telephone_partage="",
        courriel_partage="",
        reponse_motif="",
        lien_envoye_a="",
        anonymisee_le=maintenant,
        updated_at=maintenant,
    )


def _pieces_jointes_retirer(
    orientation: OrientationPartenaire,
    *,
    acting_user: Utilisateur | None,
    canal: CanalReponse,
    maintenant: datetime.datetime,
) -> None:
    """The referral closes: every link to its attachments is cut (the partner downloads nothing more);
    the documents filed for it only are deleted through the documents' own deletion (row locked and
    kept with who, when, why; file erased after commit). The author: the partner who answered from her
    inbox, otherwise none (signed link, expiry) and the motif says which. The pathway's own documents
    stay on the pathway."""
    pieces = list(
        PieceJointeOrientation.objects.filter(
            orientation=orientation, retiree_le__isnull=True
        ).select_related("document")
    )
    if not pieces:
        return
    PieceJointeOrientation.objects.filter(pk__in=[piece.pk for piece in pieces]).update(retiree_le=maintenant)
    for piece in pieces:
        if piece.deposee_pour_orientation:
            supprimer_sans_controle(
                document=piece.document, motif=MOTIFS_SUPPRESSION_PIECE[canal], acting_user=acting_user
            )


def _reculer(jour: datetime.date) -> datetime.date:
    """The day whose retention (the parameter in force on ``jour``) ends on ``jour``."""
    parametre = parametre_en_vigueur(PARAMETRE_CONSERVATION, jour)
    quantite = int(parametre.valeur)
    if parametre.unite == "jours":
        return jour - datetime.timedelta(days=quantite)
    if parametre.unite == "annees":
        quantite *= 12
    return ajouter_mois(jour, -quantite)


# Helpers.


def _verrouiller(orientation: OrientationPartenaire) -> OrientationPartenaire:
    return (
        OrientationPartenaire.objects.select_for_update(of=("self",))
        .select_related("parcours", "service", "organisation")
        .get(pk=orientation.pk)
    )


def _exiger_transition(orientation: OrientationPartenaire, vers: str) -> None:
    if orientation.est_anonymisee:
        raise refuser("Cette orientation n'existe plus.", "introuvable")
    if vers not in (S.VALIDEE, S.REFUSEE):
        raise refuser("Répondez en acceptant ou en refusant l'orientation.", "reponse_invalide", champ="vers")
    if vers not in TRANSITIONS_ORIENTATION.get(orientation.statut, frozenset()):
        raise refuser(
            f"Cette orientation est déjà close ({orientation.get_statut_display().lower()}) : elle ne peut "
            "plus recevoir de réponse.",
            "transition_impossible",
            statut=orientation.statut,
        )


def _transitionner(
    orientation: OrientationPartenaire,
    *,
    vers: str,
    motif: str,
    acting_user: Utilisateur | None,
    canal: CanalReponse,
) -> OrientationPartenaire:
    motif = motif.strip()
    if vers in MOTIF_REQUIS and not motif:
        raise refuser(
            "Indiquez le motif du refus : il est transmis au travailleur social.",
            "motif_requis",
            champ="motif",
        )
    if len(motif) > LONGUEUR_MOTIF:
        raise refuser(
            f"Le motif ne doit pas dépasser {LONGUEUR_MOTIF} caractères.", "motif_trop_long", champ="motif"
        )
    depuis = orientation.statut
    orientation.statut = vers
    orientation.reponse_motif = motif
    orientation.repondue_le = timezone.now()
    orientation.repondue_par = acting_user
    orientation.canal_reponse = canal
    orientation.save(
        update_fields=[
            "statut",
            "reponse_motif",
            "repondue_le",
            "repondue_par",
            "canal_reponse",
            "updated_at",
        ]
    )
    TransitionOrientationPartenaire.objects.create(
        orientation=orientation, depuis=depuis, vers=vers, motif=motif, canal=canal, acting_user=acting_user
    )
    if vers in STATUTS_CLOS:
        _pieces_jointes_retirer(
            orientation, acting_user=acting_user, canal=canal, maintenant=orientation.repondue_le
        )
    parcours = orientation.parcours
    if parcours is not None:
        destinataires = {i for i in (parcours.referent_id, orientation.orientee_par_id) if i is not None}
        diffuser(
            utilisateur_ids=destinataires,
            evenement=EVENEMENT_REPONDUE,
            objet_ids=[parcours.public_id, orientation.public_id],
        )
    return orientation
