"""Seed the dated parameters of the RSA, PCH and youth rules (parcours.regles, rule G-1, DOMAIN.md §1, §3, §4).

Values tagged [à vérifier] come from secondary sources ([S]) or are not verified ([NV]) in DOMAIN.md,
or are the département's own choices (règlements): re-check them before go-live; functional
administrators edit them in the admin (history is kept).
"""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date

# --- RSA ---
TRANSITION = "Loi n° 2023-1196 du 18 décembre 2023, dispositions transitoires : 2 ans (jusqu'au 1er janvier 2027) pour signer un contrat d'engagement avec les personnes accompagnées au 1er janvier 2025 (Centre Inffo, 10/01/2025) [à vérifier]"
OBSERVATIONS = "CASF L262-37 : observations avant toute sanction ; délai fixé par le règlement départemental, 10 jours rapportés par la presse [à vérifier: règlement départemental]"
AVIS_EP = "CASF L262-37, L262-39 : avis de l'équipe pluridisciplinaire avant une suspension si le règlement départemental le prévoit (1 = requis, 0 = non requis) [à vérifier: règlement départemental des EP]"
R262_68 = "CASF R262-68 (décret n° 2025-478 du 30 mai 2025) : premier manquement"
R262_68_1 = "CASF R262-68-1 (décret n° 2025-478 du 30 mai 2025) : persistance ou répétition"
R262_68_6 = "CASF R262-68-6 (décret n° 2025-478 du 30 mai 2025) : foyer de plus d'une personne ou majoration L262-9"
RADIATION = "CASF R262-68, R262-68-1 (décret n° 2025-478 du 30 mai 2025) : suppression totale de 4 mois, proposition de radiation à France Travail"
R262_88 = "CASF L262-47, R262-88 : recours administratif préalable au PCD dans les 2 mois de la notification [à vérifier: date d'entrée en vigueur]"
R262_89 = "CASF R262-89, R262-90 : délais de la CRA et du PCD sur un recours RSA [à vérifier: date d'entrée en vigueur]"

# --- PCH ---
DUREE_PCH = "Décret n° 2021-1394 du 27 octobre 2021 et arrêté du 11 août 2021 : durée maximale d'attribution de 10 ans"
AGE_PCH = "CASF L245-1, D245-3 : première demande avant 60 ans, sauf exceptions [à vérifier]"
AGE_75 = "CASF D245-3 (version antérieure au décret n° 2020-1826) : exceptions à la barrière de 60 ans jusqu'à 75 ans [à vérifier]"
AGE_SANS_LIMITE = "Loi n° 2020-220 du 6 mars 2020, décret n° 2020-1826 : limite de 75 ans supprimée au 1er janvier 2021 (0 = aucune limite) [à vérifier]"
PARENTALITE = "Décret n° 2020-1826 du 31 décembre 2020 et arrêté du 17 décembre 2020 (PCH parentalité), service-public F35575 [à vérifier]"
PARENTALITE_675 = "Décret n° 2020-1826 du 31 décembre 2020 et arrêté du 17 décembre 2020 (PCH parentalité), service-public F35575 [à vérifier: 675 € ou 30 h selon les sources]"
SILENCE_CDAPH = "CASF R241-33 : silence de la CDAPH de plus de 4 mois = rejet implicite [à vérifier: date d'entrée en vigueur]"
RAPO_CDAPH = "Loi n° 2016-1547 et décret n° 2018-928 du 29 octobre 2018 : RAPO contre les décisions de la CDAPH [à vérifier]"

# --- Youth ---
FAJ = "Règlement intérieur du FAJ (CASF L263-3), valeurs plausibles tirées de règlements d'autres départements [à vérifier: règlement intérieur du FAJ]"
MAJORITE = "Code civil art. 414 (loi n° 74-631 du 5 juillet 1974)"
JEUNE_MAJEUR = "CASF L222-5 5° (loi n° 2022-140 du 7 février 2022, art. 10)"
ENTRETIEN = "CASF L222-5-1 (loi n° 2022-140 du 7 février 2022, art. 16) : entretien au plus tard un an avant la majorité [à vérifier]"

# (code, libellé, valeur, unité, début, fin, source)
PARAMETRES = [
    ("rsa.delai.transition_contrat_engagement", "RSA : contrat d'engagement des personnes accompagnées à l'entrée en vigueur de la réforme", "2", "annees", D(2025, 1, 1), None, TRANSITION),
    ("rsa.sanction.delai_observations", "RSA : délai pour présenter des observations avant une sanction", "10", "jours", D(2025, 6, 1), None, OBSERVATIONS),
    ("rsa.sanction.avis_ep_avant_suspension", "RSA : avis de l'équipe pluridisciplinaire requis avant une suspension (1 oui, 0 non)", "1", "nombre", D(2025, 6, 1), None, AVIS_EP),
    ("rsa.sanction.premier_manquement.taux_minimum", "RSA : premier manquement, taux minimal de suspension", "0.30", "taux", D(2025, 6, 1), None, R262_68),
    ("rsa.sanction.premier_manquement.taux_maximum", "RSA : premier manquement, taux maximal de suspension", "1", "taux", D(2025, 6, 1), None, R262_68),
    ("rsa.sanction.premier_manquement.duree_minimum", "RSA : premier manquement, durée minimale de suspension", "1", "mois", D(2025, 6, 1), None, R262_68),
    ("rsa.sanction.premier_manquement.duree_maximum", "RSA : premier manquement, durée maximale de suspension", "2", "mois", D(2025, 6, 1), None, R262_68),
    ("rsa.sanction.persistance.taux_minimum", "RSA : persistance ou répétition, taux minimal de suspension ou suppression", "0.30", "taux", D(2025, 6, 1), None, R262_68_1),
    ("rsa.sanction.persistance.taux_maximum", "RSA : persistance ou répétition, taux maximal de suspension ou suppression", "1", "taux", D(2025, 6, 1), None, R262_68_1),
    ("rsa.sanction.persistance.duree_minimum", "RSA : persistance ou répétition, durée minimale", "1", "mois", D(2025, 6, 1), None, R262_68_1),
    ("rsa.sanction.persistance.duree_maximum", "RSA : persistance ou répétition, durée maximale", "4", "mois", D(2025, 6, 1), None, R262_68_1),
    ("rsa.sanction.taux_maximum_foyer", "RSA : part suspendue ou supprimée maximale, foyer de plus d'une personne ou majoré", "0.50", "taux", D(2025, 6, 1), None, R262_68_6),
    ("rsa.sanction.duree_suppression_radiation", "RSA : durée de suppression totale ouvrant la proposition de radiation", "4", "mois", D(2025, 6, 1), None, RADIATION),
    ("rsa.recours.delai", "RSA : délai du recours administratif préalable après notification", "2", "mois", D(2009, 6, 1), None, R262_88),
    ("rsa.recours.delai_avis_cra", "RSA : avis de la commission de recours amiable (réputé rendu après)", "1", "mois", D(2009, 6, 1), None, R262_89),
    ("rsa.recours.delai_decision_apres_cra", "RSA : décision du PCD après l'avis de la CRA", "1", "mois", D(2009, 6, 1), None, R262_89),
    ("rsa.recours.delai_decision_sans_cra", "RSA : décision du PCD sans consultation de la CRA", "2", "mois", D(2009, 6, 1), None, R262_89),
    ("pch.duree_maximale_attribution", "PCH : durée maximale d'attribution d'un élément", "10", "annees", D(2022, 1, 1), None, DUREE_PCH),
    ("pch.age_limite", "PCH : âge limite de la première demande", "60", "annees", D(2006, 1, 1), None, AGE_PCH),
    ("pch.age_limite_exceptions", "PCH : âge limite des exceptions à la barrière de 60 ans (0 = aucune limite)", "75", "annees", D(2006, 1, 1), D(2020, 12, 31), AGE_75),
    ("pch.age_limite_exceptions", "PCH : âge limite des exceptions à la barrière de 60 ans (0 = aucune limite)", "0", "annees", D(2021, 1, 1), None, AGE_SANS_LIMITE),
    ("pch.parentalite.aide_humaine.premier_palier", "PCH parentalité : aide humaine mensuelle, plus jeune enfant de moins de 3 ans", "900", "euro", D(2021, 1, 1), None, PARENTALITE),
    ("pch.parentalite.aide_humaine.premier_palier_parent_isole", "PCH parentalité : aide humaine mensuelle, parent isolé, plus jeune enfant de moins de 3 ans", "1350", "euro", D(2021, 1, 1), None, PARENTALITE),
    ("pch.parentalite.aide_humaine.second_palier", "PCH parentalité : aide humaine mensuelle, plus jeune enfant de 3 à 7 ans", "450", "euro", D(2021, 1, 1), None, PARENTALITE),
    ("pch.parentalite.aide_humaine.second_palier_parent_isole", "PCH parentalité : aide humaine mensuelle, parent isolé, plus jeune enfant de 3 à 7 ans", "675", "euro", D(2021, 1, 1), None, PARENTALITE_675),
    ("pch.parentalite.age_second_palier", "PCH parentalité : âge du plus jeune enfant à partir duquel s'applique le second palier", "3", "annees", D(2021, 1, 1), None, PARENTALITE),
    ("pch.parentalite.age_fin", "PCH parentalité : âge du plus jeune enfant auquel l'aide humaine prend fin", "7", "annees", D(2021, 1, 1), None, PARENTALITE),
    ("pch.parentalite.aide_technique.naissance", "PCH parentalité : aide technique à la naissance", "1400", "euro", D(2021, 1, 1), None, PARENTALITE),
    ("pch.parentalite.aide_technique.palier_1", "PCH parentalité : aide technique au premier palier (3e anniversaire)", "1200", "euro", D(2021, 1, 1), None, PARENTALITE),
    ("pch.parentalite.aide_technique.age_palier_1", "PCH parentalité : âge de l'enfant au premier palier de l'aide technique", "3", "annees", D(2021, 1, 1), None, PARENTALITE),
    ("pch.parentalite.aide_technique.palier_2", "PCH parentalité : aide technique au second palier (6e anniversaire)", "1000", "euro", D(2021, 1, 1), None, PARENTALITE),
    ("pch.parentalite.aide_technique.age_palier_2", "PCH parentalité : âge de l'enfant au second palier de l'aide technique", "6", "annees", D(2021, 1, 1), None, PARENTALITE),
    ("pch.delai.silence_cdaph", "PCH : silence de la CDAPH valant rejet après le dépôt de la demande", "4", "mois", D(2006, 1, 1), None, SILENCE_CDAPH),
    ("pch.recours.delai_rapo", "PCH : délai du RAPO après la notification de la décision", "2", "mois", D(2019, 1, 1), None, RAPO_CDAPH),
    ("pch.recours.delai_silence_rapo", "PCH : silence sur le RAPO valant rejet", "2", "mois", D(2019, 1, 1), None, RAPO_CDAPH),
    ("pch.recours.delai_pole_social", "PCH : saisine du pôle social du tribunal judiciaire après le RAPO", "2", "mois", D(2019, 1, 1), None, RAPO_CDAPH),
    ("faj.plafond.secours_urgence", "FAJ : montant maximal d'un secours d'urgence", "150", "euro", D(2024, 1, 1), None, FAJ),
    ("faj.plafond.aide_projet_insertion", "FAJ : montant maximal d'une aide au projet d'insertion", "800", "euro", D(2024, 1, 1), None, FAJ),
    ("faj.plafond_annuel.secours_urgence", "FAJ : secours d'urgence cumulés par jeune sur la période annuelle", "450", "euro", D(2024, 1, 1), None, FAJ),
    ("faj.plafond_annuel.aide_projet_insertion", "FAJ : aides au projet d'insertion cumulées par jeune sur la période annuelle", "1500", "euro", D(2024, 1, 1), None, FAJ),
    ("faj.fenetre_plafond_annuel", "FAJ : période glissante des plafonds annuels", "12", "mois", D(2024, 1, 1), None, FAJ),
    ("ase.age_majorite", "Âge de la majorité", "18", "annees", D(1974, 7, 7), None, MAJORITE),
    ("ase.jeune_majeur.age_limite", "ASE : âge en deçà duquel un jeune majeur a droit à l'accompagnement", "21", "annees", D(2022, 2, 9), None, JEUNE_MAJEUR),
    ("ase.delai.entretien_avant_majorite", "ASE : entretien de préparation à l'autonomie, au plus tard avant la majorité", "1", "annees", D(2022, 2, 9), None, ENTRETIEN),
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
    dependencies = [("social", "0003_parametres_initiaux")]

    operations = [migrations.RunPython(semer, retirer, elidable=False)]
