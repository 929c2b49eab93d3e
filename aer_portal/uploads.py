"""Checks on uploaded files (CVs, letters, meeting documents) and where they are stored.

A file is accepted when its size is within UPLOAD_MAX_BYTES and its content is what its
extension claims: an executable renamed `.pdf` is refused. Stored names are generated, so a
person's file name never reaches the file system or another person.
"""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

# What the first bytes (or, for Office and OpenDocument files, the zip's parts) must be.
_ZIP_PARTS = {
    ".docx": "word/document.xml",
    ".xlsx": "xl/workbook.xml",
}
_OPENDOCUMENT_MIMETYPES = {".odt": b"application/vnd.oasis.opendocument.text"}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def _content_matches(extension: str, upload: UploadedFile) -> bool:
    upload.seek(0)
    head = upload.read(512)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension in _ZIP_PARTS:
                return "[Content_Types].xml" in names and _ZIP_PARTS[extension] in names
            return archive.read("mimetype").strip() == _OPENDOCUMENT_MIMETYPES[extension]
    except (zipfile.BadZipFile, KeyError):
        return False
    finally:
        upload.seek(0)


def validate_upload(
    upload: UploadedFile, *, allowed: Iterable[str], field: str = "file"
) -> UploadedFile:
    """Raises ValidationError when size, extension or content is wrong; the form shows it under
    the field (``field`` names it for callers that report it elsewhere)."""
    extensions = tuple(allowed)
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in extensions:
        raise ValidationError(
            _("Only %(allowed)s files are accepted, not “%(name)s”.")
            % {
                "allowed": ", ".join(e.lstrip(".").upper() for e in extensions),
                "name": upload.name,
            },
            code="extension",
        )
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is larger than the limit of %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
            code="size",
        )
    if not _content_matches(extension, upload):
        raise ValidationError(
            _("The content of “%(name)s” is not a %(kind)s file.")
            % {"name": upload.name, "kind": extension.lstrip(".").upper()},
            code="content",
        )
    return upload


@deconstructible
class UploadValidator:
    """A form-field or model-field validator for the given extensions (serialisable)."""

    def __init__(self, *allowed: str, field: str = "file") -> None:
        self.allowed = allowed
        self.field = field

    def __call__(self, upload: UploadedFile) -> None:
        validate_upload(upload, allowed=self.allowed, field=self.field)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and other.allowed == self.allowed
            and other.field == self.field
        )

    def __hash__(self) -> int:
        return hash((self.allowed, self.field))


def upload_validator(*allowed: str, field: str = "file") -> UploadValidator:
    """A form-field or model-field validator for the given extensions."""
    return UploadValidator(*allowed, field=field)


@deconstructible
class GeneratedName:
    """An `upload_to` that stores every file as `<folder>/<year>/<uuid><ext>`."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: Model, filename: str) -> str:
        from django.utils import timezone

        extension = PurePath(filename).suffix.lower()
        return f"{self.folder}/{timezone.now():%Y}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GeneratedName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)
