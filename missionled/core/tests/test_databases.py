"""Each database runs with the settings measured to hold up under concurrent use, and the
production server starts and answers on the configured database."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from config.settings.base import _database_from_url
from missionled.core.tests.test_settings import ROOT


def test_postgresql_keeps_connections_open_and_checks_them():
    config = _database_from_url("postgres://postgres@127.0.0.1:5432/test")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["CONN_MAX_AGE"] == 600
    assert config["CONN_HEALTH_CHECKS"] is True


def test_sqlite_takes_its_write_lock_at_begin_and_waits_for_it(tmp_path: Path):
    config = _database_from_url(f"sqlite:///{tmp_path / 'var' / 'db.sqlite3'}")
    assert config["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A fresh clone has no var/ yet; the settings make it.
    assert (tmp_path / "var").is_dir()


@pytest.mark.django_db
def test_the_live_connection_runs_with_those_settings():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 30_000
        else:
            assert connection.settings_dict["CONN_MAX_AGE"] == 600
            cursor.execute("SELECT 1")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_starts_gunicorn_that_answers_the_health_check(tmp_path: Path):
    database = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": "s" * 50,
        "DEBUG": "true",
        "DATABASE_URL": database,
    }
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "missionled.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT / "missionled",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read().decode()
            except OSError:
                time.sleep(0.2)
        assert body == '{"status": "ok"}'
    finally:
        server.terminate()
        server.wait(timeout=10)
