"""The listing worker: outbox relay + event consumers + due-timer scheduler."""

from common.worker import worker_main
from listing.main import service


def main() -> None:
    worker_main(service)


if __name__ == "__main__":
    main()
