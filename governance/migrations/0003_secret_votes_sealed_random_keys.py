"""Secret votes on motions: random keys for who voted, and sealed ballots while a vote is open.

The register of who voted had a sequential key (the order of voting); it is rebuilt with random
keys, its rows in a random order. Ballots already written are rewritten in a random order with
new keys, or sealed when their vote is still open, so that their row order no longer follows
the order of voting.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

from aer_portal import ballot_seal


def move_to_random_keys(apps, schema_editor):
    Old = apps.get_model("governance", "VoteCast")
    New = apps.get_model("governance", "VoteCastRandom")
    rows = list(Old.objects.values_list("motion_id", "voter_id"))
    New.objects.bulk_create(
        New(motion_id=motion, voter_id=voter) for motion, voter in ballot_seal.shuffled(rows)
    )


def seal_open_and_shuffle_counted(apps, schema_editor):
    Motion = apps.get_model("governance", "Motion")
    VoteBallot = apps.get_model("governance", "VoteBallot")
    SealedVote = apps.get_model("governance", "SealedVote")
    open_motions = set(Motion.objects.filter(status="open").values_list("pk", flat=True))
    rows = list(VoteBallot.objects.values_list("motion_id", "choice"))
    if not rows:
        return
    VoteBallot.objects.all().delete()
    sealed, counted = [], []
    for motion, choice in rows:
        if motion in open_motions:
            envelope = ballot_seal.seal(
                {"choice": choice, "votes": 1}, context=f"governance.motion:{motion}"
            )
            sealed.append(SealedVote(motion_id=motion, envelope=envelope))
        else:
            counted.append(VoteBallot(motion_id=motion, choice=choice))
    SealedVote.objects.bulk_create(ballot_seal.shuffled(sealed))
    VoteBallot.objects.bulk_create(ballot_seal.shuffled(counted))


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_initial"),
        ("members", "0001_initial"),
    ]

    operations = [
        # A new table with random keys (its indexes get its own names), filled in a random
        # order; then the old one goes and the new one takes its name.
        migrations.CreateModel(
            name="VoteCastRandom",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "motion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="governance.motion",
                    ),
                ),
                (
                    "voter",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="members.person",
                    ),
                ),
            ],
        ),
        migrations.RunPython(move_to_random_keys, migrations.RunPython.noop),
        migrations.DeleteModel("VoteCast"),
        migrations.RenameModel("VoteCastRandom", "VoteCast"),
        migrations.AlterModelOptions(
            name="votecast",
            options={"verbose_name": "vote cast", "verbose_name_plural": "votes cast"},
        ),
        migrations.AlterField(
            model_name="votecast",
            name="motion",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="casts",
                to="governance.motion",
                verbose_name="motion",
            ),
        ),
        migrations.AlterField(
            model_name="votecast",
            name="voter",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="vote_casts",
                to="members.person",
                verbose_name="voter",
            ),
        ),
        migrations.AddConstraint(
            model_name="votecast",
            constraint=models.UniqueConstraint(
                fields=("motion", "voter"), name="one_vote_per_voter"
            ),
        ),
        migrations.CreateModel(
            name="SealedVote",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("envelope", models.BinaryField(verbose_name="sealed envelope")),
                (
                    "motion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sealed_votes",
                        to="governance.motion",
                        verbose_name="motion",
                    ),
                ),
            ],
            options={"verbose_name": "sealed vote", "verbose_name_plural": "sealed votes"},
        ),
        migrations.RunPython(seal_open_and_shuffle_counted, migrations.RunPython.noop),
    ]
