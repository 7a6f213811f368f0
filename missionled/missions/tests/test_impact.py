from missionled.missions.impact import (
    SUPPRESSED,
    ImpactCount,
    impact_counts,
    impact_rows,
    impact_table,
)
from missionled.missions.models import Mission


def count(n, department="DfE", course="leading-it"):
    return ImpactCount(course, course.replace("-", " ").title(), department, department, n)


def test_counts_under_five_are_shown_as_fewer_than_five():
    cells = impact_table([count(1, "A"), count(4, "B"), count(5, "C"), count(120, "D")])
    assert [c.display for c in cells] == [SUPPRESSED, SUPPRESSED, "5", "120"]
    assert [c.count for c in cells] == [None, None, 5, 120]


def test_zero_counts_are_left_out_and_rows_are_ordered():
    cells = impact_table([count(7, "Z", "practising-it"), count(0, "B"), count(6, "A")])
    assert [(c.course_slug, c.department_acronym) for c in cells] == [
        ("leading-it", "A"),
        ("practising-it", "Z"),
    ]


def test_the_open_data_rows_never_carry_a_suppressed_number():
    rows = impact_rows(impact_table([count(3), count(9, "HO")]))
    assert rows == [
        {
            "course": "leading-it",
            "department": "DfE",
            "completed": None,
            "completed_display": SUPPRESSED,
        },
        {"course": "leading-it", "department": "HO", "completed": 9, "completed_display": "9"},
    ]


def test_impact_counts_is_empty_until_completion_and_challenges_exist(ref_data):
    """Only leaders with a certificate and a challenge linked to the mission are counted, so
    before any exist the table is empty rather than invented (the counts themselves are
    tested in learning/tests/test_impact_counts.py)."""
    assert impact_counts(Mission.objects.get(slug="nhs")) == []
