"""Creating people and their API tokens."""

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import OperationalError, transaction

from missionled.core.audit import audit_record
from missionled.core.clock import now as clock_now
from missionled.core.errors import Conflict, RuleBroken
from missionled.organisations.models import ApiToken, Department, Role, User

UNKNOWN_ROLE = "Role must be one of: {roles}."
COORDINATOR_NEEDS_DEPARTMENT = "A department coordinator needs a department (--department ACRONYM)."
UNKNOWN_DEPARTMENT = "No department has the acronym {acronym!r}."
EMAIL_TAKEN = "A user with the email {email} already exists."
BAD_EMAIL = "Enter an email address in the correct format, like name@example.gov.uk."

TOKEN_PREFIX = "mlg_"
TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)

logger = logging.getLogger(__name__)


def department_by_acronym(acronym: str) -> Department:
    department = Department.objects.filter(acronym__iexact=acronym.strip()).first()
    if department is None:
        raise RuleBroken(
            UNKNOWN_DEPARTMENT.format(acronym=acronym),
            code="unknown_department",
            fields={"department": [UNKNOWN_DEPARTMENT.format(acronym=acronym)]},
        )
    return department


@transaction.atomic
def user_create(
    *,
    email: str,
    role: str,
    department_acronym: str | None = None,
    name: str = "",
    password: str | None = None,
    actor: User | None = None,
) -> User:
    """Create a user with one role. Raises RuleBroken for a bad role, email or department,
    Conflict when the email is taken."""
    if role not in Role.values:
        message = UNKNOWN_ROLE.format(roles=", ".join(Role.values))
        raise RuleBroken(message, code="unknown_role", fields={"role": [message]})
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise RuleBroken(BAD_EMAIL, code="bad_email", fields={"email": [BAD_EMAIL]}) from exc
    department = department_by_acronym(department_acronym) if department_acronym else None
    if role == Role.COORDINATOR and department is None:
        raise RuleBroken(
            COORDINATOR_NEEDS_DEPARTMENT,
            code="department_required",
            fields={"department": [COORDINATOR_NEEDS_DEPARTMENT]},
        )
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(EMAIL_TAKEN.format(email=email), code="email_taken")
    user = User.objects.create_user(
        email=email, password=password, role=role, department=department, name=name.strip()
    )
    audit_record(action="organisations.user.created", obj=user, actor=actor, payload={"role": role})
    if role == Role.PARTICIPANT:
        # Enrolments are often named before the person has an account; link them now.
        from missionled.enrolments.services.enrolments import enrolments_link_user

        enrolments_link_user(user=user)
    return user


def token_hash(raw: str) -> str:
    """What is stored for a secret token (API tokens, calendar links): never the token itself."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User) -> tuple[ApiToken, str]:
    """Make a new API token for `user`; returns the row and the raw token, which is not stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, key_hash=token_hash(raw), prefix=raw[:12])
    audit_record(action="organisations.token.created", obj=token, actor=user)
    return token, raw


def token_authenticate(raw: str) -> User | None:
    """The active user a raw token belongs to, or None. Records when the token was last used,
    to the nearest few minutes."""
    token = (
        ApiToken.objects.select_related("user", "user__department")
        .filter(key_hash=token_hash(raw.strip()), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    _token_touch(token, clock_now())
    return token.user


def _token_touch(token: ApiToken, now: datetime) -> None:
    """Writing on every request would make each API read a write; on SQLite, that write waits
    for the same lock as every booking and enrolment. So the time is refreshed only when stale,
    and a busy database skips the refresh rather than failing the request."""
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_TOUCH_INTERVAL:
        return
    try:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    except OperationalError:
        logger.warning("Could not record the use of API token %s: database busy", token.prefix)
