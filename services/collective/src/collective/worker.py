"""The collective worker: outbox relay + event consumers + due-timer scheduler."""

from collective.main import service
from common.worker import worker_main


def main() -> None:
    worker_main(service)


if __name__ == "__main__":
    main()
