"""The councils' demonstration data: committees, members, files and sessions, idempotent."""

from __future__ import annotations

import pytest

from demo.chargement import demo_charger
from demo.instances import instances_demo_charger
from demo.parcours import parcours_demo_charger
from instances.enums import EtatSeance, RoleMembre
from instances.models import Decision, DemandeAide, Mandat, Seance
from tests.instances.fabriques import semer_instances

pytestmark = pytest.mark.django_db


def test_demo_des_instances(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    semer_instances()
    demo_charger(nb_personnes=120)
    parcours_demo_charger()
    with django_capture_on_commit_callbacks(execute=True):
        rapport = instances_demo_charger()
    assert rapport.instances == 2 and rapport.comptes == 2
    assert Mandat.objects.filter(utilisateur__username="elu.arrageois", role=RoleMembre.ELU).exists()
    assert Mandat.objects.filter(
        utilisateur__username="secretariat.arrageois", role=RoleMembre.SECRETARIAT
    ).exists()
    convoquee = Seance.objects.get(organe__nom__endswith="l'Arrageois", etat=EtatSeance.CONVOQUEE)
    assert convoquee.points.exists()
    from django.contrib.auth import get_user_model

    elu = get_user_model().objects.get(username="elu.arrageois")
    assert DemandeAide.objects.visible_by(elu).count() == convoquee.points.count()
    assert (
        not DemandeAide.objects.visible_by(get_user_model().objects.get(username="elu.calaisis"))
        .filter(parcours__site__territoire__code="arrageois")
        .exists()
    )
    assert Decision.objects.filter(delegation__isnull=False).exists()
    avant = (DemandeAide.objects.count(), Seance.objects.count())
    instances_demo_charger()
    assert (DemandeAide.objects.count(), Seance.objects.count()) == avant
