"""The structure's name and description in the service's search vector (docs/decisions/0003).

``Service.texte_structure`` copies them (kept by the actions and the import); the generated
``recherche`` column is rebuilt with them at weight D, so that a word of the structure is one GIN
condition on the service row, with no join nor per-word list of structures.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

FONCTION_SQL = """
CREATE OR REPLACE FUNCTION guide_vecteur_service(nom text, thematiques text[], description text, structure text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT guide_vecteur_service(nom, thematiques, description)
        || setweight(to_tsvector('pg_catalog.french'::regconfig, guide_texte(structure)), 'D')
$$;
"""
FONCTION_SQL_RETRAIT = "DROP FUNCTION IF EXISTS guide_vecteur_service(text, text[], text, text);"

REMPLIR_SQL = """
UPDATE guide_ressources_service s
SET texte_structure = concat_ws(' ', t.nom, NULLIF(t.description, ''))
FROM guide_ressources_structure t
WHERE s.structure_id = t.id;
"""


def _recherche(*champs: str) -> models.GeneratedField:
    return models.GeneratedField(
        db_persist=True,
        expression=models.Func(
            *(models.F(champ) for champ in champs),
            function="guide_vecteur_service",
            output_field=django.contrib.postgres.search.SearchVectorField(),
        ),
        output_field=django.contrib.postgres.search.SearchVectorField(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("guide_ressources", "0002_coediteurs_et_facettes"),
    ]

    operations = [
        migrations.RunSQL(sql=FONCTION_SQL, reverse_sql=FONCTION_SQL_RETRAIT),
        migrations.AddField(
            model_name="service",
            name="texte_structure",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="texte de la structure"),
        ),
        migrations.RunSQL(sql=REMPLIR_SQL, reverse_sql=migrations.RunSQL.noop),
        # A generated column's expression cannot be altered: dropped (with its index) and added again.
        migrations.RemoveIndex(model_name="service", name="service_recherche_gin"),
        migrations.RemoveField(model_name="service", name="recherche"),
        migrations.AddField(
            model_name="service",
            name="recherche",
            field=_recherche("nom", "thematiques", "description", "texte_structure"),
        ),
        migrations.AddIndex(
            model_name="service",
            index=django.contrib.postgres.indexes.GinIndex(fields=["recherche"], name="service_recherche_gin"),
        ),
        migrations.AddIndex(
            model_name="structure",
            index=models.Index(
                condition=models.Q(("statut", "publiee")), fields=["id"], name="structure_publiee_idx"
            ),
        ),
    ]
