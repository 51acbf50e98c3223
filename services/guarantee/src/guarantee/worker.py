"""The guarantee worker: outbox relay + event consumers + due-timer scheduler."""

import asyncio

from common.runtime import ServiceRuntime
from common.settings import Settings
from common.worker import run_worker
from guarantee.main import service


def main() -> None:
    asyncio.run(run_worker(ServiceRuntime(service, Settings())))


if __name__ == "__main__":
    main()
