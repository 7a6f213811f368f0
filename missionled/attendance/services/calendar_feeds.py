"""Private calendar subscription links: made, reset and turned off by the person they belong to.

Calendar apps fetch a subscribed feed without signing in, so each link carries a random token
that is shown once; only its hash is stored, hashed the same way as API tokens.
"""

import secrets
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from missionled.attendance.models import CalendarFeed
from missionled.core.audit import audit_record
from missionled.core.errors import Conflict, NotAllowed
from missionled.organisations.models import Role
from missionled.organisations.services.users import token_hash

LINK_ROLES = (Role.PARTICIPANT, Role.FACILITATOR)
PEOPLE_WITH_SESSIONS_ONLY = (
    "Calendar links are for participants and facilitators, whose sessions are in the feed."
)
ALREADY_ON = "You already have a calendar link. Reset it if you need a new one."
NOTHING_ON = "You do not have a calendar link. Create one first."


def _require_link_role(user: Any) -> None:
    if getattr(user, "role", None) not in LINK_ROLES:
        raise NotAllowed(PEOPLE_WITH_SESSIONS_ONLY, code="calendar_link_not_allowed")


def _new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(32)
    return raw, token_hash(raw)


def _feed_for_update(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.select_for_update().filter(user=user).first()


@transaction.atomic
def calendar_feed_create(*, user: Any, now: datetime) -> str:
    """Turn on the person's calendar link; returns the raw token, which is not stored.

    :raises NotAllowed: for anyone but a participant or facilitator.
    :raises Conflict: if their link is already on.
    """
    _require_link_role(user)
    raw, hashed = _new_token()
    feed = _feed_for_update(user)
    if feed is not None and feed.is_on:
        raise Conflict(ALREADY_ON, code="calendar_link_on")
    if feed is None:
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.create(user=user, token_hash=hashed)
        except IntegrityError as exc:
            # Two tabs pressed the button at once; the other one made the link.
            raise Conflict(ALREADY_ON, code="calendar_link_on") from exc
    else:
        feed.token_hash, feed.revoked_at = hashed, None
        feed.save(update_fields=["token_hash", "revoked_at", "updated_at"])
    audit_record(action="attendance.calendar_feed.created", obj=feed, actor=user, at=now)
    return raw


@transaction.atomic
def calendar_feed_reset(*, user: Any, now: datetime) -> str:
    """Give the person's calendar link a new token, so the old address stops working;
    returns the raw token.

    :raises NotAllowed: for anyone but a participant or facilitator.
    :raises Conflict: if they have no link on.
    """
    _require_link_role(user)
    feed = _feed_for_update(user)
    if feed is None or not feed.is_on:
        raise Conflict(NOTHING_ON, code="calendar_link_off")
    raw, feed.token_hash = _new_token()
    feed.save(update_fields=["token_hash", "updated_at"])
    audit_record(action="attendance.calendar_feed.reset", obj=feed, actor=user, at=now)
    return raw


@transaction.atomic
def calendar_feed_revoke(*, user: Any, now: datetime) -> CalendarFeed:
    """Turn the person's calendar link off; its address then answers 404.

    :raises NotAllowed: for anyone but a participant or facilitator.
    :raises Conflict: if they have no link on.
    """
    _require_link_role(user)
    feed = _feed_for_update(user)
    if feed is None or not feed.is_on:
        raise Conflict(NOTHING_ON, code="calendar_link_off")
    feed.revoked_at = now
    feed.save(update_fields=["revoked_at", "updated_at"])
    audit_record(action="attendance.calendar_feed.revoked", obj=feed, actor=user, at=now)
    return feed
