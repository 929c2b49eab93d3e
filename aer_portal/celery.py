"""The portal's Celery app, configured from Django settings under the CELERY_ prefix."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aer_portal.settings.local")

app = Celery("aer_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
