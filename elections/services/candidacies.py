"""Nominating, withdrawing and reviewing candidacies (Procedures arts. 15.1, 15.2, 15.5, 15 A–D)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError, Refused
from aer_portal.messages import render_with_article
from aer_portal.rules.candidacies import withdrawal_reason
from aer_portal.rules.eligibility import candidacy_deadline_reason
from aer_portal.uploads import validate_upload
from aer_portal.validation import validate_and_save
from elections.models import CANDIDACY_FILE_TYPES, Candidacy, Election, Position
from elections.selectors.candidacies import Nominee, eligibility_reasons, started_position_ids
from elections.selectors.people import render_reasons
from governance.selectors.roles import office_roles
from members.access import account_roles, may_act_for_region, may_run_elections
from members.models import Member, Person, User


def _check_file(upload: UploadedFile | None, *, field: str) -> UploadedFile:
    # The page shows the refusal above the form too: it names the file as the form does.
    label = capfirst(str(getattr(Candidacy._meta.get_field(field), "verbose_name", field)))
    if upload is None:
        raise DomainError(
            _("%(field)s: a PDF or DOCX file is required (Procedures art. 15.5).")
            % {"field": label},
            field=field,
        )
    try:
        return validate_upload(upload, allowed=CANDIDACY_FILE_TYPES, field=field)
    except ValidationError as error:
        raise DomainError(
            _("%(field)s: %(problem)s") % {"field": label, "problem": error.messages[0]},
            field=field,
        ) from error


@transaction.atomic
def candidacy_submit(
    *,
    election: Election,
    position: Position,
    person: Person,
    member: Member,
    letter: UploadedFile | None,
    cv: UploadedFile | None,
    actor: User,
    today: date,
    bureau_role: str = "",
) -> Candidacy:
    """A member's officer nominates one of the member's people for one position.

    Refused, with every reason, after the deadline (art. 15.5), for a candidate without a
    regional political mandate (art. 15.2), from a suspended member (art. 3.5) or one that is
    not a full member, past the term limit (art. 15 A–D), for a Monitoring and Evaluation Group
    candidate who sits in another governing structure (art. 15 C), and for a file that is not
    the PDF or DOCX it claims to be. Nothing is saved when it is refused.
    """
    election = (
        Election.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=election.pk)
    )
    if not election.is_published:
        raise DomainError(_("Candidacies open when the election is published."))
    if position.election_id != election.pk:
        raise DomainError(_("The position is not one of this election."), field="position")
    if not may_act_for_region(account_roles(user=actor), member_id=member.pk):
        raise Refused(
            _("Only the officer of %(member)s nominates its candidates.") % {"member": member},
            field="member",
        )
    late = candidacy_deadline_reason(submitted_on=today, election_day=election.election_day)
    if late is not None:
        raise DomainError(render_with_article(late), field="election")
    if person.member_id != member.pk:
        raise DomainError(
            _("%(person)s is not one of %(member)s's people; a member nominates its own.")
            % {"person": person, "member": member},
            field="person",
        )
    if position.is_ratification and bureau_role not in Candidacy.BureauRole.values:
        raise DomainError(
            _(
                "Say whether the candidate is the country's representative or a "
                "substitute (Procedures art. 15 B)."
            ),
            field="bureau_role",
        )
    if not position.is_ratification:
        bureau_role = ""
    (reasons,) = eligibility_reasons(
        [Nominee.of(person, member_id=member.pk, position_kind=position.kind)],
        election=election,
        on=today,
    )
    if reasons:
        raise DomainError(
            _("%(person)s may not stand: %(reasons)s")
            % {"person": person, "reasons": " ".join(render_reasons(reasons))},
            field="person",
        )
    if Candidacy.objects.filter(
        election=election,
        person=person,
        status__in=[Candidacy.Status.SUBMITTED, Candidacy.Status.ACCEPTED],
    ).exists():
        raise DomainError(
            _("%(person)s already stands in this election; a candidate stands for one position.")
            % {"person": person},
            field="person",
        )
    candidacy = Candidacy(
        election=election,
        position=position,
        person=person,
        member=member,
        nominated_by=actor,
        submitted_on=today,
        letter=_check_file(letter, field="letter"),
        cv=_check_file(cv, field="cv"),
        bureau_role=bureau_role,
    )
    validate_and_save(candidacy, actor=actor)
    return candidacy


@transaction.atomic
def candidacy_withdraw(*, candidacy: Candidacy, actor: User, today: date) -> Candidacy:
    """The nominating member (or the secretariat) withdraws a candidacy until election day.

    Once voting for the position has begun the ballot papers are printed or online: refused.
    """
    candidacy = (
        Candidacy.objects.select_for_update(of=("self",))
        .select_related("election__meeting", "person")
        .get(pk=candidacy.pk)
    )
    if not may_act_for_region(account_roles(user=actor), member_id=candidacy.member_id):
        raise Refused(
            _("Only the nominating member's officer or the secretariat withdraws a candidacy.")
        )
    if not candidacy.is_standing:
        raise DomainError(
            _("The candidacy is %(status)s already.") % {"status": candidacy.get_status_display()}
        )
    late = withdrawal_reason(today=today, election_day=candidacy.election.election_day)
    if late is not None:
        raise DomainError(render_with_article(late), field="candidacy")
    if candidacy.position_id in started_position_ids(election=candidacy.election):
        raise DomainError(_("Voting for this position has begun; it can no longer be withdrawn."))
    candidacy.status = Candidacy.Status.WITHDRAWN
    candidacy.withdrawn_on = today
    validate_and_save(candidacy, actor=actor, exclude=("letter", "cv"))
    return candidacy


@transaction.atomic
def candidacy_review(
    *, candidacy: Candidacy, actor: User, accept: bool, reason: str, today: date
) -> Candidacy:
    """The Election Committee accepts or rejects a candidacy (Procedures art. 15.1).

    A rejection gives its reason. An acceptance is refused while the rules find the candidate
    ineligible (the reasons are listed), so that the portfolio holds eligible candidates only.
    """
    if not may_run_elections(office_roles(user=actor, on=today)):
        raise Refused(_("Only the Election Committee reviews candidacies."))
    candidacy = (
        Candidacy.objects.select_for_update(of=("self",))
        .select_related("election__meeting", "position", "person")
        .get(pk=candidacy.pk)
    )
    if candidacy.status != Candidacy.Status.SUBMITTED:
        raise DomainError(
            _("The candidacy is %(status)s; only a candidacy awaiting review is reviewed.")
            % {"status": candidacy.get_status_display()}
        )
    reason = reason.strip()
    if accept:
        (reasons,) = eligibility_reasons(
            [
                Nominee.of(
                    candidacy.person,
                    member_id=candidacy.member_id,
                    position_kind=candidacy.position.kind,
                )
            ],
            election=candidacy.election,
            on=today,
        )
        if reasons:
            raise DomainError(
                _("%(person)s may not stand: %(reasons)s")
                % {"person": candidacy.person, "reasons": " ".join(render_reasons(reasons))}
            )
    elif not reason:
        raise DomainError(
            _("The Election Committee gives the reason of a rejection."), field="reason"
        )
    candidacy.status = Candidacy.Status.ACCEPTED if accept else Candidacy.Status.REJECTED
    candidacy.review_reason = reason
    candidacy.reviewed_by = actor
    candidacy.reviewed_on = today
    validate_and_save(candidacy, actor=actor, exclude=("letter", "cv"))
    return candidacy
