"""Rounds of voting and the secret ballot (Procedures arts. 15.7–15.9).

The secret ballot is two tables that share only the round: ``RoundVoter`` says who voted,
``Ballot`` what was voted, with no voter, no timestamp and no sequential key on the ballot, and
neither is in the audit history (DESIGN.md, security model). A ballot lies in the round's
``BallotBox``, a table with no relation of its own, so that no chain of relations leads from a
ballot to anyone at all.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from elections.models.candidacies import Candidacy
from elections.models.elections import Position


class Round(models.Model):
    """One round of voting for one seat of a position (Procedures arts. 15.7–15.9)."""

    class Method(models.TextChoices):
        PAPER = "paper", _("Paper ballots counted by the talliers")
        ONLINE = "online", _("Online secret ballot (virtual General Assembly)")

    class Status(models.TextChoices):
        OPEN = "open", _("Voting")
        CLOSED = "closed", _("Closed")

    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="rounds"
    )
    seat_number = models.PositiveSmallIntegerField(_("seat"), default=1)
    number = models.PositiveSmallIntegerField(_("round"), default=1)
    method = models.CharField(_("voting"), max_length=10, choices=Method.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    secret = models.BooleanField(
        _("secret ballot"),
        default=True,
        help_text=_("Procedures art. 15.9: secret unless the body decides otherwise unanimously."),
    )
    secrecy_decision = models.CharField(
        _("unanimous decision to vote openly"), max_length=300, blank=True
    )
    electorate = models.PositiveIntegerField(_("votes that can be cast"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    blank = models.PositiveIntegerField(_("blank ballots"), default=0)
    invalid = models.PositiveIntegerField(_("invalid ballots"), default=0)
    ballot_box = models.OneToOneField(
        "BallotBox",
        verbose_name=_("ballot box"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="round",
        help_text=_("Online rounds only."),
    )
    elected = models.ForeignKey(
        Candidacy,
        verbose_name=_("elected"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds_won",
    )
    tie_resolution = models.TextField(
        _("Election Committee's decision on a tie"),
        blank=True,
        help_text=_("How the tied candidates for the second round were chosen, e.g. by lot."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["position__order", "position_id", "seat_number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "seat_number", "number"],
                name="one_round_per_number",
                violation_error_message=_("This position has a round with this number already."),
            ),
            models.UniqueConstraint(
                fields=["position"],
                condition=Q(status="open"),
                name="one_open_round_per_position",
                violation_error_message=_("A round for this position is still open."),
            ),
            models.CheckConstraint(
                condition=Q(secret=True) | ~Q(secrecy_decision=""),
                name="open_vote_needs_a_recorded_decision",
                violation_error_message=_(
                    "A round that is not secret records the decision to vote openly; elections "
                    "are by secret ballot otherwise."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("%(position)s, seat %(seat)s, round %(number)s") % {
            "position": self.position,
            "seat": self.seat_number,
            "number": self.number,
        }

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_online(self) -> bool:
        return self.method == self.Method.ONLINE


class RoundCandidate(models.Model):
    """A candidate on a round's ballot paper, with the votes counted when the round closes."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="candidates"
    )
    candidacy = models.ForeignKey(
        Candidacy, verbose_name=_("candidacy"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("number on the ballot"))
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    advances = models.BooleanField(_("stands in the next round"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidate in a round")
        verbose_name_plural = _("candidates in a round")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "candidacy"],
                name="candidate_once_per_round",
                violation_error_message=_("The candidate is on this round's ballot already."),
            ),
            models.UniqueConstraint(
                fields=["round", "number"],
                name="one_ballot_number_per_round",
                violation_error_message=_("Another candidate has this number on the ballot."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="ballot_number_positive",
                violation_error_message=_("A number on the ballot is 1 or more."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.candidacy.person}"


class RoundVoter(models.Model):
    """That a member's delegate voted in a round: who voted, never what.

    One vote per member and per person in a round, enforced by the database. No timestamp
    and no sequential key, and no audit history: the order of voting must not be matched
    with anything (see ``Ballot``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="voters"
    )
    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "members.Person", verbose_name=_("delegate"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("voter in a round")
        verbose_name_plural = _("voters in a round")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                name="one_vote_per_person",
                violation_error_message=_("This person has voted in this round already."),
            ),
            models.UniqueConstraint(
                fields=["round", "member"],
                name="one_vote_per_member",
                violation_error_message=_("This member has voted in this round already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.member})"


class BallotBox(models.Model):
    """The ballot box of one online round: it holds ballots and leads nowhere.

    It has no relation of its own (the round points to it), so following relations from a
    ballot ends here, before any meeting, member or person.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("ballot box")
        verbose_name_plural = _("ballot boxes")

    def __str__(self) -> str:
        return str(_("A ballot box"))


class Ballot(models.Model):
    """A secret vote: its ballot box, the number chosen (none for a blank), the receipt's hash.

    Nothing else: no voter, no time, no sequential key (the key is a random UUID), no audit
    history, and ``choice`` is the candidate's number on the ballot paper, not a link. Nothing
    in the schema leads from a ballot to a person (tests/elections/test_secrecy.py).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    box = models.ForeignKey(
        BallotBox, verbose_name=_("ballot box"), on_delete=models.CASCADE, related_name="ballots"
    )
    choice = models.PositiveSmallIntegerField(_("number chosen"), null=True, blank=True)
    receipt_hash = models.CharField(_("receipt (SHA-256)"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("secret ballot")
        verbose_name_plural = _("secret ballots")

    def __str__(self) -> str:
        return str(_("A secret ballot"))


class SealedBallot(models.Model):
    """A ballot cast in a round that is still open, sealed so that no copy of the database can
    read it (Procedures art. 15.9; aer_portal/ballot_seal.py).

    The envelope holds the number chosen and the receipt's hash, encrypted under the ballot key
    (not in the database) with a random nonce, padded to one length and bound to its ballot box.
    In the clear only a random key, the box and a keyed hash of the receipt code (to answer "your
    ballot is recorded"), which differs from the hash the counted ballot keeps. When the round
    closes, every envelope is opened, the ballots are written in a random order and the envelopes
    are deleted (``round_close``). So the order, ids and transaction ids of these rows, which do
    follow the order of voting, never meet a readable choice.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    box = models.ForeignKey(
        BallotBox,
        verbose_name=_("ballot box"),
        on_delete=models.CASCADE,
        related_name="sealed_ballots",
    )
    receipt_tag = models.CharField(_("receipt (keyed hash)"), max_length=64, unique=True)
    envelope = models.BinaryField(_("sealed envelope"))

    class Meta:
        verbose_name = _("sealed ballot")
        verbose_name_plural = _("sealed ballots")

    def __str__(self) -> str:
        return str(_("A sealed ballot"))
