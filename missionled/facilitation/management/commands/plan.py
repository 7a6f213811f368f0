"""`missionled plan [--from DATE] [--to DATE] [--dry-run]`: assign facilitators to sessions."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from missionled.core.clock import now
from missionled.core.errors import DomainError
from missionled.facilitation.services.planning import PlanSummary, plan_run

BAD_DATE = "{value!r} is not a date; give it as YYYY-MM-DD."
NO_PLAN_EXIT = 3


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(BAD_DATE.format(value=value)) from exc


def summary_lines(summary: PlanSummary) -> list[str]:
    gap = "" if summary.gap is None else f"{summary.gap:.1%}"
    return [
        f"from: {summary.date_from}",
        f"to: {summary.date_to}",
        f"sessions planned: {summary.sessions_planned}",
        f"facilitator places: {summary.places}",
        f"facilitators used: {summary.facilitators_used}",
        f"objective: {summary.objective}",
        f"bound: {summary.bound}",
        f"gap: {gap}",
        f"optimal: {'yes' if summary.optimal else 'no'}",
        f"largest deviation from preferred load: {summary.max_deviation}",
        f"changes to the existing plan: {summary.changes}",
        f"sessions moved: {summary.moved}",
        f"saved: {'no (dry run)' if summary.dry_run else 'yes'}",
        *(f"  {email}: {load}" for email, load in summary.loads.items()),
    ]


class Command(BaseCommand):
    help = (
        "Assign facilitators to the scheduled sessions of confirmed cohorts. Prints a summary; "
        "exits 3 with the reasons on stderr when no plan exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", help="First day (YYYY-MM-DD); today")
        parser.add_argument("--to", dest="date_to", help="Last day (YYYY-MM-DD); 26 weeks on")
        parser.add_argument("--dry-run", action="store_true", help="Show the plan, save nothing")
        parser.add_argument(
            "--time-limit", type=float, default=20, help="Seconds the solver may take"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        date_from = _date(options["date_from"]) if options["date_from"] else None
        date_to = _date(options["date_to"]) if options["date_to"] else None
        try:
            summary = plan_run(
                date_from=date_from,
                date_to=date_to,
                dry_run=options["dry_run"],
                actor=None,
                now=now(),
                time_limit_s=options["time_limit"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if not summary.feasible:
            self.stderr.write("No plan exists:")
            for reason in summary.reasons:
                self.stderr.write(f"- {reason}")
            raise SystemExit(NO_PLAN_EXIT)
        self.stdout.write("\n".join(summary_lines(summary)))
