"""Motions put to a vote, and the online votes on them (Procedures art. 14).

An online vote stores who voted (VoteCast) and what was voted in two tables with no link
between them. While the vote is open, what was voted is only a sealed envelope (SealedVote,
aer_portal/ballot_seal.py) that no copy of the database can open; when it closes, the envelopes
are opened, the ballots (VoteBallot) written in a random order in one transaction and the
envelopes deleted. Every row written when a vote is cast has a random key, no time and no
voter on the ballot side, so neither ids, row order (rowid, ctid, a dump) nor transaction ids
(xmin) link a voter to a choice. Neither table is in the audit history.

Limit of the design: someone holding the ballot key and live access while the vote is open
can read the envelopes (README, "Secret ballots").
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aer_portal.rules.votes import Outcome
from governance.models.meetings import AgendaItem, Meeting


class Choice(models.TextChoices):
    YES = "yes", _("For")
    NO = "no", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Motion(models.Model):
    """A motion put to a meeting, how it is voted on, the counts and the decision."""

    class Method(models.TextChoices):
        SHOW_OF_HANDS = "show_of_hands", _("Show of hands (counts entered by the secretariat)")
        ONLINE = "online", _("Online vote in the portal")
        SECRET = "secret", _("Secret online vote in the portal")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not yet voted")
        OPEN = "open", _("Vote open")
        CLOSED = "closed", _("Decided")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="motions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="motions",
    )
    text = models.TextField(_("motion"))
    method = models.CharField(
        _("how it is voted"), max_length=20, choices=Method.choices, default=Method.SHOW_OF_HANDS
    )
    secret_requested_by = models.CharField(
        _("secret vote requested by"),
        max_length=200,
        blank=True,
        help_text=_(
            "Procedures art. 14: votes are by show of hands unless a member asks otherwise."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("abstentions"), null=True, blank=True)
    casting_vote = models.BooleanField(
        _("casting vote of the body's President"),
        null=True,
        blank=True,
        help_text=_("Procedures art. 14: on a tie, the President of the body decides."),
    )
    casting_declined = models.BooleanField(
        _("the President declined the casting vote"),
        default=False,
        help_text=_("Procedures art. 14: on a tie the President declined; the motion fails."),
    )
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        blank=True,
        choices=[(o.value, _(o.label)) for o in Outcome],
    )
    opened_at = models.DateTimeField(_("vote opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""),
                name="decided_motion_has_outcome",
                violation_error_message=_("A decided motion records its outcome."),
            ),
            models.CheckConstraint(
                condition=~Q(method="secret") | ~Q(secret_requested_by=""),
                name="secret_vote_names_who_asked",
                violation_error_message=_(
                    "A secret vote names the member who asked for it (Procedures art. 14)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_online(self) -> bool:
        return self.method in (self.Method.ONLINE, self.Method.SECRET)


class VoteCast(models.Model):
    """That a person voted on a motion online; never what they voted, never when.

    A random key, not a sequence: the keys must not tell the order of voting.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.CASCADE, related_name="casts"
    )
    voter = models.ForeignKey(
        "members.Person",
        verbose_name=_("voter"),
        on_delete=models.PROTECT,
        related_name="vote_casts",
    )

    class Meta:
        verbose_name = _("vote cast")
        verbose_name_plural = _("votes cast")
        constraints = [
            models.UniqueConstraint(
                fields=["motion", "voter"],
                name="one_vote_per_voter",
                violation_error_message=_("This voter has voted on this motion already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter} voted on {self.motion}"


class VoteBallot(models.Model):
    """One vote on a motion: the choice only. No voter, no time, a random key (DESIGN.md)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.CASCADE, related_name="ballots"
    )
    choice = models.CharField(_("choice"), max_length=10, choices=Choice.choices)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.get_choice_display())


class SealedVote(models.Model):
    """A vote cast on a motion that is still open, sealed (aer_portal/ballot_seal.py).

    The envelope holds the choice and the number of votes the person holds, encrypted with a
    random nonce under the ballot key (not in the database) and padded to one length. The row
    has a random key and its motion, nothing else; it is deleted when the vote closes.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    motion = models.ForeignKey(
        Motion, verbose_name=_("motion"), on_delete=models.CASCADE, related_name="sealed_votes"
    )
    envelope = models.BinaryField(_("sealed envelope"))

    class Meta:
        verbose_name = _("sealed vote")
        verbose_name_plural = _("sealed votes")

    def __str__(self) -> str:
        return str(_("A sealed vote"))
