"""What a file is, from its content (never its name): the bank formats the portal reads, or
the name of what it looks like instead, so a wrong file gets a message a person understands."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from fees.statements.base import CAMT053, CAMT054, CODA, CSV, MT940, StatementRejected
from fees.statements.camt import namespace_of, read_xml

_MT940_TAGS = re.compile(r"^:(20|25|28C?|60[FM]|61|62[FM]|86):", re.MULTILINE)
_MT942_TAGS = re.compile(r"^:(34F|13D?):", re.MULTILINE)
_CAMT = re.compile(r"camt\.(\d{3})\.")
_PAIN = re.compile(r"pain\.(\d{3})\.")


def _looks_like(what: str) -> StatementRejected:
    return StatementRejected(
        [
            _(
                "This file looks like %(what)s, not a bank statement the portal reads "
                "(camt.053, camt.054, MT940, CODA or a CSV export)."
            )
            % {"what": what}
        ]
    )


def _xml_kind(content: bytes) -> str:
    root = read_xml(content)
    namespace = namespace_of(root)
    local = root.tag.split("}")[-1]
    camt = _CAMT.search(namespace)
    if camt:
        kind = {"053": CAMT053, "054": CAMT054}.get(camt.group(1))
        if kind:
            return kind
        if camt.group(1) == "052":
            raise _looks_like(
                _("an ISO 20022 camt.052 intraday account report; export camt.053 instead")
            )
        raise _looks_like(_("an ISO 20022 camt.%(number)s message") % {"number": camt.group(1)})
    pain = _PAIN.search(namespace)
    if pain:
        raise _looks_like(
            _("an ISO 20022 pain.%(number)s payment order (money to send, not received)")
            % {"number": pain.group(1)}
        )
    if local.lower() == "html":
        raise _looks_like(_("a web page (HTML)"))
    if local.upper() == "OFX":
        raise _looks_like(_("an OFX file"))
    raise _looks_like(
        _("XML that is not an ISO 20022 camt.053 or camt.054 message (namespace “%(ns)s”)")
        % {"ns": namespace or _("none")}
    )


def _is_coda(text: str) -> bool:
    first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    return first.startswith("0000") and len(first.rstrip("\r\n")) >= 120


def detect_format(content: bytes) -> str:
    """One of CSV, CAMT053, CAMT054, MT940, CODA; or :class:`StatementRejected` naming what
    the file looks like."""
    if not content.strip():
        raise StatementRejected([_("The file is empty.")])
    head = content[:8]
    if head.startswith(b"%PDF"):
        raise _looks_like(_("a PDF document (a printed statement); export the file instead"))
    if head.startswith(b"PK\x03\x04"):
        raise _looks_like(
            _("a spreadsheet or word-processor file (XLSX, DOCX, ODS); save it as CSV")
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _looks_like(_("an old Excel or Word file (XLS, DOC); save it as CSV"))
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG", b"GIF8")):
        raise _looks_like(_("an image"))
    stripped = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return _xml_kind(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("windows-1252", errors="replace")
    if "\x00" in text:
        raise _looks_like(_("a binary file, not text"))
    if text.lstrip().upper().startswith("OFXHEADER"):
        raise _looks_like(_("an OFX file"))
    if text.lstrip().startswith("!Type:"):
        raise _looks_like(_("a QIF file"))
    if _is_coda(text):
        version = text.lstrip("\ufeff").splitlines()[0][127:128]
        if version != "2":
            raise _looks_like(
                _("a CODA file of version %(version)s; ask the bank for CODA 2")
                % {"version": version or "?"}
            )
        return CODA
    tags = set(_MT940_TAGS.findall(text))
    balances = {"60F", "60M"} & tags
    if {"20", "25"} <= tags and _MT942_TAGS.search(text) and not balances:
        raise _looks_like(_("a SWIFT MT942 interim report; export MT940 instead"))
    if "61" in tags or ({"20", "25"} <= tags and balances):
        return MT940
    return CSV
