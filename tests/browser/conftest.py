"""Browser tests: Debian's Chromium driven by Playwright's sync API, axe-core for accessibility.

The browser starts once for all the browser tests. Its scope is this package rather than the whole
session: Playwright's sync API keeps an event loop in the main thread while it runs, and the
WebSocket tests (``async_to_sync``) that may come after must not find it there. Chromium missing is
a failure, never a skip (``make chromium`` installs it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from django.test.utils import override_settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

# Playwright's sync API runs an event loop in the test thread; the ORM calls of the tests (factories)
# run in that thread too, outside the loop's coroutines.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
ARGUMENTS_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"


@pytest.fixture(scope="session", autouse=True)
def _statiques_depuis_les_apps() -> Iterator[None]:
    """WhiteNoise serves from the apps (no collectstatic): active before the live server starts."""
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(scope="package")
def navigateur() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium est introuvable ({CHROMIUM}) : les tests navigateur ne sont jamais ignorés. "
            "Installez-le avec « make chromium » ou « apt-get install -y chromium ».",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGUMENTS_CHROMIUM
        )
        yield browser
        browser.close()


def _contexte(navigateur: Browser, base_url: str, *, bypass_csp: bool) -> BrowserContext:
    return navigateur.new_context(
        base_url=base_url, locale="fr-FR", viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp
    )


@pytest.fixture
def onglet(navigateur: Browser, live_server: Any) -> Iterator[Page]:
    """A tab in a fresh context. ``bypass_csp``: axe-core is injected as a script tag (test only);
    ``onglet_csp`` keeps the real policy."""
    contexte = _contexte(navigateur, live_server.url, bypass_csp=True)
    page = contexte.new_page()
    page.set_default_timeout(10_000)
    yield page
    contexte.close()


@pytest.fixture
def onglet_csp(navigateur: Browser, live_server: Any) -> Iterator[Page]:
    contexte = _contexte(navigateur, live_server.url, bypass_csp=False)
    page = contexte.new_page()
    page.set_default_timeout(10_000)
    yield page
    contexte.close()


def verifier_axe(page: Page, nom: str) -> None:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page; fail with a readable list of violations."""
    page.add_script_tag(path=str(AXE_JS))
    resultat = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})"
    )
    violations = resultat["violations"]
    if violations:
        lignes = [f"axe-core : {len(violations)} violation(s) sur la page « {nom} » ({page.url}) :"]
        for violation in violations:
            lignes.append(f"- [{violation['impact']}] {violation['id']} : {violation['help']}")
            lignes.append(f"  {violation['helpUrl']}")
            for noeud in violation["nodes"][:5]:
                lignes.append(f"    · {', '.join(map(str, noeud['target']))}")
                lignes.append(f"      {noeud['failureSummary'].replace(chr(10), ' ')}")
        pytest.fail("\n".join(lignes), pytrace=False)
