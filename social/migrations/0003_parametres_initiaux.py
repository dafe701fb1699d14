"""Seed the dated parameters with the values in force and their sources (rule G-1, DOMAIN.md).

Values tagged [S] or [NV] in DOMAIN.md are to be re-checked before go-live; functional
administrators edit them in the admin (history is kept).
"""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date

R232_10 = "CASF R232-10 (coefficients du plafond du plan d'aide APA à domicile), OpenFisca plafond_apa_domicile_en_part_mtp"
R232_11 = "CASF R232-11 (participation APA à domicile, formule depuis le 1er mars 2016), OpenFisca apa_domicile_participation"
MTP = "Majoration pour tierce personne (MTP), OpenFisca mtp.yaml, circulaire Cnav 2025/12"
PCH = "Arrêté du 11 août 2021 et décret n° 2021-1394 du 27 octobre 2021 (plafonds PCH sur 10 ans)"

# (code, libellé, valeur, unité, début, fin, source)
PARAMETRES = [
    ("mtp", "Majoration pour aide constante d'une tierce personne (MTP)", "1210.90", "euro", D(2023, 4, 1), D(2024, 3, 31), MTP),
    ("mtp", "Majoration pour aide constante d'une tierce personne (MTP)", "1266.60", "euro", D(2024, 4, 1), D(2025, 3, 31), MTP),
    ("mtp", "Majoration pour aide constante d'une tierce personne (MTP)", "1288.13", "euro", D(2025, 4, 1), None, MTP),
    ("apa.plafond.coefficient.gir1", "APA : plafond du plan d'aide GIR 1, en part de MTP", "1.553", "coefficient", D(2016, 3, 1), D(2023, 12, 31), R232_10),
    ("apa.plafond.coefficient.gir2", "APA : plafond du plan d'aide GIR 2, en part de MTP", "1.247", "coefficient", D(2016, 3, 1), D(2023, 12, 31), R232_10),
    ("apa.plafond.coefficient.gir3", "APA : plafond du plan d'aide GIR 3, en part de MTP", "0.901", "coefficient", D(2016, 3, 1), D(2023, 12, 31), R232_10),
    ("apa.plafond.coefficient.gir4", "APA : plafond du plan d'aide GIR 4, en part de MTP", "0.601", "coefficient", D(2016, 3, 1), D(2023, 12, 31), R232_10),
    ("apa.plafond.coefficient.gir1", "APA : plafond du plan d'aide GIR 1, en part de MTP", "1.615", "coefficient", D(2024, 1, 1), None, R232_10),
    ("apa.plafond.coefficient.gir2", "APA : plafond du plan d'aide GIR 2, en part de MTP", "1.306", "coefficient", D(2024, 1, 1), None, R232_10),
    ("apa.plafond.coefficient.gir3", "APA : plafond du plan d'aide GIR 3, en part de MTP", "0.944", "coefficient", D(2024, 1, 1), None, R232_10),
    ("apa.plafond.coefficient.gir4", "APA : plafond du plan d'aide GIR 4, en part de MTP", "0.630", "coefficient", D(2024, 1, 1), None, R232_10),
    ("apa.participation.seuil_bas", "APA : ressources sans participation (S1), en part de MTP", "0.725", "coefficient", D(2016, 3, 1), None, R232_11),
    ("apa.participation.seuil_haut", "APA : ressources à participation maximale (S2), en part de MTP", "2.67", "coefficient", D(2016, 3, 1), None, R232_11),
    ("apa.participation.tranche_1", "APA : première tranche du plan (A1), en part de MTP", "0.317", "coefficient", D(2016, 3, 1), None, R232_11),
    ("apa.participation.tranche_2", "APA : deuxième tranche du plan (A2), en part de MTP", "0.498", "coefficient", D(2016, 3, 1), None, R232_11),
    ("apa.participation.taux_maximal", "APA : participation maximale, en part du plan", "0.90", "taux", D(2016, 3, 1), None, R232_11),
    ("apa.participation.diviseur_couple", "APA : diviseur des ressources d'un couple", "1.7", "coefficient", D(2016, 3, 1), None, R232_11),
    ("apa.versement.seuil_smic_horaire", "APA : non versée sous ce nombre de SMIC horaires bruts", "3", "nombre", D(2016, 3, 1), None, "CASF D232-31, OpenFisca seuil_versement_en_part_smic_brut_horaire"),
    ("apa.urgence.part_plafond_gir1", "APA en urgence à domicile : part du plafond GIR 1", "0.5", "taux", D(2016, 3, 1), None, "CASF R232-19, OpenFisca part_plafond_apa_domicile"),
    ("apa.delai.accuse_reception", "APA : accusé de réception et pièces manquantes", "10", "jours", D(2016, 3, 1), None, "CASF R232-23"),
    ("apa.delai.decision", "APA : notification de la décision après dossier complet", "2", "mois", D(2016, 3, 1), None, "CASF R232-23, L232-14"),
    ("apa.age_minimum", "APA : âge minimal à la date de la demande", "60", "annees", D(2002, 1, 1), None, "CASF L232-1"),
    ("smic.horaire_brut", "SMIC horaire brut", "11.88", "euro", D(2024, 11, 1), D(2025, 12, 31), "Décret n° 2024-951 du 23 octobre 2024"),
    ("smic.horaire_brut", "SMIC horaire brut", "12.02", "euro", D(2026, 1, 1), D(2026, 5, 31), "OpenFisca smic_b_horaire (DOMAIN.md §2.5)"),
    ("smic.horaire_brut", "SMIC horaire brut", "12.31", "euro", D(2026, 6, 1), None, "OpenFisca smic_b_horaire (DOMAIN.md §2.5) [à vérifier]"),
    ("rsa.montant_forfaitaire", "RSA : montant forfaitaire, personne seule sans enfant", "635.71", "euro", D(2024, 4, 1), D(2025, 3, 31), "Décret n° 2024-396, OpenFisca montant_de_base_du_rsa"),
    ("rsa.montant_forfaitaire", "RSA : montant forfaitaire, personne seule sans enfant", "646.52", "euro", D(2025, 4, 1), D(2026, 3, 31), "Décret n° 2025-293 du 29 mars 2025"),
    ("rsa.montant_forfaitaire", "RSA : montant forfaitaire, personne seule sans enfant", "651.69", "euro", D(2026, 4, 1), None, "Décret n° 2026-220 du 30 mars 2026 (OpenFisca) [à vérifier au JO]"),
    ("rsa.delai.orientation", "RSA : orientation après l'ouverture ou le transfert du droit", "2", "mois", D(2009, 6, 1), D(2024, 12, 31), "Régime antérieur à la loi pour le plein emploi"),
    ("rsa.delai.orientation", "RSA : orientation après l'ouverture ou le transfert du droit", "6", "semaines", D(2025, 1, 1), None, "Loi n° 2023-1196 du 18 décembre 2023, D262-65-2"),
    ("rsa.delai.contrat", "RSA : signature du contrat d'engagement après notification de l'orientation", "1", "mois", D(2025, 1, 1), None, "CT D5411-14-1"),
    ("rsa.delai.revue_parcours_social", "RSA : diagnostic conjoint du parcours social", "6", "mois", D(2025, 1, 1), None, "CASF L262-31, D262-65-2-1"),
    ("rsa.delai.revue_parcours_social_vulnerable", "RSA : diagnostic conjoint, personne vulnérable", "12", "mois", D(2025, 1, 1), None, "CASF L262-31, D262-65-2-1"),
    ("rsa.contrat.heures_hebdomadaires", "RSA : heures d'activité hebdomadaires par défaut", "15", "heures", D(2025, 1, 1), None, "CASF L262-34, CT L5411-6"),
    ("pch.plafond.aides_techniques", "PCH : aides techniques sur 10 ans", "13200", "euro", D(2022, 1, 1), None, PCH),
    ("pch.plafond.logement", "PCH : aménagement du logement sur 10 ans", "10000", "euro", D(2022, 1, 1), None, PCH),
    ("pch.plafond.vehicule_transport", "PCH : véhicule et surcoûts de transport sur 10 ans", "10000", "euro", D(2022, 1, 1), None, PCH),
    ("pch.plafond.charges_exceptionnelles", "PCH : charges exceptionnelles sur 10 ans", "6000", "euro", D(2022, 1, 1), None, PCH),
    ("pch.plafond.aide_animaliere", "PCH : aide animalière sur 10 ans", "6000", "euro", D(2022, 1, 1), None, PCH),
    ("pch.fenetre_plafonds", "PCH : période glissante des plafonds", "10", "annees", D(2022, 1, 1), None, PCH),
    ("faj.age_minimum", "FAJ : âge minimal à la date de la demande", "18", "annees", D(2005, 1, 1), None, "CASF L263-3"),
    ("faj.age_maximum", "FAJ : âge maximal (inclus) à la date de la demande", "25", "annees", D(2005, 1, 1), None, "CASF L263-3, règlement départemental"),
    ("journal.retention", "Journal des accès : durée de conservation", "12", "mois", D(2021, 10, 14), None, "CNIL délibération n° 2021-122"),
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
    dependencies = [("social", "0002_parametres")]

    operations = [migrations.RunPython(semer, retirer, elidable=False)]
