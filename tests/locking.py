"""Holding a transaction open in another thread, to see who waits for whose row locks
(PostgreSQL only: SQLite takes one write lock for the whole database)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, connections, transaction


@contextmanager
def held_open(work: Callable[[], Any]) -> Iterator[list[Any]]:
    """Runs ``work`` in a transaction of its own thread and keeps that transaction open (its
    locks held) for the ``with`` block; commits after it. Yields ``work``'s result, or the
    exception it raised, as a one-element list once the work is done."""
    done, release = threading.Event(), threading.Event()
    outcome: list[Any] = []

    def run() -> None:
        try:
            with transaction.atomic():
                try:
                    outcome.append(work())
                except Exception as error:
                    outcome.append(error)
                done.set()
                release.wait(30)
        finally:
            done.set()
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    done.wait(30)
    try:
        yield outcome
    finally:
        release.set()
        thread.join(30)


@contextmanager
def lock_timeout(seconds: float) -> Iterator[None]:
    """This connection waits at most ``seconds`` for a row lock, then the statement fails."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = '{int(seconds * 1000)}ms'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
