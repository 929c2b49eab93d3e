"""The Celery task base of work recorded as a ``PendingTask`` (governance.services.pending).

A task published for a pending row carries the row in its task id; the base records when it
starts, when it is done (with its result) and why it failed, so the periodic job knows what
to publish again and progress pages what to show. A task called otherwise records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from celery import Task, shared_task

from aer_portal.errors import DomainError
from governance.services.pending import (
    pending_id_from,
    pending_task_done,
    pending_task_failed,
    pending_task_retrying,
    pending_task_started,
)

_P = ParamSpec("_P")
_R = TypeVar("_R")


class PendingWorkTask(Task):
    """Base of the tasks that complete pending work; must stay idempotent."""

    abstract = True

    def before_start(self, task_id: str, args: Any, kwargs: Any) -> None:
        if (pk := pending_id_from(task_id)) is not None:
            pending_task_started(pk=pk)

    def on_success(self, retval: Any, task_id: str, args: Any, kwargs: Any) -> None:
        if (pk := pending_id_from(task_id)) is not None:
            pending_task_done(pk=pk, result=retval)

    def on_retry(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        if (pk := pending_id_from(task_id)) is not None:
            pending_task_retrying(pk=pk, error=f"{type(exc).__name__}: {exc}")

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        if (pk := pending_id_from(task_id)) is not None:
            if isinstance(exc, DomainError):
                pending_task_failed(pk=pk, error=exc.message, final=True)
            else:
                pending_task_failed(pk=pk, error=f"{type(exc).__name__}: {exc}")


def delivery_task(name: str) -> Callable[[Callable[_P, _R]], Task[_P, _R]]:
    """A task of pending work that leaves the machine (mail, a PDF mailed): a network error
    retries it after a minute, then longer, five times at most, before it counts as failed."""
    return shared_task(
        name=name, base=PendingWorkTask, autoretry_for=(OSError,), retry_backoff=60, max_retries=5
    )
