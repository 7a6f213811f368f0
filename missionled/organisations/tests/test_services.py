import pytest

from missionled.core.errors import Conflict, RuleBroken
from missionled.core.models import AuditEntry
from missionled.organisations.models import ApiToken, Role
from missionled.organisations.selectors import grade_resolve
from missionled.organisations.services import users
from missionled.organisations.services.users import token_authenticate, token_create, user_create


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("G7", "G7"),
        ("grade 7", "G7"),
        ("Grade  6", "G6"),
        ("Deputy Director", "SCS1"),
        ("scs1", "SCS1"),
        ("Director", "SCS2"),
        ("Higher Executive Officer", "HEO"),
    ],
)
def test_grade_resolve_accepts_codes_and_common_names(ref_data, given, code):
    assert grade_resolve(given).code == code


def test_grade_resolve_refuses_an_unknown_grade_naming_the_value(ref_data):
    with pytest.raises(RuleBroken) as caught:
        grade_resolve("Grade 9")
    assert "'Grade 9' is not a Civil Service grade" in caught.value.message


def test_user_create_makes_a_coordinator_in_their_department_and_audits_it(ref_data):
    user = user_create(email=" Dan@DfE.Example ", role=Role.COORDINATOR, department_acronym="dfe")
    assert user.email == "dan@dfe.example"
    assert user.department.acronym == "DfE"
    assert AuditEntry.objects.filter(
        action="organisations.user.created", object_id=str(user.pk)
    ).exists()


def test_a_coordinator_needs_a_department(ref_data):
    with pytest.raises(RuleBroken) as caught:
        user_create(email="c@example.gov.uk", role=Role.COORDINATOR)
    assert caught.value.message == users.COORDINATOR_NEEDS_DEPARTMENT
    assert caught.value.fields == {"department": [users.COORDINATOR_NEEDS_DEPARTMENT]}


def test_user_create_refuses_unknown_role_department_and_bad_email(ref_data):
    with pytest.raises(RuleBroken, match="Role must be one of"):
        user_create(email="a@example.gov.uk", role="king")
    with pytest.raises(RuleBroken, match="No department has the acronym 'XYZ'"):
        user_create(email="a@example.gov.uk", role=Role.COORDINATOR, department_acronym="XYZ")
    with pytest.raises(RuleBroken, match="correct format"):
        user_create(email="not-an-email", role=Role.PARTICIPANT)


def test_user_create_refuses_a_taken_email_whatever_its_case(ref_data):
    user_create(email="a@example.gov.uk", role=Role.PARTICIPANT)
    with pytest.raises(Conflict):
        user_create(email="A@Example.gov.uk", role=Role.FACILITATOR)


def test_only_the_hash_of_a_token_is_stored_and_it_authenticates(make_user):
    user = make_user("facilitator")
    token, raw = token_create(user=user)
    assert raw not in {token.key_hash, token.prefix}
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    assert token_authenticate(raw) == user
    assert token_authenticate(raw + "x") is None


def test_a_switched_off_user_token_no_longer_authenticates(make_user):
    user = make_user("facilitator")
    _, raw = token_create(user=user)
    user.is_active = False
    user.save()
    assert token_authenticate(raw) is None


def test_token_use_is_recorded_only_when_stale(make_user):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = make_user("facilitator")
    token, raw = token_create(user=user)
    token_authenticate(raw)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    with CaptureQueriesContext(connection) as queries:
        token_authenticate(raw)
    assert not any(q["sql"].startswith("UPDATE") for q in queries.captured_queries)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=6))
    token_authenticate(raw)
    token.refresh_from_db()
    assert token.last_used_at > first_use - timedelta(minutes=6)


def test_a_locked_database_is_a_409_busy_not_a_500():
    from django.db import OperationalError

    from missionled.api.errors import _database_error

    status, body, headers = _database_error(OperationalError("database is locked"))
    assert (status, body["error"]["code"], headers) == (409, "busy", {"Retry-After": "2"})
    status, body, _ = _database_error(OperationalError("disk I/O error"))
    assert (status, body["error"]["code"]) == (500, "server_error")
