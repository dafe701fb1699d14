"""Seed the dated parameters of the APA file (parcours.actions.apa, rule G-1, DOMAIN.md §2.3).

The flat rate paid when the 2-month period passes without a notified decision (CASF L232-14, rule
APA-4) is tagged [à vérifier]: DOMAIN.md gives it as a flat rate without the decree's figure; the
same share of the GIR 1 ceiling as the urgency amount (R232-19) is used until checked.
"""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date

SILENCE = "CASF L232-14 : à défaut de notification dans les deux mois du dossier complet, APA versée à titre provisoire pour un montant forfaitaire jusqu'à la décision ; part du plafond GIR 1 [à vérifier: décret d'application]"

# (code, libellé, valeur, unité, début, fin, source)
PARAMETRES = [
    ("apa.silence.part_plafond_gir1", "APA à domicile : montant forfaitaire après deux mois de silence, part du plafond GIR 1", "0.5", "taux", D(2016, 3, 1), None, SILENCE),
]


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
    dependencies = [("social", "0004_parametres_rsa_pch_jeunes")]

    operations = [migrations.RunPython(semer, retirer, elidable=False)]
