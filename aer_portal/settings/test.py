"""Settings for the test suite: fast hashing, in-memory mail, strict templates."""

import sys

from .base import *
from .base import BASE_DIR, DATABASES, TEMPLATES, env

SECRET_KEY = "test-key-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = True
SEED_DEMO_ALLOWED = True
# A specimen Belgian account and address: the tests that need them unset override them.
FEES_ISSUER_STREET = "Rue de la Loi 1"
FEES_ISSUER_POSTCODE = "1000"
FEES_ISSUER_CITY = "Brussels"
FEES_ISSUER_COUNTRY = "BE"
FEES_ISSUER_VAT = "BE0403170701"
FEES_ISSUER_REGISTRATION = ""
FEES_IBAN = "BE71 0961 2345 6769"
FEES_BIC = "GKCCBEBB"


class _UndefinedVariable(str):
    """Fails the test when one of the portal's own templates uses an undefined variable.

    Django formats ``string_if_invalid % name`` for every unresolved variable. Third-party
    templates (the admin, allauth) rely on undefined variables rendering empty, so only a
    template under this repository (outside .venv) raises.
    """

    def __contains__(self, key: object) -> bool:
        return key == "%s"

    def __mod__(self, name: object) -> str:
        frame = sys._getframe(1)
        while frame is not None:
            origin = getattr(frame.f_locals.get("self"), "origin", None)
            template_path = getattr(origin, "name", None)
            if isinstance(template_path, str):
                if template_path.startswith(_OWN_TEMPLATES) and ".venv" not in template_path:
                    raise AssertionError(f"Undefined template variable {name!r} in {template_path}")
                return ""
            frame = frame.f_back  # type: ignore[assignment]
        return ""


_OWN_TEMPLATES = str(BASE_DIR)
TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _UndefinedVariable("%s")  # type: ignore[index]

# A Celery worker started by a test reaches the test's database under this name.
if _worker_database := env("AER_TEST_DATABASE_NAME", default=""):
    DATABASES["default"]["NAME"] = _worker_database

# Seals the secret ballots of the tests (aer_portal/ballot_seal.py); long enough to be usable.
BALLOT_KEY = "test-ballot-key-not-secret-0123456789abcdef"

# Open data: no cached answer leaks from one test into the next, and the suite's many requests
# from one address are not throttled (the tests that check both set them back).
OPEN_DATA_CACHE_SECONDS = 0
# The pages' query counts name the two queries of the roles; tests of the roles' cache turn it
# on (tests/governance/test_role_cache.py).
PORTAL_ROLES_CACHE_SECONDS = 0
OPEN_DATA_RATE_LIMIT = "100000/min"
