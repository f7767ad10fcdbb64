"""The house rules that keep each rule in one place, checked on the code itself.

An app reads another app's tables through that app's selectors, never through its models'
managers, so a rule about what a record means (what is waiting, who decided, who leads) is
written once, by the app that owns it. The exceptions kept are listed in
``docs/architecture.md`` ("Reading another app's records"), and here, each with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

# Models any app may read directly: the directory (who works where, with which role) is what
# every app's permissions are made of, and the person record is what every record hangs on;
# reads of people that show someone still go through ``core.checkpoint``.
SHARED_APPS = {"accounts", "people"}

# (reading app, owning app, model): why the direct read stays.
EXCEPTIONS: dict[tuple[str, str, str], str] = {
    ("earlyhelp", "audit", "Event"): "early help's events module reads back the events it "
    "wrote (a plan's changes, who saved an assessment, a meeting's history) beside the "
    "functions that write them",
}

# Modules that build whole demo worlds; they are not part of the service.
DEMO_MODULES = {
    "earlyhelp/management/commands/demo_early_help.py",
    "people/demo/loader.py",
}


def _python_modules(package: Path) -> list[Path]:
    return [
        path
        for path in sorted(package.rglob("*.py"))
        if "migrations" not in path.parts and "tests" not in path.parts
    ]


def cross_app_reads(package: Path = PACKAGE) -> list[tuple[str, str, str, str]]:
    """Each ``Model.objects`` in an app on a model imported from another app's ``models``:
    (reading app, owning app, model, where)."""
    found: list[tuple[str, str, str, str]] = []
    for path in _python_modules(package):
        relative = path.relative_to(package).as_posix()
        if relative in DEMO_MODULES or "/" not in relative:
            continue
        app = relative.split("/", 1)[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                if (
                    len(parts) == 3
                    and parts[0] == "righthelp"
                    and parts[2] == "models"
                    and parts[1] != app
                ):
                    for alias in node.names:
                        imported[alias.asname or alias.name] = parts[1]
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"objects", "_default_manager"}
                and isinstance(node.value, ast.Name)
                and node.value.id in imported
            ):
                owner = imported[node.value.id]
                if owner in SHARED_APPS:
                    continue
                found.append((app, owner, node.value.id, f"{relative}:{node.lineno}"))
    return found


def test_apps_read_other_apps_records_through_their_selectors() -> None:
    unexpected = [
        f"{where}: {app} reads {owner}.{model} directly"
        for app, owner, model, where in cross_app_reads()
        if (app, owner, model) not in EXCEPTIONS
    ]
    assert unexpected == [], (
        "Read another app's records through that app's selectors (or list the exception, "
        "with its reason, here and in docs/architecture.md):\n" + "\n".join(unexpected)
    )


def test_every_listed_exception_is_still_needed() -> None:
    used = {(app, owner, model) for app, owner, model, _ in cross_app_reads()}
    assert set(EXCEPTIONS) <= used, sorted(set(EXCEPTIONS) - used)


def test_the_check_sees_a_direct_read(tmp_path: Path) -> None:
    """The scanner itself: a direct read of another app's model is found, a read of the
    app's own model or of the shared directory is not."""
    app = tmp_path / "escalations"
    app.mkdir()
    (app / "views.py").write_text(
        "from righthelp.frontdoor.models import Contact\n"
        "from righthelp.escalations.models import Disagreement\n"
        "from righthelp.accounts.models import User\n"
        "Contact.objects.filter(pk=1)\n"
        "Disagreement.objects.all()\n"
        "User.objects.all()\n",
        encoding="utf-8",
    )
    assert cross_app_reads(tmp_path) == [
        ("escalations", "frontdoor", "Contact", "escalations/views.py:4")
    ]
