"""Trading sessions' rows stay hot under a bidding rush: room for HOT updates, no vacuum
truncation; the bids' session index folded into their unique constraint

Revision ID: bidding_0004
Revises: bidding_0003
Create Date: 2026-11-25 15:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "bidding_0004"
down_revision: str | None = "bidding_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Every accepted bid updates its session's row. fillfactor 70 leaves room on the page
    # for the new row version (a HOT update: no index entry, no bloat). Without
    # vacuum_truncate, autovacuum never takes the ACCESS EXCLUSIVE lock that truncating the
    # table's empty tail needs — on a small, hot table that lock stalled every bid of every
    # lot for ~200 ms (bench/README.md).
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE trade_sessions SET (fillfactor = 70, vacuum_truncate = false)")
    # uq_bids_session_id_amount_fen_priority_match starts with session_id: it serves every
    # lookup by session, so a second index only cost each bid's insert one more entry.
    op.drop_index(op.f("ix_bids_session_id"), table_name="bids")


def downgrade() -> None:
    op.create_index(op.f("ix_bids_session_id"), "bids", ["session_id"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE trade_sessions RESET (fillfactor, vacuum_truncate)")
