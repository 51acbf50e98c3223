"""Root conftest: the shared fixtures live in the dev-only test kit (libs/testkit)."""

pytest_plugins = ["testkit.testing", "testkit.refusal_check", "testkit.parallel"]
