"""A scene for the referral tests: the guide of ``tests.guide_ressources``, an open RSA pathway of a person
of Arras followed by ts.arras, and a helper making referrals through the action."""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from guide_ressources.models import Service
from parcours.actions.documents import document_deposer
from parcours.actions.orientations import orientation_partenaire_creer
from parcours.enums import TypeDocument
from parcours.models import Document, OrientationPartenaire, Parcours
from parcours.models.orientations import ModeConsentement
from social.models import Parametre, Personne
from tests import factories as f
from tests.conftest import Monde
from tests.guide_ressources.fabriques import Guide, construire_guide
from tests.parcours.factories import ouvrir
from tests.parcours.fichiers import pdf

COURRIEL_CCAS = "solidarites@ccas-arras.example.fr"


def semer_parametres_orientations() -> None:
    """The parameters of social migration ``0006_parametres_orientations``: transactional tests (browser)
    flush every table, and ``tests/conftest.py`` reseeds only the older data migrations."""
    migration = importlib.import_module("social.migrations.0006_parametres_orientations")
    if Parametre.objects.filter(code__startswith="orientation_partenaire.").count() < len(
        migration.PARAMETRES
    ):
        migration.semer(_Apps(), None)


class _Apps:
    @staticmethod
    def get_model(app: str, modele: str) -> type[Parametre]:
        return Parametre


@dataclass
class Scene:
    monde: Monde
    guide: Guide
    personne: Personne
    parcours: Parcours
    service: Service  # CCAS d'Arras, with a contact e-mail
    service_calais: Service  # Mission locale du Calaisis
    service_sans_organisation: Service  # CHRS without partner organisation, with an e-mail

    def orienter(
        self, service: Service | None = None, parcours: Parcours | None = None, **autres: Any
    ) -> OrientationPartenaire:
        valeurs: dict[str, Any] = {
            "parcours": parcours or self.parcours,
            "service": service or self.service,
            "message": "Demande d'aide alimentaire pour la famille, à recevoir cette semaine.",
            "nom_partage": "Jeanne Lefèvre",
            "telephone_partage": "06 12 34 56 78",
            "consentement_le": timezone.localdate(),
            "consentement_mode": ModeConsentement.ORAL_ENTRETIEN,
            "acting_user": self.monde.ts_arras,
            "lien_reponse": lambda jeton: f"https://proche.example.fr/orientations/reponse/{jeton}/",
            **autres,
        }
        return orientation_partenaire_creer(**valeurs)


def construire_scene(monde: Monde) -> Scene:
    semer_parametres_orientations()
    guide = construire_guide(monde)
    Service.objects.filter(pk=guide.aide_alimentaire.pk).update(courriel=COURRIEL_CCAS)
    Service.objects.filter(pk=guide.hebergement.pk).update(courriel="accueil@chrs.example.fr")
    guide.aide_alimentaire.refresh_from_db()
    guide.hebergement.refresh_from_db()
    personne = f.PersonneFactory(nom="Lefèvre", prenoms="Jeanne", commune=monde.arras)
    parcours = ouvrir(personne, par=monde.ts_arras, site=monde.mds_arras, referent=monde.ts_arras)
    return Scene(
        monde=monde,
        guide=guide,
        personne=personne,
        parcours=parcours,
        service=guide.aide_alimentaire,
        service_calais=guide.jeunes_calaisis,
        service_sans_organisation=guide.hebergement,
    )


def jours(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def orientation_directe(scene: Scene, **champs: Any) -> OrientationPartenaire:
    """A referral row written directly (fast, for lists and query counts)."""
    valeurs: dict[str, Any] = {
        "parcours": scene.parcours,
        "service": scene.service,
        "organisation": scene.monde.ccas_arras,
        "message": "Orientation de test.",
        "nom_partage": "Personne de test",
        "consentement_le": timezone.localdate(),
        "consentement_mode": ModeConsentement.ORAL_ENTRETIEN,
        "date_limite": timezone.localdate() + datetime.timedelta(days=30),
        "orientee_par": scene.monde.ts_arras,
        **champs,
    }
    return OrientationPartenaire.objects.create(**valeurs)


def deposer(scene: Scene, titre: str, **champs: Any) -> Document:
    """A resources certificate (PDF) filed in the scene's pathway by its référent, or as ``champs`` say."""
    valeurs: dict[str, Any] = {
        "parcours": scene.parcours,
        "type_document": TypeDocument.JUSTIFICATIF_RESSOURCES,
        "fichier": pdf(),
        "titre": titre,
        "acting_user": scene.monde.ts_arras,
        **champs,
    }
    return document_deposer(**valeurs)
