"""The taxonomies kept per process (``taxonomies_lire``): the same object while the terms table is
unchanged, read again after any insert, update or delete, and after a rollback (docs/decisions/0003)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from guide_ressources.enums import Taxonomie
from guide_ressources.models import Terme
from guide_ressources.taxonomies import taxonomies_lire

pytestmark = pytest.mark.django_db


def test_taxonomies_gardees_tant_que_les_termes_ne_changent_pas(
    django_assert_num_queries: Callable[..., Any],
) -> None:
    premiere = taxonomies_lire()
    with django_assert_num_queries(1):  # the version only
        seconde = taxonomies_lire()
    assert seconde is premiere
    assert seconde.libelle(Taxonomie.FRAIS, "gratuit") == "Gratuit"


def test_taxonomies_relues_apres_modification_ajout_et_suppression() -> None:
    avant = taxonomies_lire()
    terme = Terme.objects.get(taxonomie=Taxonomie.FRAIS, valeur="gratuit")
    terme.libelle = "Sans frais"
    terme.save()
    apres = taxonomies_lire()
    assert apres is not avant
    assert apres.libelle(Taxonomie.FRAIS, "gratuit") == "Sans frais"
    Terme.objects.filter(pk=terme.pk).update(libelle="Gratuit pour tous")  # same transaction, again
    assert taxonomies_lire().libelle(Taxonomie.FRAIS, "gratuit") == "Gratuit pour tous"

    Terme.objects.create(taxonomie=Taxonomie.FRAIS, valeur="sur-devis", libelle="Sur devis", rang=99)
    assert ("sur-devis", "Sur devis") in taxonomies_lire().choix(Taxonomie.FRAIS)
    Terme.objects.filter(taxonomie=Taxonomie.FRAIS, valeur="sur-devis").delete()
    assert "sur-devis" not in taxonomies_lire().valeurs(Taxonomie.FRAIS)


def test_taxonomies_relues_apres_annulation() -> None:
    taxonomies_lire()
    with pytest.raises(RuntimeError), transaction.atomic():
        Terme.objects.filter(taxonomie=Taxonomie.FRAIS, valeur="gratuit").update(libelle="Annulé")
        assert taxonomies_lire().libelle(Taxonomie.FRAIS, "gratuit") == "Annulé"
        raise RuntimeError
    assert taxonomies_lire().libelle(Taxonomie.FRAIS, "gratuit") == "Gratuit"
