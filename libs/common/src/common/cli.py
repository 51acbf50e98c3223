"""``rex`` — the platform's one command line.

rex embedded [--host H] [--port P]     all four services in one process (SQLite)
rex migrate SERVICE|all                Alembic upgrade to head
rex revision SERVICE -m MESSAGE        autogenerate a migration
rex api SERVICE [--host H] [--port P] [--workers N]  one service's API (production)
rex worker SERVICE                     one service's relay + consumers + scheduler
rex portal [--host H] [--port P] [--workers N]  the web portal alone, calling REX_<SERVICE>_URL
rex topics create                      create Kafka topics from deploy/topics.toml
rex token --role R --org TYPE:ID       mint a development token
rex events catalogue [--check]         write (or check) docs/events.md
rex events probe SERVICE [--count N] [--spaced-ms MS]  write probe events into an outbox
rex dlq replay SERVICE                 re-deliver dead letters after a fix
rex demo [--url URL] [--clock-file F]  fill a running platform with a demo county
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from common.settings import Settings

CATALOGUE = Path("docs/events.md")


def _services(name: str) -> list:
    from common.embedded import discover_services, service_definition

    return list(discover_services().values()) if name == "all" else [service_definition(name)]


def _serve(app: object, host: str, port: int, settings: Settings, workers: int = 1) -> None:
    """Serve ``app`` (an ASGI app, or with ``workers`` > 1 the import string of a factory
    each worker process calls)."""
    import uvicorn

    uvicorn.run(
        app,  # type: ignore[arg-type]
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        factory=workers > 1,
        log_config=None,
        access_log=False,
        log_level=settings.log_level.lower(),
        # h11 buffers at most this much of an incomplete request head; httptools has no
        # such bound, so common.edge refuses oversized headers (431) in the app as well
        h11_max_incomplete_event_size=settings.max_header_bytes,
    )


def serving_app(service: str | None = None, settings: Settings | None = None) -> object:
    """The API a ``rex api`` process serves, its startup heap frozen — each of its
    ``--workers`` calls this (the service named by ``REX_API_SERVICE``, set by ``rex api``)."""
    from common.app import create_app
    from common.runtime import freeze_heap

    app = create_app(_services(service or os.environ["REX_API_SERVICE"])[0], settings or Settings())
    freeze_heap()
    return app


def cmd_embedded(args: argparse.Namespace, settings: Settings) -> None:
    from common.embedded import create_embedded_app, discover_services
    from common.migrations import upgrade
    from common.runtime import freeze_heap

    async def migrate_all() -> None:
        for d in discover_services().values():
            await upgrade(d, settings)

    asyncio.run(migrate_all())
    base = f"http://{args.host}:{args.port}"
    print(f"\n  Rural property exchange (embedded) on {base}/  (web portal 门户)", file=sys.stderr)
    for name in discover_services():
        print(f"    {name:<10} {base}/{name}/docs   health {base}/{name}/healthz", file=sys.stderr)
    print(
        "  Mint a token (in a new shell, first: . scripts/env.sh):\n"
        "    uv run rex token --role exchange_staff --org county:620821\n",
        file=sys.stderr,
    )
    app = create_embedded_app(settings, freeze_after_startup=True)
    freeze_heap()
    _serve(app, args.host, args.port, settings)


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> None:
    from common.migrations import upgrade

    async def run() -> None:
        for d in _services(args.service):
            await upgrade(d, settings)
            print(f"migrated {d.name}", file=sys.stderr)

    asyncio.run(run())


def cmd_revision(args: argparse.Namespace, settings: Settings) -> None:
    from common.migrations import revision

    asyncio.run(revision(_services(args.service)[0], settings, args.message))


def cmd_api(args: argparse.Namespace, settings: Settings) -> None:
    if args.workers > 1:
        os.environ["REX_API_SERVICE"] = args.service  # read by each worker's serving_app
        _serve("common.cli:serving_app", args.host, args.port, settings, args.workers)
        return
    _serve(serving_app(args.service, settings), args.host, args.port, settings)


def serving_portal() -> object:
    """The portal a ``rex portal`` process serves, its startup heap frozen — each of its
    ``--workers`` calls this."""
    from common.runtime import freeze_heap
    from portal import create_portal_app
    from portal.settings import PortalSettings

    app = create_portal_app(PortalSettings())
    freeze_heap()
    return app


def cmd_portal(args: argparse.Namespace, settings: Settings) -> None:
    if args.workers > 1:
        _serve("common.cli:serving_portal", args.host, args.port, settings, args.workers)
        return
    _serve(serving_portal(), args.host, args.port, settings)


def cmd_worker(args: argparse.Namespace, settings: Settings) -> None:
    from common.worker import worker_main

    worker_main(_services(args.service)[0])


def cmd_topics(args: argparse.Namespace, settings: Settings) -> None:
    from common.topics import create_topics, load_topics

    specs = load_topics(Path(args.file or settings.topics_file))
    created = asyncio.run(create_topics(settings.kafka_bootstrap, specs))
    print(f"topics: {len(specs)} defined, created {created or 'none'}", file=sys.stderr)


def cmd_token(args: argparse.Namespace, settings: Settings) -> None:
    from common.auth import Role, mint_token

    org_type, _, org_id = args.org.partition(":")
    if not org_id:
        raise SystemExit("--org is TYPE:ID, e.g. township:620821101")
    roles = [Role(r).value for r in args.role]
    county = args.county or (org_id[:6] if org_id[:6].isdigit() else None)
    if county is None:
        print(
            f"note: the token names no county; add --county for {org_type}:{org_id}",
            file=sys.stderr,
        )
    print(
        mint_token(
            subject=args.sub or f"{roles[0]}-dev",
            roles=roles,
            org_type=org_type,
            org_id=org_id,
            county=county,
            name=args.name,
            ttl_s=args.ttl,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
        )
    )


def cmd_events(args: argparse.Namespace, settings: Settings) -> None:
    if args.action == "catalogue":
        from common.catalogue import render_catalogue

        text = render_catalogue()
        if args.check:
            if not CATALOGUE.exists() or CATALOGUE.read_text() != text:
                raise SystemExit(f"{CATALOGUE} is stale: run `uv run rex events catalogue`")
            return
        CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
        CATALOGUE.write_text(text)
        print(f"wrote {CATALOGUE}", file=sys.stderr)
        return
    from common.probe import write_probes
    from common.runtime import ServiceRuntime

    async def run() -> None:
        rt = ServiceRuntime(_services(args.service)[0], settings)
        try:
            spaced = None if args.spaced_ms is None else args.spaced_ms / 1000
            probe_id = await write_probes(rt, args.count, spaced_s=spaced)
        finally:
            await rt.dispose()
        print(probe_id)

    asyncio.run(run())


def cmd_dlq(args: argparse.Namespace, settings: Settings) -> None:
    from common.dlq import replay

    n = asyncio.run(replay(_services(args.service)[0], settings))
    print(f"replayed {n} dead letters", file=sys.stderr)


def cmd_demo(args: argparse.Namespace, settings: Settings) -> None:
    import logging

    try:
        # The demo lives in the dev-only test kit (its flow client is the end-to-end
        # tests' one); the production image does not carry it.
        from testkit.demo import run_demo
    except ModuleNotFoundError as exc:
        if exc.name is None or not exc.name.startswith("testkit"):
            raise
        sys.exit(
            "rex demo needs the dev-only test kit (libs/testkit), which this installation "
            "lacks — the production image never carries it. Run it from a development "
            "checkout: `uv sync` (the dev group installs rex-testkit), then "
            "`scripts/run.sh --demo` or `uv run rex demo --url URL`."
        )

    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise

    clock_file = Path(args.clock_file) if args.clock_file else settings.clock_offset_file
    made = asyncio.run(run_demo(args.url, clock_file, args.seed))
    total = sum(len(ids) for ids in made.values())
    print(f"demo county ready: {total} listings in {len(made)} states", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(
        prog="rex", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("embedded", help="all services in one process on SQLite")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(fn=cmd_embedded)

    s = sub.add_parser("migrate", help="upgrade a service's database to head")
    s.add_argument("service")
    s.set_defaults(fn=cmd_migrate)

    s = sub.add_parser("revision", help="autogenerate a migration")
    s.add_argument("service")
    s.add_argument("-m", "--message", required=True)
    s.set_defaults(fn=cmd_revision)

    s = sub.add_parser("api", help="serve one service's API")
    s.add_argument("service")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument(
        "--workers", type=int, default=1, help="API processes sharing the port (one per core)"
    )
    s.set_defaults(fn=cmd_api)

    s = sub.add_parser("portal", help="serve the web portal alone (production layout)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8080)
    s.add_argument(
        "--workers",
        type=int,
        default=1,
        help="portal processes sharing the port (each opens its own live feeds)",
    )
    s.set_defaults(fn=cmd_portal)

    s = sub.add_parser("worker", help="run one service's worker")
    s.add_argument("service")
    s.set_defaults(fn=cmd_worker)

    s = sub.add_parser("topics", help="create Kafka topics")
    s.add_argument("action", choices=["create"])
    s.add_argument("--file")
    s.set_defaults(fn=cmd_topics)

    s = sub.add_parser("token", help="mint a development token")
    s.add_argument("--role", action="append", required=True)
    s.add_argument("--org", required=True, help="TYPE:ID, e.g. township:620821101")
    s.add_argument(
        "--county",
        help="the 6-digit county code the organization works in, e.g. 620821; needed by a "
        "bank, guarantor or person (their ids carry no county: without it the services "
        "refuse county business with 403 token-without-county); taken from the id of a "
        "county or township organization when omitted",
    )
    s.add_argument("--sub")
    s.add_argument("--name", default="")
    s.add_argument("--ttl", type=int, default=8 * 3600)
    s.set_defaults(fn=cmd_token)

    s = sub.add_parser("events", help="event catalogue and probes")
    s.add_argument("action", choices=["catalogue", "probe"])
    s.add_argument("service", nargs="?", default="listing")
    s.add_argument("--check", action="store_true")
    s.add_argument("--count", type=int, default=1)
    s.add_argument(
        "--spaced-ms",
        type=float,
        help="probe: one transaction per event, this many milliseconds apart (default: "
        "all in one transaction)",
    )
    s.set_defaults(fn=cmd_events)

    s = sub.add_parser("dlq", help="dead-letter queue")
    s.add_argument("action", choices=["replay"])
    s.add_argument("service")
    s.set_defaults(fn=cmd_dlq)

    s = sub.add_parser("demo", help="fill a running platform with a demo county")
    s.add_argument("--url", default="http://127.0.0.1:8000", help="the embedded run's root")
    s.add_argument(
        "--clock-file",
        help="the server's REX_CLOCK_OFFSET_FILE, to move time (default: this env's)",
    )
    s.add_argument("--seed", type=int, help="repeatable names and ids")
    s.set_defaults(fn=cmd_demo)

    args = p.parse_args(argv)
    settings = Settings()
    from common.logs import configure_logging

    configure_logging(getattr(args, "service", "rex"), settings.log_level, settings.log_json)
    args.fn(args, settings)


if __name__ == "__main__":
    main()
