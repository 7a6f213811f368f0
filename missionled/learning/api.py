"""Action Learning Sets, challenges, stakeholder maps, experiments and reflections over HTTP.

Thin handlers: the selectors decide who sees what (see `missionled.learning.selectors`)."""

from datetime import date

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from missionled.api.auth import bearer
from missionled.api.pagination import PageNumberPagination
from missionled.cohorts.api import ERRORS, Id, LondonDateTime
from missionled.cohorts.selectors import cohort_get_for_user
from missionled.core.clock import now
from missionled.core.errors import NotFound, RuleBroken
from missionled.enrolments.models import Enrolment
from missionled.learning.models import (
    ActionLearningSet,
    Challenge,
    Experiment,
    Reflection,
    StakeholderEntry,
)
from missionled.learning.selectors import (
    challenge_of,
    cohort_learning_counts,
    cohort_sets_for_user,
    participant_enrolment,
    reflections_of,
    set_get_for_user,
    set_shared_challenges,
    set_shared_reflections,
)
from missionled.learning.services.presenters import presenters_set
from missionled.learning.services.sets import sets_form
from missionled.learning.services.writing import (
    challenge_save,
    experiment_delete,
    experiment_get,
    experiment_save,
    reflection_create,
    stakeholder_delete,
    stakeholder_get,
    stakeholder_save,
)
from missionled.missions.models import Milestone, Mission
from missionled.organisations.models import User

router = Router(tags=["Action Learning Sets and reflections"], auth=bearer)

NO_CHALLENGE = "You have not written your challenge yet."
UNKNOWN_MISSION = "{value!r} is not a mission."
UNKNOWN_MILESTONE = "{value!r} is not a milestone."

EmailPair = list[str]


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class MemberOut(Schema):
    enrolment: int
    name: str
    email: str
    department: str
    profession: str | None
    grade: str


class PresentersOut(Schema):
    session: int
    starts_at: LondonDateTime
    presenters: list[int]


class SetOut(Schema):
    id: int
    number: int
    adviser: str | None
    members: list[MemberOut]
    presenters: list[PresentersOut]


class SetsOut(Schema):
    sets: list[SetOut]
    score: int | None
    optimal: bool | None
    explanations: list[str]
    adviser_note: str = ""


class SetsFormIn(Schema):
    keep_apart: list[EmailPair] = Field(
        default_factory=list, description="Pairs of emails to put in different sets"
    )
    keep_together: list[EmailPair] = Field(
        default_factory=list, description="Pairs of emails to put in the same set"
    )
    seed: int = Field(0, ge=0, le=2_147_483_647)


def _member(enrolment: Enrolment) -> MemberOut:
    return MemberOut(
        enrolment=enrolment.pk,
        name=enrolment.name,
        email=enrolment.email,
        department=enrolment.department.acronym,
        profession=enrolment.profession.name if enrolment.profession else None,
        grade=enrolment.grade.code,
    )


def _presenters(learning_set: ActionLearningSet) -> list[PresentersOut]:
    by_session: dict[int, PresentersOut] = {}
    for slot in learning_set.presenter_slots.all():
        entry = by_session.setdefault(
            slot.session_id,
            PresentersOut(session=slot.session_id, starts_at=slot.session.starts_at, presenters=[]),
        )
        entry.presenters.append(slot.enrolment_id)
    return sorted(by_session.values(), key=lambda p: p.starts_at)


def _set_out(learning_set: ActionLearningSet) -> SetOut:
    return SetOut(
        id=learning_set.pk,
        number=learning_set.number,
        adviser=learning_set.adviser.email if learning_set.adviser else None,
        members=[_member(m.enrolment) for m in learning_set.memberships.all()],
        presenters=_presenters(learning_set),
    )


def _sets_out(sets: list[ActionLearningSet], adviser_note: str = "") -> SetsOut:
    first = sets[0] if sets else None
    return SetsOut(
        sets=[_set_out(s) for s in sets],
        score=first.score if first else None,
        optimal=first.optimal if first else None,
        explanations=list(first.explanations) if first else [],
        adviser_note=adviser_note,
    )


def _pairs(pairs: list[EmailPair], field: str) -> list[tuple[str, str]]:
    if any(len(pair) != 2 for pair in pairs):
        message = "Each pair must name exactly two email addresses."
        raise RuleBroken(message, code="invalid", fields={field: [message]})
    return [(a, b) for a, b in pairs]


@router.post(
    "/cohorts/{cohort_id}/sets",
    response={201: SetsOut, **ERRORS},
    summary="Form (or re-form) a Leading it cohort's Action Learning Sets (provider)",
)
def sets_form_api(request: HttpRequest, cohort_id: Id, payload: SetsFormIn) -> Status[SetsOut]:
    actor = _actor(request)
    result = sets_form(
        cohort=cohort_get_for_user(actor, cohort_id),
        keep_apart=_pairs(payload.keep_apart, "keep_apart"),
        keep_together=_pairs(payload.keep_together, "keep_together"),
        seed=payload.seed,
        actor=actor,
        now=now(),
    )
    sets = cohort_sets_for_user(actor, cohort_id)
    return Status(201, _sets_out(sets, result.adviser_note))


@router.get(
    "/cohorts/{cohort_id}/sets",
    response={200: SetsOut, **ERRORS},
    summary="A cohort's sets: all for the provider, one's own set for an adviser or member",
)
def sets_list_api(request: HttpRequest, cohort_id: Id) -> SetsOut:
    return _sets_out(cohort_sets_for_user(_actor(request), cohort_id))


@router.get("/sets/{set_id}", response={200: SetOut, **ERRORS}, summary="One set")
def set_detail_api(request: HttpRequest, set_id: Id) -> SetOut:
    return _set_out(set_get_for_user(_actor(request), set_id))


class RotaIn(Schema):
    rota: list[list[int]] = Field(
        ..., description="For each set meeting in order, the enrolment ids presenting"
    )


@router.put(
    "/sets/{set_id}/presenters",
    response={200: SetOut, **ERRORS},
    summary="Change who presents at each meeting (the set's adviser, provider)",
)
def presenters_set_api(request: HttpRequest, set_id: Id, payload: RotaIn) -> SetOut:
    actor = _actor(request)
    learning_set = presenters_set(
        learning_set=set_get_for_user(actor, set_id), rota=payload.rota, actor=actor
    )
    return _set_out(set_get_for_user(actor, learning_set.pk))


class ReflectionIn(Schema):
    session: int = Field(..., ge=1, le=2_147_483_647, description="A set meeting of your cohort")
    text: str = Field(..., description="What happened", max_length=20_000)
    what_i_learned: str = Field("", max_length=20_000)
    what_i_will_do: str = Field("", max_length=20_000)
    shared_with_set: bool = False


class ReflectionOut(Schema):
    id: int
    session: int
    session_title: str
    text: str
    what_i_learned: str
    what_i_will_do: str
    shared_with_set: bool
    created_at: LondonDateTime

    @staticmethod
    def resolve_session(obj: Reflection) -> int:
        return obj.session_id

    @staticmethod
    def resolve_session_title(obj: Reflection) -> str:
        return obj.session.title

    @staticmethod
    def resolve_text(obj: Reflection) -> str:
        return obj.what_happened


class SharedReflectionOut(ReflectionOut):
    author: str

    @staticmethod
    def resolve_author(obj: Reflection) -> str:
        return obj.enrolment.name


@router.post(
    "/me/reflections",
    response={201: ReflectionOut, **ERRORS},
    summary="Write a reflection on a set meeting (participant); private unless shared",
)
def reflection_create_api(request: HttpRequest, payload: ReflectionIn) -> Status[Reflection]:
    actor = _actor(request)
    reflection = reflection_create(
        enrolment=participant_enrolment(actor),
        actor=actor,
        session_id=payload.session,
        what_happened=payload.text,
        what_i_learned=payload.what_i_learned,
        what_i_will_do=payload.what_i_will_do,
        shared_with_set=payload.shared_with_set,
        now=now(),
    )
    return Status(201, reflection)


@router.get(
    "/me/reflections",
    response={200: list[ReflectionOut], **ERRORS},
    summary="Your own reflections",
)
@paginate(PageNumberPagination)
def reflection_list_api(request: HttpRequest) -> list[Reflection]:
    actor = _actor(request)
    participant_enrolment(actor)
    return reflections_of(actor)  # type: ignore[return-value]


@router.get(
    "/sets/{set_id}/reflections",
    response={200: list[SharedReflectionOut], **ERRORS},
    summary="Reflections shared with a set (its adviser and members)",
)
@paginate(PageNumberPagination)
def set_reflections_api(request: HttpRequest, set_id: Id) -> list[Reflection]:
    actor = _actor(request)
    return set_shared_reflections(actor, set_get_for_user(actor, set_id))  # type: ignore[return-value]


class ChallengeIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=20_000)
    mission: str = Field(..., description="Mission slug")
    milestone: str | None = Field(None, description="Milestone slug, of that mission")
    stakeholders: str = Field("", max_length=20_000)
    what_i_will_try: str = Field("", max_length=20_000)
    shared_with_set: bool = False


class ChallengeOut(Schema):
    id: int
    title: str
    description: str
    mission: str
    milestone: str | None
    stakeholders: str
    what_i_will_try: str
    shared_with_set: bool
    updated_at: LondonDateTime

    @staticmethod
    def resolve_mission(obj: Challenge) -> str:
        return obj.mission.slug

    @staticmethod
    def resolve_milestone(obj: Challenge) -> str | None:
        return obj.milestone.slug if obj.milestone else None


class SharedChallengeOut(ChallengeOut):
    author: str

    @staticmethod
    def resolve_author(obj: Challenge) -> str:
        return obj.enrolment.name


def _mission(slug: str) -> Mission:
    mission = Mission.objects.filter(slug=slug, retired=False).first()
    if mission is None:
        message = UNKNOWN_MISSION.format(value=slug)
        raise RuleBroken(message, code="unknown_mission", fields={"mission": [message]})
    return mission


def _milestone(slug: str | None) -> Milestone | None:
    if not slug:
        return None
    milestone = Milestone.objects.filter(slug=slug).first()
    if milestone is None:
        message = UNKNOWN_MILESTONE.format(value=slug)
        raise RuleBroken(message, code="unknown_milestone", fields={"milestone": [message]})
    return milestone


def _own_challenge(actor: User) -> Challenge:
    challenge = challenge_of(actor)
    if challenge is None:
        raise NotFound(NO_CHALLENGE, code="no_challenge")
    return challenge


@router.get("/me/challenge", response={200: ChallengeOut, **ERRORS}, summary="Your challenge")
def challenge_detail_api(request: HttpRequest) -> Challenge:
    return _own_challenge(_actor(request))


@router.put(
    "/me/challenge",
    response={200: ChallengeOut, **ERRORS},
    summary="Write or update your challenge (participant)",
)
def challenge_save_api(request: HttpRequest, payload: ChallengeIn) -> Challenge:
    actor = _actor(request)
    return challenge_save(
        enrolment=participant_enrolment(actor),
        actor=actor,
        title=payload.title,
        description=payload.description,
        mission=_mission(payload.mission),
        milestone=_milestone(payload.milestone),
        stakeholders=payload.stakeholders,
        what_i_will_try=payload.what_i_will_try,
        shared_with_set=payload.shared_with_set,
    )


@router.get(
    "/sets/{set_id}/challenges",
    response={200: list[SharedChallengeOut], **ERRORS},
    summary="Challenges shared with a set (its adviser and members)",
)
@paginate(PageNumberPagination)
def set_challenges_api(request: HttpRequest, set_id: Id) -> list[Challenge]:
    actor = _actor(request)
    return set_shared_challenges(actor, set_get_for_user(actor, set_id))  # type: ignore[return-value]


class StakeholderIn(Schema):
    name: str = Field(..., max_length=200, description="A name or a role")
    power: str = Field(..., description="low or high")
    interest: str = Field(..., description="low or high")
    engagement: str = Field("", max_length=20_000)


class StakeholderOut(Schema):
    id: int
    name: str
    power: str
    interest: str
    engagement: str


@router.get(
    "/me/challenge/stakeholders",
    response={200: list[StakeholderOut], **ERRORS},
    summary="Your stakeholder map",
)
@paginate(PageNumberPagination)
def stakeholder_list_api(request: HttpRequest) -> list[StakeholderEntry]:
    return _own_challenge(_actor(request)).stakeholders_map.all()  # type: ignore[return-value]


@router.post(
    "/me/challenge/stakeholders",
    response={201: StakeholderOut, **ERRORS},
    summary="Add someone to your stakeholder map",
)
def stakeholder_create_api(
    request: HttpRequest, payload: StakeholderIn
) -> Status[StakeholderEntry]:
    actor = _actor(request)
    entry = stakeholder_save(
        enrolment=participant_enrolment(actor), actor=actor, **payload.model_dump()
    )
    return Status(201, entry)


@router.put(
    "/me/challenge/stakeholders/{entry_id}",
    response={200: StakeholderOut, **ERRORS},
    summary="Change someone on your stakeholder map",
)
def stakeholder_update_api(
    request: HttpRequest, entry_id: Id, payload: StakeholderIn
) -> StakeholderEntry:
    actor = _actor(request)
    enrolment = participant_enrolment(actor)
    return stakeholder_save(
        enrolment=enrolment,
        actor=actor,
        entry=stakeholder_get(enrolment, entry_id),
        **payload.model_dump(),
    )


@router.delete(
    "/me/challenge/stakeholders/{entry_id}",
    response={204: None, **ERRORS},
    summary="Remove someone from your stakeholder map",
)
def stakeholder_delete_api(request: HttpRequest, entry_id: Id) -> Status[None]:
    actor = _actor(request)
    stakeholder_delete(enrolment=participant_enrolment(actor), actor=actor, pk=entry_id)
    return Status(204, None)


class ExperimentIn(Schema):
    hypothesis: str = Field(..., max_length=20_000)
    what_was_tried: str = Field("", max_length=20_000)
    measure: str = Field("", max_length=20_000)
    result: str = Field("", max_length=20_000)
    next_step: str = Field("", max_length=20_000)
    tried_on: date | None = None


class ExperimentOut(ExperimentIn):
    id: int


def _experiment_values(payload: ExperimentIn) -> dict[str, str]:
    return {
        "what_was_tried": payload.what_was_tried,
        "measure": payload.measure,
        "result": payload.result,
        "next_step": payload.next_step,
    }


@router.get(
    "/me/challenge/experiments",
    response={200: list[ExperimentOut], **ERRORS},
    summary="Your experiment log",
)
@paginate(PageNumberPagination)
def experiment_list_api(request: HttpRequest) -> list[Experiment]:
    return _own_challenge(_actor(request)).experiments.all()  # type: ignore[return-value]


@router.post(
    "/me/challenge/experiments",
    response={201: ExperimentOut, **ERRORS},
    summary="Log an experiment",
)
def experiment_create_api(request: HttpRequest, payload: ExperimentIn) -> Status[Experiment]:
    actor = _actor(request)
    entry = experiment_save(
        enrolment=participant_enrolment(actor),
        actor=actor,
        hypothesis=payload.hypothesis,
        values=_experiment_values(payload),
        tried_on=payload.tried_on,
    )
    return Status(201, entry)


@router.put(
    "/me/challenge/experiments/{entry_id}",
    response={200: ExperimentOut, **ERRORS},
    summary="Change an experiment",
)
def experiment_update_api(request: HttpRequest, entry_id: Id, payload: ExperimentIn) -> Experiment:
    actor = _actor(request)
    enrolment = participant_enrolment(actor)
    return experiment_save(
        enrolment=enrolment,
        actor=actor,
        hypothesis=payload.hypothesis,
        values=_experiment_values(payload),
        tried_on=payload.tried_on,
        entry=experiment_get(enrolment, entry_id),
    )


@router.delete(
    "/me/challenge/experiments/{entry_id}",
    response={204: None, **ERRORS},
    summary="Remove an experiment",
)
def experiment_delete_api(request: HttpRequest, entry_id: Id) -> Status[None]:
    actor = _actor(request)
    experiment_delete(enrolment=participant_enrolment(actor), actor=actor, pk=entry_id)
    return Status(204, None)


class SetCountsOut(Schema):
    number: int
    members: int
    challenges: int
    shared_challenges: int
    reflections: int
    shared_reflections: int


class LearningCountsOut(Schema):
    cohort: int
    sets: list[SetCountsOut]


@router.get(
    "/cohorts/{cohort_id}/learning-counts",
    response={200: LearningCountsOut, **ERRORS},
    summary="How many challenges and reflections each set wrote and shared: counts only",
)
def learning_counts_api(request: HttpRequest, cohort_id: Id) -> dict[str, object]:
    counts = cohort_learning_counts(_actor(request), cohort_id)
    return {"cohort": counts["cohort"].pk, "sets": counts["sets"]}
