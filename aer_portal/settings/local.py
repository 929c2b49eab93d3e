"""The embedded default: SQLite, a worker and beat on an embedded broker, console e-mail.

The broker is kombu's filesystem transport: messages are files in a folder (CELERY_BROKER_FOLDER),
so `make run` needs no Redis and no extra package. It was chosen over the SQLAlchemy transport
on a SQLite file because it adds no dependency, never contends with the portal's own SQLite
database for its write lock, and supports broadcast, so `celery inspect ping` works as in
production. It hands a message over when it is read (no late acknowledgement): a task lost with
a killed worker is not redelivered, which the periodic jobs' claims and re-runs absorb.
"""

from pathlib import Path

from .base import *
from .base import BASE_DIR, env

# The demo shows the portal's own error pages, not Django's technical ones (DEBUG=true for those).
DEBUG = env.bool("DEBUG", default=False)
# Without DEBUG, WhiteNoise still serves the static files straight from the source folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SECRET_KEY = env("SECRET_KEY", default="local-development-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
SEED_DEMO_ALLOWED = True

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_TASK_ALWAYS_EAGER = False
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker = Path(env("CELERY_BROKER_FOLDER", default=str(BASE_DIR / "var" / "broker")))
    for _folder in ("queue", "control"):
        (_broker / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker / "queue"),
        "data_folder_out": str(_broker / "queue"),
        "control_folder": str(_broker / "control"),
    }
    # Beat's schedule file lives beside the broker's folders (created above).
    CELERY_BEAT_SCHEDULE_FILENAME = str(_broker / "celerybeat-schedule")
# Demo issuer for the embedded setup only (a specimen Belgian account, not AER's): production
# refuses to start without real FEES_* values (fees.checks).
FEES_ISSUER_STREET = env("FEES_ISSUER_STREET", default="Demo street 1")
FEES_ISSUER_POSTCODE = env("FEES_ISSUER_POSTCODE", default="1000")
FEES_ISSUER_CITY = env("FEES_ISSUER_CITY", default="Brussels")
FEES_ISSUER_COUNTRY = env("FEES_ISSUER_COUNTRY", default="BE")
FEES_IBAN = env("FEES_IBAN", default="BE71 0961 2345 6769")
FEES_BIC = env("FEES_BIC", default="GKCCBEBB")
