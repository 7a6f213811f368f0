from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missionled.core.clock import today
from missionled.core.errors import Conflict
from missionled.reporting.synthetic import SCALES, programme_generate


class Command(BaseCommand):
    help = (
        "Fill the database with a believable synthetic programme: bookings in every state, "
        "scheduled cohorts, participants, feedback and self-assessments. The same seed (and "
        "--today) always gives the same programme. Refuses to run twice on one database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="The day the programme is seen from, YYYY-MM-DD (default: today in London).",
        )

    def _progress(self, stage: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if done >= total else ""
        self.stderr.write(f"\r{stage:<17} [{bar}] {done:>7,}/{total:,}", ending=end)
        self.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        scale = SCALES[options["scale"]]
        try:
            summary = programme_generate(
                cohorts=scale.cohorts,
                participants=scale.participants,
                seed=options["seed"],
                today=options["today"] or today(),
                progress=self._progress,
            )
        except Conflict as exc:
            raise CommandError(exc.message, returncode=2) from exc
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_status.items()))
        self.stdout.write(
            f"generated: {summary.bookings} bookings ({statuses}), {summary.cohorts} cohorts, "
            f"{summary.sessions} sessions, {summary.enrolments} enrolments, "
            f"{summary.feedback} feedback, {summary.self_assessments} self-assessments, "
            f"{summary.attendance} attendance marks, {summary.certificates} certificates, "
            f"{summary.assignments} facilitator assignments, {summary.follow_ups} follow-ups "
            f"({summary.follow_up_answers} answered)"
        )
