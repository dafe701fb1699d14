"""The councils' test world: the catalogue and its parameters, a committee of the Arrageois with its
members (chair, elected member, partner, secretariat), aid files built through the actions.

The data migrations' rows are seeded again here (idempotent): a transactional test (browser) flushes
them, and ``tests/conftest.py`` re-seeds only the social ones it lists."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from instances.actions import demande_aide_creer, demande_aide_deposer, seance_creer, seance_point_ajouter
from instances.enums import FormeAide, NiveauInstance, RoleMembre
from instances.models import Delegation, DemandeAide, Instance, Mandat, Seance, TypeAide
from parcours.enums import Dispositif
from parcours.models import Parcours
from social.models import Personne, Utilisateur
from tests import factories as f
from tests.conftest import Monde
from tests.parcours.factories import ouvrir

MIGRATIONS = [
    "social.migrations.0007_parametres_instances",
    "instances.migrations.0002_demandes_seances_decisions",
]


def semer_instances() -> None:
    for chemin in MIGRATIONS:
        import_module(chemin).semer(django_apps, None)


def type_aide(code: str) -> TypeAide:
    return TypeAide.objects.get(code=code)


@dataclass
class Conseils:
    monde: Monde
    commission: Instance
    commission_calais: Instance
    president: Mandat
    elu: Mandat
    partenaire: Mandat
    secretariat: Mandat
    secretaire: Utilisateur
    presidente: Utilisateur
    delegataire: Utilisateur
    delegation: Delegation


def construire_conseils(monde: Monde) -> Conseils:
    semer_instances()
    arrageois = monde.mds_arras.territoire
    commission = Instance.objects.create(
        nom="Commission des aides de l'Arrageois",
        niveau=NiveauInstance.COMMISSION,
        territoire=arrageois,
        parent=Instance.objects.get(nom="Conseil territorial de l'Arrageois"),
        courriel="secretariat.arrageois@example.org",
        presentation_pseudonymisee=True,
        jours_visibilite=30,
    )
    commission.types_aide.set(TypeAide.objects.all())
    commission_calais = Instance.objects.create(
        nom="Commission des aides du Calaisis",
        niveau=NiveauInstance.COMMISSION,
        territoire=monde.mds_calais.territoire,
    )
    commission_calais.types_aide.set(TypeAide.objects.all())

    def mandat(username: str, role: RoleMembre, organe: Instance = commission, voix: bool = True) -> Mandat:
        return f.MandatFactory(
            organe=organe, utilisateur__username=username, role=role, voix_deliberative=voix
        )

    president = mandat("presidente.arrageois", RoleMembre.PRESIDENT)
    secretariat = mandat("secretariat.arrageois", RoleMembre.SECRETARIAT, voix=False)
    delegataire = f.UtilisateurFactory(username="delegataire.arras")
    delegation = Delegation.objects.create(
        utilisateur=delegataire,
        montant_maximum=Decimal("150"),
        acte_reference="Arrêté n° 2025-062 du 2 janvier 2025",
        date_debut=datetime.date(2025, 1, 2),
    )
    delegation.types_aide.set(
        TypeAide.objects.filter(code__in=["faj_secours_urgence", "secours_urgence_departement"])
    )
    return Conseils(
        monde=monde,
        commission=commission,
        commission_calais=commission_calais,
        president=president,
        # The conftest's elected member of the Arrageois also sits on its committee.
        elu=f.MandatFactory(organe=commission, utilisateur=monde.elu_arrageois, role=RoleMembre.ELU),
        partenaire=mandat("membre.partenaire", RoleMembre.PARTENAIRE),
        secretariat=secretariat,
        secretaire=secretariat.utilisateur,
        presidente=president.utilisateur,
        delegataire=delegataire,
        delegation=delegation,
    )


@pytest.fixture
def conseils(monde: Monde) -> Conseils:
    return construire_conseils(monde)


def parcours_de(
    monde: Monde, personne: Personne | None = None, *, calais: bool = False, **kwargs: Any
) -> Parcours:
    if calais:
        personne = personne or f.PersonneFactory(
            commune=monde.calais, date_naissance=datetime.date(2004, 3, 1)
        )
        return ouvrir(
            personne, par=monde.ts_calais, site=monde.mds_calais, referent=monde.ts_calais, **kwargs
        )
    personne = personne or f.PersonneFactory(
        nom="Martin", prenoms="Léa", commune=monde.arras, date_naissance=datetime.date(2004, 3, 1)
    )
    return ouvrir(
        personne,
        par=monde.ts_arras,
        site=monde.mds_arras,
        referent=monde.ts_arras,
        dispositif=Dispositif.JEUNES,
        **kwargs,
    )


def demande(
    parcours: Parcours,
    *,
    code: str = "fsl_energie",
    montant: str = "300",
    deposer: bool = True,
    par: Utilisateur | None = None,
    **kwargs: Any,
) -> DemandeAide:
    auteur = par or parcours.referent
    assert auteur is not None
    valeurs: dict[str, Any] = {
        "forme": FormeAide.SUBVENTION,
        "objet": "Facture d'électricité impayée",
        "motivation": "Perte d'emploi, facture de régularisation.",
    }
    valeurs.update(kwargs)
    creee = demande_aide_creer(
        parcours=parcours,
        type_aide=type_aide(code),
        montant_demande=Decimal(montant),
        acting_user=auteur,
        **valeurs,
    )
    if deposer:
        creee = demande_aide_deposer(demande=creee, acting_user=auteur)
    return creee


def seance(conseils: Conseils, *, dans_jours: int = 10, organe: Instance | None = None) -> Seance:
    moment = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0) + datetime.timedelta(
        days=dans_jours
    )
    return seance_creer(
        organe=organe or conseils.commission,
        date=moment,
        lieu="MDS de l'Arrageois, salle du conseil",
        acting_user=conseils.secretaire,
    )


def inscrire(conseils: Conseils, une_seance: Seance, une_demande: DemandeAide) -> Any:
    return seance_point_ajouter(seance=une_seance, demande=une_demande, acting_user=conseils.secretaire)


def seance_ouverte(conseils: Conseils, *, dossiers: int = 2) -> tuple[Seance, list[Any]]:
    """A convoked session of the Arrageois committee with ``dossiers`` files on its agenda, the chair,
    the elected member and the partner present, opened (quorum reached)."""
    from instances.actions import (
        PresenceSaisie,
        seance_convoquer,
        seance_ouvrir,
        seance_presences_enregistrer,
    )
    from instances.enums import StatutPresence

    une_seance = seance(conseils)
    codes = ["fsl_energie", "fsl_eau", "fsl_maintien", "faj_aide_projet"]
    points = [
        inscrire(conseils, une_seance, demande(parcours_de(conseils.monde), code=codes[i % len(codes)]))
        for i in range(dossiers)
    ]
    seance_convoquer(seance=une_seance, acting_user=conseils.secretaire)
    seance_presences_enregistrer(
        seance=une_seance,
        presences=[
            PresenceSaisie(mandat=conseils.president, statut=StatutPresence.PRESENT),
            PresenceSaisie(mandat=conseils.elu, statut=StatutPresence.PRESENT),
            PresenceSaisie(mandat=conseils.partenaire, statut=StatutPresence.PRESENT),
        ],
        acting_user=conseils.secretaire,
    )
    une_seance, _ = seance_ouvrir(seance=une_seance, acting_user=conseils.secretaire)
    return une_seance, points
