"""What completing a course takes, as data, and whether a participant has done it.

The built-in rule: every workshop attended (present or late); for Leading it, also at least
2 of the 3 Action Learning Sets. A `CompletionRule` row for a course slug overrides it.
A session caught up in another cohort of the same course (the same session, by its order)
counts as attended.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from missionled.attendance.models import Attendance, CompletionRule
from missionled.cohorts.models import Session
from missionled.enrolments.models import Enrolment

WORKSHOP = "workshop"
ACTION_LEARNING_SET = "action_learning_set"


@dataclass(frozen=True)
class Rule:
    """Completing a course means attending every workshop (when `all_workshops`) and at
    least `min_action_learning_sets` Action Learning Sets."""

    all_workshops: bool = True
    min_action_learning_sets: int = 0


DEFAULT_RULES: dict[str, Rule] = {"leading-it": Rule(min_action_learning_sets=2)}


@dataclass(frozen=True)
class Completion:
    complete: bool
    workshops_attended: int
    workshops_total: int
    sets_attended: int
    sets_total: int
    sets_needed: int


def completion_rule_for(course_slug: str) -> Rule:
    """The course's rule: its `CompletionRule` row if there is one, else the built-in one."""
    row = CompletionRule.objects.filter(course_slug=course_slug).first()
    if row is not None:
        return Rule(row.all_workshops, row.min_action_learning_sets)
    return DEFAULT_RULES.get(course_slug, Rule())


def completion_evaluate(rule: Rule, sessions: Iterable[tuple[str, bool]]) -> Completion:
    """Apply `rule` to (kind, attended) pairs, one for each of the cohort's sessions."""
    sessions = list(sessions)
    workshops = [attended for kind, attended in sessions if kind == WORKSHOP]
    sets = [attended for kind, attended in sessions if kind == ACTION_LEARNING_SET]
    workshops_ok = all(workshops) if rule.all_workshops else True
    sets_ok = sum(sets) >= rule.min_action_learning_sets
    return Completion(
        complete=bool(sessions) and workshops_ok and sets_ok,
        workshops_attended=sum(workshops),
        workshops_total=len(workshops),
        sets_attended=sum(sets),
        sets_total=len(sets),
        sets_needed=rule.min_action_learning_sets,
    )


def attended_orders(enrolment: Enrolment) -> set[int]:
    """The session orders of the course this person attended, in their own cohort or, as a
    catch-up, in another cohort of the same course."""
    cohort = enrolment.cohort
    return set(
        Attendance.objects.filter(
            enrolment__email=enrolment.email,
            session__cohort__course_id=cohort.course_id,
            status__in=Attendance.ATTENDED,
        ).values_list("session__order", flat=True)
    )


def enrolment_completion(enrolment: Enrolment) -> Completion:
    """Whether `enrolment` has completed its course, with the counts that explain it."""
    orders = attended_orders(enrolment)
    sessions = enrolment.cohort.sessions.filter(status=Session.Status.SCHEDULED)
    pairs = [(session.kind, session.order in orders) for session in sessions]
    return completion_evaluate(completion_rule_for(enrolment.cohort.course.slug), pairs)
