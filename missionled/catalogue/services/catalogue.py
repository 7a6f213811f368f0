"""Loads the course catalogue from `catalogue/data/courses.json`. Idempotent."""

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from missionled.catalogue.models import Course, SessionTemplate
from missionled.organisations.models import Grade

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "courses.json"


def _course_defaults(data: dict[str, Any], course: dict[str, Any]) -> dict[str, Any]:
    return {
        "order": course["order"],
        "title": course["title"],
        "summary": course["summary"],
        "description": course["description"],
        "audience": data["audience"],
        "provider": data["provider"],
        "min_cohort": course["min_cohort"],
        "max_cohort": course["max_cohort"],
        "delivery_modes": course["delivery_modes"],
    }


def _sessions_load(course: Course, sessions: list[dict[str, Any]]) -> None:
    for session in sessions:
        SessionTemplate.objects.update_or_create(
            course=course,
            order=session["order"],
            defaults={
                "kind": session["kind"],
                "title": session["title"],
                "duration_minutes": session["duration_minutes"],
                "gap_target_days": session.get("gap_target_days"),
                "gap_min_days": session.get("gap_min_days"),
                "gap_max_days": session.get("gap_max_days"),
                "face_to_face_allowed": session.get("face_to_face_allowed", False),
                "facilitators_needed": session["facilitators_needed"],
            },
        )
    course.session_templates.exclude(order__in=[s["order"] for s in sessions]).delete()


@transaction.atomic
def catalogue_load() -> int:
    """Create or update the courses and their session patterns. Needs grades loaded first."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    grades = list(Grade.objects.filter(code__in=data["eligible_grades"]))
    for entry in data["courses"]:
        course, _ = Course.objects.update_or_create(
            slug=entry["slug"], defaults=_course_defaults(data, entry)
        )
        course.eligible_grades.set(grades)
        _sessions_load(course, entry["sessions"])
    return len(data["courses"])
