"""Production settings pass Django's deployment checks and refuse unsafe values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
GOOD = {
    "DJANGO_SETTINGS_MODULE": "righthelp.settings.production",
    "SECRET_KEY": "x" * 20 + "-production-test-key-not-used-anywhere-" + "y" * 20,
    "DATABASE_URL": "postgres://righthelp@127.0.0.1:1/righthelp",
    "ALLOWED_HOSTS": "righthelp.example.org",
    "RIGHTHELP_ESCALATION_LEAD": "escalation.lead@example.org",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in GOOD}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_check_deploy_passes_on_production_settings() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **GOOD)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_local_secret_key() -> None:
    env = {**GOOD}
    del env["SECRET_KEY"]
    result = manage("check", **env)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_sqlite() -> None:
    result = manage("check", **{**GOOD, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode != 0 and "PostgreSQL" in result.stderr


def test_demo_data_refuses_production_settings() -> None:
    result = manage("demo_data", "--families", "1", **GOOD)
    assert result.returncode != 0 and "not production" in result.stderr
