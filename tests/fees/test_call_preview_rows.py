"""The fee-call preview writes its rows in Python (fees.views.calls): the same markup as the
template loops it replaced, for every kind of row, in English and French."""

# ruff: noqa: E501 (the template's lines as they were)

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from aer_portal.rules.membership import MemberCategory
from fees.models import Exemption, ProgrammeParticipation
from fees.selectors.previews import RowStatus
from fees.services.calls import fee_call_issue
from tests.factories import staff_user, with_totp
from tests.fees.factories import fee_decision, paying_member
from tests.world import client_for

pytestmark = pytest.mark.django_db

#: The loops of templates/fees/call_preview.html before its rows were written in Python.
TEMPLATE_ROWS = """{% load i18n %}{% for group in preview.groups %}<tbody>
    {% for row in group.rows %}
      <tr>
        <th scope="row">{{ row.member.name }}</th>
        <td>{{ row.statistics_text }}</td>
        <td><ol class="fee-steps small mb-0">{{ row.steps_html }}</ol>
          {% for line in row.draft.lines %}{% if line.kind != "membership" %}<div class="small">{{ line.description }}: € {{ line.amount|floatformat:"2g" }}</div>{% endif %}{% endfor %}</td>
        <td class="text-end">€ {{ row.draft.total|floatformat:"2g" }}</td>
        <td>{% for person in row.contacts %}{{ person }}{% if not forloop.last %}, {% endif %}{% empty %}<span class="text-danger">{% translate "none: the invoice will not be e-mailed" %}</span>{% endfor %}</td>
      </tr>
    {% endfor %}
    </tbody>{% endfor %}<tbody>
    {% for row in preview.left_out.rows %}
      <tr class="fee-row-{{ row.status }}">
        <th scope="row">{{ row.member.name }}</th>
        <td>{{ row.category_label }}</td>
        <td>{% if row.status == statuses.INVOICED %}{% blocktranslate with number=row.invoice.number %}Invoiced: {{ number }}{% endblocktranslate %} — <a href="{% url 'fees:invoice' row.invoice.number %}">{% translate "open" %}</a>
          {% elif row.status == statuses.CANNOT_COMPUTE %}<strong>{% translate "Fee cannot be computed" %}:</strong> {{ row.reason }}
          {% elif row.status == statuses.NEW_MEMBER %}{{ row.reason }}
            <form method="post" action="{% url 'fees:first_year_issue' preview.year row.member.pk %}" class="d-inline">{% csrf_token %}<button class="btn btn-sm btn-outline-primary" type="submit">{% translate "Issue the first-year invoice" %}</button></form>
          {% else %}{{ row.reason }}{% endif %}</td>
      </tr>
    {% endfor %}
    </tbody>"""

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_rows_written_in_python_are_the_template_s(time_machine, language: str) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Europe/Brussels")))
    fee_decision(2026, eurodyssey_fee=Decimal(1000))
    staff = staff_user()
    lines = paying_member(name="Alba <Iulia> & Co", population=2_100_000)
    ProgrammeParticipation.objects.create(
        member=lines, year=2026, programme=ProgrammeParticipation.Programme.EURODYSSEY
    )
    Exemption.objects.create(
        member=lines,
        year=2026,
        amount=Decimal("500.50"),
        justification="Flood",
        approved_by=staff,
        approver_name="Treasurer",
        approved_on=date(2026, 2, 1),
    )
    paying_member(name="Bretagne", billing=False)
    paying_member(name="Corse", statistics_year=None)
    paying_member(name="Drenthe", since=date(2026, 2, 10))
    paying_member(name="Elba", category=MemberCategory.OBSERVER)
    invoiced = paying_member(name="Friesland")
    fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2), member_ids=[invoiced.pk])
    client = client_for(with_totp(staff))

    with translation.override(language):
        response = client.get(
            reverse("fees:call", args=[2026]), {"all": "1"}, HTTP_ACCEPT_LANGUAGE=language
        )
        preview = response.context["preview"]
        expected = Template(TEMPLATE_ROWS).render(
            Context(
                {
                    "preview": preview,
                    "statuses": {status.name: status.value for status in RowStatus},
                    "csrf_token": "token",
                }
            )
        )

    statuses = {row.status for row in preview.left_out.rows}
    assert statuses == {
        RowStatus.INVOICED,
        RowStatus.CANNOT_COMPUTE,
        RowStatus.NEW_MEMBER,
        RowStatus.NO_FEE,
    }
    assert {len(group.rows) for group in preview.groups} == {2}
    content = TOKEN.sub("token", response.content.decode())
    for tbody in re.findall(r"<tbody>.*?</tbody>", TOKEN.sub("token", expected), re.S):
        assert tbody in content
    assert "Alba &lt;Iulia&gt; &amp; Co" in content and "500" in content
