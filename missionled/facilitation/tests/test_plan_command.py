"""`missionled plan`: exit 0 with a plan, 3 with the reasons on stderr when none exists."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from missionled.facilitation.models import Assignment
from missionled.facilitation.tests.factories import at, cohort_with, facilitators

pytestmark = pytest.mark.django_db
RANGE = ["--from", "2027-03-01", "--to", "2027-04-30", "--time-limit", "5"]


def _call(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_plan_prints_its_summary_and_saves(ref_data: None) -> None:
    cohort_with("practising-it", [at(0), at(7)])
    facilitators(3)
    out, err = _call(*RANGE)
    assert "sessions planned: 2" in out
    assert "facilitators used: " in out
    assert "saved: yes" in out
    assert err == ""
    assert Assignment.objects.count() == 4


def test_a_dry_run_prints_and_saves_nothing(ref_data: None) -> None:
    cohort_with("practising-it", [at(0), at(7)])
    facilitators(3)
    out, _ = _call(*RANGE, "--dry-run")
    assert "saved: no (dry run)" in out
    assert not Assignment.objects.exists()


def test_no_plan_exits_3_with_reasons_on_stderr(ref_data: None) -> None:
    cohort_with("understanding-it", [at(0)])
    facilitators(1)
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as caught:
        call_command("plan", *RANGE, stdout=out, stderr=err)
    assert caught.value.code == 3
    assert "needs 2 facilitators" in err.getvalue()
    assert out.getvalue() == ""
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2027-13-01"], "'2027-13-01' is not a date; give it as YYYY-MM-DD."),
        (
            ["--from", "2027-03-10", "--to", "2027-03-01"],
            "The last date must be on or after the first date.",
        ),
    ],
)
def test_bad_dates_are_a_one_line_command_error(
    ref_data: None, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError) as caught:
        _call(*args)
    assert str(caught.value) == message


def test_nothing_to_plan_is_a_plan(ref_data: None) -> None:
    out, _ = _call(*RANGE)
    assert "sessions planned: 0" in out
