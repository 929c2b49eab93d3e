"""The production settings, with uncompressed static files: what the reduced load test in CI
runs gunicorn with, so that collecting the static files takes seconds, not minutes.

Only the static files' storage differs (hashed names and manifest as in production, no gzip or
Brotli copies); no measured page serves a static file.
"""

from aer_portal.settings.production import *  # noqa: F403
from aer_portal.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
