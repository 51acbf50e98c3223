"""Test kit — 测试工具: everything tests, benchmarks and the demo county need and the
production image does not carry.

A dev-only workspace package (``rex-testkit``, in the root project's ``dev`` dependency
group). No service and not rex-common may depend on it; ``rex demo`` imports
``testkit.demo`` lazily and explains itself when the kit is not installed.

- ``testkit.testing``: the shared pytest fixtures (root conftest.py loads it)
- ``testkit.sqlcache``: one compiled-SQL cache for a test process's engines (speed)
- ``testkit.refusal_check``: the pytest plugin that checks 422 field names (X4)
- ``testkit.processes``: the platform as separate processes, for end-to-end tests
- ``testkit.platform_client``: a flow client over the services' public APIs
- ``testkit.sample_files``: minimal real files for uploads
- ``testkit.bidding``: the bidding service's test harness
- ``testkit.demo``: the demo county behind ``rex demo``
"""
