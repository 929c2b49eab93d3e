"""The candidates' portfolio as one PDF (Procedures art. 15.6).

A cover and a contents page made with WeasyPrint, then for every accepted candidate a title
page followed by the application letter and the CV. Uploaded PDFs are merged with pypdf; a
DOCX (or a PDF that cannot be read, e.g. encrypted) is listed with a link to the download that
checks rights, so the portfolio never depends on converting Word files.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from aer_portal.messages import portal_name
from elections.models import Candidacy, Election

logger = logging.getLogger(__name__)
# WeasyPrint reports every layout step at INFO; the portal's logs need only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass
class Attachment:
    """A letter or CV: merged pages when it is a readable PDF, otherwise a link."""

    label: str
    url: str
    reader: PdfReader | None = None
    first_page: int | None = None

    @property
    def pages(self) -> int:
        return len(self.reader.pages) if self.reader is not None else 0


@dataclass
class Entry:
    """One candidate in the portfolio, with the page of their title page."""

    candidacy: Candidacy
    attachments: list[Attachment] = field(default_factory=list)
    page: int | None = None


def _reader(file: FieldFile) -> PdfReader | None:
    if not (file.name or "").lower().endswith(".pdf"):
        return None
    try:
        with file.open("rb") as handle:
            reader = PdfReader(io.BytesIO(handle.read()))
        if reader.is_encrypted:
            return None
        len(reader.pages)  # parses the page tree: a broken file fails here, not when merging
    except (OSError, PdfReadError, ValueError) as error:
        logger.warning("Portfolio: %s could not be merged (%s); linked instead", file.name, error)
        return None
    return reader


def _entries(candidacies: list[Candidacy], *, base_url: str) -> list[Entry]:
    entries = []
    for candidacy in candidacies:
        entry = Entry(candidacy)
        for which, label in (("letter", "letter"), ("cv", "cv")):
            path = reverse("elections:candidacy_file", args=[candidacy.pk, which])
            entry.attachments.append(
                Attachment(label, base_url.rstrip("/") + path, _reader(getattr(candidacy, which)))
            )
        entries.append(entry)
    return entries


def _front_matter(election: Election, entries: list[Entry], generated_at: datetime) -> str:
    return render_to_string(
        "elections/portfolio/portfolio.html",
        {
            "election": election,
            "entries": entries,
            "generated_at": generated_at,
            "portal_name": portal_name(),
        },
    )


def _number_pages(entries: list[Entry], *, front_pages: int) -> None:
    page = front_pages + 1
    for entry in entries:
        entry.page = page
        page += 1
        for attachment in entry.attachments:
            if attachment.reader is not None:
                attachment.first_page = page
                page += attachment.pages


def portfolio_pdf(
    *, election: Election, candidacies: list[Candidacy], base_url: str, now: datetime | None = None
) -> bytes:
    """The portfolio's bytes: cover, contents, then each candidate's title page, letter and CV.

    The front matter is laid out twice: once to learn how many contents pages there are, then
    with the page numbers filled in. The language is the portal's default (English, the
    reference language of the Procedures, art. 1.2).
    """
    from weasyprint import HTML  # imported here: it takes seconds, and only this needs it

    generated_at = now or timezone.now()
    entries = _entries(candidacies, base_url=base_url)
    with translation.override(settings.LANGUAGE_CODE):
        # First pass: page numbers are placeholders of the same width.
        for entry in entries:
            entry.page = 999
            for attachment in entry.attachments:
                attachment.first_page = 999 if attachment.reader is not None else None
        draft = HTML(string=_front_matter(election, entries, generated_at)).render()
        front_pages = len(draft.pages) - len(entries)
        _number_pages(entries, front_pages=front_pages)
        document = HTML(string=_front_matter(election, entries, generated_at)).render()
        contents_label = gettext("Contents")
    if len(document.pages) != front_pages + len(entries):
        raise RuntimeError("portfolio: the contents changed length between the two layouts")
    front = PdfReader(io.BytesIO(document.write_pdf()))
    writer = PdfWriter()
    for index in range(front_pages):
        writer.add_page(front.pages[index])
    writer.add_outline_item(title=contents_label, page_number=min(1, front_pages - 1))
    for position, entry in enumerate(entries):
        title_index = len(writer.pages)
        writer.add_page(front.pages[front_pages + position])
        writer.add_outline_item(
            title=f"{entry.candidacy.person} — {entry.candidacy.position}",
            page_number=title_index,
        )
        for attachment in entry.attachments:
            if attachment.reader is not None:
                for page in attachment.reader.pages:
                    writer.add_page(page)
    writer.add_metadata(
        {"/Title": f"{election.title} — candidates' portfolio", "/Author": settings.PORTAL_NAME}
    )
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
