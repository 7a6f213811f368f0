"""Participants' evaluation pages: feedback, self-assessments and the follow-up."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from missionled.cohorts.models import Session
from missionled.core.clock import now
from missionled.core.errors import DomainError, NotAllowed, NotFound
from missionled.evaluation.forms import FeedbackForm, FollowUpForm, SelfAssessmentForm
from missionled.evaluation.models import SelfAssessment
from missionled.evaluation.selectors import (
    enrolment_get_for_participant,
    enrolment_list_for_participant,
    follow_up_get_for_participant,
    follow_up_list_for_participant,
)
from missionled.evaluation.services.feedback import feedback_submit, self_assessment_submit
from missionled.evaluation.services.follow_ups import (
    follow_up_answer,
    follow_up_is_due,
    follow_up_not_yet_message,
)
from missionled.organisations.models import Role, User

PARTICIPANTS_ONLY = "Feedback pages are for people taking part in a course."
View = Callable[..., HttpResponse]


def participants_only(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request.user, "role", None) != Role.PARTICIPANT:
            context = {"message": PARTICIPANTS_ONLY}
            return render(request, "reporting/forbidden.html", context, status=403)
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return wrapped


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _saved(form: Any, action: Callable[[], Any]) -> bool:
    try:
        action()
    except NotAllowed as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        form.add_domain_error(exc)
        return False
    return True


def _ratings(form: Any, names: list[str]) -> dict[str, Any]:
    return {name: form.cleaned_data.get(name) for name in names}


@participants_only
@require_GET
def evaluation_index_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    moment = now()
    items = []
    for enrolment in enrolment_list_for_participant(user=user):
        sessions = [
            s for s in enrolment.cohort.sessions.all() if s.status == Session.Status.SCHEDULED
        ]
        given = {f.session_id for f in enrolment.feedback.all()}
        phases = {a.phase for a in enrolment.self_assessments.all()}
        started = [s for s in sessions if s.starts_at <= moment]
        course_open = bool(sessions) and len(started) == len(sessions)
        items.append(
            {
                "enrolment": enrolment,
                "workshops": [(s, s.pk in given) for s in started if s.kind == "workshop"],
                "course_open": course_open,
                "course_given": None in given,
                "before_done": "before" in phases,
                "after_done": "after" in phases,
            }
        )
    follow_ups = follow_up_list_for_participant(user=user, today=moment.date())
    context = {"items": items, "follow_ups": follow_ups}
    return render(request, "evaluation/index.html", context)


@participants_only
@require_http_methods(["GET", "POST"])
def feedback_view(request: HttpRequest, pk: int, session_pk: int | None = None) -> HttpResponse:
    user = _user(request)
    enrolment = enrolment_get_for_participant(user=user, pk=pk)
    session = None
    if session_pk is not None:
        session = enrolment.cohort.sessions.filter(pk=session_pk).first()
        if session is None:
            raise Http404("There is no such session in your course.")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = lambda: feedback_submit(  # noqa: E731
            enrolment=enrolment,
            session=session,
            actor=user,
            ratings=_ratings(form, ["relevance", "quality", "recommend"]),
            comments=form.cleaned_data["comments"],
            now=now(),
        )
        if _saved(form, call):
            messages.success(request, "Thank you. Your feedback has been saved.")
            return redirect("evaluation:index")
    about = session.title if session else enrolment.cohort.course.title
    context = {"form": form, "enrolment": enrolment, "about": about}
    return render(request, "evaluation/feedback_form.html", context)


@participants_only
@require_http_methods(["GET", "POST"])
def self_assessment_view(request: HttpRequest, pk: int, phase: str) -> HttpResponse:
    if phase not in SelfAssessment.Phase.values:
        raise Http404("There is no such self-assessment.")
    user = _user(request)
    enrolment = enrolment_get_for_participant(user=user, pk=pk)
    form = SelfAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = lambda: self_assessment_submit(  # noqa: E731
            enrolment=enrolment,
            phase=phase,
            actor=user,
            ratings=_ratings(form, list(form.fields)),
            now=now(),
        )
        if _saved(form, call):
            messages.success(request, "Thank you. Your self-assessment has been saved.")
            return redirect("evaluation:index")
    label = SelfAssessment.Phase(phase).label.lower()
    context = {"form": form, "enrolment": enrolment, "phase_label": label}
    return render(request, "evaluation/self_assessment_form.html", context)


@participants_only
@require_http_methods(["GET", "POST"])
def follow_up_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    follow_up = follow_up_get_for_participant(user=user, pk=pk)
    if not follow_up_is_due(follow_up, today=now().date()):
        context = {"follow_up": follow_up, "not_yet": follow_up_not_yet_message(follow_up)}
        return render(request, "evaluation/follow_up_form.html", context)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = lambda: follow_up_answer(  # noqa: E731
            follow_up=follow_up, actor=user, answer=form.cleaned_data["answer"], now=now()
        )
        if _saved(form, call):
            messages.success(request, "Thank you. Your answer has been saved.")
            return redirect("evaluation:index")
    return render(request, "evaluation/follow_up_form.html", {"form": form, "follow_up": follow_up})
