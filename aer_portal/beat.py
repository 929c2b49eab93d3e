"""Celery beat's scheduler, which also records beat's heartbeat in the database."""

from __future__ import annotations

import logging
import time
from typing import Any

from celery.beat import PersistentScheduler
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)

#: Seconds between two heartbeats of beat; /healthz allows HEALTH_BEAT_MAX_AGE.
BEAT_HEARTBEAT_SECONDS = 15.0


class PortalScheduler(PersistentScheduler):
    """The default file-backed schedule; its file may lag (the claims in the database keep each
    job to one run a period), and every tick notes that beat is alive."""

    _last_heartbeat = 0.0

    def tick(self, *args: Any, **kwargs: Any) -> float:
        interval = super().tick(*args, **kwargs)
        if time.monotonic() - self._last_heartbeat >= BEAT_HEARTBEAT_SECONDS:
            self._heartbeat()
        return min(interval, BEAT_HEARTBEAT_SECONDS)

    def _heartbeat(self) -> None:
        from aer_portal.scheduling import heartbeat_record

        close_old_connections()
        try:
            heartbeat_record(component="beat", now=timezone.now())
        except DatabaseError:
            logger.warning("beat could not record its heartbeat", exc_info=True)
            return
        self._last_heartbeat = time.monotonic()
