from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from missionled.core.seeding import demo_load, reference_load


class Command(BaseCommand):
    help = "Load reference data (grades, departments, professions, courses, missions). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="Also add a believable demo world.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="With --demo: add the demo world only when the database has no users yet.",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        for name, count in reference_load().items():
            self.stdout.write(f"{name}: {count}")
        if options["demo"]:
            created = demo_load(only_if_empty=options["if_empty"])
            self.stdout.write("demo world: " + ("added" if created else "already present"))
            self._print_demo_sign_ins()

    def _print_demo_sign_ins(self) -> None:
        from missionled.organisations.models import User
        from missionled.organisations.services.demo import DEMO_PEOPLE

        present = set(
            User.objects.filter(email__in=[p.email for p in DEMO_PEOPLE]).values_list(
                "email", flat=True
            )
        )
        self.stdout.write("Demo sign-ins (password: DEMO_PASSWORD from .env):")
        for person in DEMO_PEOPLE:
            if person.email in present:
                self.stdout.write(f"  {person.role:16} {person.email}")
