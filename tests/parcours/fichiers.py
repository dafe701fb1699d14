"""Tiny real files for the document tests (a one-page PDF, 2×2 PNG and JPEG images), and a pathway with
every persona of the document rules around it."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass

from django.conf import settings
from PIL import Image
from pypdf import PdfWriter

from parcours import actions
from parcours.models import Parcours
from social.enums import RoleAgent
from social.models import Personne, Utilisateur
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.factories import ouvrir


def pdf() -> bytes:
    ecrivain = PdfWriter()
    ecrivain.add_blank_page(width=72, height=72)
    tampon = io.BytesIO()
    ecrivain.write(tampon)
    return tampon.getvalue()


def image(format_: str) -> bytes:
    tampon = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 30, 30)).save(tampon, format_)
    return tampon.getvalue()


def png() -> bytes:
    return image("PNG")


def jpeg() -> bytes:
    return image("JPEG")


def zip_() -> bytes:
    import zipfile

    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        archive.writestr("a.txt", "bonjour")
    return tampon.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def fichiers_stockes() -> set[str]:
    """Every file of the private storage (relative paths)."""
    racine = settings.PROCHE_DOCUMENTS_ROOT
    return {
        os.path.relpath(os.path.join(dossier, nom), racine)
        for dossier, _sous, noms in os.walk(racine)
        for nom in noms
    }


@dataclass
class Scene:
    parcours: Parcours
    referent: Utilisateur  # a social worker: staff, not a medico-social profile
    meme_site: Utilisateur
    evaluateur: Utilisateur  # évaluateur médico-social of the pathway's site
    encadrant: Utilisateur
    partenaire: Utilisateur  # member of the designated organisation
    partenaire_non_designe: Utilisateur
    autre_territoire: Utilisateur
    accueil: Utilisateur
    elu: Utilisateur
    admin: Utilisateur

    def persona(self, nom: str) -> Utilisateur:
        return getattr(self, nom)  # type: ignore[no-any-return]


def scene(monde: Monde, personne_arras: Personne) -> Scene:
    meme_site = f.AffectationFactory(utilisateur__username="ts2.arras", site=monde.mds_arras).utilisateur
    evaluateur = f.AffectationFactory(
        utilisateur__username="evaluateur.mds-arras",
        site=monde.mds_arras,
        role=RoleAgent.EVALUATEUR_MEDICO_SOCIAL,
    ).utilisateur
    parcours = ouvrir(personne_arras, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    actions.partenaire_designer(parcours=parcours, organisation=monde.ccas_arras, acting_user=monde.ts_arras)
    return Scene(
        parcours=Parcours.objects.get(pk=parcours.pk),
        referent=monde.ts_arras,
        meme_site=meme_site,
        evaluateur=evaluateur,
        encadrant=monde.encadrant_arras,
        partenaire=monde.partenaire_ccas_arras,
        partenaire_non_designe=monde.partenaire_ml_calais,
        autre_territoire=monde.ts_calais,
        accueil=monde.accueil_arras,
        elu=monde.elu_arrageois,
        admin=monde.admin,
    )
