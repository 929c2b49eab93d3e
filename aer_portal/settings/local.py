"""The embedded default: SQLite, tasks in-process, e-mail to the console, demo logins."""

from .base import *
from .base import env

# The demo shows the portal's own error pages, not Django's technical ones (DEBUG=true for those).
DEBUG = env.bool("DEBUG", default=False)
# Without DEBUG, WhiteNoise still serves the static files straight from the source folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SECRET_KEY = env("SECRET_KEY", default="local-development-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
SEED_DEMO_ALLOWED = True
