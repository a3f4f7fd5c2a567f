"""The package version, read from the installed distribution's metadata (one source: pyproject)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["installed_version"]

# What a source tree that was never installed (no metadata to read) reports.
UNKNOWN_VERSION = "0+unknown"


def installed_version(distribution: str = "regua") -> str:
    """The version of ``distribution`` as installed, or :data:`UNKNOWN_VERSION` if it is not."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return UNKNOWN_VERSION
