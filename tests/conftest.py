"""Suite-wide hypothesis profiles.

``ci`` (the default, so the README's ``python -m pytest`` is what CI runs): derandomized, with no
example database, so every run tries the same examples and a failure found once cannot come back
later from a ``.hypothesis/`` directory; no per-example deadline, since the CI machine is small and
shared and a property must fail for a wrong answer, never for a slow one. A failure it finds is
kept as an ``@example`` on the test.

``dev`` (``REGUA_HYPOTHESIS_PROFILE=dev python -m pytest``): random exploration that keeps the
failures it finds in the local example database (``.hypothesis/``, ignored by git), to look for
new failures; turn each one into an ``@example``.
"""

import os

from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}

settings.register_profile("ci", derandomize=True, database=None, **_COMMON)
settings.register_profile("dev", **_COMMON)
settings.load_profile(os.environ.get("REGUA_HYPOTHESIS_PROFILE", "ci"))
