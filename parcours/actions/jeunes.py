"""The ASE facts of a person, recorded from one of her pathways (rule ASE-1; child-protection data, DP-4)."""

from __future__ import annotations

import datetime

from django.db import transaction

from parcours.actions._outils import aujourd_hui, enregistrer, exiger_ouvert, refuser, verrouiller
from parcours.actions.echeances import echeances_recalculer
from parcours.models import Parcours
from parcours.permissions import can_renseigner_ase
from social.models import Personne, Utilisateur


@transaction.atomic
def personne_ase_renseigner(
    *,
    parcours: Parcours,
    acting_user: Utilisateur,
    confie_ase_avant_majorite: bool,
    entretien_autonomie_le: datetime.date | None = None,
) -> Personne:
    """Record whether the person was entrusted to the ASE before her majority and, for a minor so
    entrusted, the day her entretien d'accès à l'autonomie was held; then recompute the deadlines of
    her open pathways (the entretien is due at 17, CASF L222-5-1).

    Refused (``DomainError``, nothing written): a role outside the pathway's team (``interdit``, DP-4), a
    closed pathway, an entretien for a person not entrusted to the ASE, in the future or before birth."""
    parcours = verrouiller(parcours)
    exiger_ouvert(parcours)
    if not can_renseigner_ase(acting_user, parcours):
        raise refuser(
            "Seuls le référent, l'équipe et les encadrants du parcours renseignent l'aide sociale "
            "à l'enfance.",
            "interdit",
        )
    personne = Personne.objects.select_for_update(of=("self",)).get(pk=parcours.personne_id)
    if entretien_autonomie_le is not None:
        if not confie_ase_avant_majorite:
            raise refuser(
                "L'entretien d'accès à l'autonomie concerne un mineur confié à l'ASE : cochez d'abord "
                "« confié(e) à l'ASE avant sa majorité ».",
                "entretien_sans_ase",
                champ="entretien_autonomie_le",
            )
        if entretien_autonomie_le > aujourd_hui():
            raise refuser(
                "La date de l'entretien ne peut pas être dans le futur.",
                "date_future",
                champ="entretien_autonomie_le",
            )
        if entretien_autonomie_le < personne.date_naissance:
            raise refuser(
                "La date de l'entretien précède la date de naissance.",
                "date_avant_naissance",
                champ="entretien_autonomie_le",
            )
    personne.confie_ase_avant_majorite = confie_ase_avant_majorite
    personne.entretien_autonomie_le = entretien_autonomie_le
    enregistrer(
        personne,
        acting_user=acting_user,
        raison="Aide sociale à l'enfance",
        update_fields=["confie_ase_avant_majorite", "entretien_autonomie_le", "updated_at"],
    )
    # Each open pathway locked before its deadlines are recomputed (as every other writer does).
    for ouvert in (
        Parcours.objects.ouverts()
        .filter(personne=personne)
        .select_related("personne")
        .select_for_update(of=("self",))
        .order_by("pk")
    ):
        echeances_recalculer(parcours=ouvert)
    return personne
