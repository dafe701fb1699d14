"""Settings shared by every environment. Production = this module + environment variables.

No secret has a default here: ``dev`` and ``test`` provide their own throw-away values.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.database import database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "django_htmx",
    "channels",
    "procrastinate.contrib.django",
    # Domain apps (dependency rule: observation -> instances -> parcours -> guide_ressources -> social).
    "social",
    "guide_ressources",
    "parcours",
    "instances",
    "observation",
    # Interface apps, and the demo (it seeds every domain app).
    "api",
    "frontend",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "frontend.middleware.ContentSecurityPolicyMiddleware",
    "social.middleware.ParametresParRequeteMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.proche",
            ],
        },
    }
]
# Django's widget templates written in Python, same HTML (frontend/rendu.py, docs/decisions/0002).
FORM_RENDERER = "frontend.rendu.RenduRapide"

DATABASES = {"default": dj_database_url.parse(database_url(), conn_max_age=60)}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Name search (social.selectors.personnes_rechercher) uses the %> operator: "lefebvre" and "lefevre"
# have a word similarity of 0.55, under pg_trgm's default 0.6.
# JIT off: useless for short transactional queries, and 0.5–4 s of compilation whenever an estimate
# is wrong (measured, docs/decisions/0002-banc-de-mesure.md).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
    "-c pg_trgm.word_similarity_threshold=0.5 -c jit=off"
)
# Server-side binding and prepared statements (psycopg 3): a statement run five times on a connection is
# prepared, and PostgreSQL stops planning it again. The pathway page's timeline and the caseload spent
# 4 to 9 ms planning each of their largest queries, on every page (docs/decisions/0002). Not for a
# transaction-mode connection pooler (PgBouncer without prepared-statement support).
DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "social.Utilisateur"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "frontend:connexion"
LOGIN_REDIRECT_URL = "frontend:accueil"
LOGOUT_REDIRECT_URL = "frontend:connexion"

# Guardian: only explicit per-object grants, no anonymous user row.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Personal documents are stored outside any publicly served path, and served by scoped views only.
MEDIA_ROOT = Path(os.environ.get("PROCHE_MEDIA_ROOT", BASE_DIR / "var" / "documents"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Real time: Redis when configured (the only multi-process option), in memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": os.environ.get("PROCHE_CHANNELS_PREFIX", "proche")},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# A shared cache (throttling counts, e.g. the token endpoint) across processes when Redis is there.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "proche-cache",
        }
    }

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes anonymous requests a 401 rather than a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Proche",
    "DESCRIPTION": "API du suivi social départemental Proche (v1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI assets from the sidecar package: no CDN, works offline and under a strict CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several fields are named « sens » (budget line, vote, APA decision): one schema name per choice set.
    "ENUM_NAME_OVERRIDES": {
        "SensBudgetEnum": "instances.enums.SensBudget",
        "SensVoteEnum": "instances.enums.SensVote",
        "SensDecisionApaEnum": "parcours.enums.SensDecisionApa",
        "IssueRecoursEnum": "parcours.regles.enums.IssueRecours",
        "IssueDecisionEnum": "instances.enums.IssueDecision",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PROCHE_LOG_LEVEL", "INFO")},
    # procrastinate announces its task registry at every start of every process.
    "loggers": {"procrastinate": {"level": os.environ.get("PROCHE_LOG_LEVEL_TACHES", "WARNING")}},
}

# Proche settings.
PROCHE_DEPARTEMENT = os.environ.get("PROCHE_DEPARTEMENT", "62")
PROCHE_DEPARTEMENT_NOM = os.environ.get("PROCHE_DEPARTEMENT_NOM", "Pas-de-Calais")
# Secret salt of the pseudonymised person-level extract (observation): no default, the extract is refused
# while it is unset; changing it changes every pseudonym.
PROCHE_OBSERVATION_SEL = os.environ.get("PROCHE_OBSERVATION_SEL", "")
# Access journal: retention in months before the purge task deletes rows (CNIL 2021-122: 6 to 12 months,
# up to 36 with a documented internal-control justification).
PROCHE_JOURNAL_RETENTION_MOIS = int(os.environ.get("PROCHE_JOURNAL_RETENTION_MOIS", "12"))
# The guide ressources open to anonymous visitors (public guide), off by default.
PROCHE_GUIDE_PUBLIC = env_bool("PROCHE_GUIDE_PUBLIC")
# Documents of the pathways (parcours.documents): a private storage under this directory, never under
# a served URL (no MEDIA_URL): files leave only through the scoped download views, with random names.
PROCHE_DOCUMENTS_ROOT = Path(os.environ.get("PROCHE_DOCUMENTS_ROOT", MEDIA_ROOT / "parcours"))
# Largest document accepted, in bytes (10 Mo).
PROCHE_DOCUMENTS_TAILLE_MAX = int(os.environ.get("PROCHE_DOCUMENTS_TAILLE_MAX", str(10 * 1024 * 1024)))
# Accessibility statement shown on every page (RGAA: home-page conformity statement).
PROCHE_ACCESSIBILITE_CONFORMITE = os.environ.get("PROCHE_ACCESSIBILITE_CONFORMITE", "partiellement conforme")
# Where users report an accessibility problem (RGAA feedback channel); generic text when empty.
PROCHE_ACCESSIBILITE_CONTACT = os.environ.get("PROCHE_ACCESSIBILITE_CONTACT", "")
