"""Seed the dated parameters of the referrals to partner services (parcours.OrientationPartenaire, rule G-1).

These are the département's own choices (règlement départemental d'aide sociale, schéma des solidarités),
not national law: re-check them before go-live; functional administrators edit them in the admin.
"""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date

REGLEMENT = "Choix du Département (règlement départemental, orientation vers les partenaires du guide) [à vérifier: règlement départemental]"
CONSERVATION = "CNIL délibération 2023-095 (référentiel action sociale) : conservation limitée à la durée nécessaire, 2 ans après le dernier contact (règle DP-5) [à vérifier: tableau de gestion]"

# (code, libellé, valeur, unité, début, fin, source)
PARAMETRES = [
    ("orientation_partenaire.delai_reponse", "Orientation vers un partenaire : délai de réponse avant expiration", "30", "jours", D(2024, 1, 1), None, REGLEMENT),
    ("orientation_partenaire.validite_lien", "Orientation vers un partenaire : validité du lien de réponse envoyé par courriel", "8", "jours", D(2024, 1, 1), None, REGLEMENT),
    ("orientation_partenaire.conservation", "Orientation vers un partenaire : conservation après clôture avant anonymisation", "24", "mois", D(2024, 1, 1), None, CONSERVATION),
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
    dependencies = [("social", "0005_parametres_apa")]

    operations = [migrations.RunPython(semer, retirer, elidable=False)]
