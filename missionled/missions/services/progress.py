"""Every write to milestone progress: new figures, corrections and owners' assessments."""

import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from missionled.core.audit import audit_record
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.missions.models import Milestone, OwnerAssessment, ProgressPoint
from missionled.organisations.models import Role

RECORDING_ROLES = frozenset({Role.MISSION_ANALYST, Role.PROVIDER_ADMIN})

NOT_ALLOWED = "Only mission analysts and provider admins can record milestone progress."
MILESTONE_RETIRED = "This milestone has been retired, so it takes no new figures."
VALUE_REQUIRED = "Enter the figure as a number, like 61.5 or 275600."
VALUE_TOO_BIG = "Enter a figure smaller than a trillion, with at most 4 decimal places."
DATE_REQUIRED = "Enter the date the figure describes."
DATE_IN_FUTURE = "The date the figure describes must be today or in the past."
DATE_TOO_EARLY = "The date the figure describes must be after 1 January 2000."
SOURCE_REQUIRED = "Enter the web address of the published source, starting https://."
SOURCE_INVALID = "Enter the web address of the published source, like https://www.gov.uk/..."
NOTE_TOO_LONG = "The note must be 2,000 characters or fewer."
ALREADY_CORRECTED = "This figure has already been corrected; correct the newer figure instead."
QUARTER_INVALID = "Enter the quarter as a year and quarter, like 2026-Q1."
RATING_INVALID = "Choose one of: on track, probable, feasible, at risk, unachievable."
NARRATIVE_REQUIRED = "Enter a short narrative explaining the assessment."

EARLIEST_DATE = date(2000, 1, 1)
MAX_VALUE = Decimal("1e12")
NOTE_MAX = 2000
QUARTER_PATTERN = re.compile(r"^\d{4}-Q[1-4]$")


def _check_role(actor: Any) -> None:
    if getattr(actor, "role", None) not in RECORDING_ROLES:
        raise NotAllowed(NOT_ALLOWED)


def _check_open(milestone: Milestone) -> None:
    if milestone.is_retired:
        raise Conflict(MILESTONE_RETIRED, code="milestone_retired")


def _clean_value(value: Any) -> tuple[Decimal | None, str | None]:
    if value is None or value == "" or isinstance(value, bool):
        return None, VALUE_REQUIRED
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None, VALUE_REQUIRED
    if not number.is_finite() or (isinstance(value, float) and not math.isfinite(value)):
        return None, VALUE_REQUIRED
    if abs(number) >= MAX_VALUE or number != number.quantize(Decimal("0.0001")):
        return None, VALUE_TOO_BIG
    return number, None


def _date_error(on: date | None, today: date) -> str | None:
    if on is None:
        return DATE_REQUIRED
    if on > today:
        return DATE_IN_FUTURE
    if on < EARLIEST_DATE:
        return DATE_TOO_EARLY
    return None


def _source_error(source_url: str) -> str | None:
    if not source_url.strip():
        return SOURCE_REQUIRED
    try:
        URLValidator(schemes=["http", "https"])(source_url.strip())
    except ValidationError:
        return SOURCE_INVALID
    return SOURCE_INVALID if len(source_url) > 500 else None


def progress_input_clean(
    *, value: Any, on: date | None, source_url: str, note: str, today: date
) -> Decimal:
    """Check a figure's fields together; raise `RuleBroken` naming every bad field."""
    number, value_error = _clean_value(value)
    errors = {
        "value": value_error,
        "date": _date_error(on, today),
        "source_url": _source_error(source_url or ""),
        "note": NOTE_TOO_LONG if len(note or "") > NOTE_MAX else None,
    }
    fields = {name: [message] for name, message in errors.items() if message}
    if fields:
        message = " ".join(m[0] for m in fields.values())
        raise RuleBroken(message, code="invalid", fields=fields)
    assert number is not None
    return number


@transaction.atomic
def progress_point_add(
    *,
    actor: Any,
    milestone: Milestone,
    value: Any,
    on: date | None,
    source_url: str,
    note: str = "",
    now: datetime,
    supersedes: ProgressPoint | None = None,
) -> ProgressPoint:
    """Record a published figure for a milestone, with who added it.

    :raises NotAllowed: the actor is not a mission analyst or provider admin.
    :raises Conflict: the milestone is retired.
    :raises RuleBroken: a field is missing or wrong; `fields` names each one.
    """
    _check_role(actor)
    _check_open(milestone)
    number = progress_input_clean(
        value=value, on=on, source_url=source_url, note=note, today=now.date()
    )
    assert on is not None
    point = ProgressPoint(
        milestone=milestone,
        value=number,
        date=on,
        source_url=source_url.strip(),
        note=(note or "").strip(),
        added_by=actor,
        supersedes=supersedes,
    )
    point.full_clean()
    point.save()
    action = "corrected" if supersedes else "added"
    audit_record(
        action=f"missions.progress_point.{action}",
        obj=point,
        actor=actor,
        payload={
            "milestone": milestone.slug,
            "value": str(number),
            "date": str(on),
            "supersedes": supersedes.pk if supersedes else None,
        },
        at=now,
    )
    return point


@transaction.atomic
def progress_point_correct(
    *,
    actor: Any,
    point: ProgressPoint,
    value: Any,
    on: date | None,
    source_url: str,
    note: str = "",
    now: datetime,
) -> ProgressPoint:
    """Replace a published figure with a corrected one. The old figure is kept, marked as
    superseded, so the history shows both.

    :raises Conflict: the figure has already been corrected.
    """
    _check_role(actor)
    locked = ProgressPoint.objects.select_for_update().get(pk=point.pk)
    if ProgressPoint.objects.filter(supersedes=locked).exists():
        raise Conflict(ALREADY_CORRECTED, code="already_corrected")
    return progress_point_add(
        actor=actor,
        milestone=locked.milestone,
        value=value,
        on=on,
        source_url=source_url,
        note=note,
        now=now,
        supersedes=locked,
    )


def _assessment_errors(quarter: str, rating: str, narrative: str) -> dict[str, list[str]]:
    errors = {
        "quarter": None
        if len(quarter) == 7
        and quarter[:4].isdigit()
        and quarter[4:6] == "-Q"
        and quarter[6] in "1234"
        else QUARTER_INVALID,
        "rating": None if rating in OwnerAssessment.Rating.values else RATING_INVALID,
        "narrative": NARRATIVE_REQUIRED if not narrative.strip() else None,
    }
    if len(narrative) > NOTE_MAX:
        errors["narrative"] = NOTE_TOO_LONG.replace("note", "narrative")
    return {name: [message] for name, message in errors.items() if message}


@transaction.atomic
def owner_assessment_add(
    *,
    actor: Any,
    milestone: Milestone,
    quarter: str,
    rating: str,
    narrative: str,
    now: datetime,
) -> OwnerAssessment:
    """Record the milestone owner's own rating for a quarter, with a short narrative.
    A later assessment for the same quarter is shown in place of an earlier one; both are kept.

    :raises NotAllowed: the actor is not a mission analyst or provider admin.
    :raises RuleBroken: the quarter, rating or narrative is missing or wrong.
    """
    _check_role(actor)
    _check_open(milestone)
    quarter = (quarter or "").strip().upper()
    fields = _assessment_errors(quarter, rating or "", narrative or "")
    if fields:
        raise RuleBroken(" ".join(m[0] for m in fields.values()), code="invalid", fields=fields)
    assessment = OwnerAssessment(
        milestone=milestone,
        quarter=quarter,
        rating=rating,
        narrative=narrative.strip(),
        added_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    audit_record(
        action="missions.owner_assessment.added",
        obj=assessment,
        actor=actor,
        payload={"milestone": milestone.slug, "quarter": quarter, "rating": rating},
        at=now,
    )
    return assessment
