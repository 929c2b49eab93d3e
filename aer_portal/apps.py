"""The portal package as a Django app."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "aer_portal"
    verbose_name = "AER portal"

    def ready(self) -> None:
        # Load the Celery app with Django, as `aer_portal/__init__.py` used to, so that tasks
        # declared with `shared_task` are sent through the configured broker (or run eagerly
        # in tests) by the web process. The package itself stays free of Celery.
        import aer_portal.celery  # noqa: F401
