"""Import and export of members, people and statistics (django-import-export).

Every import is all or nothing: a preview first (a dry run), then every row is saved or none,
and every bad row is listed with its line in the file and the reason. Exports neutralise
spreadsheet formulas. The formats and the base resource here serve the governance app too.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from members.models import ContactRole, Country, Member, MemberStatistics, Person
from members.selectors.memberships import category_label, with_current_category

#: What a spreadsheet may read as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_neutralised(value: object) -> object:
    """Undoes :func:`neutralise_formula` on import, so an exported file imports unchanged."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class NeutralisingFormat:
    """Replaces import-export's escaping, which only strips a leading "=" (and turns every
    cell into text), with the apostrophe prefix for every dangerous first character."""

    def _escape_formulae(self, dataset: tablib.Dataset) -> None:
        for _row in range(len(dataset)):
            row = dataset.lpop()
            dataset.append([neutralise_formula(cell) for cell in row])


class SafeCSV(NeutralisingFormat, base_formats.CSV):
    pass


def typed_xlsx(dataset: tablib.Dataset) -> bytes:
    """The dataset as an XLSX workbook whose cells keep their types.

    Numbers are numbers and dates are dates (a spreadsheet sums and sorts them); an amount
    with two decimals shows two decimals. Text is written as a text cell, which a spreadsheet
    never runs as a formula, so it needs no apostrophe: a phone number "+32 2 …" or a name
    "=HYPERLINK(…)" shows exactly as typed, and no cell of this workbook is a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = (dataset.title or "Export")[:31]
    bold = Font(bold=True)
    for column, header in enumerate(dataset.headers or [], start=1):
        sheet.cell(row=1, column=column, value=str(header)).font = bold
    sheet.freeze_panes = "A2"
    for row_number, row in enumerate(dataset, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                cell.value = value
            elif isinstance(value, Decimal):
                cell.value = value
                exponent = value.as_tuple().exponent
                places = -exponent if isinstance(exponent, int) else 0
                if places == 2:
                    cell.number_format = "#,##0.00"
                elif places > 0:
                    cell.number_format = "0." + "0" * places
            elif isinstance(value, int | float):
                cell.value = value
            elif isinstance(value, datetime.datetime):
                cell.value = (
                    timezone.localtime(value).replace(tzinfo=None)
                    if (timezone.is_aware(value))
                    else value
                )
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, datetime.date):
                cell.value = value
                cell.number_format = "yyyy-mm-dd"
            else:
                text = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", str(value))
                cell.value = text
                cell.data_type = "s"  # text, even when it starts with "="
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class SafeXLSX(base_formats.XLSX):
    """XLSX with typed cells (:func:`typed_xlsx`); formulas are guarded by writing every text
    as a text cell, not by an apostrophe."""

    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        return typed_xlsx(dataset)


# import-export hands binary formats native values (numbers, dates) rather than text, but
# recognises them by exact type: the portal's XLSX is one of them.
if SafeXLSX not in base_formats.BINARY_FORMATS:
    base_formats.BINARY_FORMATS.append(SafeXLSX)


#: The formats the secretariat imports and exports: CSV and XLSX.
PORTAL_FORMATS = [SafeCSV, SafeXLSX]


class PortalImportExportMixin(ImportExportMixin):
    """CSV and XLSX with formulas neutralised; an import is all or nothing, after a preview,
    and lists every bad row with its line. Importing needs the model's "add" permission."""

    formats = PORTAL_FORMATS
    import_template_name = "admin/members/import.html"

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        data = super().get_import_data_kwargs(**kwargs)
        data["rollback_on_validation_errors"] = True
        return data


class LookupWidget(widgets.ForeignKeyWidget):
    """A foreign key read by a natural key; an unknown value names the column and the value."""

    def __init__(self, model: type[Model], field: str, *, what: str) -> None:
        super().__init__(model, field)
        self.what = what
        self.cache: dict[Any, Any] = {}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
        # A file names the same few members on many rows: look each up once per import.
        if value in self.cache:
            return self.cache[value]
        try:
            found = super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            raise ValueError(
                _("no %(what)s “%(value)s” is recorded.") % {"what": self.what, "value": value}
            ) from None
        self.cache[value] = found
        return found


class CodeWidget(LookupWidget):
    """A country by its ISO code, whatever the case."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        return super().clean(value.upper() if isinstance(value, str) else value, row, **kwargs)


class NumberCellWidget(widgets.Widget):
    """A number cell; text that is not a number names itself, not Python's decimal error."""

    def __init__(self, number: widgets.Widget) -> None:
        super().__init__()
        self.number = number

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        try:
            return self.number.clean(value, row, **kwargs)
        except (InvalidOperation, ValueError, TypeError):
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from None

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return self.number.render(value, obj, **kwargs)


class PortalResource(resources.ModelResource):
    """Validates every row like a form would (``full_clean``) and reads neutralised cells."""

    @classmethod
    def widget_from_django_field(cls, f: Any, default: Any = widgets.Widget) -> Any:
        widget = super().widget_from_django_field(f, default)
        if isinstance(widget, type) and issubclass(widget, widgets.NumberWidget):
            return lambda **kwargs: NumberCellWidget(widget(**kwargs))
        return widget

    class Meta:
        clean_model_instances = True
        skip_unchanged = False
        report_skipped = True

    def before_import(self, dataset: tablib.Dataset, **kwargs: Any) -> None:
        for field in self.fields.values():
            if isinstance(field.widget, LookupWidget):
                field.widget.cache = {}
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row: dict[str, Any], **kwargs: Any) -> None:
        for key, value in list(row.items()):
            row[key] = restore_neutralised(value)
        super().before_import_row(row, **kwargs)


def add_missing_id_column(dataset: tablib.Dataset) -> None:
    """A file of new records may leave out the "id" column: it means "create"."""
    if "id" not in (dataset.headers or []):
        dataset.append_col([""] * len(dataset), header="id")


class MemberResource(PortalResource):
    """Members by their official name; the current category is exported, never imported."""

    country = fields.Field(
        attribute="country",
        column_name="country",
        widget=CodeWidget(Country, "code", what="country with the ISO code"),
    )
    current_category = fields.Field(column_name="current category", readonly=True)

    class Meta(PortalResource.Meta):
        model = Member
        import_id_fields = ("name",)
        fields = (
            "name",
            "native_name",
            "country",
            "kind",
            "hosts_aer_office",
            "website",
            "billing_address",
            "billing_postcode",
            "billing_city",
            "vat_number",
            "registration_number",
            "current_category",
        )
        export_order = fields

    def filter_export(self, queryset: QuerySet[Member], **kwargs: Any) -> QuerySet[Member]:
        return with_current_category(queryset.select_related("country"), on=timezone.localdate())

    def dehydrate_current_category(self, member: Member) -> str:
        return category_label(getattr(member, "current_category", None))


class ContactRolesWidget(widgets.Widget):
    """Contact roles as "billing, eurodyssey" (values or English names, any case)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[str]:
        known = {role.value: role.value for role in ContactRole.Role}
        known |= {str(role.label).lower(): role.value for role in ContactRole.Role}
        roles = []
        for part in re.split(r"[,;]", str(value or "")):
            name = part.strip().lower()
            if not name:
                continue
            if name not in known:
                raise ValueError(
                    _("“%(role)s” is not a contact role; use one of %(roles)s.")
                    % {"role": part.strip(), "roles": ", ".join(r.value for r in ContactRole.Role)}
                )
            roles.append(known[name])
        return roles

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return ", ".join(value or ())


class PersonResource(PortalResource):
    """People, with their member (by official name) and contact roles.

    A row without an id creates a person; a row with an id updates that person. The
    "contact roles" column, when present, replaces the person's roles.
    """

    member = fields.Field(
        attribute="member",
        column_name="member",
        widget=LookupWidget(Member, "name", what="member named"),
    )
    contact_roles = fields.Field(
        attribute="import_contact_roles", column_name="contact roles", widget=ContactRolesWidget()
    )

    class Meta(PortalResource.Meta):
        model = Person
        import_id_fields = ("id",)
        fields = (
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "title",
            "languages",
            "gender",
            "member",
            "contact_roles",
        )
        export_order = fields

    def before_import(self, dataset: tablib.Dataset, **kwargs: Any) -> None:
        add_missing_id_column(dataset)
        super().before_import(dataset, **kwargs)

    def get_or_init_instance(self, instance_loader: Any, row: dict[str, Any]) -> Any:
        if not str(row.get("id") or "").strip():
            return self.init_instance(row), True  # a new person: nothing to look up
        instance, new = super().get_or_init_instance(instance_loader, row)
        if not new and instance.anonymised_on is not None:
            raise ValidationError(
                {"id": _("person %(id)s is anonymised and cannot change.") % {"id": instance.pk}}
            )
        return instance, new

    def filter_export(self, queryset: QuerySet[Person], **kwargs: Any) -> QuerySet[Person]:
        return queryset.select_related("member").prefetch_related("contact_roles")

    def dehydrate_contact_roles(self, person: Person) -> str:
        return ", ".join(role.role for role in person.contact_roles.all())

    def after_save_instance(self, instance: Person, row: dict[str, Any], **kwargs: Any) -> None:
        wanted = getattr(instance, "import_contact_roles", None)
        if wanted is None:
            return
        existing = {role.role: role for role in instance.contact_roles.all()}
        for name, role in existing.items():
            if name not in wanted:
                role.delete()
        for name in dict.fromkeys(wanted):
            if name not in existing:
                ContactRole.objects.create(person=instance, role=name)


class MemberStatisticsResource(PortalResource):
    """A member's figures for one year; a row for a member and year already known updates it."""

    member = fields.Field(
        attribute="member",
        column_name="member",
        widget=LookupWidget(Member, "name", what="member named"),
    )

    class Meta(PortalResource.Meta):
        model = MemberStatistics
        import_id_fields = ("member", "year")
        fields = (
            "member",
            "year",
            "population",
            "population_source",
            "relative_gdp",
            "relative_gdp_source",
            "total_revenue",
            "total_revenue_source",
        )
        export_order = fields

    def filter_export(
        self, queryset: QuerySet[MemberStatistics], **kwargs: Any
    ) -> QuerySet[MemberStatistics]:
        return queryset.select_related("member")


def import_report(result: Any) -> list[str]:
    """Every bad row of an import result as "line N, column “c”: reason", the header being
    line 1."""
    lines: list[tuple[int, str]] = [(0, str(error.error)) for error in result.base_errors]
    for number, errors in result.row_errors():
        lines += [
            (number + 1, _("line %(line)s: %(error)s") % {"line": number + 1, "error": e.error})
            for e in errors
        ]
    for row in result.invalid_rows:
        for field, messages in row.error_dict.items():
            # The file's own column header, which is what the person typed and can find.
            for message in messages:
                if field == NON_FIELD_ERRORS:
                    text = _("line %(line)s: %(error)s") % {
                        "line": row.number + 1,
                        "error": message,
                    }
                else:
                    text = _("line %(line)s, column “%(column)s”: %(message)s") % {
                        "line": row.number + 1,
                        "column": field,
                        "message": message,
                    }
                lines.append((row.number + 1, text))
    return [text for _number, text in sorted(lines, key=lambda line: line[0])]
