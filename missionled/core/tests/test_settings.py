"""Production configuration comes from the environment and passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    ours = ("DJANGO_", "SECRET_KEY", "DEBUG", "SECURE_", "EMAIL_", "ALLOWED_HOSTS")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    clean.update(
        {"DJANGO_SETTINGS_MODULE": "config.settings.base", "DATABASE_URL": "sqlite:///:memory:"}
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "missionled.cli", *args],
        cwd=ROOT / "missionled",  # away from a developer's .env, which sets local values
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 20 + "production-like-secret-" + "y" * 30,
        ALLOWED_HOSTS="missionled.example.gov.uk",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_missing_secret_key_stops_start_up_naming_the_variable():
    result = run_manage("check")
    assert result.returncode != 0
    assert "Set the environment variable SECRET_KEY" in result.stderr
