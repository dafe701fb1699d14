"""Writes of the pathway documents: file one (its content checked first), delete one (logically).

Other apps file their own documents through ``document_deposer`` (the councils app its notification
letters, passing bytes or a ``ContentFile``) and delete attachments with ``document_supprimer``.
"""

from __future__ import annotations

from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from parcours.actions._outils import enregistrer, refuser
from parcours.documents import effacer_fichier, enregistrer_fichier, verifier_contenu
from parcours.enums import FormatDocument, TypeDocument
from parcours.models import Document, Parcours
from parcours.permissions import can_deposer_document, can_supprimer_document
from social.models import Utilisateur


def document_deposer(
    *,
    parcours: Parcours,
    type_document: TypeDocument | str,
    fichier: bytes | IO[bytes] | Any,
    titre: str,
    confidentiel: bool = False,
    acting_user: Utilisateur,
    par_instance: bool = False,
    pour_orientation: bool = False,
) -> Document:
    """File a document on a pathway. The content is checked before anything is written (PDF, JPEG or
    PNG recognised by its content, at most 10 Mo); on any refusal nothing is left: no row, no file.

    ``par_instance``: a council's notification letter, filed by its secretariat, who is not on the
    pathway's team. Only a decision or a letter (courrier) in PDF; the caller (``instances``) has
    checked the secretary's right on the decision.

    ``pour_orientation``: filed for one referral only (``orientation_partenaire_creer``): hidden from the
    pathway's partners, read by the referral's addressee through it."""
    if par_instance:
        if type_document not in (TypeDocument.DECISION, TypeDocument.COURRIER):
            raise refuser("Une instance ne dépose que ses décisions et courriers.", "interdit")
    elif not can_deposer_document(acting_user, parcours):
        raise refuser("Votre rôle sur ce parcours ne permet pas d'y déposer un document.", "interdit")
    if type_document not in TypeDocument.values:
        raise refuser("Type de document inconnu.", "type_document_inconnu", champ="type_document")
    titre = titre.strip()
    if not titre:
        raise refuser("Donnez un titre au document.", "titre_vide", champ="titre")
    verifie = verifier_contenu(fichier)
    if par_instance and verifie.format != FormatDocument.PDF:
        raise refuser("Une instance dépose ses courriers en PDF.", "format_refuse", champ="fichier")
    chemin = enregistrer_fichier(verifie.contenu)
    try:
        with transaction.atomic():
            document = Document(
                parcours=parcours,
                type_document=type_document,
                titre=titre,
                confidentiel=confidentiel,
                chemin=chemin,
                format=verifie.format,
                taille=verifie.taille,
                sha256=verifie.sha256,
                depose_par=acting_user,
                pour_orientation=pour_orientation,
            )
            enregistrer(document, acting_user=acting_user, raison="Document déposé")
    except BaseException:
        effacer_fichier(chemin)  # the row was not written: the file goes too
        raise
    return document


@transaction.atomic
def document_supprimer(*, document: Document, motif: str, acting_user: Utilisateur) -> Document:
    """Delete a document: the row stays (who, when, why: the timeline shows it), the file is erased from
    the storage once the deletion is committed."""
    if not can_supprimer_document(acting_user, document.parcours, document.depose_par_id):
        raise refuser("Votre rôle sur ce parcours ne permet pas de supprimer ce document.", "interdit")
    motif = motif.strip()
    if not motif:
        raise refuser("Dites pourquoi le document est supprimé.", "motif_vide", champ="motif")
    supprime = supprimer_sans_controle(document=document, motif=motif, acting_user=acting_user)
    if supprime is None:
        raise refuser("Ce document est déjà supprimé.", "document_supprime")
    return supprime


def supprimer_sans_controle(
    *, document: Document, motif: str, acting_user: Utilisateur | None
) -> Document | None:
    """The deletion itself, for callers that checked the right already (``document_supprimer``, the
    closure of a referral deleting the documents filed for it): the row locked, who (``acting_user``;
    None: the system, the motif says why), when and why recorded with its history, the file erased from
    the storage once the deletion is committed. None if the document was already deleted. Runs inside
    the caller's transaction."""
    document = Document.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if document.est_supprime:
        return None
    chemin = document.chemin
    document.supprime_le = timezone.now()
    document.supprime_par = acting_user
    document.motif_suppression = motif[:300]
    document.chemin = ""
    enregistrer(
        document,
        acting_user=acting_user,
        raison="Document supprimé",
        update_fields=["supprime_le", "supprime_par", "motif_suppression", "chemin"],
    )
    transaction.on_commit(lambda: effacer_fichier(chemin))
    return document
