"""Set formation, set pages and a participant's own writing: thin views over the services."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from missionled.cohorts.models import Cohort
from missionled.cohorts.selectors import cohort_get_for_user
from missionled.core.clock import now
from missionled.core.errors import DomainError, NotAllowed, NotFound
from missionled.learning import forms as learning_forms
from missionled.learning.models import ActionLearningSet, Challenge
from missionled.learning.presenters import mix_rows, rota_rows, stakeholder_quadrants
from missionled.learning.selectors import (
    challenge_history,
    challenge_of,
    cohort_learning_counts,
    participant_enrolment,
    reflections_of,
    set_get_for_user,
    set_shared_challenges,
    set_shared_reflections,
    sets_visible_to,
    user_may_read_set_content,
    writing_left_behind,
    writing_places_of,
)
from missionled.learning.services import writing
from missionled.learning.services.export import writing_delete_all, writing_export_markdown
from missionled.learning.services.presenters import presenters_set
from missionled.learning.services.sets import PROVIDER_ONLY, set_sessions, sets_form
from missionled.organisations.models import Role, User

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # guarded checked the sign-in.
    return user


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(request, "learning/forbidden.html", {"message": message}, status=403)


def guarded(view: View) -> View:
    """Signed in; a NotFound from a selector is the 404 page and NotAllowed the 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except NotAllowed as exc:
            return forbidden(request, exc.message)

    return wrapped


CONSTRAINTS_LEAD = "The keep-apart and keep-together requests cannot all hold:"
ROTA_LEAD = "The rota does not work yet:"


def _add_listed_error(form: Any, exc: DomainError, key: str, lead: str) -> None:
    """List each reason the engine gave as its own line in the error summary."""
    reasons = exc.fields.get(key)
    if not reasons:
        form.add_domain_error(exc)
        return
    form.add_error(None, lead)
    for reason in reasons:
        form.add_error(None, reason)


def _formable_cohort(user: User, pk: int) -> Cohort:
    if user.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(PROVIDER_ONLY)
    return cohort_get_for_user(user, pk)


@require_http_methods(["GET", "POST"])
@guarded
def sets_form_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    cohort = _formable_cohort(user, pk)
    form = learning_forms.SetsFormForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = sets_form(
                cohort=cohort,
                keep_apart=data["keep_apart"],
                keep_together=data["keep_together"],
                seed=data["seed"] or 0,
                actor=user,
                now=now(),
            )
        except DomainError as exc:
            _add_listed_error(form, exc, "constraints", CONSTRAINTS_LEAD)
        else:
            messages.success(request, f"{len(result.sets)} sets formed")
            if result.adviser_note:
                messages.warning(request, result.adviser_note)
            return redirect("learning:sets-form", pk=cohort.pk)
    sets = list(
        ActionLearningSet.objects.filter(cohort=cohort)
        .select_related("adviser")
        .prefetch_related(
            "memberships__enrolment__department",
            "memberships__enrolment__profession",
            "memberships__enrolment__grade",
        )
    )
    context = {
        "cohort": cohort,
        "form": form,
        "sets": [(s, mix_rows(s)) for s in sets],
        "formation": sets[0] if sets else None,
    }
    return render(request, "learning/sets_form.html", context)


@require_GET
@guarded
def set_list_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.role not in (Role.PROVIDER_ADMIN, Role.FACILITATOR, Role.PARTICIPANT):
        raise NotAllowed("Only the provider, set advisers and set members can see sets.")
    sets = sets_visible_to(user).order_by("-cohort__created_at", "number")
    return render(request, "learning/set_list.html", {"sets": sets})


@require_GET
@guarded
def set_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    learning_set = set_get_for_user(user, pk)
    reader = user_may_read_set_content(user, learning_set)
    context = {
        "set": learning_set,
        "rota": rota_rows(learning_set, list(set_sessions(learning_set.cohort))),
        "reader": reader,
        "may_adjust": learning_set.adviser_id == user.pk or user.role == Role.PROVIDER_ADMIN,
        "reflections": set_shared_reflections(user, learning_set) if reader else [],
        "challenges": set_shared_challenges(user, learning_set) if reader else [],
    }
    return render(request, "learning/set_detail.html", context)


@require_http_methods(["GET", "POST"])
@guarded
def presenters_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    learning_set = set_get_for_user(user, pk)
    if learning_set.adviser_id != user.pk and user.role != Role.PROVIDER_ADMIN:
        raise NotAllowed("Only the set's adviser or the provider can change who presents.")
    sessions = list(set_sessions(learning_set.cohort))
    members = learning_forms.enrolment_queryset(
        [m.enrolment_id for m in learning_set.memberships.all()]
    )
    initial = {
        f"meeting_{s.pk}": [
            slot.enrolment_id
            for slot in learning_set.presenter_slots.all()
            if slot.session_id == s.pk
        ]
        for s in sessions
    }
    form = learning_forms.PresentersForm(
        request.POST or None, initial=initial, sessions=sessions, members=members
    )
    if request.method == "POST" and form.is_valid():
        try:
            presenters_set(learning_set=learning_set, rota=form.rota(), actor=user)
        except DomainError as exc:
            _add_listed_error(form, exc, "rota", ROTA_LEAD)
        else:
            messages.success(request, "Presenters changed")
            return redirect("learning:set-detail", pk=learning_set.pk)
    return render(request, "learning/presenters.html", {"set": learning_set, "form": form})


@require_GET
@guarded
def learning_counts_view(request: HttpRequest, pk: int) -> HttpResponse:
    counts = cohort_learning_counts(_user(request), pk)
    return render(request, "learning/counts.html", counts)


@require_GET
@guarded
def my_learning_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    try:
        enrolment = participant_enrolment(user)
    except NotFound:
        left_behind = writing_left_behind(user)
        return render(request, "learning/not_enrolled.html", {"left_behind": left_behind})
    membership = getattr(enrolment, "set_membership", None)
    challenge = challenge_of(user)
    context = {
        "enrolment": enrolment,
        "learning_set": membership.learning_set if membership else None,
        "challenge": challenge,
        "history": challenge_history(challenge) if challenge else [],
        "reflections": reflections_of(user),
    }
    return render(request, "learning/my_learning.html", context)


def _challenge_initial(challenge: Challenge | None) -> dict[str, Any]:
    if challenge is None:
        return {}
    return {
        "title": challenge.title,
        "description": challenge.description,
        "mission": challenge.mission.slug,
        "milestone": challenge.milestone.slug if challenge.milestone else None,
        "stakeholders": challenge.stakeholders,
        "what_i_will_try": challenge.what_i_will_try,
        "shared_with_set": challenge.shared_with_set,
    }


@require_http_methods(["GET", "POST"])
@guarded
def challenge_edit_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    enrolment = participant_enrolment(user)
    form = learning_forms.ChallengeForm(
        request.POST or None, initial=_challenge_initial(challenge_of(user))
    )
    if request.method == "POST" and form.is_valid():
        try:
            writing.challenge_save(enrolment=enrolment, actor=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Challenge saved")
            return redirect("learning:mine")
    return render(request, "learning/challenge_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@guarded
def stakeholders_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    enrolment = participant_enrolment(user)
    challenge = challenge_of(user)
    form = learning_forms.StakeholderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            writing.stakeholder_save(enrolment=enrolment, actor=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Stakeholder added")
            return redirect("learning:stakeholders")
    entries = list(challenge.stakeholders_map.all()) if challenge else []
    context = {
        "form": form,
        "challenge": challenge,
        "quadrants": stakeholder_quadrants(entries),
    }
    return render(request, "learning/stakeholders.html", context)


@require_POST
@guarded
def stakeholder_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    writing.stakeholder_delete(enrolment=participant_enrolment(user), actor=user, pk=pk)
    messages.success(request, "Stakeholder removed")
    return redirect("learning:stakeholders")


@require_http_methods(["GET", "POST"])
@guarded
def experiments_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    enrolment = participant_enrolment(user)
    challenge = challenge_of(user)
    form = learning_forms.ExperimentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            writing.experiment_save(
                enrolment=enrolment,
                actor=user,
                hypothesis=data.pop("hypothesis"),
                tried_on=data.pop("tried_on"),
                values=data,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Experiment logged")
            return redirect("learning:experiments")
    experiments = list(challenge.experiments.all()) if challenge else []
    context = {"form": form, "challenge": challenge, "experiments": experiments}
    return render(request, "learning/experiments.html", context)


@require_POST
@guarded
def experiment_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    writing.experiment_delete(enrolment=participant_enrolment(user), actor=user, pk=pk)
    messages.success(request, "Experiment removed")
    return redirect("learning:experiments")


@require_http_methods(["GET", "POST"])
@guarded
def reflection_create_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    enrolment = participant_enrolment(user)
    moment = now()
    sessions = set_sessions(enrolment.cohort).filter(starts_at__lte=moment)
    form = learning_forms.ReflectionForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            writing.reflection_create(
                enrolment=enrolment,
                actor=user,
                session_id=data.pop("session").pk,
                now=moment,
                **data,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, "Reflection saved")
            return redirect("learning:mine")
    context = {"form": form, "no_meetings": not sessions.exists()}
    return render(request, "learning/reflection_form.html", context)


@require_GET
@guarded
def export_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    response = HttpResponse(
        writing_export_markdown(user=user), content_type="text/markdown; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-learning.md"'
    return response


@require_http_methods(["GET", "POST"])
@guarded
def delete_all_view(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    writing_places_of(user)
    if request.method == "POST":
        counts = writing_delete_all(user=user)
        messages.success(
            request,
            f"Deleted {counts['challenges']} challenge(s) and "
            f"{counts['reflections']} reflection(s)",
        )
        return redirect("learning:mine")
    return render(request, "learning/delete_confirm.html")
