"""The benchmark (`make bench`): its own database, no debug, fast hashing, nothing leaves.

The database is BENCH_DATABASE_URL, by default the SQLite file bench.sqlite3 beside
manage.py, so the large data set never mixes with the demo data or a real database.
"""

import warnings

from .base import *
from .base import BASE_DIR, FRAGMENTS_CACHE, env, with_engine_options

SECRET_KEY = "bench-key-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
#: The bench command refuses to run with any other settings: it writes thousands of rows.
BENCH = True

DATABASES = {
    "default": with_engine_options(
        env.db("BENCH_DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'bench.sqlite3'}")
    ),
}
# Connections kept between requests as in production (CONN_MAX_AGE=60): a new PostgreSQL
# connection per request cost 20-30 ms, ten times the reference page itself.
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)

ROOT_URLCONF = "aer_portal.bench_urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
SEED_DEMO_ALLOWED = False
# A .env written for docker compose names Redis hosts this machine may not reach.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": FRAGMENTS_CACHE,
}
# Sessions as production reads them (settings.production): from the cache, the database only
# when the cache lost one. With database sessions every logged-in page made a query production
# does not make. The bench is one process, so a memory cache holds the one copy.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# WhiteNoise warns once that STATIC_ROOT was never collected; the bench serves no static file.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

# A specimen issuer (not AER's account): the bench issues a fee call.
FEES_ISSUER_STREET = "Demo street 1"
FEES_ISSUER_POSTCODE = "1000"
FEES_ISSUER_CITY = "Brussels"
FEES_ISSUER_COUNTRY = "BE"
FEES_IBAN = "BE71 0961 2345 6769"
FEES_BIC = "GKCCBEBB"
# Open data: measure the work of each answer, not the cache, and never throttle the bench.
OPEN_DATA_CACHE_SECONDS = 0
OPEN_DATA_RATE_LIMIT = "1000000/min"
