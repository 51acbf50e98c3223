"""Alembic, per service — 数据库迁移.

Each service keeps its own history in ``services/<name>/migrations`` and its tables in
its own PostgreSQL schema (or SQLite file); the version table lives there too. Run with
``rex migrate <service>|all``. The service's ``migrations/env.py`` is one call to
``run_env()``.

Migrations that landed are never edited. The infrastructure tables every service shares
are created by ``create_infrastructure_v1`` — a frozen snapshot: later changes to them
come as new functions (``..._v2``) called by new revisions.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection

from common.db import UTCDateTime, make_engine
from common.service import ServiceDefinition
from common.settings import Settings


def alembic_config(definition: ServiceDefinition, url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(definition.migrations_dir))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["definition"] = definition
    return cfg


async def upgrade(
    definition: ServiceDefinition, settings: Settings, revision: str = "head"
) -> None:
    url = settings.service_database_url(definition.name)
    engine = make_engine(url, schema=definition.name)
    try:
        async with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{definition.name}"'))
            await conn.run_sync(_run, alembic_config(definition, url), "upgrade", revision)
    finally:
        await engine.dispose()


async def revision(definition: ServiceDefinition, settings: Settings, message: str) -> None:
    """Autogenerate a new revision against an up-to-date database."""
    url = settings.service_database_url(definition.name)
    engine = make_engine(url, schema=definition.name)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(_run, alembic_config(definition, url), "revision", message)
    finally:
        await engine.dispose()


def _run(connection: Connection, cfg: Config, action: str, arg: str) -> None:
    cfg.attributes["connection"] = connection
    if action == "upgrade":
        command.upgrade(cfg, arg)
    else:
        command.revision(cfg, message=arg, autogenerate=True)


def run_env() -> None:
    """Body of every service's migrations/env.py."""
    cfg = context.config
    definition: ServiceDefinition = cfg.attributes["definition"]
    connection: Connection = cfg.attributes["connection"]
    is_pg = connection.dialect.name == "postgresql"
    context.configure(
        connection=connection,
        target_metadata=definition.metadata,
        version_table_schema=definition.name if is_pg else None,
        render_as_batch=not is_pg,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def create_infrastructure_v1() -> None:
    """Frozen: outbox, inbox, timers, idempotency_keys, dead_letters as of revision 0001."""
    big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "outbox",
        sa.Column("id", big_id, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(120), nullable=False),
        sa.Column("event_version", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(120), nullable=False),
        sa.Column("aggregate_type", sa.String(60), nullable=False),
        sa.Column("aggregate_id", sa.String(120), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("occurred_at", UTCDateTime(), nullable=False),
        sa.Column("published_at", UTCDateTime()),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text()),
        sa.Column("next_attempt_at", UTCDateTime()),
        sa.Column("parked_at", UTCDateTime()),
        sa.UniqueConstraint("event_id", name="uq_outbox_event_id"),
    )
    op.create_index(
        "ix_outbox_pending",
        "outbox",
        ["id"],
        postgresql_where=sa.text("published_at IS NULL"),
        sqlite_where=sa.text("published_at IS NULL"),
    )
    op.create_index("ix_outbox_aggregate", "outbox", ["aggregate_id", "id"])
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(60), primary_key=True),
        sa.Column("event_id", sa.Uuid(), primary_key=True),
        sa.Column("event_type", sa.String(120), nullable=False),
        sa.Column("topic", sa.String(120), nullable=False),
        sa.Column("partition", sa.Integer()),
        sa.Column("offset", sa.BigInteger()),
        sa.Column("processed_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "timers",
        sa.Column("id", big_id, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(80), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("fired_at", UTCDateTime()),
        sa.UniqueConstraint("kind", "key", name="uq_timers_kind"),
    )
    op.create_index("ix_timers_due", "timers", ["state", "due_at"])
    op.create_table(
        "idempotency_keys",
        sa.Column("id", big_id, primary_key=True, autoincrement=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("path", sa.String(500), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response_headers", sa.JSON(), nullable=False),
        sa.Column("response_body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint("subject", "key", name="uq_idempotency_keys_subject"),
    )
    op.create_table(
        "dead_letters",
        sa.Column("id", big_id, primary_key=True, autoincrement=True),
        sa.Column("consumer", sa.String(60), nullable=False),
        sa.Column("event_id", sa.String(64)),
        sa.Column("event_type", sa.String(120)),
        sa.Column("topic", sa.String(120), nullable=False),
        sa.Column("message", sa.LargeBinary(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("failed_at", UTCDateTime(), nullable=False),
        sa.Column("replayed_at", UTCDateTime()),
    )


def create_infrastructure_v2() -> None:
    """Frozen: the X2 decision log and versioned county parameters, as of revision 0002."""
    big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "decisions",
        sa.Column("id", big_id, primary_key=True, autoincrement=True),
        sa.Column("subject_type", sa.String(60), nullable=False),
        sa.Column("subject_id", sa.String(120), nullable=False),
        sa.Column("action", sa.String(120), nullable=False),
        sa.Column("rule", sa.String(20)),
        sa.Column("actor_subject", sa.String(200), nullable=False),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("actor_roles", sa.JSON(), nullable=False),
        sa.Column("actor_org", sa.String(200), nullable=False),
        sa.Column("reason", sa.Text()),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_decisions_subject", "decisions", ["subject_type", "subject_id", "id"])
    op.create_table(
        "county_parameters",
        sa.Column("id", big_id, primary_key=True, autoincrement=True),
        sa.Column("county", sa.String(20), nullable=False),
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(200), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.UniqueConstraint(
            "county", "key", "version", name="uq_county_parameters_county_key_version"
        ),
    )


def create_issued_documents_v1() -> None:
    """Frozen: the register of issued documents (common.documents), as each issuing
    service (listing, bidding, registry) first created it."""
    op.create_table(
        "issued_documents",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("number", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("issued_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf_size", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("superseded_by", sa.String(length=10), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint("code", name=op.f("uq_issued_documents_code")),
        sa.UniqueConstraint("number", name=op.f("uq_issued_documents_number")),
    )
    op.create_index(
        op.f("ix_issued_documents_subject_id"), "issued_documents", ["subject_id"], unique=False
    )


def drop_issued_documents_v1() -> None:
    op.drop_index(op.f("ix_issued_documents_subject_id"), table_name="issued_documents")
    op.drop_table("issued_documents")


def create_filings_v1() -> None:
    """Frozen: a service's X7 filings table (common.filings.FilingMixin), as first made."""
    op.create_table(
        "filings",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("report", sa.String(length=40), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("due_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("filed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("filed_by", sa.String(length=200), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_filings")),
        sa.UniqueConstraint(
            "report",
            "county",
            "period",
            "version",
            name=op.f("uq_filings_report_county_period_version"),
        ),
    )


def drop_filings_v1() -> None:
    op.drop_table("filings")


def create_jobs_v1() -> None:
    """Frozen: a service's jobs table (common.jobs.JobMixin, 后台任务), as first made."""
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=True),
        sa.Column("owner_subject", sa.String(length=200), nullable=False),
        sa.Column("owner_org_type", sa.String(length=40), nullable=False),
        sa.Column("owner_org_id", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.JSON(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("steps", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("result_sha256", sa.String(length=64), nullable=True),
        sa.Column("result_filename", sa.String(length=200), nullable=True),
        sa.Column("result_type", sa.String(length=120), nullable=True),
        sa.Column("problem", sa.JSON(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index("ix_jobs_pending", "jobs", ["state", "updated_at"])
    op.create_index("ix_jobs_owner", "jobs", ["owner_subject", "created_at"])


def drop_jobs_v1() -> None:
    op.drop_index("ix_jobs_owner", table_name="jobs")
    op.drop_index("ix_jobs_pending", table_name="jobs")
    op.drop_table("jobs")


def create_registered_intermediaries_v1(table: str) -> None:
    """Frozen: a follower's projection of listing's intermediary register
    (common.intermediaries.RegisteredIntermediary), as first made, under its table name."""
    op.create_table(
        table,
        sa.Column("intermediary_id", sa.String(length=64), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("licence_no", sa.String(length=64), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("changed_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("intermediary_id", name=op.f(f"pk_{table}")),
    )
    op.create_index(op.f(f"ix_{table}_county"), table, ["county"])


def drop_registered_intermediaries_v1(table: str) -> None:
    op.drop_index(op.f(f"ix_{table}_county"), table_name=table)
    op.drop_table(table)
