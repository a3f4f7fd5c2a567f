"""Suite-wide hypothesis profile: no per-example deadline (the CI machine is small and shared),
so a property fails for a wrong answer, never for a slow one."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "regua", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("regua")
