"""The frameworks shipped with RightHelp (``frameworks/<slug>.json``), loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .framework import Framework, FrameworkInvalid, Problem, load_framework_file

FRAMEWORKS_DIR = Path(__file__).resolve().parent / "frameworks"


class UnknownFramework(LookupError):
    def __init__(self, slug: str) -> None:
        self.slug = slug
        super().__init__(
            f"no shipped framework {slug!r}; shipped: {', '.join(shipped_slugs()) or 'none'}"
        )


@cache
def shipped_slugs() -> tuple[str, ...]:
    """The slugs of the shipped framework files, sorted (read once per process, as the files
    themselves are by ``load_framework``)."""
    return tuple(sorted(p.stem for p in FRAMEWORKS_DIR.glob("*.json")))


def framework_path(slug: str) -> Path:
    if slug not in shipped_slugs():
        raise UnknownFramework(slug)
    return FRAMEWORKS_DIR / f"{slug}.json"


@cache
def load_framework(slug: str) -> Framework:
    """Load and validate a shipped framework (cached; raises FrameworkInvalid if it is bad)."""
    fw = load_framework_file(framework_path(slug))
    if fw.slug != slug:
        raise FrameworkInvalid(
            [Problem("slug", f"file {slug}.json declares slug {fw.slug!r}")], source=slug
        )
    return fw


def load_all() -> dict[str, Framework]:
    return {slug: load_framework(slug) for slug in shipped_slugs()}
