"""Freshness: remind organisations of their entries not confirmed for too long (scheduled task)."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction
from django.utils import timezone

from guide_ressources.enums import StatutPublication
from guide_ressources.models import RappelFraicheur, Service, Structure
from guide_ressources.notifications import RappelFraicheurNotification
from guide_ressources.reglages import source_locale
from guide_ressources.selectors import seuil_fraicheur
from social.models import Adhesion, Organisation
from social.parametres import echeance, parametre_en_vigueur


@transaction.atomic
def rappels_fraicheur_envoyer(*, jour: datetime.date | None = None) -> list[RappelFraicheur]:
    """One reminder per organisation with published local entries not confirmed since the
    ``guide.fraicheur`` delay, unless it was reminded within ``guide.rappel_intervalle``. Recipients:
    the organisation's address and its active members. E-mails leave after commit."""
    jour = jour or timezone.localdate()
    seuil = seuil_fraicheur(jour)
    structures = Counter(
        Structure.objects.locales()
        .filter(statut=StatutPublication.PUBLIEE, organisation__isnull=False)
        .perimees(seuil)
        .values_list("organisation_id", flat=True)
    )
    services = Counter(
        Service.objects.filter(
            structure__source=source_locale(),
            statut=StatutPublication.PUBLIEE,
            structure__organisation__isnull=False,
        )
        .perimees(seuil)
        .values_list("structure__organisation_id", flat=True)
    )
    concernees = set(structures) | set(services)
    # The last reminder sent at least ``guide.rappel_intervalle`` ago allows a new one.
    recents = {
        rappel.organisation_id
        for rappel in RappelFraicheur.objects.filter(organisation_id__in=concernees)
        if echeance("guide.rappel_intervalle", rappel.envoye_le, jour) > jour
    }
    concernees -= recents
    if not concernees:
        return []
    courriels: dict[int, set[str]] = {}
    for organisation_id, courriel in (
        Adhesion.objects.actives(jour)
        .filter(organisation_id__in=concernees, utilisateur__is_active=True)
        .exclude(utilisateur__email="")
        .values_list("organisation_id", "utilisateur__email")
    ):
        courriels.setdefault(organisation_id, set()).add(courriel)
    delai = int(parametre_en_vigueur("guide.fraicheur", jour).valeur)
    rappels = []
    for organisation in Organisation.objects.filter(pk__in=concernees).order_by("nom"):
        destinataires = courriels.get(organisation.pk, set())
        if organisation.courriel:
            destinataires.add(organisation.courriel)
        rappel = RappelFraicheur.objects.create(
            organisation=organisation,
            envoye_le=jour,
            nb_structures=structures.get(organisation.pk, 0),
            nb_services=services.get(organisation.pk, 0),
            nb_destinataires=len(destinataires),
        )
        RappelFraicheurNotification(
            organisation=organisation.nom,
            destinataires=tuple(sorted(destinataires)),
            nb_structures=rappel.nb_structures,
            nb_services=rappel.nb_services,
            delai_mois=delai,
        ).envoyer_apres_validation()
        rappels.append(rappel)
    return rappels
