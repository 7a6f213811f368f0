"""Shape sets, rotas and stakeholder maps for the pages."""

from collections import Counter
from collections.abc import Sequence
from typing import Any

from missionled.cohorts.models import Session
from missionled.learning.models import ActionLearningSet, StakeholderEntry

QUADRANTS = [
    ("high", "high", "Manage closely", "High power, high interest"),
    ("high", "low", "Keep satisfied", "High power, low interest"),
    ("low", "high", "Keep informed", "Low power, high interest"),
    ("low", "low", "Monitor", "Low power, low interest"),
]


def _tally(values: Sequence[str]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in sorted(Counter(values).items()))


def mix_rows(learning_set: ActionLearningSet) -> dict[str, str]:
    """The set's mix in words: how many from each department, profession and grade."""
    people = [m.enrolment for m in learning_set.memberships.all()]
    return {
        "Departments": _tally([p.department.acronym for p in people]),
        "Professions": _tally([p.profession.name if p.profession else "Not given" for p in people]),
        "Grades": _tally([p.grade.code for p in people]),
    }


def rota_rows(learning_set: ActionLearningSet, sessions: Sequence[Session]) -> list[dict[str, Any]]:
    """Each set meeting with the names of those presenting at it."""
    slots = list(learning_set.presenter_slots.all())
    return [
        {
            "session": session,
            "presenters": sorted(s.enrolment.name for s in slots if s.session_id == session.pk),
        }
        for session in sessions
    ]


def stakeholder_quadrants(entries: Sequence[StakeholderEntry]) -> list[dict[str, Any]]:
    """The stakeholder map as four groups, most important first."""
    return [
        {
            "title": title,
            "description": description,
            "entries": [e for e in entries if e.power == power and e.interest == interest],
        }
        for power, interest, title, description in QUADRANTS
    ]
