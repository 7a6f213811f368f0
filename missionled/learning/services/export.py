"""A participant takes away, or erases, everything they wrote."""

from django.db import transaction

from missionled.core.audit import audit_record
from missionled.learning.models import Challenge, Reflection
from missionled.learning.selectors import writing_places_of
from missionled.organisations.models import User

EXPORT_TITLE = "# What I wrote on Mission-led Government"
NOTHING_WRITTEN = "You have not written anything yet."


def _block(heading: str, text: str) -> list[str]:
    return [f"**{heading}**", "", text or "—", ""]


def _challenge_markdown(challenge: Challenge) -> list[str]:
    lines = [f"## Challenge: {challenge.title}", ""]
    lines += [f"Course: {challenge.enrolment.cohort.course.title}", ""]
    milestone = f" — milestone: {challenge.milestone.name}" if challenge.milestone else ""
    lines += [f"Mission: {challenge.mission.name}{milestone}", ""]
    lines += [f"Shared with my set: {'yes' if challenge.shared_with_set else 'no'}", ""]
    lines += _block("Description", challenge.description)
    lines += _block("Stakeholders", challenge.stakeholders)
    lines += _block("What I will try", challenge.what_i_will_try)
    entries = list(challenge.stakeholders_map.all())
    if entries:
        lines += ["### Stakeholder map", "", "| Name or role | Power | Interest | Engagement |"]
        lines += ["|---|---|---|---|"]
        lines += [
            f"| {e.name} | {e.power} | {e.interest} | {e.engagement.replace(chr(10), ' ')} |"
            for e in entries
        ]
        lines.append("")
    for experiment in challenge.experiments.all():
        when = experiment.tried_on.isoformat() if experiment.tried_on else "undated"
        lines += [f"### Experiment ({when})", ""]
        lines += _block("Hypothesis", experiment.hypothesis)
        lines += _block("What I tried", experiment.what_was_tried)
        lines += _block("Measure", experiment.measure)
        lines += _block("Result", experiment.result)
        lines += _block("Next step", experiment.next_step)
    return lines


def _reflection_markdown(reflection: Reflection) -> list[str]:
    lines = [f"## Reflection on {reflection.session.title}", ""]
    lines += [f"Written {reflection.created_at.date().isoformat()}", ""]
    lines += [f"Shared with my set: {'yes' if reflection.shared_with_set else 'no'}", ""]
    lines += _block("What happened", reflection.what_happened)
    lines += _block("What I learned", reflection.what_i_learned)
    lines += _block("What I will do before the next meeting", reflection.what_i_will_do)
    return lines


def writing_export_markdown(*, user: User) -> str:
    """Everything `user` wrote on any of their places, including ones they have left, as one
    Markdown document.

    :raises NotAllowed: for roles other than participant.
    :raises NotFound: if they never held a place.
    """
    enrolments = writing_places_of(user)
    challenges = (
        Challenge.objects.filter(enrolment__in=enrolments)
        .select_related("mission", "milestone", "enrolment__cohort__course")
        .prefetch_related("stakeholders_map", "experiments")
    )
    reflections = (
        Reflection.objects.filter(enrolment__in=enrolments)
        .select_related("session")
        .order_by("session__starts_at", "created_at")
    )
    lines = [EXPORT_TITLE, ""]
    for challenge in challenges:
        lines += _challenge_markdown(challenge)
    for reflection in reflections:
        lines += _reflection_markdown(reflection)
    if len(lines) == 2:
        lines += [NOTHING_WRITTEN, ""]
    return "\n".join(lines)


@transaction.atomic
def writing_delete_all(*, user: User) -> dict[str, int]:
    """Erase every challenge (with its map and experiments) and reflection `user` wrote, on
    any of their places, including ones they have left.

    Returns how many of each were deleted; the audit entry keeps only those numbers.

    :raises NotAllowed: for roles other than participant.
    :raises NotFound: if they never held a place.
    """
    enrolments = writing_places_of(user)
    reflections, _ = Reflection.objects.filter(enrolment__in=enrolments).delete()
    challenges = Challenge.objects.filter(enrolment__in=enrolments).count()
    Challenge.objects.filter(enrolment__in=enrolments).delete()
    counts = {"challenges": challenges, "reflections": reflections}
    audit_record(action="learning.writing.deleted", obj=user, actor=user, payload=counts)
    return counts
