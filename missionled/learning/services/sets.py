"""Form a Leading it cohort's Action Learning Sets, give each an adviser and plan who presents.

The solving is done by the pure engines in `missionled.scheduling`; this module loads rows,
calls them, and saves the result in one transaction.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet

from missionled.cohorts.models import Cohort, Session
from missionled.core.audit import audit_record
from missionled.core.errors import Conflict, NotAllowed, RuleBroken
from missionled.enrolments.models import Enrolment
from missionled.learning.advisers import advisers_choose
from missionled.learning.models import ActionLearningSet, PresenterSlot, SetMembership
from missionled.organisations.models import Role, User
from missionled.scheduling.presenters import PresenterRotaImpossible, plan_presenters
from missionled.scheduling.set_formation import (
    ConstraintsConflict,
    Formation,
    FormationTimedOut,
    Member,
    form_sets,
)

LEADING_IT = "leading-it"
SET_SESSION_KIND = "action_learning_set"
PRESENTERS_PER_MEETING = 5

PROVIDER_ONLY = "Only the provider can form Action Learning Sets."
NOT_LEADING_IT = "Only Leading it cohorts have Action Learning Sets; this cohort is {course}."
ALREADY_MET = (
    "The first set meeting was on {date}, so the sets can no longer be re-formed. "
    "Sets can be formed or re-formed only before they first meet."
)
NO_SET_MEETINGS = "This cohort has no scheduled Action Learning Set meetings."
UNKNOWN_EMAILS = "These email addresses are not enrolled on this cohort: {emails}."
CONSTRAINTS_CONFLICT = "The keep-apart and keep-together requests cannot all hold. {reasons}"
TIMED_OUT = "No arrangement was found in time. Try again, or with fewer requests."


@dataclass(frozen=True)
class FormationResult:
    cohort: Cohort
    sets: list[ActionLearningSet]
    score: int
    optimal: bool
    explanations: tuple[str, ...]
    adviser_note: str


def set_sessions(cohort: Cohort) -> QuerySet[Session]:
    """The cohort's scheduled Action Learning Set meetings, in order: every set meets at these."""
    return cohort.sessions.filter(kind=SET_SESSION_KIND, status=Session.Status.SCHEDULED).order_by(
        "order"
    )


def _require_formable(cohort: Cohort, actor: User, now: datetime) -> list[Session]:
    if actor.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(PROVIDER_ONLY)
    if cohort.course.slug != LEADING_IT:
        message = NOT_LEADING_IT.format(course=cohort.course.short_title)
        raise RuleBroken(message, code="not_leading_it")
    sessions = list(set_sessions(cohort))
    if not sessions:
        raise RuleBroken(NO_SET_MEETINGS, code="no_set_meetings")
    if sessions[0].starts_at <= now:
        date = sessions[0].starts_at.date().strftime("%-d %B %Y")
        raise Conflict(ALREADY_MET.format(date=date), code="sets_already_met")
    return sessions


def _members(enrolments: Sequence[Enrolment]) -> list[Member]:
    return [
        Member(
            id=e.email,
            department=e.department.acronym,
            profession=e.profession.name if e.profession else f"unknown-{e.email}",
            grade=e.grade.code,
            team=e.team or None,
            name=e.name,
        )
        for e in enrolments
    ]


def _clean_pairs(pairs: Sequence[Sequence[str]]) -> list[tuple[str, str]]:
    return [(str(a).strip().lower(), str(b).strip().lower()) for a, b in pairs]


def _require_known(
    emails: set[str], keep_apart: list[tuple[str, str]], keep_together: list[tuple[str, str]]
) -> None:
    fields: dict[str, list[str]] = {}
    for field, pairs in (("keep_apart", keep_apart), ("keep_together", keep_together)):
        unknown = sorted({e for pair in pairs for e in pair} - emails)
        if unknown:
            fields[field] = [UNKNOWN_EMAILS.format(emails=", ".join(unknown))]
    if fields:
        named = sorted({e for pair in [*keep_apart, *keep_together] for e in pair} - emails)
        message = UNKNOWN_EMAILS.format(emails=", ".join(named))
        raise RuleBroken(message, code="unknown_members", fields=fields)


def _solve(
    members: list[Member],
    keep_apart: list[tuple[str, str]],
    keep_together: list[tuple[str, str]],
    seed: int,
    time_limit_s: float,
) -> Formation:
    try:
        return form_sets(
            members,
            keep_apart=keep_apart,
            keep_together=keep_together,
            seed=seed,
            time_limit_s=time_limit_s,
        )
    except ConstraintsConflict as exc:
        message = CONSTRAINTS_CONFLICT.format(reasons=" ".join(exc.conflicts))
        raise RuleBroken(
            message, code="constraints_conflict", fields={"constraints": list(exc.conflicts)}
        ) from exc
    except FormationTimedOut as exc:
        raise RuleBroken(TIMED_OUT, code="formation_timed_out") from exc
    except ValueError as exc:  # too few people, or none, to make a set
        raise RuleBroken(str(exc), code="too_few_members") from exc


def _save_sets(
    cohort: Cohort,
    formation: Formation,
    by_email: dict[str, Enrolment],
    requests: dict[str, object],
) -> list[ActionLearningSet]:
    cohort.learning_sets.all().delete()
    saved = []
    for number, emails in enumerate(formation.sets, start=1):
        learning_set = ActionLearningSet.objects.create(
            cohort=cohort,
            number=number,
            score=formation.score,
            optimal=formation.optimal,
            explanations=list(formation.explanations),
            **requests,
        )
        SetMembership.objects.bulk_create(
            SetMembership(learning_set=learning_set, enrolment=by_email[e]) for e in emails
        )
        saved.append(learning_set)
    return saved


def _plan_rota(
    learning_set: ActionLearningSet,
    emails: Sequence[str],
    by_email: dict[str, Enrolment],
    sessions: Sequence[Session],
) -> None:
    try:
        rota = plan_presenters(
            emails, meetings=len(sessions), per_meeting_max=PRESENTERS_PER_MEETING
        )
    except PresenterRotaImpossible as exc:
        raise RuleBroken(str(exc), code="presenters_impossible") from exc
    PresenterSlot.objects.bulk_create(
        PresenterSlot(learning_set=learning_set, session=session, enrolment=by_email[email])
        for session, presenters in zip(sessions, rota, strict=True)
        for email in presenters
    )


@transaction.atomic
def sets_form(
    *,
    cohort: Cohort,
    keep_apart: Sequence[Sequence[str]],
    keep_together: Sequence[Sequence[str]],
    seed: int = 0,
    actor: User,
    now: datetime,
    time_limit_s: float = 5.0,
) -> FormationResult:
    """Form (or re-form) the Action Learning Sets of a Leading it cohort from its enrolled
    participants, replacing any earlier sets, then give each set an adviser and a presenter rota.

    Requests name people by email. Re-forming is allowed until the first set meeting starts.

    :raises NotAllowed: unless the actor is the provider.
    :raises RuleBroken: for a cohort that is not Leading it, unknown emails, too few people, or
        requests that cannot all hold (`fields["constraints"]` lists why).
    :raises Conflict: once the first set meeting has started.
    """
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    sessions = _require_formable(cohort, actor, now)
    enrolments = list(
        cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).select_related(
            "department", "profession", "grade"
        )
    )
    by_email = {e.email: e for e in enrolments}
    apart, together = _clean_pairs(keep_apart), _clean_pairs(keep_together)
    _require_known(set(by_email), apart, together)
    formation = _solve(_members(enrolments), apart, together, seed, time_limit_s)
    requests: dict[str, object] = {
        "seed": seed,
        "keep_apart": [list(p) for p in apart],
        "keep_together": [list(p) for p in together],
    }
    sets = _save_sets(cohort, formation, by_email, requests)
    for learning_set, emails in zip(sets, formation.sets, strict=True):
        _plan_rota(learning_set, emails, by_email, sessions)
    note = advisers_choose(cohort=cohort, sets=sets, sessions=sessions)
    audit_record(
        action="learning.sets.formed",
        obj=cohort,
        actor=actor,
        payload={
            "sets": [list(s) for s in formation.sets],
            "score": formation.score,
            "optimal": formation.optimal,
            **requests,
        },
        at=now,
    )
    return FormationResult(
        cohort=cohort,
        sets=sets,
        score=formation.score,
        optimal=formation.optimal,
        explanations=formation.explanations,
        adviser_note=note,
    )
