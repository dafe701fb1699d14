"""The files of the pathway documents: their private storage and the check of their content.

- **Storage**: a ``FileSystemStorage`` under ``settings.PROCHE_DOCUMENTS_ROOT`` (outside the static and
  media paths, no base URL: ``url()`` refuses), random names in two-character sub-directories. Files
  leave only through the scoped download views (frontend and API), which journal each access.
- **Content**: only PDF, JPEG and PNG, recognised by their content (magic bytes and a cheap structural
  check of the end of the file), never by their name or the type the browser declares: a ``.pdf`` that
  holds HTML or a zip is refused; one that holds a PNG too (a name claiming another accepted format
  than the content's is a disguise). At most ``settings.PROCHE_DOCUMENTS_TAILLE_MAX`` bytes (10 Mo).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse

from parcours.enums import FormatDocument
from parcours.models import Document
from social.exceptions import DomainError

MESSAGE_FORMAT = "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG."
# The end of a PDF: "%%EOF" within its last bytes (incremental updates may append a few bytes after it).
_FIN_PDF = 1024
_SIGNATURE_PNG = b"\x89PNG\r\n\x1a\n"
_FIN_PNG = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_EXTENSIONS = {
    ".pdf": FormatDocument.PDF,
    ".jpg": FormatDocument.JPEG,
    ".jpeg": FormatDocument.JPEG,
    ".png": FormatDocument.PNG,
}


class StockageDocuments(FileSystemStorage):
    """The private storage: its location read from the settings at each use (tests change it), and no URL."""

    @property
    def base_location(self) -> str:
        return str(settings.PROCHE_DOCUMENTS_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Les documents des parcours ne sont jamais servis par une URL publique.")


def stockage() -> StockageDocuments:
    return StockageDocuments()


def taille_max() -> int:
    return int(settings.PROCHE_DOCUMENTS_TAILLE_MAX)


def message_taille() -> str:
    return f"Le fichier dépasse {taille_max() // (1024 * 1024)} Mo."


@dataclass(frozen=True)
class ContenuVerifie:
    contenu: bytes
    format: FormatDocument
    taille: int
    sha256: str


def _format(contenu: bytes) -> FormatDocument | None:
    """The format the content really has, or None. Magic bytes at the start, and the marker that ends a
    well-formed file of that format (a truncated or disguised file fails the second check)."""
    if contenu.startswith((b"%PDF-1.", b"%PDF-2.")):
        return FormatDocument.PDF if b"%%EOF" in contenu[-_FIN_PDF:] else None
    if contenu.startswith(b"\xff\xd8\xff"):
        # End Of Image, possibly followed by padding some cameras add.
        return FormatDocument.JPEG if b"\xff\xd9" in contenu[-64:] else None
    if contenu.startswith(_SIGNATURE_PNG):
        # The first chunk is IHDR (13 bytes), the last one IEND.
        ihdr = contenu[8:16] == b"\x00\x00\x00\x0dIHDR"
        return FormatDocument.PNG if ihdr and contenu.endswith(_FIN_PNG) else None
    return None


def lire(fichier: bytes | IO[bytes] | Any) -> bytes:
    """The bytes of an upload (``UploadedFile``, ``ContentFile``, a binary stream, or bytes), at most one
    byte beyond the maximum size (enough to refuse a larger file without reading it all)."""
    if isinstance(fichier, bytes | bytearray):
        return bytes(fichier[: taille_max() + 1])
    if hasattr(fichier, "seek"):
        fichier.seek(0)
    contenu = fichier.read(taille_max() + 1)
    return bytes(contenu)


def verifier_contenu(fichier: bytes | IO[bytes] | Any) -> ContenuVerifie:
    """Check the size and the real format of a file; ``DomainError`` (on the field ``fichier``) otherwise."""
    contenu = lire(fichier)
    if len(contenu) > taille_max():
        raise DomainError(message_taille(), code="fichier_trop_gros", extra={"champ": "fichier"})
    format_detecte = _format(contenu)
    if format_detecte is None:
        raise DomainError(MESSAGE_FORMAT, code="format_refuse", extra={"champ": "fichier"})
    # The name never makes a content acceptable; but a name that claims another accepted format than the
    # content's (a PNG called .pdf) is a disguise, refused too.
    extension = os.path.splitext(str(getattr(fichier, "name", "") or ""))[1].lower()
    if extension in _EXTENSIONS and _EXTENSIONS[extension] != format_detecte:
        raise DomainError(
            f"Le contenu de ce fichier ({format_detecte.label}) ne correspond pas à son extension "
            f"« {extension} ».",
            code="extension_trompeuse",
            extra={"champ": "fichier"},
        )
    return ContenuVerifie(
        contenu=contenu,
        format=format_detecte,
        taille=len(contenu),
        sha256=hashlib.sha256(contenu).hexdigest(),
    )


def enregistrer_fichier(contenu: bytes) -> str:
    """Write the content under a fresh random name; returns the name in the storage."""
    nom = secrets.token_hex(16)
    return stockage().save(f"{nom[:2]}/{nom}", ContentFile(contenu))


def effacer_fichier(chemin: str) -> None:
    if chemin:
        stockage().delete(chemin)


def reponse_document(document: Document) -> FileResponse:
    """The file as an attachment named after its title, with its detected type; never sniffed."""
    reponse = FileResponse(
        stockage().open(document.chemin, "rb"),
        as_attachment=True,
        filename=f"{document.titre[:80]}.{document.extension}",
        content_type=document.format,
    )
    reponse["X-Content-Type-Options"] = "nosniff"
    reponse["Cache-Control"] = "private, no-store"
    return reponse
