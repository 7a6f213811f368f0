from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missionled.organisations.models import User
from missionled.organisations.services.users import token_create


class Command(BaseCommand):
    help = "Manage API tokens: `missionled token create --email E` prints a new token."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Print a new API token for a user.")
        create.add_argument("--email", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No user has the email {options['email']}.")
        if not user.is_active:
            raise CommandError(f"{user.email} is switched off; switch them on first.")
        _, raw = token_create(user=user)
        self.stdout.write(raw)
