"""Sealed envelopes for secret ballots: nothing in the database can open them (art. 15.9).

While a vote is open, a cast ballot is stored only as an envelope sealed with AES-256-GCM under
a key that is not in the database: it is derived (HKDF-SHA256) from the ``BALLOT_KEY`` setting,
or from ``SECRET_KEY`` when ``BALLOT_KEY`` is empty. Every envelope has a random nonce and the
same length whatever it holds (the content is padded), and it is bound to its vote (``context``)
so that it cannot be moved to another one. When the vote closes, the service opens every
envelope, writes the plain ballots in a random order and deletes the envelopes.

A copy of the database alone therefore never links a voter to a choice. Whoever holds both the
key and the database while voting is open can (README, "Secret ballots").

This module is pure infrastructure: it imports no app.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from typing import Any, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

#: Format of an envelope: one version byte, a 12-byte random nonce, then the AES-GCM output.
VERSION = b"\x01"
NONCE_BYTES = 12
#: Every plaintext is padded to this length, so that the envelope's length tells nothing.
PADDED_BYTES = 256
#: The shortest ballot key accepted when DEBUG is off.
MIN_KEY_CHARS = 32

#: Ballots are shuffled with the operating system's randomness, never a seeded generator.
system_random = secrets.SystemRandom()


class SealError(Exception):
    """An envelope could not be sealed or opened (no usable key, or not this key's envelope)."""


def _secret() -> str:
    ballot_key = str(getattr(settings, "BALLOT_KEY", "") or "")
    if ballot_key:
        return ballot_key
    try:
        return str(settings.SECRET_KEY or "")
    except ImproperlyConfigured:  # Django refuses to read an empty SECRET_KEY
        return ""


def key_problem() -> str | None:
    """Why the portal may not seal ballots now, in a person's words; ``None`` when it may.

    A key is needed: ``BALLOT_KEY``, or else ``SECRET_KEY``. When DEBUG is off (production) it
    must be at least 32 characters long, so that nobody can guess it.
    """
    secret = _secret()
    if not secret:
        return _(
            "ballot key: no ballot key is configured (set BALLOT_KEY); a secret vote cannot be "
            "opened without it."
        )
    if not settings.DEBUG and len(secret) < MIN_KEY_CHARS:
        return _(
            "ballot key: the ballot key (BALLOT_KEY, or SECRET_KEY when it is empty) is shorter "
            "than %(count)d characters; a secret vote cannot be opened with it."
        ) % {"count": MIN_KEY_CHARS}
    return None


def _derive(purpose: bytes) -> bytes:
    secret = _secret()
    if not secret:
        raise SealError(key_problem() or "no ballot key")
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"aer-portal " + purpose
    ).derive(secret.encode("utf-8"))


def seal(payload: dict[str, Any], *, context: str) -> bytes:
    """The envelope of ``payload`` (JSON-serialisable) for the vote named by ``context``."""
    plain = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")
    if len(plain) >= PADDED_BYTES:
        raise SealError("ballot too long to seal")
    # Pad with spaces: JSON ignores trailing whitespace, and every envelope has one length.
    padded = plain + b" " * (PADDED_BYTES - len(plain))
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_derive(b"ballot seal v1")).encrypt(nonce, padded, context.encode("utf-8"))
    return VERSION + nonce + sealed


def open_envelope(envelope: bytes, *, context: str) -> dict[str, Any]:
    """The payload sealed in ``envelope``; :class:`SealError` if not sealed by this key and vote."""
    data = bytes(envelope)
    if data[:1] != VERSION or len(data) < 1 + NONCE_BYTES + 16:
        raise SealError("not a ballot envelope")
    nonce, sealed = data[1 : 1 + NONCE_BYTES], data[1 + NONCE_BYTES :]
    try:
        plain = AESGCM(_derive(b"ballot seal v1")).decrypt(nonce, sealed, context.encode("utf-8"))
    except InvalidTag as error:
        raise SealError("the ballot key does not open this envelope") from error
    payload = json.loads(plain.decode("utf-8"))
    if not isinstance(payload, dict):
        raise SealError("not a ballot envelope")
    return payload


def receipt_tag(normal_code: str) -> str:
    """A keyed hash of a receipt code, to find a sealed ballot before the vote closes.

    It differs from the SHA-256 the counted ballot keeps, so that an envelope deleted at close
    (and perhaps still readable in the database's free space) cannot be matched with it.
    """
    key = _derive(b"receipt tag v1")
    return hmac.new(key, normal_code.encode("utf-8"), hashlib.sha256).hexdigest()


T = TypeVar("T")


def shuffled(items: list[T]) -> list[T]:
    """A copy of ``items`` in a random order drawn from the operating system."""
    copy = list(items)
    system_random.shuffle(copy)
    return copy
