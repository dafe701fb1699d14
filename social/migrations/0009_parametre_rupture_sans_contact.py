"""Seed the rupture threshold "no contact for N days" (rule G-1: law and local rules as dated data).

It was the setting ``PROCHE_RUPTURE_SANS_CONTACT_JOURS``; it is the département's own choice (règlement
départemental d'aide sociale, or its configuration of the follow-up), so functional administrators edit
it in the admin (history is kept) and a new value applies from its start date.
"""

import datetime
from decimal import Decimal

from django.db import migrations

SOURCE = (
    "Règlement départemental / configuration du Département : un parcours ouvert sans rendez-vous honoré "
    "ni note depuis ce nombre de jours est signalé en rupture de suivi (ancien réglage "
    "PROCHE_RUPTURE_SANS_CONTACT_JOURS, 90 jours) [à vérifier: règlement départemental]"
)

# (code, libellé, valeur, unité, début, fin, source)
PARAMETRES = [
    (
        "parcours.rupture.sans_contact",
        "Parcours : jours sans contact (ni rendez-vous honoré, ni note) avant l'alerte de rupture",
        "90",
        "jours",
        datetime.date(2000, 1, 1),
        None,
        SOURCE,
    ),
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
    dependencies = [("social", "0008_role_direction")]

    operations = [migrations.RunPython(semer, retirer, elidable=False)]
