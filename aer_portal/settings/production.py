"""Production: PostgreSQL, Redis, Celery workers and one beat, HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import DATABASES, FRAGMENTS_CACHE, env

SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")

DEBUG = False
SEED_DEMO_ALLOWED = False
# The system check fees.E001 refuses to start while the FEES_* bank details are unset.
FEES_ISSUER_REQUIRED = True

# Each gunicorn worker keeps its database connection between requests: with one new connection
# (a new PostgreSQL backend) per request, the load test's 200 election votes took 67 s instead
# of 53 s (`make loadtest`, README "Load test"). Health checks drop a connection that died.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

CACHES = {
    "default": env.cache("CACHE_URL", default="redis://redis:6379/1"),
    "fragments": FRAGMENTS_CACHE,
}
# A Redis outage must not turn every logged-in page into a 500 (aer_portal.cache).
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "aer_portal.cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        {"socket_connect_timeout": 1, "socket_timeout": 1}
    )
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
