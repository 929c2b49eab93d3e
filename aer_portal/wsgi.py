"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aer_portal.settings.production")

application = get_wsgi_application()

# What loading the portal left in memory (modules, URL patterns, translations) lives as long as
# the process: moved out of the garbage collector's reach, a full collection no longer walks
# it every few requests, which is what made the slowest requests several times the median
# (`make bench` counts the full collections; see README, Benchmark).
gc.freeze()
