"""Every rule this package encodes, with its current value, for the public ``/rules/`` page.

The values are read from the package's own defaults, so the page can never disagree with the
rules the portal applies. Titles and descriptions are marked with ``N_`` for translation.
One module a subject: ``membership``, ``fees``, ``meetings`` (and votes), ``elections``,
``working_groups``; ``entry`` holds :class:`RuleEntry`.
"""

from aer_portal.rules.catalogue.elections import election_entries
from aer_portal.rules.catalogue.entry import RuleEntry
from aer_portal.rules.catalogue.fees import PROCEDURES_VALUES, fee_entries
from aer_portal.rules.catalogue.meetings import meeting_entries, vote_entries
from aer_portal.rules.catalogue.membership import membership_entries
from aer_portal.rules.catalogue.working_groups import working_group_entries
from aer_portal.rules.fees import FeeParameters, ProgrammeFees
from aer_portal.rules.messages import Message

__all__ = ["PROCEDURES_VALUES", "RuleEntry", "catalogue"]


def catalogue(
    *,
    fee_parameters: FeeParameters | None = None,
    programme_fees: ProgrammeFees | None = None,
    fee_source: Message | None = None,
) -> tuple[RuleEntry, ...]:
    """Every rule the portal applies, grouped by subject, with its current value.

    Procedures arts. 2–15 and the AER Working Groups page; each entry names its article and
    says where an interpretation is used. Values are computed from this package's defaults,
    except the fees: the portal passes the Executive Board's decision in force
    (``fee_parameters``, ``programme_fees``) and says which one in ``fee_source`` (art. 3.2);
    without them, the Procedures' values, and the page says so.
    """
    fees = fee_entries(
        fee_parameters or FeeParameters(),
        programme_fees or ProgrammeFees(),
        fee_source if fee_parameters is not None and fee_source else PROCEDURES_VALUES,
    )
    return (
        membership_entries()
        + fees
        + meeting_entries()
        + vote_entries()
        + election_entries()
        + working_group_entries()
    )
