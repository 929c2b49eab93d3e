"""The catalogue's entries on meetings and votes (Procedures arts. 4-6, 14, 15.8)."""

from aer_portal.rules import N_
from aer_portal.rules.bodies import Body
from aer_portal.rules.catalogue.entry import RuleEntry, entry
from aer_portal.rules.meetings import NOTICE_PERIODS
from aer_portal.rules.votes import (
    BUREAU_VOTES_PER_COUNTRY,
    BUREAU_VOTES_PER_OFFICE_REGION,
)

_NOTICE_TITLES: dict[Body, str] = {
    Body.GENERAL_ASSEMBLY: N_("Notice of General Assembly meetings"),
    Body.BUREAU: N_("Notice of Bureau meetings"),
    Body.EXECUTIVE_BOARD: N_("Notice of Executive Board meetings"),
    Body.WORKING_GROUP: N_("Notice of Working Group meetings"),
}


def meeting_entries() -> tuple[RuleEntry, ...]:
    """Notice periods of each body's meetings and the General Assembly proposal deadline
    (Procedures arts. 4.2, 5-7, 11; each entry names its own article)."""
    entries = tuple(
        entry(
            f"notice_{body.value}",
            period.article,
            _NOTICE_TITLES[body],
            N_(
                "Invitations and draft agendas, then working documents, are sent at least this "
                "long before the meeting."
            ),
            N_("{invitation} days (invitation), {documents} days (documents)"),
            invitation=period.invitation_days,
            documents=period.documents_days,
        )
        for body, period in NOTICE_PERIODS.items()
    )
    return (
        *entries,
        entry(
            "ga_proposals",
            "Procedures art. 4.2",
            N_("Proposals to the General Assembly"),
            N_(
                "Proposals are accepted up to the evening before the Executive Board meeting that "
                "precedes the General Assembly."
            ),
            N_("until the day before the Executive Board meeting"),
        ),
    )


def vote_entries() -> tuple[RuleEntry, ...]:
    """The simple majority and the Bureau's votes (Procedures arts. 5.5, 14, 15.8)."""
    return (
        entry(
            "simple_majority",
            "Procedures arts. 14, 15.8",
            N_("Simple majority"),
            N_(
                "Votes and elections pass with more than half of those present and voting; "
                "abstentions and blank ballots do not count as voting (interpretation). A tied "
                "vote goes to the casting vote of the body's President."
            ),
            N_("more than 50 %"),
        ),
        entry(
            "bureau_votes",
            "Procedures art. 5.5–5.5.2",
            N_("Votes in the Bureau"),
            N_(
                "Each country has votes cast by its representatives present; substitutes have "
                "no vote; representatives of regions where AER has an office have a vote of their "
                "own, besides their country's (interpretation)."
            ),
            N_("{country} votes per country, {office} per office region"),
            country=BUREAU_VOTES_PER_COUNTRY,
            office=BUREAU_VOTES_PER_OFFICE_REGION,
        ),
    )
