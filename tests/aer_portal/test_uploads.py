"""Uploaded files are checked by size and by content against their extension."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from aer_portal.uploads import GeneratedName, validate_upload

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.mark.parametrize(
    ("name", "content"), [("cv.pdf", PDF), ("letter.DOCX", DOCX), ("notes.odt", ODT)]
)
def test_files_whose_content_matches_their_extension_pass(name: str, content: bytes) -> None:
    upload = SimpleUploadedFile(name, content)
    assert validate_upload(upload, allowed=[".pdf", ".docx", ".odt"]) is upload


def test_an_executable_renamed_pdf_is_refused_with_the_field_named() -> None:
    upload = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100)
    with pytest.raises(ValidationError, match=r"^\['The content of “cv.pdf” is not a PDF"):
        validate_upload(upload, allowed=[".pdf"], field="cv")


def test_a_zip_that_is_not_a_word_document_is_refused() -> None:
    upload = SimpleUploadedFile("letter.docx", _zip({"evil.exe": b"MZ"}))
    with pytest.raises(ValidationError, match="not a DOCX file"):
        validate_upload(upload, allowed=[".docx"])


def test_an_extension_that_is_not_allowed_is_refused() -> None:
    with pytest.raises(ValidationError, match="Only PDF files are accepted"):
        validate_upload(SimpleUploadedFile("cv.exe", PDF), allowed=[".pdf"])


def test_a_file_over_the_limit_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="larger than the limit"):
        validate_upload(SimpleUploadedFile("cv.pdf", PDF), allowed=[".pdf"])


def test_stored_names_are_generated() -> None:
    name = GeneratedName("cvs")(None, "Ioana Popescu – CV (final).PDF")  # type: ignore[arg-type]
    assert name.startswith("cvs/") and name.endswith(".pdf")
    assert "Popescu" not in name
