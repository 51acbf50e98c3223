"""The bidding worker: outbox relay + event consumers + due-timer scheduler."""

import asyncio

from bidding.main import service
from common.runtime import ServiceRuntime
from common.settings import Settings
from common.worker import run_worker


def main() -> None:
    asyncio.run(run_worker(ServiceRuntime(service, Settings())))


if __name__ == "__main__":
    main()
