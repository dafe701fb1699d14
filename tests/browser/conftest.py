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


# An ASGI live server (HTTP and WebSockets), for the pages that update in real time.
#
# pytest-django's ``live_server`` is WSGI: no WebSocket. Daphne (the production ASGI server) runs here in
# a thread of the test process, like ``live_server`` runs its WSGI server, so it reads the same test
# database (the test's rows are committed: ``transactional_db``) and shares the channel layer. Twisted's
# reactor cannot be restarted, so the server lives for the whole session and each test gets its URL.


class FermerConnexionsMiddleware:
    """Test only, outermost: close the request thread's database connections once the response is
    built. Under ASGI each request runs in its own short-lived thread; a connection left open there is
    garbage-collected open (a ResourceWarning, an error in this suite)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        from django.db import connections

        try:
            return self.get_response(request)
        finally:
            connections.close_all()


class _ServeurAsgi:
    def __init__(self) -> None:
        import threading

        from channels.auth import AuthMiddlewareStack
        from channels.routing import ProtocolTypeRouter, URLRouter
        from channels.security.websocket import AllowedHostsOriginValidator
        from daphne.server import Server  # installs Twisted's asyncio reactor (not the test thread's loop)
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
        from django.core.handlers.asgi import ASGIHandler

        from frontend.routing import websocket_urlpatterns

        # As config/asgi.py, with a fresh handler: its middleware chain includes the one above.
        application = ProtocolTypeRouter(
            {
                "http": ASGIHandler(),
                "websocket": AllowedHostsOriginValidator(
                    AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
                ),
            }
        )
        self.serveur = Server(
            application=ASGIStaticFilesHandler(application),
            endpoints=["tcp:port=0:interface=127.0.0.1"],
            signal_handlers=False,
        )
        self.fil = threading.Thread(target=self.serveur.run, name="daphne-test", daemon=True)

    def demarrer(self) -> str:
        import time

        self.fil.start()
        limite = time.monotonic() + 20
        while not self.serveur.listening_addresses:
            if time.monotonic() > limite or not self.fil.is_alive():
                pytest.fail("Le serveur ASGI de test (Daphne) n'a pas démarré.", pytrace=False)
            time.sleep(0.05)
        hote, port = self.serveur.listening_addresses[0]
        return f"http://{hote}:{port}"

    def arreter(self) -> None:
        from twisted.internet import reactor

        reactor.callFromThread(reactor.stop)  # type: ignore[attr-defined]
        self.fil.join(timeout=10)


@pytest.fixture(scope="session")
def _serveur_asgi(_statiques_depuis_les_apps: None) -> Iterator[str]:
    from django.test.utils import modify_settings

    with modify_settings(MIDDLEWARE={"prepend": "tests.browser.conftest.FermerConnexionsMiddleware"}):
        serveur = _ServeurAsgi()
        url = serveur.demarrer()
        yield url
        serveur.arreter()


@pytest.fixture
def serveur_asgi(transactional_db: None, _serveur_asgi: str) -> str:
    """The URL of the ASGI live server (HTTP and ``/ws/``), for tests that need WebSockets. The test's
    rows are committed (``transactional_db``), so the server's own connections read them."""
    return _serveur_asgi


def contexte_asgi(navigateur: Browser, serveur_asgi: str) -> BrowserContext:
    """A fresh browser context (its own session) on the ASGI live server; axe-core may be injected."""
    return _contexte(navigateur, serveur_asgi, bypass_csp=True)
