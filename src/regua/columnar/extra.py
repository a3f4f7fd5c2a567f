"""polars, the one dependency of the columnar engine (``pip install regua[polars]``)."""

from __future__ import annotations

from typing import Any

from regua.errors import MissingExtraError

__all__ = ["require_polars"]


def require_polars() -> Any:
    """The ``polars`` module, or an ImportError that names the extra to install."""
    try:
        import polars
    except ImportError:
        raise MissingExtraError(
            "polars is required for regua.columnar: pip install regua[polars]"
        ) from None
    return polars
