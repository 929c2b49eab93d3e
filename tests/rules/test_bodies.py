import pytest

from aer_portal.rules.bodies import GOVERNING_STRUCTURES, Body, as_body


def test_values_are_lowercase_snake_case_for_the_database() -> None:
    assert Body.GENERAL_ASSEMBLY == "general_assembly"
    assert Body.MONITORING_AND_EVALUATION_GROUP.value == "monitoring_and_evaluation_group"
    for body in Body:
        assert body.value == body.name.lower()


def test_every_body_has_a_label() -> None:
    assert Body.EXECUTIVE_BOARD.label == "Executive Board"
    assert Body.PROGRAMME_COMMITTEE.label == "Programme Committee"
    assert len({body.label for body in Body}) == len(Body)


def test_general_assembly_is_not_a_governing_structure_for_the_independence_rule() -> None:
    assert Body.GENERAL_ASSEMBLY not in GOVERNING_STRUCTURES
    assert Body.WORKING_GROUP not in GOVERNING_STRUCTURES
    assert Body.EXECUTIVE_BOARD in GOVERNING_STRUCTURES


def test_as_body_accepts_enum_and_stored_value() -> None:
    assert as_body("bureau") is Body.BUREAU
    assert as_body(Body.TASK_FORCE) is Body.TASK_FORCE


def test_as_body_names_the_argument_and_the_bad_value() -> None:
    with pytest.raises(ValueError, match=r"^body: unknown body 'senate'; expected one of") as error:
        as_body("senate")
    assert "general_assembly" in str(error.value)
    with pytest.raises(ValueError, match=r"^other_bodies: unknown body 'x'"):
        as_body("x", argument="other_bodies")
