"""The web portal — 门户: server-rendered pages over the four services' public APIs.

A backend-for-frontend that owns no domain data (services/portal/README.md).
"""

from portal.main import create_portal_app

__all__ = ["create_portal_app"]
