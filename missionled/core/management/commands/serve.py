import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the app with gunicorn on the configured database (production style)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3))
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bind = f"{options['host']}:{options['port']}"
        argv = [
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
        ]
        # Replaces this process so signals (Ctrl-C, SIGTERM from a supervisor) reach gunicorn.
        os.execvp(sys.executable, [sys.executable, "-m", *argv])
