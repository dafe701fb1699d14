"""Seed the parameters of the APA in an establishment (rule APA-9, CASF R232-19; DOMAIN.md §2.6).

The dependency tariffs themselves (GIR 1-2, 3-4, 5-6) are each establishment's, set by the président du
conseil départemental: they are inputs of the computation, not national parameters.
"""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date
R232_19 = "CASF R232-19 (participation du résident en établissement), OpenFisca apa_etablissement"
RESTE_A_VIVRE = (
    "OpenFisca apa_etablissement taux_reste_a_vivre = 0,1 (la participation ne dépasse pas 90 % des "
    "ressources) [à vérifier: aide-sociale.fr cite un minimum de 125,23 €/mois, DOMAIN.md §2.6]"
)

# (code, libellé, valeur, unité, début, fin, source)
# fmt: off
PARAMETRES = [
    ("apa.etablissement.seuil_bas", "APA en établissement : ressources jusqu'auxquelles la participation est le tarif GIR 5-6, en part de MTP", "2.21", "coefficient", D(2016, 3, 1), None, R232_19),
    ("apa.etablissement.seuil_haut", "APA en établissement : ressources à partir desquelles la participation est maximale, en part de MTP", "3.40", "coefficient", D(2016, 3, 1), None, R232_19),
    ("apa.etablissement.taux_maximal", "APA en établissement : part maximale de (tarif GIR − tarif GIR 5-6) à la charge du résident", "0.80", "taux", D(2016, 3, 1), None, R232_19),
    ("apa.etablissement.diviseur_couple", "APA en établissement : diviseur des ressources d'un couple", "2", "coefficient", D(2016, 3, 1), None, R232_19),
    ("apa.etablissement.part_reste_a_vivre", "APA en établissement : part des ressources laissée au résident (reste à vivre)", "0.10", "taux", D(2016, 3, 1), None, RESTE_A_VIVRE),
]
# fmt: on


def semer(apps, schema_editor):
    Parametre = apps.get_model("social", "Parametre")
    for code, libelle, valeur, unite, debut, fin, source in PARAMETRES:
        Parametre.objects.update_or_create(
            code=code,
            date_debut=debut,
            defaults={"libelle": libelle, "valeur": Decimal(valeur), "unite": unite, "date_fin": fin, "source": source},
        )


def retirer(apps, schema_editor):
    Parametre = apps.get_model("social", "Parametre")
    for code, _libelle, _valeur, _unite, debut, _fin, _source in PARAMETRES:
        Parametre.objects.filter(code=code, date_debut=debut).delete()


class Migration(migrations.Migration):
    dependencies = [("social", "0009_parametre_rupture_sans_contact")]

    operations = [migrations.RunPython(semer, retirer, elidable=False)]
