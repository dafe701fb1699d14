"""``manage.py mesurer_performances``: server time of the caseload and pathway pages, the guide search and
the observation dashboard on the benchmark data, and the time of a full refresh of the indicators.

In-process, through Django's test client (the whole stack: middleware, session, view, template, access
journal row of each page view), with DEBUG off. Each page is warmed up, then requested ``--iterations``
times; the SQL queries of each page are counted on separate requests (counting slows the measured ones).
"""

from __future__ import annotations

import datetime
import math
import os
import random
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from demo.generation import BANC_REFERENT, MODELES_CHARGES, services_guide_publies
from guide_ressources import selectors as guide_selectors
from guide_ressources.selectors import Criteres
from guide_ressources.taxonomies import taxonomies_lire
from parcours.models import ChangementReferent, Note, Objectif, Parcours, RendezVous, TransitionParcours
from social.enums import RoleAgent
from social.models import Affectation, Commune, Site, Territoire, Utilisateur

CIBLE_PORTEFEUILLE_MS = 50.0
CIBLE_FICHE_MS = 80.0
CIBLE_GUIDE_MS = 30.0
CIBLE_OBSERVATION_MS = 150.0
CIBLE_RECALCUL_S = 60.0
BANC_DIRECTION = "banc.direction"
RESULTATS_GUIDE = 20  # frontend.views.guide.RESULTATS_PAR_PAGE
# Realistic searches of a reception desk: one to three words, two facets (commune by INSEE code).
RECHERCHES_GUIDE: list[dict[str, str]] = [
    {"q": "aide alimentaire", "commune": "62041", "frais": "gratuit"},
    {"q": "heberg", "commune": "62498", "public": "personnes-en-situation-durgence"},
    {"q": "logement urgence", "commune": "62193", "thematique": "logement-hebergement"},
    {"q": "emploi", "commune": "62160", "mode_accueil": "en-presentiel"},
    {"q": "permis de conduire", "commune": "62427", "frais": "gratuit"},
    {"q": "numérique", "commune": "62765", "public": "seniors"},
    {"q": "colis", "commune": "62041", "thematique": "equipement-et-alimentation"},
    {"q": "jeunes", "commune": "62193", "public": "jeunes"},
    {"q": "aide financière énergie", "commune": "62510", "frais": "gratuit"},
    {"q": "parentalité", "commune": "62119", "mode_accueil": "en-presentiel"},
    {"q": "dettes", "thematique": "difficultes-financieres", "frais": "gratuit"},
    {"q": "autonomie domicile", "commune": "62041", "public": "seniors"},
]
COLONNES = (("n", 4), ("req.", 5), ("SQL", 6), ("CPU", 6), ("p50", 7), ("p95", 7), ("p99", 7), ("max", 7))


@dataclass(frozen=True)
class Page:
    libelle: str
    urls: list[str]
    cible_ms: float


@dataclass(frozen=True)
class Mesure:
    page: Page
    durees_ms: list[float]
    cpu_ms: float  # median CPU time of this process per request (Python: view, template, driver)
    requetes_min: int
    requetes_max: int
    sql_ms: float  # SQL time of the counted requests (median), from the database driver's side

    def centile(self, p: float) -> float:
        """Nearest-rank percentile."""
        ordonnees = sorted(self.durees_ms)
        return ordonnees[max(0, math.ceil(p / 100 * len(ordonnees)) - 1)]

    @property
    def depasse(self) -> bool:
        return self.centile(95) > self.page.cible_ms


def _nombre(n: int | float) -> str:
    return f"{n:,.0f}".replace(",", " ")


def _sous_compte(modele: type[Any], champ: str = "parcours") -> Coalesce:
    return Coalesce(
        Subquery(
            modele.objects.filter(**{champ: OuterRef("pk")})
            .order_by()
            .values(champ)
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def evenements_par_parcours(ids: Sequence[int]) -> dict[int, int]:
    """Timeline events of each pathway (transitions, référent changes, notes, appointments, objectives)."""
    lignes = (
        Parcours.objects.filter(pk__in=list(ids))
        .annotate(
            n_transitions=_sous_compte(TransitionParcours),
            n_changements=_sous_compte(ChangementReferent),
            n_notes=_sous_compte(Note),
            n_rdv=_sous_compte(RendezVous),
            n_objectifs=_sous_compte(Objectif),
        )
        .values_list("pk", "n_transitions", "n_changements", "n_notes", "n_rdv", "n_objectifs")
    )
    return {pk: sum(comptes) for pk, *comptes in lignes}


class Command(BaseCommand):
    help = (
        "Mesure le temps serveur de « Mes parcours », de la fiche parcours, de la recherche du guide et "
        "du tableau de bord de l'observation sur les données du banc (generer_donnees), et la durée d'un "
        f"recalcul complet des indicateurs ; les compare aux objectifs ({CIBLE_PORTEFEUILLE_MS:.0f}, "
        f"{CIBLE_FICHE_MS:.0f}, {CIBLE_GUIDE_MS:.0f} et {CIBLE_OBSERVATION_MS:.0f} ms au 95e centile, "
        f"{CIBLE_RECALCUL_S:.0f} s)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--iterations", type=int, default=200, help="Requêtes mesurées par page.")
        parser.add_argument(
            "--echauffement", type=int, default=20, help="Requêtes d'échauffement par page (non mesurées)."
        )
        parser.add_argument(
            "--echantillon", type=int, default=20, help="Fiches parcours mesurées par référent (défaut : 20)."
        )
        parser.add_argument("--graine", type=int, default=62, help="Graine du choix de l'autre référent.")
        parser.add_argument(
            "--budget",
            type=float,
            default=120.0,
            help="Durée maximale des requêtes mesurées d'une page, en secondes (défaut : 120) : une page "
            "très lente est mesurée sur moins d'itérations (colonne n) plutôt que pendant des dizaines "
            "de minutes.",
        )
        parser.add_argument(
            "--guide-seulement",
            action="store_true",
            help="Ne mesurer que la recherche du guide des ressources (pas les pages de suivi).",
        )
        parser.add_argument(
            "--suivi-seulement",
            action="store_true",
            help="Ne mesurer que les pages de suivi : « Mes parcours » et la fiche parcours (ni le guide, "
            "ni l'observation).",
        )
        parser.add_argument(
            "--seance-live",
            action="store_true",
            help="Mesurer plutôt la séance en direct : délai entre la décision de la présidence et son "
            "arrivée sur 30 membres connectés à deux processus Daphne partageant Redis "
            "(commande mesurer_seance_direct, objectif p95 ≤ 250 ms).",
        )
        parser.add_argument(
            "--observation-seulement",
            action="store_true",
            help="Ne mesurer que l'observation : recalcul complet des indicateurs et tableau de bord.",
        )
        parser.add_argument(
            "--sans-recalcul",
            action="store_true",
            help="Ne pas recalculer les indicateurs (le tableau de bord lit ceux déjà calculés).",
        )
        parser.add_argument(
            "--sans-echec",
            action="store_true",
            help="Seulement rendre compte : code de sortie 0 même si dépassé.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["seance_live"]:
            call_command("mesurer_seance_direct", sans_echec=options["sans_echec"], stdout=self.stdout._out)
            return
        if (
            options["iterations"] < 1
            or options["echantillon"] < 1
            or options["echauffement"] < 0
            or options["budget"] <= 0
        ):
            raise CommandError(
                "--iterations, --echantillon et --budget doivent être positifs, --echauffement au moins 0."
            )
        if settings.DEBUG:
            self.stdout.write(
                "DEBUG est actif dans ces réglages : il est désactivé pendant la mesure, comme en production."
            )
        charge_avant = os.getloadavg()[0]
        with override_settings(DEBUG=False):
            mesures = self.mesurer(options)
        self.stdout.write(self.tableau(mesures))
        if rapport_guide := self.rapport_guide(mesures):
            self.stdout.write(rapport_guide)
        recalcul = getattr(self, "recalcul_s", None)
        if recalcul is not None:
            self.stdout.write(
                f"Recalcul complet des indicateurs de l'observation : {recalcul:.1f} s "
                f"({_nombre(self.recalcul_lignes)} lignes ; objectif ≤ {CIBLE_RECALCUL_S:.0f} s : "
                f"{'DÉPASSÉ' if recalcul > CIBLE_RECALCUL_S else 'OK'})."
            )
        charge = max(charge_avant, os.getloadavg()[0])
        coeurs = os.cpu_count() or 1
        self.stdout.write(
            f"Charge de la machine (moyenne sur 1 min) : {charge_avant:.1f} au début, "
            f"{os.getloadavg()[0]:.1f} à la fin, pour {coeurs} cœurs."
            + (
                " Machine chargée par d'autres processus : les temps mesurés en sont majorés."
                if charge > coeurs
                else ""
            )
        )
        depassees = [m for m in mesures if m.depasse]
        recalcul_lent = recalcul is not None and recalcul > CIBLE_RECALCUL_S
        if not depassees and not recalcul_lent:
            self.stdout.write(self.style.SUCCESS("Tous les objectifs sont tenus."))
            return
        message = "Objectif dépassé : " + " ; ".join(
            [
                *(
                    f"{m.page.libelle} (p95 {m.centile(95):.1f} ms > {m.page.cible_ms:.0f} ms)"
                    for m in depassees
                ),
                *(
                    [f"recalcul des indicateurs ({recalcul:.1f} s > {CIBLE_RECALCUL_S:.0f} s)"]
                    if recalcul_lent
                    else []
                ),
            ]
        )
        if options["sans_echec"]:
            self.stdout.write(self.style.WARNING(message))
            return
        raise CommandError(message)

    # Measuring -------------------------------------------------------------------------------------

    def mesurer(self, options: dict[str, Any]) -> list[Mesure]:
        banc = Utilisateur.objects.filter(username=BANC_REFERENT).first()
        if banc is None:
            raise CommandError(
                f"Compte {BANC_REFERENT} introuvable : lancez d'abord "
                "« manage.py generer_donnees --echelle departement »."
            )
        self.stdout.write(self.contexte())
        autres = sorted(
            set(
                Parcours.objects.filter(date_cloture__isnull=True, referent__isnull=False)
                .exclude(referent=banc)
                .values_list("referent__username", flat=True)
            )
        )
        if not autres:
            raise CommandError("Aucun autre référent n'a de parcours ouvert : données du banc incomplètes.")
        autre = Utilisateur.objects.get(username=random.Random(options["graine"]).choice(autres))
        mesures: list[Mesure] = []
        if options["observation_seulement"]:
            return self.mesurer_observation(options)
        if not options["guide_seulement"]:
            for utilisateur in (banc, autre):
                for page in self.pages(utilisateur, options):
                    self.stdout.write(f"Mesure : {page.libelle}…")
                    mesures.append(self.mesurer_page(utilisateur, page, options))
        if options["suivi_seulement"]:
            return mesures
        mesures += self.mesurer_guide(banc, options)
        if not options["guide_seulement"]:
            mesures += self.mesurer_observation(options)
        return mesures

    # The observation (docs/decisions/0005) -----------------------------------------------------------

    def mesurer_observation(self, options: dict[str, Any]) -> list[Mesure]:
        """The full refresh of the indicators (timed once, as the nightly job runs it), then the dashboard
        of the direction (the whole département: 12 and 24 months, a territory, a dispositif) and of an
        encadrant (her site, 12 months). The observation's records (APA, aid files, sessions, referrals)
        are added to the dataset first when missing (``demo.observation_banc``). The generated data has
        no direction account: ``banc.direction`` is created once, with a direction assignment at the first
        site."""
        from demo.observation_banc import dossiers_observation_generer
        from observation.actions import indicateurs_calculer

        if not options["sans_recalcul"]:
            if ajoutes := dossiers_observation_generer():
                self.stdout.write(
                    "Dossiers de l'observation ajoutés au banc : "
                    + ", ".join(f"{_nombre(n)} {nom.replace('_', ' ')}" for nom, n in ajoutes.items())
                    + "."
                )
            self.stdout.write("Recalcul complet des indicateurs de l'observation…")
            debut = time.perf_counter()
            resultat = indicateurs_calculer(depuis=None)
            self.recalcul_s = time.perf_counter() - debut
            self.recalcul_lignes = resultat.lignes
        direction = self.compte_direction()
        encadrant = Utilisateur.objects.filter(affectations__role=RoleAgent.ENCADRANT).order_by("pk").first()
        url = reverse("frontend:observation_tableau_de_bord")
        au = timezone.localdate().replace(day=1)
        il_y_a_2_ans = au.replace(year=au.year - 2)
        territoire = Territoire.objects.order_by("code").first()
        urls_direction = [
            url,
            f"{url}?{urlencode({'du': f'{il_y_a_2_ans:%Y-%m}', 'au': f'{au:%Y-%m}'})}",
            *([f"{url}?{urlencode({'territoire': territoire.code})}"] if territoire else []),
            f"{url}?{urlencode({'dispositif': 'rsa'})}",
        ]
        mesures = []
        for utilisateur, page in (
            (
                direction,
                Page(
                    "Atlas des solidarités – direction (12 et 24 mois, un territoire, un dispositif)",
                    urls_direction,
                    CIBLE_OBSERVATION_MS,
                ),
            ),
            *(
                [
                    (
                        encadrant,
                        Page(
                            "Atlas des solidarités – encadrant (son site, 12 mois)",
                            [url],
                            CIBLE_OBSERVATION_MS,
                        ),
                    )
                ]
                if encadrant is not None
                else []
            ),
        ):
            self.stdout.write(f"Mesure : {page.libelle}…")
            mesures.append(self.mesurer_page(utilisateur, page, options))
        return mesures

    def compte_direction(self) -> Utilisateur:
        direction = Utilisateur.objects.filter(username=BANC_DIRECTION).first()
        if direction is None:
            direction = Utilisateur.objects.create_user(
                username=BANC_DIRECTION, first_name="Banc", last_name="Direction", password=None
            )
            siege = Site.objects.order_by("pk").first()
            if siege is None:
                raise CommandError("Aucun site : lancez d'abord « manage.py generer_donnees ».")
            Affectation.objects.create(
                utilisateur=direction,
                site=siege,
                role=RoleAgent.DIRECTION,
                date_debut=datetime.date(2000, 1, 1),
            )
        return direction

    def pages(self, utilisateur: Utilisateur, options: dict[str, Any]) -> list[Page]:
        ouverts = list(
            Parcours.objects.filter(referent=utilisateur, date_cloture__isnull=True)
            .order_by("pk")
            .values_list("pk", "public_id")
        )
        evenements = evenements_par_parcours([pk for pk, _ in ouverts])
        public_ids = dict(ouverts)
        plus_charge = max(evenements, key=lambda pk: (evenements[pk], -pk))
        autres = [pk for pk, _ in ouverts if pk != plus_charge]
        echantillon = [
            plus_charge,
            *random.Random(options["graine"]).sample(autres, min(len(autres), options["echantillon"] - 1)),
        ]
        fiche = [reverse("frontend:parcours_detail", args=[public_ids[pk]]) for pk in echantillon]
        qui = f"{utilisateur.username} ({len(ouverts)} parcours ouverts)"
        return [
            Page(f"Mes parcours – {qui}", [reverse("frontend:parcours_liste")], CIBLE_PORTEFEUILLE_MS),
            Page(
                f"Fiche parcours – {utilisateur.username}, échantillon de {len(fiche)} "
                f"({min(evenements[pk] for pk in echantillon)} à {evenements[plus_charge]} événements)",
                fiche,
                CIBLE_FICHE_MS,
            ),
            Page(
                f"Fiche du parcours le plus chargé – {utilisateur.username} "
                f"({evenements[plus_charge]} événements)",
                fiche[:1],
                CIBLE_FICHE_MS,
            ),
        ]

    def mesurer_page(self, utilisateur: Utilisateur, page: Page, options: dict[str, Any]) -> Mesure:
        client = Client(HTTP_HOST=_hote())
        client.force_login(utilisateur)
        for rang in range(options["echauffement"]):
            self.obtenir(client, page.urls[rang % len(page.urls)])
        durees: list[float] = []
        cpu: list[float] = []
        fin = time.perf_counter() + options["budget"]
        for rang in range(options["iterations"]):
            if rang >= 5 and time.perf_counter() > fin:
                break
            url = page.urls[rang % len(page.urls)]
            debut, debut_cpu = time.perf_counter(), time.process_time()
            self.obtenir(client, url)
            durees.append((time.perf_counter() - debut) * 1000)
            cpu.append((time.process_time() - debut_cpu) * 1000)
        requetes: list[int] = []
        temps_sql: list[float] = []
        for url in page.urls:
            with CaptureQueriesContext(connection) as capture:
                self.obtenir(client, url)
            requetes.append(len(capture.captured_queries))
            temps_sql.append(sum(float(q["time"]) for q in capture.captured_queries) * 1000)
        return Mesure(
            page, durees, statistics.median(cpu), min(requetes), max(requetes), statistics.median(temps_sql)
        )

    def obtenir(self, client: Client, url: str) -> None:
        reponse = client.get(url)
        if reponse.status_code != 200:
            raise CommandError(f"{url} a répondu {reponse.status_code} au lieu de 200.")

    # The guide search (docs/decisions/0003) ------------------------------------------------------

    def mesurer_guide(self, utilisateur: Utilisateur, options: dict[str, Any]) -> list[Mesure]:
        """The search page with each query of ``RECHERCHES_GUIDE`` (one to three words, two facets), in
        turn; then the bare SQL of the same searches (the one statement of the facet counts and the page
        of results, ``recherche_sql``, executed on a cursor) to give the ratio of the page's time to its
        SQL, and the search's selector alone (that statement and its Python)."""
        nombre = services_guide_publies()
        if not nombre:
            raise CommandError(
                "Le guide des ressources du banc est vide : lancez « manage.py generer_donnees »."
            )
        communes = {c.code_insee: c for c in Commune.objects.select_related("epci", "territoire")}
        recherches = [r for r in RECHERCHES_GUIDE if r.get("commune", "") in communes or "commune" not in r]
        urls = [f"{reverse('frontend:guide_recherche')}?{urlencode(r)}" for r in recherches]
        page = Page(
            f"Recherche du guide – {len(recherches)} recherches de 1 à 3 mots, 2 filtres "
            f"({_nombre(nombre)} services publiés)",
            urls,
            CIBLE_GUIDE_MS,
        )
        self.stdout.write(f"Mesure : {page.libelle}…")
        mesure = self.mesurer_page(utilisateur, page, options)
        criteres = [
            Criteres(
                texte=r["q"],
                thematique=r.get("thematique", ""),
                public=r.get("public", ""),
                frais=r.get("frais", ""),
                mode_accueil=r.get("mode_accueil", ""),
                commune=communes.get(r.get("commune", "")),
            )
            for r in recherches
        ]
        # The SQL statement the page runs (facet counts, total, page of results and their structures;
        # the words are read first only when it finds nothing, which none of these searches needs).
        taxonomies = taxonomies_lire()
        requetes = [
            guide_selectors.recherche_sql(
                user=utilisateur, criteres=c, taxonomies=taxonomies, lus=None, par_page=RESULTATS_GUIDE
            )
            for c in criteres
        ]
        sql: list[float] = []
        with connection.cursor() as cursor:
            for rang in range(options["echauffement"] + len(mesure.durees_ms)):
                texte, parametres = requetes[rang % len(requetes)]
                debut = time.perf_counter()
                cursor.execute(texte, parametres)
                cursor.fetchall()
                if rang >= options["echauffement"]:
                    sql.append((time.perf_counter() - debut) * 1000)
        self.sql_guide = Mesure(
            Page("SQL nu de la même recherche (facettes, total et page)", urls, CIBLE_GUIDE_MS),
            sql,
            0.0,
            1,
            1,
            0.0,
        )
        # The whole search as the page runs it, without the request around it: the facet counts and the
        # page of results (the statement, and the Python around it).
        selecteurs: list[float] = []
        for rang in range(options["echauffement"] + len(mesure.durees_ms)):
            c = criteres[rang % len(criteres)]
            debut = time.perf_counter()
            guide_selectors.recherche_page(
                user=utilisateur, criteres=c, taxonomies=taxonomies, par_page=RESULTATS_GUIDE
            )
            if rang >= options["echauffement"]:
                selecteurs.append((time.perf_counter() - debut) * 1000)
        self.selecteurs_guide = Mesure(
            Page("Sélecteurs de la recherche (facettes et page)", urls, CIBLE_GUIDE_MS),
            selecteurs,
            0.0,
            1,
            1,
            0.0,
        )
        return [mesure]

    def rapport_guide(self, mesures: list[Mesure]) -> str:
        sql = getattr(self, "sql_guide", None)
        guide = [m for m in mesures if m.page.cible_ms == CIBLE_GUIDE_MS]
        if sql is None or not guide:
            return ""
        page = guide[0]
        rapport = (
            f"Recherche du guide : page p50 {page.centile(50):.1f} ms, p95 {page.centile(95):.1f} ms ; "
            f"SQL nu de la même recherche p50 {sql.centile(50):.1f} ms, p95 {sql.centile(95):.1f} ms ; "
            f"rapport page / SQL nu : {page.centile(50) / sql.centile(50):.1f} (p50), "
            f"{page.centile(95) / sql.centile(95):.1f} (p95)."
        )
        selecteurs = getattr(self, "selecteurs_guide", None)
        if selecteurs is not None:
            rapport += (
                f"\nSélecteurs de la recherche (mots, facettes, page, sans la requête HTTP autour) : "
                f"p50 {selecteurs.centile(50):.1f} ms, p95 {selecteurs.centile(95):.1f} ms."
            )
        return rapport

    # Reporting -------------------------------------------------------------------------------------

    def contexte(self) -> str:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.relname, c.reltuples::bigint FROM pg_class c WHERE c.relname = ANY (%s)",
                [[m._meta.db_table for m in MODELES_CHARGES]],
            )
            lignes = dict(cursor.fetchall())
            cursor.execute("SELECT version(), current_setting('jit'), current_setting('shared_buffers')")
            version, jit, shared_buffers = cursor.fetchone()
        evenements = sum(
            lignes.get(m._meta.db_table, 0)
            for m in (TransitionParcours, ChangementReferent, Note, RendezVous, Objectif)
        ) + lignes.get("parcours_actionparcours", 0)
        return (
            f"Base « {connection.settings_dict['NAME']} » : "
            f"≈ {_nombre(lignes.get('social_personne', 0))} personnes, "
            f"≈ {_nombre(lignes.get('parcours_parcours', 0))} parcours, ≈ {_nombre(evenements)} événements.\n"
            f"{version.split(' on ')[0]}, jit = {jit}, shared_buffers = {shared_buffers}."
        )

    def tableau(self, mesures: list[Mesure]) -> str:
        colonnes = " ".join(f"{nom:>{largeur}}" for nom, largeur in COLONNES)
        entete = f"{'Page':<88} {colonnes}  objectif"
        lignes = [
            "",
            "Temps serveur en ms ; n : requêtes mesurées ; req. : requêtes SQL par page ; "
            "SQL : temps SQL médian ; CPU : temps processeur Python médian :",
            entete,
        ]
        for m in mesures:
            requetes = (
                str(m.requetes_min)
                if m.requetes_min == m.requetes_max
                else f"{m.requetes_min}-{m.requetes_max}"
            )
            verdict = "DÉPASSÉ" if m.depasse else "OK"
            lignes.append(
                f"{m.page.libelle:<88} {len(m.durees_ms):>4} {requetes:>5} {m.sql_ms:6.1f} {m.cpu_ms:6.1f} "
                f"{m.centile(50):7.1f} {m.centile(95):7.1f} {m.centile(99):7.1f} {max(m.durees_ms):7.1f}  "
                f"p95 ≤ {m.page.cible_ms:.0f} ms : {verdict}"
            )
        return "\n".join(lignes)


def _hote() -> str:
    """A host the settings accept (the test client says "testserver" by default)."""
    for hote in settings.ALLOWED_HOSTS:
        if hote and hote != "*" and not hote.startswith("["):
            return hote.lstrip(".")
    return "localhost"
