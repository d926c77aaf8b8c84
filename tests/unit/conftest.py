"""Unit test setup: hypothesis profiles (CI runs the property tests with 2,000 examples)."""
import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")
