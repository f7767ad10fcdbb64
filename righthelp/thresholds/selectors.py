"""Reading frameworks: the shipped files, superseded by higher uploaded versions."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.http import Http404

from righthelp.thresholds.framework import Framework, loads_framework
from righthelp.thresholds.models import FrameworkVersion
from righthelp.thresholds.registry import load_framework, shipped_slugs


@lru_cache(maxsize=64)
def _parsed(slug: str, version: int, sha256: str, text: str) -> Framework:
    return loads_framework(text, source=f"{slug} version {version}")


def _uploaded(slug: str, version: int | None = None) -> FrameworkVersion | None:
    versions = FrameworkVersion.objects.filter(slug=slug)
    if version is not None:
        versions = versions.filter(version=version)
    return versions.order_by("-version").first()


def framework_slugs() -> list[str]:
    uploaded = FrameworkVersion.objects.values_list("slug", flat=True).distinct()
    return sorted(set(shipped_slugs()) | set(uploaded))


def framework_current(slug: str) -> Framework:
    """The newest version of a framework: an upload if it is newer than the shipped file.

    Raises Http404 for a slug nobody has shipped or uploaded.
    """
    shipped = load_framework(slug) if slug in shipped_slugs() else None
    upload = _uploaded(slug)
    if upload is not None and (shipped is None or upload.version > shipped.version):
        return _parsed(upload.slug, upload.version, upload.sha256, upload.text)
    if shipped is None:
        raise Http404(f"No threshold framework {slug!r}")
    return shipped


def framework_at(slug: str, version: int) -> Framework:
    """Exactly the version a recorded evaluation used."""
    if slug in shipped_slugs() and load_framework(slug).version == version:
        return load_framework(slug)
    upload = _uploaded(slug, version)
    if upload is None:
        raise Http404(f"No version {version} of threshold framework {slug!r}")
    return _parsed(upload.slug, upload.version, upload.sha256, upload.text)


def framework_active() -> Framework:
    """The framework this deployment works to (setting RIGHTHELP_ACTIVE_FRAMEWORK)."""
    return framework_current(settings.RIGHTHELP_ACTIVE_FRAMEWORK)


def frameworks_current() -> list[Framework]:
    return [framework_current(slug) for slug in framework_slugs()]
