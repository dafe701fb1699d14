"""Test settings: the real PostgreSQL (embedded or ``DATABASE_URL``), strict templates, fast hashing."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CHANNEL_LAYERS, TEMPLATES

DEBUG = False
SECRET_KEY = "test-only-not-secret-proche"  # noqa: S105 (throw-away key, test settings only)
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Argon2 stays first in production; tests hash many demo passwords, so MD5 first here (never in base).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Static files straight from the apps (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


class _UndefinedVariable(str):
    """Make undefined template variables fail loudly (STYLE 19)."""

    def __mod__(self, other: object) -> str:
        raise AssertionError(f"Variable de gabarit indéfinie : {other}")

    def __contains__(self, item: object) -> bool:  # Django checks "%s" in string_if_invalid
        return item == "%s"


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _UndefinedVariable("%s")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Parallel test workers share one Redis: each gets its own channel prefix (user ids repeat across
# the workers' databases).
if CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer":
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "principal")
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"proche-test-{os.getpid()}-{_worker}"

# Each test process keeps its own cache: tests clear it, which must not touch the shared Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Documents of the pathways: a throw-away directory per test process (tests check what is left in it).
PROCHE_DOCUMENTS_ROOT = Path(tempfile.mkdtemp(prefix="proche-documents-test-"))
atexit.register(shutil.rmtree, PROCHE_DOCUMENTS_ROOT, ignore_errors=True)
