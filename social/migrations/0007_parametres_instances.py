"""Seed the dated parameters of the councils' work (instances.regles, rule G-1, DOMAIN.md §5): the
budget's consumption units, the convocation delay, and the règlements' caps, frequencies and urgent
procedure per aid type (FAJ types use the ``faj.*`` parameters of migration 0004).

Values tagged [à vérifier] are the département's own choices or unverified: re-check them before
go-live; functional administrators edit them in the admin (history is kept)."""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date

UC = "INSEE, définition « unité de consommation » : échelle d'équivalence dite de l'OCDE modifiée (1 UC pour le premier adulte, 0,5 pour les autres personnes de 14 ans ou plus, 0,3 pour les enfants de moins de 14 ans) [à vérifier: échelle retenue par les règlements FAJ et FSL]"
CONVOCATION = "Procédure des commissions administratives (ancien décret n° 2006-672 art. 9, CRPA R133-8) : convocation et ordre du jour au moins 5 jours avant la séance, sauf urgence [à vérifier: règlement intérieur de l'instance]"
FENETRE = "Règlements intérieurs FSL et aides facultatives : plafonds par personne sur 12 mois glissants [à vérifier]"
FSL_ACCES = "Règlement intérieur du FSL du Pas-de-Calais (édition 2018) : aide à l'accès une fois, une seconde fois seulement après 5 ans (rl-action-sociale.fr) [à vérifier]"
FSL = "Règlement intérieur du FSL du Pas-de-Calais (édition 2018), montants plausibles d'autres départements [à vérifier: règlement intérieur du FSL]"
SECOURS = "Règlement départemental d'aide sociale, aides facultatives : montants plausibles [à vérifier]"

# (code, libellé, valeur, unité, début, fin, source)
PARAMETRES = [
    ("budget.uc.premier_adulte", "Budget : unités de consommation du premier adulte", "1", "coefficient", D(1990, 1, 1), None, UC),
    ("budget.uc.autre_personne_14_ans_et_plus", "Budget : unités de consommation par autre personne de 14 ans ou plus", "0.5", "coefficient", D(1990, 1, 1), None, UC),
    ("budget.uc.enfant_moins_14_ans", "Budget : unités de consommation par enfant de moins de 14 ans", "0.3", "coefficient", D(1990, 1, 1), None, UC),
    ("instances.convocation.delai_minimum", "Instances : délai minimal entre la convocation et la séance", "5", "jours", D(2006, 6, 8), None, CONVOCATION),
    ("aide.fenetre_plafond_annuel", "Aides individuelles : période glissante des plafonds annuels", "12", "mois", D(2024, 1, 1), None, FENETRE),
    ("aide.fsl_acces.plafond_demande", "FSL accès : montant maximal d'une aide", "1500", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_acces.plafond_annuel", "FSL accès : aides cumulées par personne sur la période annuelle", "1500", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_acces.frequence", "FSL accès : années avant une nouvelle aide (0 = sans limite)", "5", "annees", D(2018, 1, 1), None, FSL_ACCES),
    ("aide.fsl_acces.procedure_urgence", "FSL accès : décision d'urgence par délégation possible (1 oui, 0 non)", "0", "nombre", D(2024, 1, 1), None, FSL),
    ("aide.fsl_maintien.plafond_demande", "FSL maintien : montant maximal d'une aide", "2000", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_maintien.plafond_annuel", "FSL maintien : aides cumulées par personne sur la période annuelle", "2000", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_maintien.frequence", "FSL maintien : années avant une nouvelle aide (0 = sans limite)", "0", "annees", D(2024, 1, 1), None, FSL),
    ("aide.fsl_maintien.procedure_urgence", "FSL maintien : décision d'urgence par délégation possible (1 oui, 0 non)", "0", "nombre", D(2024, 1, 1), None, FSL),
    ("aide.fsl_energie.plafond_demande", "FSL énergie : montant maximal d'une aide", "400", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_energie.plafond_annuel", "FSL énergie : aides cumulées par personne sur la période annuelle", "600", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_energie.frequence", "FSL énergie : années avant une nouvelle aide (0 = sans limite)", "0", "annees", D(2024, 1, 1), None, FSL),
    ("aide.fsl_energie.procedure_urgence", "FSL énergie : décision d'urgence par délégation possible (1 oui, 0 non)", "1", "nombre", D(2024, 1, 1), None, FSL),
    ("aide.fsl_eau.plafond_demande", "FSL eau : montant maximal d'une aide", "300", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_eau.plafond_annuel", "FSL eau : aides cumulées par personne sur la période annuelle", "450", "euro", D(2024, 1, 1), None, FSL),
    ("aide.fsl_eau.frequence", "FSL eau : années avant une nouvelle aide (0 = sans limite)", "0", "annees", D(2024, 1, 1), None, FSL),
    ("aide.fsl_eau.procedure_urgence", "FSL eau : décision d'urgence par délégation possible (1 oui, 0 non)", "0", "nombre", D(2024, 1, 1), None, FSL),
    ("aide.secours_urgence_departement.plafond_demande", "Secours d'urgence du Département : montant maximal d'une aide", "200", "euro", D(2024, 1, 1), None, SECOURS),
    ("aide.secours_urgence_departement.plafond_annuel", "Secours d'urgence du Département : aides cumulées par personne sur la période annuelle", "600", "euro", D(2024, 1, 1), None, SECOURS),
    ("aide.secours_urgence_departement.frequence", "Secours d'urgence du Département : années avant une nouvelle aide (0 = sans limite)", "0", "annees", D(2024, 1, 1), None, SECOURS),
    ("aide.secours_urgence_departement.procedure_urgence", "Secours d'urgence du Département : décision d'urgence par délégation possible (1 oui, 0 non)", "1", "nombre", D(2024, 1, 1), None, SECOURS),
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
    dependencies = [("social", "0006_parametres_orientations")]

    operations = [migrations.RunPython(semer, retirer, elidable=False)]
