"""Benchmark the reporting dashboards at whole-Civil-Service scale.

    python bench/bench_reporting.py [--database-url URL] [--scale civil-service] [--seed N]
                                    [--runs R] [--keep]

Makes a scratch database (a new SQLite file under var/ unless --database-url names another,
which is emptied first), migrates it, loads the reference data and runs `missionled generate`
(4,000 cohorts and about 70,000 participants at civil-service scale). Then renders each
dashboard, and one CSV and one XLSX download, through the Django test client, signed in as a
provider admin and as a coordinator of the largest department, and prints the time and the
number of database queries for each. The figures are recorded in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("provider", "provider_admin", "/reports/provider/"),
    ("provider, one course", "provider_admin", "/reports/provider/?course=leading-it"),
    (
        "provider, 2026 only",
        "provider_admin",
        "/reports/provider/?date_from=2026-01-01&date_to=2026-12-31",
    ),
    ("department (all)", "provider_admin", "/reports/department/"),
    ("coordinator (HMRC)", "coordinator", "/reports/department/"),
    ("CSV: pipeline", "provider_admin", "/reports/provider/?format=csv&table=pipeline"),
    (
        "XLSX: places to fill (all rows)",
        "provider_admin",
        "/reports/department/?format=xlsx&table=places_to_fill",
    ),
]


def _run(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    command = [sys.executable, "-m", "missionled.cli", *args]
    subprocess.run(command, env=env, check=True, cwd=ROOT)
    return time.perf_counter() - started


def _prepare(env: dict[str, str], scale: str, seed: int) -> dict[str, float]:
    times = {"migrate": _run(env, "migrate", "-v", "0")}
    times["seed"] = _run(env, "seed")
    times["generate"] = _run(env, "generate", "--scale", scale, "--seed", str(seed))
    return times


def _measure(runs: int) -> list[tuple[str, int, float, float, int]]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from missionled.organisations.models import Department, User

    hmrc = Department.objects.get(acronym="HMRC")
    users = {
        "provider_admin": User.objects.get_or_create(
            email="bench-admin@provider.example", defaults={"role": "provider_admin"}
        )[0],
        "coordinator": User.objects.get_or_create(
            email="bench-coordinator@hmrc.example",
            defaults={"role": "coordinator", "department": hmrc},
        )[0],
    }
    results = []
    for name, role, url in PAGES:
        client = Client()
        client.force_login(users[role])
        client.get(url)  # warm: URL conf, templates
        timings = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        median, slowest = statistics.median(timings), max(timings)
        results.append((name, len(queries), median, slowest, len(response.content)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--scale", default="civil-service")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="Keep the SQLite file afterwards.")
    args = parser.parse_args()

    scratch = ROOT / "var" / "bench-reporting.sqlite3"
    url = args.database_url or f"sqlite:///{scratch}"
    if not args.database_url:
        scratch.parent.mkdir(exist_ok=True)
        scratch.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "SECURE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
    }
    if args.database_url:
        _run(env, "flush", "--no-input")
    os.environ.update(env)
    prepared = _prepare(env, args.scale, args.seed)
    print(", ".join(f"{step} {seconds:.1f} s" for step, seconds in prepared.items()))
    print("| page | queries | median | slowest | bytes |\n| --- | --- | --- | --- | --- |")
    for name, queries, median, slowest, size in _measure(args.runs):
        timing = f"{median * 1000:,.0f} ms | {slowest * 1000:,.0f} ms"
        print(f"| {name} | {queries} | {timing} | {size:,} |")
    if not args.database_url and not args.keep:
        scratch.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
