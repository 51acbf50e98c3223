"""Every cross-service event contract, one module per producing service.

Importing this package declares them all (the catalogue in docs/events.md is generated
from here: ``rex events catalogue``).
"""

from common.contracts import bidding, collective, guarantee, listing, platform, registry

__all__ = ["bidding", "collective", "guarantee", "listing", "platform", "registry"]
