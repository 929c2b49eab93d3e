"""Settings for the test suite: fast hashing, in-memory mail, strict templates."""

from .base import *  # noqa: F403
from .base import TEMPLATES, env

SECRET_KEY = "test-key-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = True
SEED_DEMO_ALLOWED = True


class _UndefinedVariable(str):
    """Makes a template that uses an undefined variable fail its test (see tests/conftest.py)."""

    def __contains__(self, key: object) -> bool:
        return key == "%s"

    def __mod__(self, other: object) -> str:
        raise AssertionError(f"Undefined template variable: {other!r}")


TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _UndefinedVariable("%s")
