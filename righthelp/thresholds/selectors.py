"""Reading frameworks: the shipped files, superseded by higher uploaded versions."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import Http404

from righthelp.thresholds.framework import Framework, loads_framework
from righthelp.thresholds.models import FrameworkVersion
from righthelp.thresholds.registry import load_framework, shipped_slugs


@lru_cache(maxsize=64)
def _parsed(slug: str, version: int, sha256: str) -> Framework:
    """An uploaded version, parsed once per process: its text is read only the first time (a
    version's text never changes, and ``sha256`` is the text's own)."""
    text = (
        FrameworkVersion.objects.filter(slug=slug, version=version, sha256=sha256)
        .values_list("text", flat=True)
        .get()
    )
    return loads_framework(text, source=f"{slug} version {version}")


def _uploaded(slug: str, version: int | None = None) -> tuple[int, str] | None:
    """The (version, sha256) of the newest upload of ``slug`` (or of that ``version``), without
    its text."""
    versions = FrameworkVersion.objects.filter(slug=slug)
    if version is not None:
        versions = versions.filter(version=version)
    return versions.order_by("-version").values_list("version", "sha256").first()


def _shipped(slug: str) -> Framework | None:
    return load_framework(slug) if slug in shipped_slugs() else None


def _newer(slug: str, shipped: Framework | None, upload: tuple[int, str] | None) -> Framework:
    if upload is not None and (shipped is None or upload[0] > shipped.version):
        return _parsed(slug, *upload)
    if shipped is None:
        raise Http404(f"No threshold framework {slug!r}")
    return shipped


def framework_slugs() -> list[str]:
    uploaded = FrameworkVersion.objects.values_list("slug", flat=True).distinct()
    return sorted(set(shipped_slugs()) | set(uploaded))


def framework_current(slug: str) -> Framework:
    """The newest version of a framework: an upload if it is newer than the shipped file.

    Raises Http404 for a slug nobody has shipped or uploaded.
    """
    return _newer(slug, _shipped(slug), _uploaded(slug))


def framework_at(slug: str, version: int) -> Framework:
    """Exactly the version a recorded evaluation used."""
    if slug in shipped_slugs() and load_framework(slug).version == version:
        return load_framework(slug)
    upload = _uploaded(slug, version)
    if upload is None:
        raise Http404(f"No version {version} of threshold framework {slug!r}")
    return _parsed(slug, *upload)


def framework_active() -> Framework:
    """The framework this deployment works to (setting RIGHTHELP_ACTIVE_FRAMEWORK)."""
    return framework_current(settings.RIGHTHELP_ACTIVE_FRAMEWORK)


def frameworks_current() -> list[Framework]:
    """The newest version of every framework, shipped or uploaded, by slug: one query (each
    upload's slug, version and hash; an upload's text is read once per process)."""
    newest: dict[str, tuple[int, str]] = {}
    for slug, version, sha256 in FrameworkVersion.objects.order_by().values_list(
        "slug", "version", "sha256"
    ):
        if slug not in newest or version > newest[slug][0]:
            newest[slug] = (version, sha256)
    slugs = sorted(set(shipped_slugs()) | set(newest))
    return [_newer(slug, _shipped(slug), newest.get(slug)) for slug in slugs]
