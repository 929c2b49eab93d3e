"""The Celery app a test sends tasks with to a real worker, as the web process does."""

from __future__ import annotations

from celery import Celery


def sending_app(broker_url: str) -> Celery:
    """A separate app that sends tasks by name through `broker_url` and reads their results.

    It is not made Celery's current app: the portal's tasks are shared tasks, which send
    through whatever app is current, so a client made current would leave every later test
    in this process sending its tasks to Redis instead of running them in process (an
    invoice PDF answered 202, "being prepared", to a test that ran after a real-worker test).
    """
    client = Celery("test-client", broker=broker_url, backend=broker_url, set_as_current=False)
    client.conf.update(accept_content=["json"], task_serializer="json")
    return client
