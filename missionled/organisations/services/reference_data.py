"""Loads the reference data shipped in `organisations/data/` (see SOURCES.md there). Idempotent:
rows are matched on their natural key and updated in place."""

import csv
from pathlib import Path

from django.db import transaction

from missionled.organisations.models import Department, Grade, Profession

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def grades_load() -> int:
    rows = _rows("grades.csv")
    for row in rows:
        Grade.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "order": int(row["order"]),
                "aliases": [a for a in row["aliases"].split(";") if a],
            },
        )
    return len(rows)


@transaction.atomic
def departments_load() -> int:
    rows = _rows("departments.csv")
    for row in rows:
        Department.objects.update_or_create(
            acronym=row["acronym"],
            defaults={"name": row["name"], "kind": row["kind"], "govuk_url": row["govuk_url"]},
        )
    return len(rows)


@transaction.atomic
def professions_load() -> int:
    rows = _rows("professions.csv")
    for row in rows:
        Profession.objects.update_or_create(
            name=row["name"], defaults={"short_name": row["short_name"], "kind": row["kind"]}
        )
    return len(rows)
