"""Facilitator profiles and their unavailability: every write goes through here."""

from datetime import date
from typing import Any

from django.db import transaction

from missionled.catalogue.models import Course
from missionled.core.audit import audit_record
from missionled.core.errors import NotAllowed, RuleBroken
from missionled.facilitation.models import REGIONS, FacilitatorProfile, Unavailability
from missionled.organisations.models import Role, User

NOT_A_FACILITATOR = "{email} is not a facilitator."
PROFILE_NOT_YOURS = "Only the provider can change another facilitator's profile."
UNAVAILABLE_ORDER = "The last day must be on or after the first day."
UNKNOWN_REGION = "{value!r} is not a region we deliver in."


def may_edit_profile(actor: User, user: User) -> bool:
    return actor.role == Role.PROVIDER_ADMIN or (
        actor.pk == user.pk and actor.role == Role.FACILITATOR
    )


def facilitator_profile_get_or_default(*, user: User) -> FacilitatorProfile:
    """The facilitator's profile, made with the defaults when they have none: every course,
    may advise sets, every region, no unavailability.

    :raises NotAllowed: if `user` is not a facilitator.
    """
    if user.role != Role.FACILITATOR:
        raise NotAllowed(NOT_A_FACILITATOR.format(email=user.email), code="not_a_facilitator")
    profile, created = FacilitatorProfile.objects.get_or_create(
        user=user, defaults={"regions": list(REGIONS)}
    )
    if created:
        profile.courses.set(Course.objects.all())
    return profile


@transaction.atomic
def facilitator_profile_update(
    *, profile: FacilitatorProfile, actor: User, data: dict[str, Any]
) -> FacilitatorProfile:
    """Change what the facilitator may deliver and their limits (provider admins only).

    :raises NotAllowed: for anyone else. :raises RuleBroken: for an unknown region.
    """
    if actor.role != Role.PROVIDER_ADMIN:
        raise NotAllowed(PROFILE_NOT_YOURS)
    for region in data.get("regions", []):
        if region not in REGIONS:
            message = UNKNOWN_REGION.format(value=region)
            raise RuleBroken(message, code="invalid", fields={"regions": [message]})
    for name in ("may_advise_sets", "regions", "max_per_week", "max_per_month", "preferred_load"):
        if name in data:
            setattr(profile, name, data[name])
    profile.full_clean(exclude=["user"])
    profile.save()
    if "courses" in data:
        profile.courses.set(data["courses"])
    audit_record(
        action="facilitation.profile.updated",
        obj=profile,
        actor=actor,
        payload={k: v for k, v in data.items() if k != "courses"},
    )
    return profile


@transaction.atomic
def unavailability_add(
    *, profile: FacilitatorProfile, actor: User, starts_on: date, ends_on: date, reason: str = ""
) -> Unavailability:
    """Record days the facilitator cannot work (their own, or anyone's for the provider).

    :raises NotAllowed: for anyone else. :raises RuleBroken: if the days are in the wrong order.
    """
    if not may_edit_profile(actor, profile.user):
        raise NotAllowed(PROFILE_NOT_YOURS)
    if ends_on < starts_on:
        raise RuleBroken(UNAVAILABLE_ORDER, code="invalid", fields={"ends_on": [UNAVAILABLE_ORDER]})
    away = Unavailability.objects.create(
        profile=profile, starts_on=starts_on, ends_on=ends_on, reason=reason
    )
    audit_record(
        action="facilitation.unavailability.added",
        obj=profile,
        actor=actor,
        payload={"starts_on": str(starts_on), "ends_on": str(ends_on)},
    )
    return away


@transaction.atomic
def unavailability_remove(*, away: Unavailability, actor: User) -> None:
    """Remove a period of unavailability. :raises NotAllowed: as for adding."""
    if not may_edit_profile(actor, away.profile.user):
        raise NotAllowed(PROFILE_NOT_YOURS)
    audit_record(
        action="facilitation.unavailability.removed",
        obj=away.profile,
        actor=actor,
        payload={"starts_on": str(away.starts_on), "ends_on": str(away.ends_on)},
    )
    away.delete()
