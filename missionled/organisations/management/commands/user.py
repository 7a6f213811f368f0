from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missionled.core.errors import DomainError
from missionled.organisations.models import Role
from missionled.organisations.services.users import user_create


class Command(BaseCommand):
    help = (
        "Manage users: `missionled user create --email E --role ROLE [--department A] [--name N]`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a user with one role.")
        create.add_argument("--email", required=True)
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--department", help="Department acronym; required for coordinators.")
        create.add_argument("--name", default="")
        create.add_argument(
            "--password", help="Optional; without it, set one with `missionled changepassword`."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = user_create(
                email=options["email"],
                role=options["role"],
                department_acronym=options.get("department"),
                name=options["name"],
                password=options.get("password"),
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Created {user.get_role_display().lower()} {user.email}")
