"""The AER governance portal: settings, URLs, the Celery app and the rules module."""

from aer_portal.celery import app as celery_app

__all__ = ("celery_app",)
