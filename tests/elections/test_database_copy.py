"""Someone with a copy of the database tries to tell who voted what, and fails (art. 15.9).

Known voters cast known choices, each vote in its own committed transaction as in production;
the attacker then reads the tables the way a backup shows them — every column, the system
columns (SQLite ``rowid``; PostgreSQL ``xmin``, ``ctid``), the physical row order, the keys,
the sequences and the order of rows in ``pg_dump`` — and pairs voters with ballots by each of
them. Every attack must fail while the vote is open (the ballots are sealed envelopes) and after
it closed (the ballots were written at once, in a random order, with random keys), for an
election round and for a secret vote on a motion. Board votes on working-group proposals
(``ReviewVote``) are not secret: each Board member's vote is named and may be changed until the
meeting, so there is nothing to attack there.

With 12 voters over 6 (elections) or 3 (motions) choices, a random order pairs every voter with
their own choice with a probability below 1 in 30 000, so "no attack gets every voter right" is
a test that a real link fails and chance passes.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from aer_portal import ballot_seal
from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from elections.models import Round
from elections.services.rounds import ballot_cast, round_close, round_open
from governance.models import Meeting, Motion
from governance.services.attendance import attendance_record
from governance.services.votes import motion_close, motion_open, motion_propose, vote_cast
from members.models import Person, User
from tests.elections.factories import GA_DAY, at, committee_member, election, nominate, voter
from tests.factories import BodyFactory, UserFactory
from tests.governance.factories import MeetingFactory, brussels, seated

pytestmark = pytest.mark.django_db(transaction=True)

NOW = at(GA_DAY, 11)
MOTION_DAY = brussels(2026, 6, 18, 11)
ELECTION_CHOICES: list[int | None] = [1, 2, 3, 4, 5, None] * 2
MOTION_CHOICES = ["yes", "no", "abstain"] * 4
#: What the attacker reads in a sealed ballot.
UNREADABLE = object()


# --- Reading the database as a copy shows it ----------------------------------------------


def _table_rows(table: str) -> list[dict[str, Any]]:
    """Every row of ``table`` in physical order, with the system columns a copy holds."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT xmin::text::bigint, ctid::text, * FROM {table}")  # noqa: S608
            names = ["xmin", "ctid"] + [c.name for c in cursor.description[2:]]
        else:
            cursor.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid")  # noqa: S608
            names = ["rowid"] + [c[0] for c in cursor.description[1:]]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for position, row in enumerate(rows):
        row["physical"] = position
        if "ctid" in row:
            page, item = row["ctid"].strip("()").split(",")
            row["ctid"] = (int(page), int(item))
    return rows


def _dump_order(table: str) -> list[str] | None:
    """The first column (the key) of the rows of ``table`` in the order ``pg_dump`` writes them."""
    if connection.vendor != "postgresql" or shutil.which("pg_dump") is None:
        return None
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    command = ["pg_dump", "--data-only", f"--table={table}", "-h", str(db.get("HOST") or "")]
    command += ["-p", str(db.get("PORT") or 5432), "-U", str(db.get("USER") or ""), db["NAME"]]
    dump = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    block = re.search(rf"COPY public\.{table} .*? FROM stdin;\n(.*?)\\\.", dump, re.S)
    return [line.split("\t")[0] for line in block.group(1).splitlines()] if block else []


def _best_pairing(
    voters: list[dict[str, Any]],
    ballots: list[dict[str, Any]],
    truth: Callable[[dict[str, Any]], object],
    read: Callable[[dict[str, Any]], object],
    dumps: tuple[list[str] | None, list[str] | None] = (None, None),
) -> int:
    """The most voters whose own choice an attack pairs them with.

    Each attack sorts the voters and the ballots by one thing a copy shows (``rowid``, ``ctid``,
    ``xmin``, the key, the physical order, the order in a dump) and pairs them rank by rank,
    forwards and backwards; one more pairs each voter with the ballot nearest in ``xmin``.
    ``truth`` is the known choice of a voter row, ``read`` what the attacker reads of a ballot.
    """
    best = 0

    def score(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> int:
        return sum(1 for v, b in pairs if read(b) is not UNREADABLE and read(b) == truth(v))

    for key in ("rowid", "ctid", "xmin", "id", "physical"):
        if voters and key in voters[0] and ballots and key in ballots[0]:
            by_voter = sorted(voters, key=lambda r: str(r[key]) if key == "id" else r[key])
            by_ballot = sorted(ballots, key=lambda r: str(r[key]) if key == "id" else r[key])
            best = max(best, score(list(zip(by_voter, by_ballot, strict=False))))
            best = max(best, score(list(zip(by_voter, reversed(by_ballot), strict=False))))
    if voters and "xmin" in voters[0] and ballots:
        nearest = [(v, min(ballots, key=lambda b: abs(b["xmin"] - v["xmin"]))) for v in voters]
        best = max(best, score(nearest))
    voter_dump, ballot_dump = dumps
    if voter_dump is not None and ballot_dump is not None:
        assert (len(voter_dump), len(ballot_dump)) == (len(voters), len(ballots))
        voters_by_id = {str(v["id"]).replace("-", ""): v for v in voters}
        ballots_by_id = {str(b["id"]).replace("-", ""): b for b in ballots}
        pairs = [
            (voters_by_id[v.replace("-", "")], ballots_by_id[b.replace("-", "")])
            for v, b in zip(voter_dump, ballot_dump, strict=False)
        ]
        best = max(best, score(pairs))
    return best


def _assert_envelopes_tell_nothing(rows: list[dict[str, Any]], secrets_: list[bytes]) -> None:
    """Sealed rows: one length, all different, and no known value readable in them."""
    envelopes = [bytes(row["envelope"]) for row in rows]
    assert len({len(e) for e in envelopes}) == 1, "the length of an envelope tells the choice"
    assert len(set(envelopes)) == len(envelopes), "equal choices give equal envelopes"
    for envelope in envelopes:
        for secret in secrets_:
            assert secret not in envelope
    for row in rows:
        assert set(row) <= {"rowid", "xmin", "ctid", "physical", "id", "box_id", "motion_id"} | {
            "receipt_tag",
            "envelope",
        }


def _no_sequence(table: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            assert cursor.fetchone()[0] is None, f"{table} numbers its rows in order"


# --- An election round --------------------------------------------------------------------


def _election_round() -> Round:
    vote = election(online=True, talliers=True)
    for name in ("Ahlberg", "Berg", "Carlsson", "Dahl", "Ek"):
        nominate(vote, accept=True, last_name=name)
    return round_open(
        position=vote.positions.get(), method=Round.Method.ONLINE, actor=committee_member(), now=NOW
    )


def test_a_copy_of_the_database_does_not_tell_who_voted_what_in_an_election() -> None:
    round_ = _election_round()
    known: dict[str, int | None] = {}  # person id -> choice
    codes = []
    for choice in ELECTION_CHOICES:
        user = voter()
        codes.append(ballot_cast(round=round_, voter=user, choice=choice, now=NOW))
        known[str(user.person_id)] = choice

    def truth(row: dict[str, Any]) -> object:
        return known[str(row["person_id"])] or "blank"

    # While the round is open: the ballots are envelopes; nothing in them reads as a choice.
    voters = _table_rows("elections_roundvoter")
    sealed = _table_rows("elections_sealedballot")
    assert len(voters) == len(sealed) == len(ELECTION_CHOICES)
    assert not _table_rows("elections_ballot")
    from elections.selectors.voting import receipt_hash

    hashes = [receipt_hash(code).encode() for code in codes]
    _assert_envelopes_tell_nothing(sealed, [*hashes, b'"choice"', b"choice"])
    assert _best_pairing(voters, sealed, truth, lambda b: b.get("choice", UNREADABLE)) == 0
    for table in ("elections_roundvoter", "elections_sealedballot", "elections_ballot"):
        _no_sequence(table)

    round_close(round=round_, actor=committee_member(), now=at(GA_DAY, 12))

    # After the close: the ballots are readable, and nothing pairs them with their voters.
    voters = _table_rows("elections_roundvoter")
    ballots = _table_rows("elections_ballot")
    assert not _table_rows("elections_sealedballot")
    assert sorted(b["choice"] or 0 for b in ballots) == sorted(c or 0 for c in ELECTION_CHOICES)
    dumps = (_dump_order("elections_roundvoter"), _dump_order("elections_ballot"))
    best = _best_pairing(voters, ballots, truth, lambda b: b["choice"] or "blank", dumps)
    assert best < len(ELECTION_CHOICES), "the order of the rows pairs every voter with a ballot"
    # Nothing a copy taken while voting held (keys, receipt tags) is found in a counted ballot.
    assert not {str(s["id"]) for s in sealed} & {str(b["id"]) for b in ballots}
    assert not {s["receipt_tag"] for s in sealed} & {b["receipt_hash"] for b in ballots}
    if connection.vendor == "postgresql":
        assert len({b["xmin"] for b in ballots}) == 1  # written together, at the close


def test_receipts_say_recorded_then_counted_and_a_lost_key_loses_nothing(settings) -> None:  # type: ignore[no-untyped-def]
    round_ = _election_round()
    code = ballot_cast(round=round_, voter=voter(), choice=2, now=NOW)
    ballot_cast(round=round_, voter=voter(), choice=None, now=NOW)
    checked = Client().post(reverse("elections:receipt_check"), {"code": code}).content.decode()
    assert "Recorded: a ballot with this code" in checked
    real = settings.BALLOT_KEY
    settings.BALLOT_KEY = "another-key-that-did-not-seal-these-ballots-0123"
    with pytest.raises(DomainError, match="The ballot key does not open the sealed ballots"):
        round_close(round=round_, actor=committee_member(), now=at(GA_DAY, 12))
    round_.refresh_from_db()
    assert round_.is_open and round_.ballot_box.sealed_ballots.count() == 2  # nothing lost
    settings.BALLOT_KEY = real  # the key restored (README): the ballots are counted
    result = round_close(round=round_, actor=committee_member(), now=at(GA_DAY, 12))
    assert round_.candidates.get(number=2).votes == 1 and result is not None
    round_.refresh_from_db()
    assert round_.blank == 1 and not round_.is_open
    checked = Client().post(reverse("elections:receipt_check"), {"code": code}).content.decode()
    assert "Counted: a ballot with this code" in checked
    # Closing again, or a second close that waited for the first, counts nothing twice.
    with pytest.raises(DomainError, match="Only an open online round"):
        round_close(round=round_, actor=committee_member(), now=at(GA_DAY, 12))
    assert round_.ballot_box.ballots.count() == 2


def test_a_ballot_survives_the_process_that_cast_it() -> None:
    """Nothing of a recorded ballot lives in the process: after every connection is dropped
    (as when the server dies between the vote and the close), the close still counts it once."""
    round_ = _election_round()
    ballot_cast(round=round_, voter=voter(), choice=3, now=NOW)
    connections.close_all()
    round_close(round=Round.objects.get(pk=round_.pk), actor=committee_member(), now=NOW)
    assert Round.objects.get(pk=round_.pk).candidates.get(number=3).votes == 1


def test_a_ballot_box_that_does_not_match_the_voters_is_not_counted() -> None:
    round_ = _election_round()
    ballot_cast(round=round_, voter=voter(), choice=1, now=NOW)
    ballot_cast(round=round_, voter=voter(), choice=1, now=NOW)
    round_.ballot_box.sealed_ballots.first().delete()  # someone removed an envelope
    with pytest.raises(DomainError, match="1 sealed ballots for 2 voters"):
        round_close(round=round_, actor=committee_member(), now=NOW)
    assert Round.objects.get(pk=round_.pk).is_open


def test_no_online_round_opens_without_a_usable_ballot_key(settings) -> None:  # type: ignore[no-untyped-def]
    vote = election(online=True, talliers=True)
    nominate(vote, accept=True)
    settings.BALLOT_KEY = ""
    settings.SECRET_KEY = "short"
    settings.DEBUG = False
    with pytest.raises(DomainError, match="shorter than 32 characters"):
        round_open(
            position=vote.positions.get(),
            method=Round.Method.ONLINE,
            actor=committee_member(),
            now=NOW,
        )
    settings.SECRET_KEY = ""
    assert "no ballot key is configured" in (ballot_seal.key_problem() or "")
    assert not Round.objects.exists()
    # Paper rounds seal nothing and still open.
    round_open(
        position=vote.positions.get(), method=Round.Method.PAPER, actor=committee_member(), now=NOW
    )


# --- A secret vote on a motion ------------------------------------------------------------


def _motion_with_voters(count: int) -> tuple[Motion, list[User]]:
    people: list[Person] = [seated(BodyKind.EXECUTIVE_BOARD) for _ in range(count)]
    meeting = MeetingFactory(
        body=people[0].mandates.first().seat.body or BodyFactory(kind=BodyKind.EXECUTIVE_BOARD),
        starts_at=brussels(2026, 6, 18, 10),
        status=Meeting.Status.CONVENED,
        online_url="https://meet.example.org/aer",
        place="",
    )
    attendance_record(meeting=meeting, present_person_ids=[p.pk for p in people], actor=None)
    motion = motion_propose(
        meeting=meeting, text="Adopt", method="secret", secret_requested_by="Lviv", actor=None
    )
    motion_open(motion=motion, actor=None, now=MOTION_DAY)
    return motion, [UserFactory(person=p) for p in people]


def test_a_copy_of_the_database_does_not_tell_who_voted_what_on_a_motion() -> None:
    motion, users = _motion_with_voters(len(MOTION_CHOICES))
    known = {}
    for user, choice in zip(users, MOTION_CHOICES, strict=True):
        vote_cast(motion=motion, user=user, choice=choice)
        known[user.person_id] = choice

    def truth(row: dict[str, Any]) -> object:
        return known[row["voter_id"]]

    voters = _table_rows("governance_votecast")
    sealed = _table_rows("governance_sealedvote")
    assert len(voters) == len(sealed) == len(MOTION_CHOICES)
    assert not _table_rows("governance_voteballot")
    _assert_envelopes_tell_nothing(sealed, [b"yes", b"abstain", b"choice"])
    assert _best_pairing(voters, sealed, truth, lambda b: b.get("choice", UNREADABLE)) == 0
    for table in ("governance_votecast", "governance_sealedvote", "governance_voteballot"):
        _no_sequence(table)

    motion = motion_close(motion=motion, actor=None, now=MOTION_DAY, casting_vote="declined")
    assert (motion.votes_for, motion.votes_against, motion.abstentions) == (4, 4, 4)
    voters = _table_rows("governance_votecast")
    ballots = _table_rows("governance_voteballot")
    assert not _table_rows("governance_sealedvote")
    dumps = (_dump_order("governance_votecast"), _dump_order("governance_voteballot"))
    best = _best_pairing(voters, ballots, truth, lambda b: b["choice"], dumps)
    assert best < len(MOTION_CHOICES), "the order of the rows pairs every voter with a ballot"
    assert not {str(s["id"]) for s in sealed} & {str(b["id"]) for b in ballots}
    if connection.vendor == "postgresql":
        assert len({b["xmin"] for b in ballots}) == 1


# --- Eight votes at once from one voter: one vote, no error, on SQLite and PostgreSQL -----


def _file_copy(tmp_path: Path) -> dict[str, Any] | None:
    """On SQLite, a file copy of the test database (an in-memory one cannot be shared by
    threads the way a real server's file is); the settings of a connection to it."""
    if connection.vendor != "sqlite":
        return None
    path = tmp_path / "portal.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return {**connection.settings_dict, "NAME": str(path)}


def _at_once(count: int, work: Callable[[], str], database: dict[str, Any] | None) -> list[str]:
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    wrapper_class = type(connections["default"])

    def run() -> None:
        if database is not None:
            connections["default"] = wrapper_class(database, "default")
        try:
            barrier.wait()
            outcomes.append(work())
        except Exception as error:
            outcomes.append(f"error: {type(error).__name__}: {error}")
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _count(database: dict[str, Any] | None, table: str) -> int:
    if database is None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
            return int(cursor.fetchone()[0])
    with sqlite3.connect(database["NAME"]) as copy:
        return int(copy.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608


def test_eight_votes_at_once_through_the_page_give_one_vote_and_no_error(
    tmp_path: Path, time_machine: Any
) -> None:
    time_machine.move_to(NOW)
    round_ = _election_round()
    user = voter()
    database = _file_copy(tmp_path)
    url = reverse("elections:vote", args=[round_.pk])

    def post() -> str:
        client = Client()
        client.force_login(user)
        return str(client.post(url, {"choice": "1", "confirm": "yes"}).status_code)

    outcomes = _at_once(8, post, database)
    assert sorted(outcomes) == ["200"] + ["400"] * 7, outcomes
    assert _count(database, "elections_roundvoter") == 1
    assert _count(database, "elections_sealedballot") == 1


def test_eight_votes_at_once_on_a_motion_give_one_vote_and_no_error(tmp_path: Path) -> None:
    motion, (user,) = _motion_with_voters(1)
    database = _file_copy(tmp_path)

    def cast() -> str:
        try:
            vote_cast(motion=motion, user=user, choice="yes")
        except DomainError:
            return "refused"
        return "ok"

    outcomes = _at_once(8, cast, database)
    assert sorted(outcomes) == ["ok"] + ["refused"] * 7, outcomes
    assert _count(database, "governance_votecast") == 1
    assert _count(database, "governance_sealedvote") == 1


def test_eight_closes_at_once_count_once(tmp_path: Path) -> None:
    """A double click, a retry and two tabs of the Election Committee: one count."""
    round_ = _election_round()
    for choice in (1, 2, None):
        ballot_cast(round=round_, voter=voter(), choice=choice, now=NOW)
    actor = committee_member()
    database = _file_copy(tmp_path)

    def close() -> str:
        try:
            round_close(round=round_, actor=actor, now=at(GA_DAY, 12))
        except DomainError as error:
            return "refused" if "Only an open online round" in error.message else error.message
        return "counted"

    outcomes = _at_once(8, close, database)
    assert sorted(outcomes) == ["counted"] + ["refused"] * 7, outcomes
    assert _count(database, "elections_ballot") == 3
    assert _count(database, "elections_sealedballot") == 0
