"""The candidacy list's rows, written in Python (issue 16).

A row carries the candidate, the nominating member, the status, the eligibility reasons, the
files' links and, for the Election Committee, a review form: written by the template, its
tags, lookups and escaping per value were most of the page's time. Here the fixed words are
translated once per page and each row is filled with escaped values; the markup is the one the
template wrote (the pages' tests and their French versions compare it).
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from elections.models import Candidacy
from elections.selectors.candidacies import CandidacyRow

#: The status badge's colour by the candidacy's status; any other is awaiting review.
BADGES = {
    Candidacy.Status.ACCEPTED: "text-bg-success",
    Candidacy.Status.REJECTED: "text-bg-danger",
    Candidacy.Status.WITHDRAWN: "text-bg-secondary",
}


class _Words:
    """The table's fixed words in the reader's language, translated once per page."""

    def __init__(self) -> None:
        self.not_eligible = gettext("Not eligible:")
        self.eligible = gettext("Eligible: all the rules are met")
        self.letter = gettext("letter")
        self.cv = gettext("CV")
        self.accept = gettext("Accept")
        self.reject = gettext("Reject")
        self.reason = gettext("Reason (required for a rejection)")
        self.record = gettext("Record the decision")


def _review_form(words: _Words, row: CandidacyRow, action: str, csrf: str) -> str:
    pk = row.pk
    return (
        f'\n        <form method="post" action="{action}review/" class="mb-2">\n'
        f'          <input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">\n'
        "          <fieldset>\n"
        '            <legend class="small fw-bold mb-1">'
        f"{escape(row.decision_legend)}</legend>\n"
        '            <div class="form-check form-check-inline"><input class="form-check-input" '
        f'type="radio" name="decision" value="accept" id="accept-{pk}" required>'
        f'<label class="form-check-label" for="accept-{pk}">{words.accept}</label></div>\n'
        '            <div class="form-check form-check-inline"><input class="form-check-input" '
        f'type="radio" name="decision" value="reject" id="reject-{pk}">'
        f'<label class="form-check-label" for="reject-{pk}">{words.reject}</label></div>\n'
        "          </fieldset>\n"
        f'          <label class="form-label small" for="reason-{pk}">{words.reason}</label>\n'
        '          <textarea class="form-control form-control-sm" name="reason" '
        f'id="reason-{pk}" rows="2"></textarea>\n'
        '          <button type="submit" class="btn btn-sm btn-primary mt-1">'
        f"{words.record}</button>\n"
        "        </form>\n        "
    )


def _withdraw_form(row: CandidacyRow, action: str, csrf: str) -> str:
    return (
        f'\n        <form method="post" action="{action}withdraw/">\n'
        f'          <input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">\n'
        '          <button type="submit" class="btn btn-sm btn-outline-danger">'
        f"{escape(row.withdraw_label)}</button>\n"
        "        </form>\n        "
    )


def _row(
    words: _Words, row: CandidacyRow, *, committee: bool, candidacies_url: str, csrf: str
) -> str:
    action = f"{candidacies_url}{row.pk}/"
    role = (
        f'<br><span class="small">{escape(row.bureau_role_label)}</span>' if row.bureau_role else ""
    )
    reason = (
        f'<div class="small mt-1">{escape(row.review_reason)}</div>' if row.review_reason else ""
    )
    if not (committee or row.own):
        eligibility = "—"
    elif row.reasons:
        items = "".join(f"<li>{words.not_eligible} {escape(r)}</li>" for r in row.reasons)
        eligibility = f'<ul class="small mb-0 ps-3 text-danger-emphasis">{items}</ul>'
    else:
        eligibility = f'<span class="small">{words.eligible}</span>'
    files = (
        f'<a href="{action}letter/">{words.letter}</a> · <a href="{action}cv/">{words.cv}</a>'
        if row.may_download
        else "—"
    )
    review = _review_form(words, row, action, csrf) if row.may_review else ""
    withdraw = _withdraw_form(row, action, csrf) if row.may_withdraw else ""
    badge = BADGES.get(row.status, "text-bg-warning")  # type: ignore[call-overload]
    return (
        "\n    \n    <tr>\n"
        f"      <td>{escape(row.position_label)}{role}</td>\n"
        f'      <th scope="row">{escape(row.person_name)}</th>\n'
        f"      <td>{escape(row.member_name)}<br>"
        f'<span class="small text-body-secondary">{escape(row.country)} · '
        f"{escape(row.submitted)}</span></td>\n"
        f'      <td><span class="badge {badge}">{escape(row.status_label)}</span>\n'
        f"        {reason}</td>\n"
        f"      <td>{eligibility}</td>\n"
        f"      <td>{files}</td>\n"
        "      <td>\n"
        f"        {review}\n"
        f"        {withdraw}\n"
        "      </td>\n"
        "    </tr>\n    \n  "
    )


def candidacy_table(
    rows: list[CandidacyRow], *, committee: bool, candidacies_url: str, csrf_token: str
) -> SafeString:
    """The table's rows for ``rows``: what the template's loop wrote, row for row.

    ``candidacies_url`` is the candidacies' address before their id (one reverse a page);
    ``csrf_token`` goes in the review and withdraw forms.
    """
    words = _Words()
    url = escape(candidacies_url)
    csrf = escape(csrf_token)
    return mark_safe(  # translations are trusted, every value is escaped
        "".join(
            _row(words, row, committee=committee, candidacies_url=url, csrf=csrf) for row in rows
        )
    )
