"""Reading a CSV of participants: the whole file is checked before anything is saved.

A file that cannot be read as CSV gets one message. A readable file with bad rows gets every
bad row listed as "line N, column X: reason", so the coordinator can fix them all at once.
"""

import csv
import io
from collections.abc import Callable, Iterable

from missionled.catalogue.models import Course
from missionled.core.errors import RuleBroken
from missionled.enrolments.services.people import (
    Person,
    eligible_grades,
    email_problem,
    ineligible_message,
    name_problem,
    team_problem,
)
from missionled.organisations.models import Grade, Profession
from missionled.organisations.selectors import UNKNOWN_GRADE, UNKNOWN_PROFESSION

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
REQUIRED_COLUMNS = ("name", "email", "grade", "profession")
OPTIONAL_COLUMNS = ("team",)

FILE_EMPTY = "The file is empty. Upload a CSV file with a header and one row per participant."
FILE_TOO_LARGE = "The file is larger than 1 MB. Split it into smaller files and upload each."
FILE_NOT_CSV = (
    "The file is not a CSV file. Save it from your spreadsheet as 'CSV UTF-8 (comma delimited)' "
    "and upload that."
)
FILE_ENCODING = (
    "The file is not in UTF-8, so its names cannot be read reliably. Save it as "
    "'CSV UTF-8 (comma delimited)' and upload it again."
)
FILE_HEADER = (
    "The first line must be the header name,email,grade,profession (team is optional). "
    "This file's first line is: {found}."
)
FILE_NO_ROWS = "The file has a header but no participants. Add one row per participant."
FILE_TOO_MANY_ROWS = "The file has more than 5,000 participants. Split it into smaller files."
ROWS_BAD = (
    "{count} rows in the file have problems, so nobody was imported. Fix them and upload again."
)
ROW_BAD = "1 row in the file has a problem, so nobody was imported. Fix it and upload again."
ROW_WRONG_LENGTH = "line {line}: expected {expected} values separated by commas, found {found}"
ROW_PROBLEM = "line {line}, column {column}: {reason}"
DUPLICATE_IN_FILE = "{email} is also on line {first}"
DUPLICATE_IN_COHORT = "{email} is already {status} in this cohort"

STATUS_WORDS = {"enrolled": "enrolled", "waitlisted": "on the waiting list"}
# Spreadsheet files are zip (xlsx, ods) or OLE (xls) containers: not CSV, whatever the name.
BINARY_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")

Row = tuple[int, dict[str, str]]


def _text(file_bytes: bytes) -> str:
    if not file_bytes.strip():
        raise RuleBroken(FILE_EMPTY, code="file_empty", fields={"file": [FILE_EMPTY]})
    if len(file_bytes) > MAX_BYTES:
        raise RuleBroken(FILE_TOO_LARGE, code="file_too_large", fields={"file": [FILE_TOO_LARGE]})
    if file_bytes.startswith(BINARY_SIGNATURES) or b"\x00" in file_bytes:
        raise RuleBroken(FILE_NOT_CSV, code="file_not_csv", fields={"file": [FILE_NOT_CSV]})
    try:
        return file_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleBroken(
            FILE_ENCODING, code="file_encoding", fields={"file": [FILE_ENCODING]}
        ) from None


def _header(cells: list[str]) -> list[str]:
    columns = [cell.strip().lower() for cell in cells]
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    missing = set(REQUIRED_COLUMNS) - set(columns)
    if missing or len(set(columns)) != len(columns) or not set(columns) <= known:
        found = ",".join(cells)[:200] or "(blank)"
        message = FILE_HEADER.format(found=found)
        raise RuleBroken(message, code="file_header", fields={"file": [message]})
    return columns


def _rows(text: str) -> tuple[list[Row], list[str]]:
    """The data rows by line number, and the rows whose length is wrong."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        columns = _header(next(reader, []))
        rows: list[Row] = []
        wrong: list[str] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) + len(wrong) >= MAX_ROWS:
                raise RuleBroken(
                    FILE_TOO_MANY_ROWS,
                    code="file_too_many_rows",
                    fields={"file": [FILE_TOO_MANY_ROWS]},
                )
            if len(cells) != len(columns):
                wrong.append(
                    ROW_WRONG_LENGTH.format(
                        line=reader.line_num, expected=len(columns), found=len(cells)
                    )
                )
                continue
            rows.append((reader.line_num, dict(zip(columns, cells, strict=True))))
    except csv.Error:
        raise RuleBroken(
            FILE_NOT_CSV, code="file_not_csv", fields={"file": [FILE_NOT_CSV]}
        ) from None
    if not rows and not wrong:
        raise RuleBroken(FILE_NO_ROWS, code="file_no_rows", fields={"file": [FILE_NO_ROWS]})
    return rows, wrong


class _Lookup:
    """Grades and professions read once per file, matched as `grade_resolve` matches them."""

    def __init__(self) -> None:
        self.grades: dict[str, Grade] = {}
        for grade in Grade.objects.all():
            for name in (grade.code, grade.name, *grade.aliases):
                self.grades.setdefault(self._key(name), grade)
        self.professions: dict[str, Profession] = {}
        for profession in Profession.objects.all():
            for name in (profession.name, profession.short_name):
                self.professions.setdefault(self._key(name), profession)

    @staticmethod
    def _key(value: str) -> str:
        return " ".join(value.split()).casefold()

    def grade(self, value: str) -> Grade | None:
        return self.grades.get(self._key(value))

    def profession(self, value: str) -> Profession | None:
        return self.professions.get(self._key(value))


class _RowChecker:
    def __init__(self, course: Course) -> None:
        self.course = course
        self.lookup = _Lookup()
        self.eligible = eligible_grades(course)
        self.first_line: dict[str, int] = {}

    def check(self, line: int, values: dict[str, str]) -> tuple[Person | None, list[str]]:
        problems: list[tuple[str, str]] = []
        for column, problem in (
            ("name", name_problem(values["name"])),
            ("email", email_problem(values["email"])),
            ("team", team_problem(values.get("team", ""))),
        ):
            if problem:
                problems.append((column, problem))
        email = values["email"].strip().lower()
        if email and "email" not in dict(problems):
            first = self.first_line.setdefault(email, line)
            if first != line:
                problems.append(("email", DUPLICATE_IN_FILE.format(email=email, first=first)))
        grade = self._grade(values["grade"], problems)
        profession = self._profession(values["profession"], problems)
        messages = [ROW_PROBLEM.format(line=line, column=c, reason=r) for c, r in problems]
        if messages or grade is None:
            return None, messages
        person = Person(
            name=" ".join(values["name"].split()),
            email=email,
            grade=grade,
            profession=profession,
            team=values.get("team", "").strip(),
        )
        return person, []

    def _grade(self, value: str, problems: list[tuple[str, str]]) -> Grade | None:
        grade = self.lookup.grade(value)
        if grade is None:
            problems.append(("grade", UNKNOWN_GRADE.format(value=value.strip())))
            return None
        refusal = ineligible_message(self.course, grade, self.eligible)
        if refusal:
            problems.append(("grade", refusal))
        return grade

    def _profession(self, value: str, problems: list[tuple[str, str]]) -> Profession | None:
        if not value.strip():
            return None
        profession = self.lookup.profession(value)
        if profession is None:
            problems.append(("profession", UNKNOWN_PROFESSION.format(value=value.strip())))
        return profession


def people_from_csv(
    file_bytes: bytes,
    *,
    course: Course,
    taken: Callable[[Iterable[str]], dict[str, str]],
) -> list[Person]:
    """Every participant in the file, checked against the course and the cohort.

    `taken(emails)` answers which of those emails already hold a place or a queue place in
    the cohort, with their status.

    :raises RuleBroken: as described in the module docstring.
    """
    rows, problems = _rows(_text(file_bytes))
    checker = _RowChecker(course)
    people: list[tuple[int, Person]] = []
    for line, values in rows:
        person, row_problems = checker.check(line, values)
        problems.extend(row_problems)
        if person is not None:
            people.append((line, person))
    already = taken(person.email for _, person in people)
    for line, person in people:
        if person.email in already:
            reason = DUPLICATE_IN_COHORT.format(
                email=person.email, status=STATUS_WORDS.get(already[person.email], "active")
            )
            problems.append(ROW_PROBLEM.format(line=line, column="email", reason=reason))
    if problems:
        problems.sort(key=_line_number)
        lines = len({_line_number(problem) for problem in problems})
        message = ROW_BAD if lines == 1 else ROWS_BAD.format(count=f"{lines:,}")
        raise RuleBroken(message, code="file_rows_invalid", fields={"file": problems})
    return [person for _, person in people]


def _line_number(problem: str) -> int:
    return int(problem.split()[1].rstrip(",:"))
