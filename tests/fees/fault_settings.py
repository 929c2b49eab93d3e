"""Production settings as the fault test runs them: everything from aer_portal.settings.production,
plus the folder of the file e-mail backend from the environment and static files served
without collectstatic's manifest (the test serves no static file)."""

from aer_portal.settings.production import *  # noqa: F403
from aer_portal.settings.production import env

EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
