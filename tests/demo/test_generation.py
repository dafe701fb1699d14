"""The benchmark dataset (``demo.generation``), at the small scale: its volumes, its invariants checked
against the domain code (workflow tables, référent rules, deadline computation, model validation), its
determinism, and the two commands of ``make bench``."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Q
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from demo.generation import (
    BANC_REFERENT,
    ECHELLES,
    EVENEMENTS_PARCOURS_LE_PLUS_CHARGE,
    GUIDE_PAR_ECHELLE,
    RapportGeneration,
    donnees_generer,
    empreinte,
    guide_generer,
)
from demo.management.commands.mesurer_performances import evenements_par_parcours
from guide_ressources.actions.fiches import textes_structures_rafraichir
from guide_ressources.enums import Taxonomie
from guide_ressources.models import Service, Structure
from guide_ressources.taxonomies import taxonomies_lire
from parcours import workflows
from parcours.actions.echeances import echeances_recalculer
from parcours.models import (
    ActionParcours,
    ChangementReferent,
    Echeance,
    MembreEquipe,
    Note,
    Objectif,
    Parcours,
    RendezVous,
    TransitionParcours,
)
from parcours.permissions import can_be_referent
from parcours.selectors import portefeuille
from social.enums import LienFoyer, RoleAgent, TypeSite
from social.exceptions import ParametreIntrouvable
from social.models import (
    Affectation,
    Commune,
    Epci,
    Foyer,
    MembreFoyer,
    Personne,
    Rattachement,
    Utilisateur,
)

pytestmark = pytest.mark.django_db

JOUR = datetime.date(2026, 1, 15)
PETITE = ECHELLES["petite"]
# The checks that run domain code row by row (a query or more each) read one pathway in this many.
PAS_ECHANTILLON = 5


@pytest.fixture(scope="module")
def rapport(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[RapportGeneration]:
    """One generation for the whole module, inside a transaction rolled back at its end; each test runs in
    a savepoint of it (pytest-django's ``db``), so the tests that regenerate leave nothing behind."""
    with django_db_blocker.unblock():
        atomique = transaction.atomic()
        atomique.__enter__()
        rapport = donnees_generer(echelle="petite", graine=62, jour=JOUR)
    yield rapport
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomique.__exit__(None, None, None)


def test_volumes_de_la_petite_echelle(rapport: RapportGeneration) -> None:
    assert not rapport.deja_presente
    assert rapport.comptes["foyers"] == PETITE.nb_foyers == Foyer.objects.count()
    assert 1_200 < Personne.objects.count() == rapport.comptes["personnes"] < 1_800
    assert 1.3 < Parcours.objects.count() / Personne.objects.count() < 2.0
    dispositifs = Counter(Parcours.objects.values_list("dispositif", flat=True))
    assert set(dispositifs) == {"rsa", "apa", "pch", "jeunes"}
    assert 0.1 < Parcours.objects.filter(date_cloture__isnull=True).count() / Parcours.objects.count() < 0.35
    assert Utilisateur.objects.filter(username__startswith="bench.").count() == Affectation.objects.count()
    # Every table the pathway page reads has rows.
    for modele in (
        TransitionParcours,
        ChangementReferent,
        Note,
        RendezVous,
        Objectif,
        ActionParcours,
        Echeance,
    ):
        assert modele.objects.exists(), modele


def test_evenements_par_parcours_de_10_a_40_et_quelques_centaines(rapport: RapportGeneration) -> None:
    evenements = evenements_par_parcours(list(Parcours.objects.values_list("pk", flat=True)))
    ordonnes = sorted(evenements.values())
    assert 10 <= statistics.median(ordonnes) <= 40
    assert ordonnes[int(len(ordonnes) * 0.9)] <= 45
    assert ordonnes[-1] >= EVENEMENTS_PARCOURS_LE_PLUS_CHARGE * 0.9


def test_bench_referent_a_exactement_son_portefeuille(rapport: RapportGeneration) -> None:
    referent = Utilisateur.objects.get(username=BANC_REFERENT)
    assert not referent.has_usable_password()
    assert referent.affectations.get().role == RoleAgent.TRAVAILLEUR_SOCIAL
    assert referent.affectations.get().site.nom == "MDS de l'Arrageois"
    ouverts = Parcours.objects.filter(referent=referent, date_cloture__isnull=True)
    assert ouverts.count() == PETITE.parcours_referent_banc
    assert set(ouverts.values_list("dispositif", flat=True)) <= {"rsa", "jeunes"}
    # Her caseload (the real selector) is exactly her open pathways: her closed ones all have a next step.
    assert portefeuille(user=referent).count() == PETITE.parcours_referent_banc
    assert not Parcours.objects.filter(
        referent=referent, date_cloture__isnull=False, suite_prevue=""
    ).exists()
    assert not MembreEquipe.objects.filter(utilisateur=referent).exists()
    evenements = evenements_par_parcours(list(ouverts.values_list("pk", flat=True)))
    assert max(evenements.values()) >= EVENEMENTS_PARCOURS_LE_PLUS_CHARGE * 0.9


def test_les_etats_suivent_les_tables_des_workflows(rapport: RapportGeneration) -> None:
    transitions: dict[int, list[tuple[str, str, datetime.date]]] = {}
    for parcours_id, depuis, vers, date_effet in TransitionParcours.objects.order_by(
        "parcours_id", "created_at", "id"
    ).values_list("parcours_id", "depuis", "vers", "date_effet"):
        transitions.setdefault(parcours_id, []).append((depuis, vers, date_effet))
    for rang, parcours in enumerate(Parcours.objects.order_by("pk")):
        flux = workflows.workflow(parcours.dispositif)
        chaine = transitions[parcours.pk]
        assert chaine[0][:2] == ("", flux.initial)
        assert chaine[0][2] == parcours.date_reception
        for (_a, vers, date_avant), (depuis, suivant, date_effet) in pairwise(chaine):
            transition = flux.transition(depuis, suivant)
            assert depuis == vers and transition is not None
            assert date_effet >= date_avant
            assert not transition.referent_requis or parcours.referent_id is not None
        assert chaine[-1][1] == parcours.etat
        assert (parcours.etat in flux.finaux) == (parcours.date_cloture is not None)
        if parcours.date_cloture is not None:
            assert chaine[-1][2] == parcours.date_cloture
            assert parcours.motif_cloture  # closing transitions require a motif
        if rang % PAS_ECHANTILLON == 0:
            parcours.full_clean()


def test_referents_agents_du_site_et_journal_des_changements(rapport: RapportGeneration) -> None:
    changements: dict[int, list[tuple[int | None, int | None]]] = {}
    for parcours_id, ancien, nouveau in ChangementReferent.objects.order_by(
        "parcours_id", "created_at", "id"
    ).values_list("parcours_id", "ancien_id", "nouveau_id"):
        changements.setdefault(parcours_id, []).append((ancien, nouveau))
    sans_referent = 0
    for rang, parcours in enumerate(Parcours.objects.select_related("referent", "site").order_by("pk")):
        chaine = changements.get(parcours.pk, [])
        if parcours.referent_id is None:
            sans_referent += 1
            assert parcours.date_cloture is None and not chaine
            continue
        assert parcours.site.type in (TypeSite.MDS, TypeSite.MAISON_AUTONOMIE)
        referent = parcours.referent
        assert referent is not None
        if rang % PAS_ECHANTILLON == 0 or parcours.date_cloture is None:
            assert can_be_referent(referent, parcours)
        assert chaine[0][0] is None and chaine[-1][1] == parcours.referent_id
        for (_precedent, arrive), (sortant, entrant) in pairwise(chaine):
            assert sortant == arrive != entrant
    assert 0 < sans_referent < Parcours.objects.filter(date_cloture__isnull=True).count() * 0.1


def test_les_echeances_sont_celles_du_calcul_metier(rapport: RapportGeneration) -> None:
    """The deadlines written in SQL are those ``echeances_recalculer`` computes (on the closing day for a
    closed pathway); without a parameter in force (the contract before 2025) it raises, and none is stored."""
    verifiees = 0
    with transaction.atomic():
        for parcours in list(Parcours.objects.filter(dispositif__in=["rsa", "apa"]).order_by("pk"))[
            ::PAS_ECHANTILLON
        ]:
            stockees = set(
                parcours.echeances.values_list("type", "date_depart", "date_limite", "statut", "tenue_le")
            )
            try:
                calculees = echeances_recalculer(parcours=parcours, jour=parcours.date_cloture or JOUR)
            except ParametreIntrouvable:
                continue
            assert stockees == {
                (e.type, e.date_depart, e.date_limite, e.statut, e.tenue_le) for e in calculees
            }
            verifiees += 1
        transaction.set_rollback(True)
    assert verifiees > 100


def test_foyers_rattachements_et_validation_des_modeles(rapport: RapportGeneration) -> None:
    assert not MembreFoyer.objects.values("personne").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert MembreFoyer.objects.count() == Personne.objects.count()
    assert MembreFoyer.objects.filter(lien=LienFoyer.REFERENCE).count() == Foyer.objects.count()
    # Everyone is followed by her territory's MDS; APA and PCH pathways by the Maison de l'Autonomie.
    assert Rattachement.objects.filter(site__type=TypeSite.MDS).count() == Personne.objects.count()
    sans_rattachement = Parcours.objects.filter(dispositif__in=["apa", "pch"]).exclude(
        personne__rattachements__site=F("site")
    )
    assert not sans_rattachement.exists()
    for personne in Personne.objects.filter(~Q(nir="") | ~Q(courriel="")):
        personne.full_clean()  # NIR key, e-mail format
    for modele in (RendezVous, Note, Objectif, ActionParcours, MembreEquipe, Echeance):
        for objet in modele.objects.order_by("pk")[:200]:
            objet.full_clean()


def test_les_pages_mesurees_repondent(rapport: RapportGeneration) -> None:
    referent = Utilisateur.objects.get(username=BANC_REFERENT)
    client = Client()
    client.force_login(referent)
    reponse = client.get(reverse("frontend:parcours_liste"))
    assert reponse.status_code == 200
    assert reponse.context["page"].paginator.count == PETITE.parcours_referent_banc
    parcours = Parcours.objects.filter(referent=referent, date_cloture__isnull=True).first()
    assert parcours is not None
    assert client.get(reverse("frontend:parcours_detail", args=[parcours.public_id])).status_code == 200


def test_deterministe_idempotent_et_remplacable(rapport: RapportGeneration) -> None:
    premiere = empreinte()
    # Same seed and scale: nothing to do.
    deuxieme = donnees_generer(echelle="petite", graine=62, jour=JOUR)
    assert deuxieme.deja_presente and deuxieme.jour == JOUR
    assert empreinte() == premiere
    # Another seed: refused without --remplacer, nothing written.
    with pytest.raises(ValidationError) as refus:
        donnees_generer(echelle="petite", graine=63, jour=JOUR)
    assert refus.value.code == "donnees_existantes"
    # Regenerated from scratch with the same seed: the same content (natural keys, not surrogate ids).
    sortie = StringIO()
    call_command(
        "generer_donnees", "--echelle", "petite", "--graine", "62", "--jour", JOUR.isoformat(), "--remplacer",
        stdout=sortie,
    )  # fmt: skip
    assert "Événements :" in sortie.getvalue()
    assert empreinte() == premiere
    donnees_generer(echelle="petite", graine=63, jour=JOUR, remplacer=True)
    assert empreinte() != premiere


def test_generer_donnees_refuse_clairement(rapport: RapportGeneration) -> None:
    with pytest.raises(CommandError, match="--remplacer"):
        call_command("generer_donnees", "--echelle", "petite", "--graine", "7", stdout=StringIO())


def test_mesurer_performances_rend_compte(rapport: RapportGeneration) -> None:
    sortie = StringIO()
    call_command(
        "mesurer_performances", "--iterations", "3", "--echauffement", "1", "--echantillon", "2",
        "--sans-echec", stdout=sortie,
    )  # fmt: skip
    texte = sortie.getvalue()
    assert f"Mes parcours – {BANC_REFERENT} ({PETITE.parcours_referent_banc} parcours ouverts)" in texte
    assert "Fiche du parcours le plus chargé" in texte
    assert texte.count("p95 ≤ ") == 9
    # The observation (docs/decisions/0005): its records added, the full refresh timed, two dashboards.
    assert "Dossiers de l'observation ajoutés au banc" in texte
    assert "Recalcul complet des indicateurs de l'observation :" in texte
    assert "Atlas des solidarités – direction" in texte and "Atlas des solidarités – encadrant" in texte
    # The guide search (docs/decisions/0003): the page, then the ratio to the bare SQL of the search.
    assert "Recherche du guide – 12 recherches de 1 à 3 mots, 2 filtres" in texte
    assert "rapport page / SQL nu" in texte
    assert "Sélecteurs de la recherche (mots, facettes, page" in texte


def test_le_guide_du_banc(rapport: RapportGeneration) -> None:
    nb_structures, nb_services = GUIDE_PAR_ECHELLE["petite"]
    assert rapport.comptes["services_guide"] == nb_services == Service.objects.count()
    assert Structure.objects.count() == nb_structures
    taxonomies = taxonomies_lire()
    thematiques = taxonomies.valeurs(Taxonomie.THEMATIQUES)
    publies = Service.objects.publies()
    assert publies.count() > 0.9 * nb_services
    # Realistic entries: known themes, zones over communes, EPCI, territories and the whole département.
    assert all(set(t) <= thematiques for t in Service.objects.values_list("thematiques", flat=True))
    assert Service.objects.filter(zone_territoires__len__gt=0).exists()
    assert Service.objects.filter(zone_codes__contains=["62"]).exists()
    assert Service.objects.filter(
        zone_codes__overlap=list(Epci.objects.values_list("siren", flat=True))
    ).exists()
    assert Service.objects.filter(
        zone_codes__overlap=list(Commune.objects.values_list("code_insee", flat=True))
    ).exists()
    for service in Service.objects.order_by("pk")[:50]:
        service.full_clean()
    # Each service carries its structure's text (written with it): nothing left to refresh.
    assert textes_structures_rafraichir() == 0
    # Deterministic and idempotent: the same seed, scale and day create nothing more.
    noms = list(Service.objects.order_by("public_id").values_list("public_id", "nom", "zone_codes"))
    assert guide_generer(echelle="petite", graine=62, jour=JOUR) == 0
    assert list(Service.objects.order_by("public_id").values_list("public_id", "nom", "zone_codes")) == noms
    # The measured search answers at this scale.
    client = Client()
    client.force_login(Utilisateur.objects.get(username=BANC_REFERENT))
    reponse = client.get(
        reverse("frontend:guide_recherche"), {"q": "aide alimentaire", "commune": "62041", "frais": "gratuit"}
    )
    assert reponse.status_code == 200 and reponse.context["page"].paginator.count > 0
