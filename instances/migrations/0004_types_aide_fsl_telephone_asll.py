"""FSL-2: the two purposes of the FSL the first catalogue lacked, the telephone and internet access and the
accompagnement social lié au logement (loi n° 90-449 art. 6, 6-1); their caps are the parameters of
``social`` migration 0013. Configurable afterwards in the admin, like the rest of the catalogue."""

from django.db import migrations

FSL = (
    "Loi n° 90-449 du 31 mai 1990, art. 6 (fourniture d'eau, d'énergie et de services téléphoniques, "
    "accès à internet) et 6-1 (accompagnement social lié au logement) ; règlement intérieur du FSL du "
    "Pas-de-Calais [à vérifier]"
)

# (code, libellé, fonds, type FAJ, ordre, source)
TYPES_AIDE = [
    ("fsl_telephone_internet", "FSL – téléphone et accès à internet", "fsl", "", 65, FSL),
    ("fsl_asll", "FSL – accompagnement social lié au logement (ASLL)", "fsl", "", 67, FSL),
]


def semer(apps, schema_editor):
    TypeAide = apps.get_model("instances", "TypeAide")
    for code, libelle, fonds, type_faj, ordre, source in TYPES_AIDE:
        TypeAide.objects.update_or_create(
            code=code,
            defaults={"libelle": libelle, "fonds": fonds, "type_faj": type_faj, "ordre": ordre, "source": source},
        )


def retirer(apps, schema_editor):
    apps.get_model("instances", "TypeAide").objects.filter(code__in=[t[0] for t in TYPES_AIDE]).delete()


class Migration(migrations.Migration):
    dependencies = [("instances", "0003_lettres_et_proces_verbaux"), ("social", "0013_parametres_fsl_telephone_asll")]

    operations = [migrations.RunPython(semer, retirer, elidable=False)]
