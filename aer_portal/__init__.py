"""The AER governance portal: settings, URLs, the Celery app and the rules module.

Importing this package imports nothing but the standard library, so ``aer_portal.rules`` can be
used and tested in a bare Python (no Django, no Celery). The Celery app is loaded when Django
starts (:class:`aer_portal.apps.PortalConfig`), so ``shared_task`` in the web process sends
through it; ``celery -A aer_portal`` finds it in :mod:`aer_portal.celery`; ``celery_app`` is
still available here, loaded on first use.
"""

from typing import Any

__all__ = ("celery_app",)


def __getattr__(name: str) -> Any:
    # PEP 562: `aer_portal.celery_app` imports Celery only when someone asks for it.
    if name == "celery_app":
        from aer_portal.celery import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
