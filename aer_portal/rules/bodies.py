"""The bodies of AER (Statute; Procedures arts. 4–12 and 15)."""

from enum import StrEnum

from aer_portal.rules import N_


class Body(StrEnum):
    """A body of AER; the value is what the database stores."""

    GENERAL_ASSEMBLY = "general_assembly"
    EXECUTIVE_BOARD = "executive_board"
    BUREAU = "bureau"
    MONITORING_AND_EVALUATION_GROUP = "monitoring_and_evaluation_group"
    ELECTION_COMMITTEE = "election_committee"
    WORKING_GROUP = "working_group"
    TASK_FORCE = "task_force"
    PROGRAMME_COMMITTEE = "programme_committee"

    @property
    def label(self) -> str:
        """The body's name in English, marked for translation."""
        return _LABELS[self]


_LABELS: dict[Body, str] = {
    Body.GENERAL_ASSEMBLY: N_("General Assembly"),
    Body.EXECUTIVE_BOARD: N_("Executive Board"),
    Body.BUREAU: N_("Bureau"),
    Body.MONITORING_AND_EVALUATION_GROUP: N_("Monitoring and Evaluation Group"),
    Body.ELECTION_COMMITTEE: N_("Election Committee"),
    Body.WORKING_GROUP: N_("Working Group"),
    Body.TASK_FORCE: N_("Task Force"),
    Body.PROGRAMME_COMMITTEE: N_("Programme Committee"),
}

# Interpretation (Procedures art. 15 C): "other governing structures" are the elected or ratified
# bodies besides the Monitoring and Evaluation Group itself. The General Assembly is left out
# because every full member's representatives sit in it, so nobody could serve in the group.
GOVERNING_STRUCTURES: frozenset[Body] = frozenset(
    {
        Body.EXECUTIVE_BOARD,
        Body.BUREAU,
        Body.MONITORING_AND_EVALUATION_GROUP,
        Body.ELECTION_COMMITTEE,
    }
)


def as_body(value: Body | str, *, argument: str = "body") -> Body:
    """``value`` as a :class:`Body`; an unknown one raises ``ValueError`` naming it.

    Code that reads a body from a form or the database passes a string; this turns a typo
    into a message that says which argument was wrong and what was accepted.
    """
    try:
        return Body(value)
    except ValueError:
        accepted = ", ".join(body.value for body in Body)
        raise ValueError(
            f"{argument}: unknown body {value!r}; expected one of {accepted}"
        ) from None
