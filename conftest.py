"""Root conftest: the shared fixtures live in libs/common (common.testing)."""

pytest_plugins = ["common.testing", "common.refusal_check"]
