"""The règlement's parameters (rule G-1) of the two FSL purposes added by ``instances`` migration 0004
(FSL-2): the telephone and internet access, the accompagnement social lié au logement (ASLL, a measure
paid to the association that carries it, for a household). Values [à vérifier] like the other FSL caps of
migration 0007: functional administrators edit them in the admin."""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date

FSL = (
    "Règlement intérieur du FSL du Pas-de-Calais, montants plausibles d'autres départements "
    "[à vérifier: règlement intérieur du FSL]"
)

# (code, libellé, valeur, unité, début, fin, source)
PARAMETRES = [
    ("aide.fsl_telephone_internet.plafond_demande", "FSL téléphone et internet : montant maximal d'une aide", "150", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_telephone_internet.plafond_annuel", "FSL téléphone et internet : aides cumulées par personne sur la période annuelle", "300", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_telephone_internet.frequence", "FSL téléphone et internet : années avant une nouvelle aide (0 = sans limite)", "0", "annees", D(2024, 1, 1), None, FSL),
    ("aide.fsl_telephone_internet.procedure_urgence", "FSL téléphone et internet : décision d'urgence par délégation possible (1 oui, 0 non)", "0", "nombre", D(2024, 1, 1), None, FSL),
    ("aide.fsl_asll.plafond_demande", "FSL ASLL : coût maximal d'une mesure d'accompagnement", "1800", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_asll.plafond_annuel", "FSL ASLL : mesures cumulées par ménage sur la période annuelle", "3600", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_asll.frequence", "FSL ASLL : années avant une nouvelle mesure (0 = sans limite)", "0", "annees", D(2024, 1, 1), None, FSL),
    ("aide.fsl_asll.procedure_urgence", "FSL ASLL : décision d'urgence par délégation possible (1 oui, 0 non)", "0", "nombre", D(2024, 1, 1), None, FSL),
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
    dependencies = [("social", "0012_personne_aide_sociale_enfance")]

    operations = [migrations.RunPython(semer, retirer, elidable=False)]
