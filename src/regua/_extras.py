"""The optional dependencies: imported when a function needs one, with an error naming its extra."""

from __future__ import annotations

import importlib
from typing import Any

from regua.errors import MissingExtraError

__all__ = ["require"]


def require(module: str, extra: str) -> Any:
    """The optional ``module``, or a :class:`~regua.errors.MissingExtraError` naming the extra
    that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{module} is required for this function: pip install regua[{extra}]"
        ) from None
