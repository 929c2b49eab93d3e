"""The embedded default: SQLite, tasks in-process, e-mail to the console, demo logins."""

from .base import *
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-development-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
SEED_DEMO_ALLOWED = True

# Demo issuer for the embedded setup only (a specimen Belgian account, not AER's): production
# refuses to start without real FEES_* values (fees.checks).
FEES_ISSUER_STREET = env("FEES_ISSUER_STREET", default="Demo street 1")
FEES_ISSUER_POSTCODE = env("FEES_ISSUER_POSTCODE", default="1000")
FEES_ISSUER_CITY = env("FEES_ISSUER_CITY", default="Brussels")
FEES_ISSUER_COUNTRY = env("FEES_ISSUER_COUNTRY", default="BE")
FEES_IBAN = env("FEES_IBAN", default="BE71 0961 2345 6769")
FEES_BIC = env("FEES_BIC", default="GKCCBEBB")
