"""Elections at the General Assembly: positions, candidacies, rounds and the secret ballot.

Procedures art. 15 and 15 A–D; one module per area.
"""

from elections.models.ballots import (
    Ballot,
    BallotBox,
    Round,
    RoundCandidate,
    RoundVoter,
    SealedBallot,
)
from elections.models.candidacies import CANDIDACY_FILE_TYPES, Candidacy
from elections.models.elections import POSITION_BODIES, SINGLE_SEAT_KINDS, Election, Position

__all__ = [
    "CANDIDACY_FILE_TYPES",
    "POSITION_BODIES",
    "SINGLE_SEAT_KINDS",
    "Ballot",
    "BallotBox",
    "Candidacy",
    "Election",
    "Position",
    "Round",
    "RoundCandidate",
    "RoundVoter",
    "SealedBallot",
]
