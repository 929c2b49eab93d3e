"""Portal-wide periodic tasks."""

import logging

from celery import shared_task
from django.db import connection

logger = logging.getLogger(__name__)


@shared_task(name="aer_portal.tasks.heartbeat")
def heartbeat() -> str:
    """Proves that beat, broker, worker and database all answer; logs at debug level."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    logger.debug("heartbeat")
    return "ok"
