from typing import Any

import pytest

from missionled.core.errors import RuleBroken
from missionled.core.models import AuditEntry
from missionled.enrolments.models import Enrolment
from missionled.enrolments.selectors import cohort_counts
from missionled.enrolments.services import csv_rows
from missionled.enrolments.services.csv_rows import (
    FILE_EMPTY,
    FILE_ENCODING,
    FILE_HEADER,
    FILE_NO_ROWS,
    FILE_NOT_CSV,
    FILE_TOO_LARGE,
    FILE_TOO_MANY_ROWS,
    ROW_BAD,
)
from missionled.enrolments.services.enrolments import enrolments_import_csv
from missionled.enrolments.tests.factories import BEFORE_START, EnrolmentFactory, cohort_for

pytestmark = pytest.mark.django_db

GOOD = (
    "name,email,grade,profession\n"
    'Ada Lovelace,ada@example.gov.uk,G7,"Digital, Data and Technology"\n'
    "Alan Turing,ALAN@example.gov.uk,Grade 6,\n"
    "Grace Hopper,grace@example.gov.uk,Deputy Director,Policy\n"
)


def _import(cohort: Any, actor: Any, text: str | bytes) -> list[Enrolment]:
    data = text.encode() if isinstance(text, str) else text
    return enrolments_import_csv(cohort=cohort, file_bytes=data, actor=actor, now=BEFORE_START)


def _refusal(cohort: Any, actor: Any, text: str | bytes) -> RuleBroken:
    with pytest.raises(RuleBroken) as caught:
        _import(cohort, actor, text)
    assert not Enrolment.objects.filter(cohort=cohort).exclude(email__startswith="already").exists()
    return caught.value


def test_a_good_file_names_everyone_in_order(coordinator):
    cohort = cohort_for()
    made = _import(cohort, coordinator, GOOD)
    assert [e.email for e in made] == [
        "ada@example.gov.uk",
        "alan@example.gov.uk",
        "grace@example.gov.uk",
    ]
    assert [e.grade.code for e in made] == ["G7", "G6", "SCS1"]
    assert made[0].profession is not None
    assert made[1].profession is None
    assert AuditEntry.objects.get(action="enrolments.import.completed").payload == {"imported": 3}


def test_a_byte_order_mark_an_optional_team_and_crlf_are_accepted(coordinator):
    text = "\ufeffName,Email,Grade,Profession,Team\r\nAda,ada@example.gov.uk,g7,,Schools\r\n"
    made = _import(cohort_for(), coordinator, text.encode("utf-8"))
    assert made[0].team == "Schools"


def test_beyond_capacity_the_file_fills_the_waiting_list(coordinator):
    rows = "".join(f"P {n},p{n}@example.gov.uk,G7,\n" for n in range(12))
    cohort = cohort_for(capacity=10)
    _import(cohort, coordinator, "name,email,grade,profession\n" + rows)
    assert cohort_counts(cohort) == (10, 2)


def test_every_bad_row_is_listed_and_nothing_is_imported(coordinator):
    cohort = cohort_for()
    EnrolmentFactory(cohort=cohort, email="already@example.gov.uk")
    text = (
        "name,email,grade,profession\n"
        "Ada,ada@example.gov.uk,G7,\n"  # good
        ",bob@example.gov.uk,G7,\n"  # line 3: no name
        "Cy,not-an-email,G7,\n"  # line 4
        "Di,di@example.gov.uk,Grade 99,\n"  # line 5
        "Ed,ed@example.gov.uk,SEO,\n"  # line 6: ineligible
        "Fi,fi@example.gov.uk,G7,Juggling\n"  # line 7
        "Ada again,ADA@example.gov.uk,G7,\n"  # line 8: duplicate in file
        "Al,already@example.gov.uk,G7,\n"  # line 9: already in cohort
        "Too,few\n"  # line 10
    )
    error = _refusal(cohort, coordinator, text)
    assert (
        error.message
        == "8 rows in the file have problems, so nobody was imported. Fix them and upload again."
    )
    problems = error.fields["file"]
    assert problems[0] == "line 3, column name: Enter the participant's full name."
    assert problems[1].startswith("line 4, column email: Enter an email address")
    assert problems[2].startswith("line 5, column grade: 'Grade 99' is not a Civil Service grade")
    assert problems[3].startswith(
        "line 6, column grade: Practising it is open to Grade 7 to Director"
    )
    assert problems[4] == "line 7, column profession: 'Juggling' is not a Civil Service profession."
    assert problems[5] == "line 8, column email: ada@example.gov.uk is also on line 2"
    assert (
        problems[6]
        == "line 9, column email: already@example.gov.uk is already enrolled in this cohort"
    )
    assert problems[7] == "line 10: expected 4 values separated by commas, found 2"


def test_one_bad_row_says_so(coordinator):
    error = _refusal(
        cohort_for(), coordinator, "name,email,grade,profession\nAda,ada@x.gov.uk,EO,\n"
    )
    assert error.message == ROW_BAD


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", FILE_EMPTY),
        (b"  \n\n", FILE_EMPTY),
        (b"name,email,grade,profession\n", FILE_NO_ROWS),
        (b"name,email,grade,profession\n,,,\n", FILE_NO_ROWS),
        (b"PK\x03\x04\x14\x00 spreadsheet", FILE_NOT_CSV),
        (b"name,email\x00,grade", FILE_NOT_CSV),
        (b'name,email,grade,profession\nAda,"ada@x.gov.uk,G7,\n', FILE_NOT_CSV),
        (
            "name,email,grade,profession\nAda Lövelace,ada@x.gov.uk,G7,\n".encode("latin-1"),
            FILE_ENCODING,
        ),
        ("name,email,grade,profession\nAda,ada@x.gov.uk,G7,\n".encode("utf-16"), FILE_NOT_CSV),
    ],
    ids=[
        "empty",
        "blank",
        "header-only",
        "blank-rows",
        "xlsx",
        "nul",
        "open-quote",
        "latin-1",
        "utf-16",
    ],
)
def test_unreadable_files_get_one_clear_message(coordinator, data, message):
    error = _refusal(cohort_for(), coordinator, data)
    assert error.message == message
    assert error.fields == {"file": [message]}


@pytest.mark.parametrize(
    "header",
    [
        "name,email,grade",
        "nom,email,grade,profession",
        "name,email,grade,profession,age",
        "name,name,email,grade,profession",
    ],
)
def test_a_wrong_header_is_refused(coordinator, header):
    error = _refusal(cohort_for(), coordinator, f"{header}\nAda,ada@x.gov.uk,G7,\n")
    assert error.message == FILE_HEADER.format(found=header)


def test_a_file_over_1_mb_is_refused(coordinator):
    big = b"name,email,grade,profession\n" + b"x" * (1024 * 1024)
    assert _refusal(cohort_for(), coordinator, big).message == FILE_TOO_LARGE


def test_more_than_the_row_limit_is_refused(coordinator, monkeypatch):
    monkeypatch.setattr(csv_rows, "MAX_ROWS", 3)
    rows = "".join(f"P,p{n}@x.gov.uk,G7,\n" for n in range(4))
    assert (
        _refusal(cohort_for(), coordinator, "name,email,grade,profession\n" + rows).message
        == FILE_TOO_MANY_ROWS
    )


def test_5000_rows_are_allowed_and_5001_are_not(coordinator):
    """The limit itself, checked without saving anything."""
    rows = "".join(f"P,p{n}@x.gov.uk,HEO,\n" for n in range(5001))
    error = _refusal(cohort_for(), coordinator, "name,email,grade,profession\n" + rows)
    assert error.message == FILE_TOO_MANY_ROWS
    error = _refusal(
        cohort_for(),
        coordinator,
        "name,email,grade,profession\n" + rows[: rows.index("p5000")].rsplit("\n", 1)[0] + "\n",
    )
    assert error.code == "file_rows_invalid"  # every row is HEO: 5,000 rows read and judged
    assert len(error.fields["file"]) == 5000
