"""The guide of partner services (data·inclusion schema v1): taxonomies, structures, services,
publication log, co-editor grants, imports and freshness reminders.

Also creates the immutable SQL functions behind the search columns, loads the taxonomies from
``guide_ressources/data`` and seeds the guide's dated parameters (rule G-1).
"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.core.validators
import django.db.models.deletion
import simple_history.models
import datetime
import json
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import migrations, models


FONCTIONS_SQL = """
CREATE OR REPLACE FUNCTION guide_texte(texte text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(public.unaccent('public.unaccent'::regdictionary, coalesce(texte, '')))
$$;
CREATE OR REPLACE FUNCTION guide_vecteur_structure(nom text, description text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('pg_catalog.french'::regconfig, guide_texte(nom)), 'A')
        || setweight(to_tsvector('pg_catalog.french'::regconfig, guide_texte(description)), 'C')
$$;
CREATE OR REPLACE FUNCTION guide_vecteur_service(nom text, thematiques text[], description text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('pg_catalog.french'::regconfig, guide_texte(nom)), 'A')
        || setweight(to_tsvector('pg_catalog.french'::regconfig,
               translate(guide_texte(array_to_string(thematiques, ' ')), '-', ' ')), 'B')
        || setweight(to_tsvector('pg_catalog.french'::regconfig, guide_texte(description)), 'C')
$$;
"""
FONCTIONS_SQL_RETRAIT = """
DROP FUNCTION IF EXISTS guide_vecteur_service(text, text[], text);
DROP FUNCTION IF EXISTS guide_vecteur_structure(text, text);
DROP FUNCTION IF EXISTS guide_texte(text);
"""

# The taxonomies as of this migration (files copied from data·inclusion, see data/SOURCE.md).
DONNEES = Path(__file__).resolve().parent.parent / "data"
FICHIERS_TAXONOMIES = {
    "thematiques": "thematiques.json",
    "types_services": "types-de-services.json",
    "frais": "frais.json",
    "publics": "publics.json",
    "modes_accueil": "modes-accueil.json",
    "modes_mobilisation": "modes-mobilisation.json",
    "personnes_mobilisatrices": "personnes-mobilisatrices.json",
    "reseaux_porteurs": "reseaux-porteurs.json",
}


def taxonomies_charger(apps, schema_editor):
    Terme = apps.get_model("guide_ressources", "Terme")
    termes = []
    for taxonomie, fichier in FICHIERS_TAXONOMIES.items():
        for rang, terme in enumerate(json.loads((DONNEES / "v1" / "extra" / fichier).read_text("utf-8"))):
            termes.append(
                Terme(
                    taxonomie=taxonomie,
                    valeur=terme["value"],
                    libelle=terme["label"].strip(),
                    description=terme.get("description") or "",
                    rang=rang,
                )
            )
    extension = json.loads((DONNEES / "extension-locale.json").read_text("utf-8"))
    for taxonomie, liste in extension.items():
        for rang, terme in enumerate(liste, start=1000):
            termes.append(
                Terme(
                    taxonomie=taxonomie,
                    valeur=terme["value"],
                    libelle=terme["label"].strip(),
                    description=terme.get("description") or "",
                    locale=True,
                    correspondance=terme.get("correspondance") or "",
                    rang=rang,
                )
            )
    Terme.objects.bulk_create(termes, batch_size=500, ignore_conflicts=True)


def taxonomies_retirer(apps, schema_editor):
    apps.get_model("guide_ressources", "Terme").objects.all().delete()


D = datetime.date
SOURCE_FRAICHEUR = (
    "Choix du Département pour le guide des ressources : une fiche non confirmée depuis ce délai est "
    "signalée comme à vérifier et son organisation reçoit un rappel [à valider par délibération]"
)
# (code, libellé, valeur, unité, début, fin, source)
PARAMETRES = [
    ("guide.fraicheur", "Guide des ressources : délai avant qu'une fiche non confirmée soit signalée", "6", "mois", D(2020, 1, 1), None, SOURCE_FRAICHEUR),
    ("guide.rappel_intervalle", "Guide des ressources : délai minimal entre deux rappels à une organisation", "30", "jours", D(2020, 1, 1), None, SOURCE_FRAICHEUR),
]


def parametres_semer(apps, schema_editor):
    Parametre = apps.get_model("social", "Parametre")
    for code, libelle, valeur, unite, debut, fin, source in PARAMETRES:
        Parametre.objects.update_or_create(
            code=code,
            date_debut=debut,
            defaults={"libelle": libelle, "valeur": Decimal(valeur), "unite": unite, "date_fin": fin, "source": source},
        )


def parametres_retirer(apps, schema_editor):
    Parametre = apps.get_model("social", "Parametre")
    for code, _libelle, _valeur, _unite, debut, _fin, _source in PARAMETRES:
        Parametre.objects.filter(code=code, date_debut=debut).delete()


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('social', '0003_parametres_initiaux'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Immutable wrappers over unaccent and the french configuration, so that the generated search
        # columns and their GIN indexes can use them (unaccent itself is only STABLE). The social
        # migration 0001 creates the unaccent and pg_trgm extensions.
        migrations.RunSQL(sql=FONCTIONS_SQL, reverse_sql=FONCTIONS_SQL_RETRAIT),
        migrations.CreateModel(
            name='HistoricalStructure',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('public_id', models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                ('source', models.CharField(help_text='Identifiant du producteur de la donnée (data·inclusion).', max_length=100, verbose_name='source')),
                ('identifiant', models.CharField(help_text='Identifiant data·inclusion (« id »), unique par source.', max_length=250, verbose_name='identifiant')),
                ('nom', models.CharField(max_length=150, validators=[django.core.validators.MinLengthValidator(3)], verbose_name='nom')),
                ('telephone', models.CharField(blank=True, max_length=50, verbose_name='téléphone')),
                ('courriel', models.EmailField(blank=True, max_length=254, verbose_name='courriel')),
                ('adresse', models.CharField(blank=True, max_length=250, verbose_name='adresse')),
                ('complement_adresse', models.CharField(blank=True, max_length=250, verbose_name="complément d'adresse")),
                ('code_postal', models.CharField(blank=True, max_length=5, verbose_name='code postal')),
                ('code_insee', models.CharField(blank=True, max_length=5, verbose_name='code INSEE')),
                ('commune_nom', models.CharField(blank=True, max_length=150, verbose_name='commune')),
                ('latitude', models.FloatField(blank=True, null=True, verbose_name='latitude')),
                ('longitude', models.FloatField(blank=True, null=True, verbose_name='longitude')),
                ('horaires_accueil', models.CharField(blank=True, help_text='Format OpenStreetMap opening_hours, par exemple « Mo-Fr 08:30-12:30; PH off ».', max_length=500, verbose_name="horaires d'accueil")),
                ('lien_source', models.URLField(blank=True, max_length=2083, verbose_name='lien vers la source')),
                ('date_maj', models.DateField(help_text='Dernière modification chez le producteur.', verbose_name='date de mise à jour')),
                ('confirme_le', models.DateField(help_text='Dernière confirmation que la fiche est à jour (fraîcheur).', verbose_name='confirmée le')),
                ('statut', models.CharField(choices=[('a_moderer', 'À modérer'), ('publiee', 'Publiée'), ('refusee', 'Refusée'), ('retiree', 'Retirée')], default='a_moderer', max_length=20, verbose_name='publication')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('description', models.TextField(blank=True, validators=[django.core.validators.MinLengthValidator(5), django.core.validators.MaxLengthValidator(10000)], verbose_name='description')),
                ('siret', models.CharField(blank=True, max_length=14, verbose_name='SIRET')),
                ('site_web', models.URLField(blank=True, max_length=2083, verbose_name='site web')),
                ('accessibilite_lieu', models.URLField(blank=True, help_text='Lien vers la fiche Acceslibre du lieu (https://acceslibre.beta.gouv.fr/).', max_length=2083, verbose_name='accessibilité du lieu')),
                ('reseaux_porteurs', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=150), blank=True, default=list, size=None, verbose_name='réseaux porteurs')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('commune', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='social.commune')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='social.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'historical structure',
                'verbose_name_plural': 'historical structures',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Structure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('source', models.CharField(help_text='Identifiant du producteur de la donnée (data·inclusion).', max_length=100, verbose_name='source')),
                ('identifiant', models.CharField(help_text='Identifiant data·inclusion (« id »), unique par source.', max_length=250, verbose_name='identifiant')),
                ('nom', models.CharField(max_length=150, validators=[django.core.validators.MinLengthValidator(3)], verbose_name='nom')),
                ('telephone', models.CharField(blank=True, max_length=50, verbose_name='téléphone')),
                ('courriel', models.EmailField(blank=True, max_length=254, verbose_name='courriel')),
                ('adresse', models.CharField(blank=True, max_length=250, verbose_name='adresse')),
                ('complement_adresse', models.CharField(blank=True, max_length=250, verbose_name="complément d'adresse")),
                ('code_postal', models.CharField(blank=True, max_length=5, verbose_name='code postal')),
                ('code_insee', models.CharField(blank=True, max_length=5, verbose_name='code INSEE')),
                ('commune_nom', models.CharField(blank=True, max_length=150, verbose_name='commune')),
                ('latitude', models.FloatField(blank=True, null=True, verbose_name='latitude')),
                ('longitude', models.FloatField(blank=True, null=True, verbose_name='longitude')),
                ('horaires_accueil', models.CharField(blank=True, help_text='Format OpenStreetMap opening_hours, par exemple « Mo-Fr 08:30-12:30; PH off ».', max_length=500, verbose_name="horaires d'accueil")),
                ('lien_source', models.URLField(blank=True, max_length=2083, verbose_name='lien vers la source')),
                ('date_maj', models.DateField(help_text='Dernière modification chez le producteur.', verbose_name='date de mise à jour')),
                ('confirme_le', models.DateField(help_text='Dernière confirmation que la fiche est à jour (fraîcheur).', verbose_name='confirmée le')),
                ('statut', models.CharField(choices=[('a_moderer', 'À modérer'), ('publiee', 'Publiée'), ('refusee', 'Refusée'), ('retiree', 'Retirée')], default='a_moderer', max_length=20, verbose_name='publication')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('description', models.TextField(blank=True, validators=[django.core.validators.MinLengthValidator(5), django.core.validators.MaxLengthValidator(10000)], verbose_name='description')),
                ('siret', models.CharField(blank=True, max_length=14, verbose_name='SIRET')),
                ('site_web', models.URLField(blank=True, max_length=2083, verbose_name='site web')),
                ('accessibilite_lieu', models.URLField(blank=True, help_text='Lien vers la fiche Acceslibre du lieu (https://acceslibre.beta.gouv.fr/).', max_length=2083, verbose_name='accessibilité du lieu')),
                ('reseaux_porteurs', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=150), blank=True, default=list, size=None, verbose_name='réseaux porteurs')),
                ('recherche', models.GeneratedField(db_persist=True, expression=models.Func(models.F('nom'), models.F('description'), function='guide_vecteur_structure', output_field=django.contrib.postgres.search.SearchVectorField()), output_field=django.contrib.postgres.search.SearchVectorField())),
                ('commune', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='social.commune')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='structures_guide', to='social.organisation', verbose_name='organisation')),
            ],
            options={
                'verbose_name': 'structure',
                'ordering': ['nom'],
            },
        ),
        migrations.CreateModel(
            name='Service',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('source', models.CharField(help_text='Identifiant du producteur de la donnée (data·inclusion).', max_length=100, verbose_name='source')),
                ('identifiant', models.CharField(help_text='Identifiant data·inclusion (« id »), unique par source.', max_length=250, verbose_name='identifiant')),
                ('nom', models.CharField(max_length=150, validators=[django.core.validators.MinLengthValidator(3)], verbose_name='nom')),
                ('telephone', models.CharField(blank=True, max_length=50, verbose_name='téléphone')),
                ('courriel', models.EmailField(blank=True, max_length=254, verbose_name='courriel')),
                ('adresse', models.CharField(blank=True, max_length=250, verbose_name='adresse')),
                ('complement_adresse', models.CharField(blank=True, max_length=250, verbose_name="complément d'adresse")),
                ('code_postal', models.CharField(blank=True, max_length=5, verbose_name='code postal')),
                ('code_insee', models.CharField(blank=True, max_length=5, verbose_name='code INSEE')),
                ('commune_nom', models.CharField(blank=True, max_length=150, verbose_name='commune')),
                ('latitude', models.FloatField(blank=True, null=True, verbose_name='latitude')),
                ('longitude', models.FloatField(blank=True, null=True, verbose_name='longitude')),
                ('horaires_accueil', models.CharField(blank=True, help_text='Format OpenStreetMap opening_hours, par exemple « Mo-Fr 08:30-12:30; PH off ».', max_length=500, verbose_name="horaires d'accueil")),
                ('lien_source', models.URLField(blank=True, max_length=2083, verbose_name='lien vers la source')),
                ('date_maj', models.DateField(help_text='Dernière modification chez le producteur.', verbose_name='date de mise à jour')),
                ('confirme_le', models.DateField(help_text='Dernière confirmation que la fiche est à jour (fraîcheur).', verbose_name='confirmée le')),
                ('statut', models.CharField(choices=[('a_moderer', 'À modérer'), ('publiee', 'Publiée'), ('refusee', 'Refusée'), ('retiree', 'Retirée')], default='a_moderer', max_length=20, verbose_name='publication')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('description', models.TextField(validators=[django.core.validators.MinLengthValidator(5), django.core.validators.MaxLengthValidator(10000)], verbose_name='description')),
                ('type', models.CharField(blank=True, max_length=40, verbose_name='type de service')),
                ('thematiques', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=150), blank=True, default=list, size=None, verbose_name='thématiques')),
                ('publics', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=150), blank=True, default=list, size=None, verbose_name='publics')),
                ('publics_precisions', models.TextField(blank=True, verbose_name='précisions sur les publics')),
                ('frais', models.CharField(blank=True, max_length=20, verbose_name='frais')),
                ('frais_precisions', models.TextField(blank=True, verbose_name='précisions sur les frais')),
                ('conditions_acces', models.TextField(blank=True, verbose_name="conditions d'accès")),
                ('justificatifs', models.TextField(blank=True, help_text="Exportés avec les conditions d'accès (data·inclusion v1 les réunit).", verbose_name='documents à apporter')),
                ('contact_nom_prenom', models.CharField(blank=True, max_length=150, verbose_name='contact (nom et prénom)')),
                ('modes_accueil', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=40), blank=True, default=list, size=None, verbose_name="modes d'accueil")),
                ('modes_mobilisation', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=40), blank=True, default=list, size=None, verbose_name='modes de mobilisation')),
                ('mobilisable_par', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=40), blank=True, default=list, size=None, verbose_name='mobilisable par')),
                ('mobilisation_precisions', models.TextField(blank=True, verbose_name='précisions sur la mobilisation')),
                ('lien_mobilisation', models.URLField(blank=True, max_length=2083, verbose_name='lien de mobilisation')),
                ('accessibilite', models.TextField(blank=True, help_text='Accès en fauteuil, boucle magnétique, langue des signes… (non exporté : propre à Proche).', verbose_name='accessibilité')),
                ('nombre_semaines', models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='nombre de semaines')),
                ('volume_horaire_hebdomadaire', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='volume horaire hebdomadaire')),
                ('zone_codes', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=9), blank=True, default=list, size=None, verbose_name="zone d'éligibilité (codes)")),
                ('zone_territoires', django.contrib.postgres.fields.ArrayField(base_field=models.SlugField(max_length=40), blank=True, default=list, size=None, verbose_name="zone d'éligibilité (territoires)")),
                ('recherche', models.GeneratedField(db_persist=True, expression=models.Func(models.F('nom'), models.F('thematiques'), models.F('description'), function='guide_vecteur_service', output_field=django.contrib.postgres.search.SearchVectorField()), output_field=django.contrib.postgres.search.SearchVectorField())),
                ('nom_normalise', models.GeneratedField(db_persist=True, expression=models.Func(models.F('nom'), function='guide_texte', output_field=models.TextField()), output_field=models.TextField())),
                ('commune', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='social.commune')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('structure', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='services', to='guide_ressources.structure', verbose_name='structure')),
            ],
            options={
                'verbose_name': 'service',
                'ordering': ['nom'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalService',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('public_id', models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                ('source', models.CharField(help_text='Identifiant du producteur de la donnée (data·inclusion).', max_length=100, verbose_name='source')),
                ('identifiant', models.CharField(help_text='Identifiant data·inclusion (« id »), unique par source.', max_length=250, verbose_name='identifiant')),
                ('nom', models.CharField(max_length=150, validators=[django.core.validators.MinLengthValidator(3)], verbose_name='nom')),
                ('telephone', models.CharField(blank=True, max_length=50, verbose_name='téléphone')),
                ('courriel', models.EmailField(blank=True, max_length=254, verbose_name='courriel')),
                ('adresse', models.CharField(blank=True, max_length=250, verbose_name='adresse')),
                ('complement_adresse', models.CharField(blank=True, max_length=250, verbose_name="complément d'adresse")),
                ('code_postal', models.CharField(blank=True, max_length=5, verbose_name='code postal')),
                ('code_insee', models.CharField(blank=True, max_length=5, verbose_name='code INSEE')),
                ('commune_nom', models.CharField(blank=True, max_length=150, verbose_name='commune')),
                ('latitude', models.FloatField(blank=True, null=True, verbose_name='latitude')),
                ('longitude', models.FloatField(blank=True, null=True, verbose_name='longitude')),
                ('horaires_accueil', models.CharField(blank=True, help_text='Format OpenStreetMap opening_hours, par exemple « Mo-Fr 08:30-12:30; PH off ».', max_length=500, verbose_name="horaires d'accueil")),
                ('lien_source', models.URLField(blank=True, max_length=2083, verbose_name='lien vers la source')),
                ('date_maj', models.DateField(help_text='Dernière modification chez le producteur.', verbose_name='date de mise à jour')),
                ('confirme_le', models.DateField(help_text='Dernière confirmation que la fiche est à jour (fraîcheur).', verbose_name='confirmée le')),
                ('statut', models.CharField(choices=[('a_moderer', 'À modérer'), ('publiee', 'Publiée'), ('refusee', 'Refusée'), ('retiree', 'Retirée')], default='a_moderer', max_length=20, verbose_name='publication')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('description', models.TextField(validators=[django.core.validators.MinLengthValidator(5), django.core.validators.MaxLengthValidator(10000)], verbose_name='description')),
                ('type', models.CharField(blank=True, max_length=40, verbose_name='type de service')),
                ('thematiques', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=150), blank=True, default=list, size=None, verbose_name='thématiques')),
                ('publics', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=150), blank=True, default=list, size=None, verbose_name='publics')),
                ('publics_precisions', models.TextField(blank=True, verbose_name='précisions sur les publics')),
                ('frais', models.CharField(blank=True, max_length=20, verbose_name='frais')),
                ('frais_precisions', models.TextField(blank=True, verbose_name='précisions sur les frais')),
                ('conditions_acces', models.TextField(blank=True, verbose_name="conditions d'accès")),
                ('justificatifs', models.TextField(blank=True, help_text="Exportés avec les conditions d'accès (data·inclusion v1 les réunit).", verbose_name='documents à apporter')),
                ('contact_nom_prenom', models.CharField(blank=True, max_length=150, verbose_name='contact (nom et prénom)')),
                ('modes_accueil', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=40), blank=True, default=list, size=None, verbose_name="modes d'accueil")),
                ('modes_mobilisation', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=40), blank=True, default=list, size=None, verbose_name='modes de mobilisation')),
                ('mobilisable_par', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=40), blank=True, default=list, size=None, verbose_name='mobilisable par')),
                ('mobilisation_precisions', models.TextField(blank=True, verbose_name='précisions sur la mobilisation')),
                ('lien_mobilisation', models.URLField(blank=True, max_length=2083, verbose_name='lien de mobilisation')),
                ('accessibilite', models.TextField(blank=True, help_text='Accès en fauteuil, boucle magnétique, langue des signes… (non exporté : propre à Proche).', verbose_name='accessibilité')),
                ('nombre_semaines', models.PositiveIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1)], verbose_name='nombre de semaines')),
                ('volume_horaire_hebdomadaire', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0)], verbose_name='volume horaire hebdomadaire')),
                ('zone_codes', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=9), blank=True, default=list, size=None, verbose_name="zone d'éligibilité (codes)")),
                ('zone_territoires', django.contrib.postgres.fields.ArrayField(base_field=models.SlugField(max_length=40), blank=True, default=list, size=None, verbose_name="zone d'éligibilité (territoires)")),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('commune', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='social.commune')),
                ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('structure', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='guide_ressources.structure', verbose_name='structure')),
            ],
            options={
                'verbose_name': 'historical service',
                'verbose_name_plural': 'historical services',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='StructureGroupObjectPermission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='guide_ressources.structure')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.group')),
                ('permission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.permission')),
            ],
            options={
                'verbose_name': 'autorisation de groupe sur une structure',
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='StructureUserObjectPermission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('expire_le', models.DateTimeField(blank=True, null=True, verbose_name='expire le')),
                ('motif', models.CharField(blank=True, max_length=200, verbose_name='motif')),
                ('content_object', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='guide_ressources.structure')),
                ('permission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='auth.permission')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': "co-éditeur d'une structure",
                'verbose_name_plural': 'co-éditeurs de structures',
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Terme',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('taxonomie', models.CharField(choices=[('thematiques', 'Thématiques'), ('types_services', 'Types de services'), ('frais', 'Frais'), ('publics', 'Publics'), ('modes_accueil', "Modes d'accueil"), ('modes_mobilisation', 'Modes de mobilisation'), ('personnes_mobilisatrices', 'Personnes mobilisatrices'), ('reseaux_porteurs', 'Réseaux porteurs'), ('categories_thematiques', 'Catégories de thématiques')], max_length=40, verbose_name='taxonomie')),
                ('valeur', models.CharField(max_length=150, verbose_name='valeur')),
                ('libelle', models.CharField(max_length=300, verbose_name='libellé')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('locale', models.BooleanField(default=False, verbose_name='extension locale')),
                ('correspondance', models.CharField(blank=True, help_text="Valeur nationale utilisée à l'export data·inclusion (termes locaux seulement).", max_length=150, verbose_name='correspondance nationale')),
                ('rang', models.PositiveIntegerField(default=0, verbose_name='rang')),
                ('actif', models.BooleanField(default=True, verbose_name='actif')),
            ],
            options={
                'verbose_name': 'terme de taxonomie',
                'verbose_name_plural': 'termes de taxonomies',
                'ordering': ['taxonomie', 'rang', 'valeur'],
                'constraints': [models.UniqueConstraint(fields=('taxonomie', 'valeur'), name='terme_unique_par_taxonomie'), models.CheckConstraint(condition=models.Q(('locale', True), ('correspondance', ''), _connector='OR'), name='terme_correspondance_locale_seulement', violation_error_message='Seul un terme local a une correspondance nationale.')],
            },
        ),
        migrations.CreateModel(
            name='TransitionPublication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('de', models.CharField(blank=True, choices=[('a_moderer', 'À modérer'), ('publiee', 'Publiée'), ('refusee', 'Refusée'), ('retiree', 'Retirée')], max_length=20, verbose_name='de')),
                ('vers', models.CharField(choices=[('a_moderer', 'À modérer'), ('publiee', 'Publiée'), ('refusee', 'Refusée'), ('retiree', 'Retirée')], max_length=20, verbose_name='vers')),
                ('motif', models.TextField(blank=True, verbose_name='motif')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('acting_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('service', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='guide_ressources.service')),
                ('structure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='guide_ressources.structure')),
            ],
            options={
                'verbose_name': 'transition de publication',
                'verbose_name_plural': 'transitions de publication',
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Importation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('nom_fichier', models.CharField(max_length=250, verbose_name='fichier')),
                ('statut', models.CharField(choices=[('en_attente', 'En attente'), ('validation', 'Vérification du fichier'), ('enregistrement', 'Enregistrement'), ('terminee', 'Terminée'), ('refusee', "Refusée (fichier invalide, rien n'a été enregistré)"), ('echec', "Échec (erreur inattendue, rien n'a été enregistré)")], default='en_attente', max_length=20, verbose_name='statut')),
                ('donnees', models.JSONField(blank=True, default=dict, verbose_name='données')),
                ('total', models.PositiveIntegerField(default=0, verbose_name='éléments')),
                ('traites', models.PositiveIntegerField(default=0, verbose_name='éléments traités')),
                ('rapport', models.JSONField(blank=True, default=dict, verbose_name='rapport')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('termine_le', models.DateTimeField(blank=True, null=True, verbose_name='terminée le')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'importation data·inclusion',
                'verbose_name_plural': 'importations data·inclusion',
                'ordering': ['-created_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('traites__lte', models.F('total'))), name='importation_traites_au_plus_total')],
            },
        ),
        migrations.CreateModel(
            name='RappelFraicheur',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('envoye_le', models.DateField(verbose_name='envoyé le')),
                ('nb_structures', models.PositiveIntegerField(default=0, verbose_name='structures à confirmer')),
                ('nb_services', models.PositiveIntegerField(default=0, verbose_name='services à confirmer')),
                ('nb_destinataires', models.PositiveIntegerField(default=0, verbose_name='destinataires')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rappels_guide', to='social.organisation')),
            ],
            options={
                'verbose_name': 'rappel de fraîcheur',
                'verbose_name_plural': 'rappels de fraîcheur',
                'ordering': ['-envoye_le', '-id'],
                'indexes': [models.Index(fields=['organisation', 'envoye_le'], name='rappel_organisation_idx')],
            },
        ),
        migrations.AddIndex(
            model_name='structure',
            index=django.contrib.postgres.indexes.GinIndex(fields=['recherche'], name='structure_recherche_gin'),
        ),
        migrations.AddIndex(
            model_name='structure',
            index=models.Index(fields=['organisation', 'statut'], name='structure_organisation_idx'),
        ),
        migrations.AddIndex(
            model_name='structure',
            index=models.Index(fields=['statut', 'confirme_le'], name='structure_fraicheur_idx'),
        ),
        migrations.AddConstraint(
            model_name='structure',
            constraint=models.UniqueConstraint(fields=('source', 'identifiant'), name='structure_source_identifiant'),
        ),
        migrations.AddIndex(
            model_name='service',
            index=django.contrib.postgres.indexes.GinIndex(fields=['recherche'], name='service_recherche_gin'),
        ),
        migrations.AddIndex(
            model_name='service',
            index=django.contrib.postgres.indexes.GinIndex(fields=['nom_normalise'], name='service_nom_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='service',
            index=django.contrib.postgres.indexes.GinIndex(fields=['zone_codes'], name='service_zone_codes_gin'),
        ),
        migrations.AddIndex(
            model_name='service',
            index=django.contrib.postgres.indexes.GinIndex(fields=['zone_territoires'], name='service_zone_territoires_gin'),
        ),
        migrations.AddIndex(
            model_name='service',
            index=django.contrib.postgres.indexes.GinIndex(fields=['thematiques'], name='service_thematiques_gin'),
        ),
        migrations.AddIndex(
            model_name='service',
            index=django.contrib.postgres.indexes.GinIndex(fields=['publics'], name='service_publics_gin'),
        ),
        migrations.AddIndex(
            model_name='service',
            index=models.Index(fields=['statut', 'confirme_le'], name='service_fraicheur_idx'),
        ),
        migrations.AddConstraint(
            model_name='service',
            constraint=models.UniqueConstraint(fields=('source', 'identifiant'), name='service_source_identifiant'),
        ),
        migrations.AddConstraint(
            model_name='service',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('publics__contains', ['tous-publics']), _negated=True), ('publics__len', 1), _connector='OR'), name='service_tous_publics_seul', violation_error_message='« Tous publics » ne se combine avec aucun autre public.'),
        ),
        migrations.AlterUniqueTogether(
            name='structuregroupobjectpermission',
            unique_together={('group', 'permission', 'content_object')},
        ),
        migrations.AlterUniqueTogether(
            name='structureuserobjectpermission',
            unique_together={('user', 'permission', 'content_object')},
        ),
        migrations.AddConstraint(
            model_name='transitionpublication',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('structure__isnull', False), ('service__isnull', True)), models.Q(('structure__isnull', True), ('service__isnull', False)), _connector='OR'), name='transition_structure_xor_service'),
        ),
        migrations.RunPython(taxonomies_charger, taxonomies_retirer, elidable=False),
        migrations.RunPython(parametres_semer, parametres_retirer, elidable=False),
    ]
