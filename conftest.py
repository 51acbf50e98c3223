"""Root conftest: the shared fixtures live in the dev-only test kit (libs/testkit)."""

from hypothesis import HealthCheck, settings

pytest_plugins = ["testkit.testing", "testkit.refusal_check", "testkit.parallel"]

# Property tests check rules, not speed (speed is measured in bench/, never in a timed
# test): no per-example wall-clock deadline and no "generation is slow" health check,
# which fail on a loaded box for reasons that are not the code's (a registry R6 property
# test did, at load 14). Every other health check stays.
settings.register_profile("rex", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("rex")
