from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from missionled.catalogue.models import Course, SessionTemplate
from missionled.facilitation.services.demo import DEMO_FACILITATORS
from missionled.organisations.models import Department, Grade, Profession, User
from missionled.organisations.services.users import token_authenticate


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_seed_is_idempotent(ref_data):
    counts = (Grade.objects.count(), Department.objects.count(), Profession.objects.count())
    run("seed")
    run("seed")
    assert (Grade.objects.count(), Department.objects.count(), Profession.objects.count()) == counts
    assert counts == (11, 45, 30)
    assert Course.objects.count() == 3
    assert SessionTemplate.objects.count() == 8


def test_seed_demo_adds_people_once(ref_data):
    out = run("seed", "--demo")
    assert "demo world: added" in out
    assert "coordinator      coordinator@dfe.example" in out
    people = User.objects.count()
    assert "demo world: already present" in run("seed", "--demo")
    # The six demo sign-ins, and the pool of demo facilitators the planner works with.
    assert User.objects.count() == people == 6 + len(DEMO_FACILITATORS)


def test_user_create_command(ref_data):
    out = run(
        "user",
        "create",
        "--email",
        "c@example.gov.uk",
        "--role",
        "coordinator",
        "--department",
        "HMRC",
        "--name",
        "Cath Jones",
    )
    assert "Created department coordinator c@example.gov.uk" in out
    user = User.objects.get(email="c@example.gov.uk")
    assert (user.name, user.department.acronym) == ("Cath Jones", "HMRC")


def test_user_create_command_fails_with_a_one_line_reason(ref_data):
    with pytest.raises(CommandError, match="A department coordinator needs a department"):
        run("user", "create", "--email", "c@example.gov.uk", "--role", "coordinator")


def test_token_create_prints_a_working_token(make_user):
    user = make_user("provider_admin", email="admin@example.gov.uk")
    raw = run("token", "create", "--email", "ADMIN@example.gov.uk").strip()
    assert token_authenticate(raw) == user


def test_token_create_for_an_unknown_email_fails(ref_data):
    with pytest.raises(CommandError, match=r"No user has the email nobody@example\.gov\.uk"):
        run("token", "create", "--email", "nobody@example.gov.uk")
