"""Guarantee domain tables: borrower files, guarantees, loan entries, objections,
compensations, recoveries, county fund ledger and payments, blacklist (DOMAIN G1–G11).

Revision ID: guarantee_0003
Revises: guarantee_0002
Create Date: 2026-11-25 08:40:37.082956
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "guarantee_0003"
down_revision: str | None = "guarantee_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blacklist",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("party_name", sa.String(length=100), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cleared_by", sa.String(length=100), nullable=True),
        sa.Column("cleared_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cleared_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blacklist")),
    )
    op.create_index(op.f("ix_blacklist_party_id"), "blacklist", ["party_id"], unique=False)
    op.create_index(
        "uq_blacklist_active_party",
        "blacklist",
        ["party_id"],
        unique=True,
        postgresql_where=sa.text("cleared_at IS NULL"),
        sqlite_where=sa.text("cleared_at IS NULL"),
    )
    op.create_table(
        "borrowers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township_id", sa.String(length=32), nullable=False),
        sa.Column("village", sa.String(length=100), nullable=False),
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("main_business", sa.String(length=200), nullable=False),
        sa.Column("haves", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("category_by_rule", sa.String(length=20), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("import_batch", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_borrowers")),
        sa.UniqueConstraint("county", "party_id", name=op.f("uq_borrowers_county_party_id")),
    )
    op.create_index(op.f("ix_borrowers_county"), "borrowers", ["county"], unique=False)
    op.create_index(op.f("ix_borrowers_township_id"), "borrowers", ["township_id"], unique=False)
    op.create_table(
        "fund_accounts",
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("fund", sa.String(length=16), nullable=False),
        sa.Column("opened_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("county", "fund", name=op.f("pk_fund_accounts")),
    )
    op.create_table(
        "fund_entries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("fund", sa.String(length=16), nullable=False),
        sa.Column("delta_fen", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("payee", sa.String(length=64), nullable=True),
        sa.Column("reference", sa.String(length=64), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_entries")),
    )
    op.create_index(op.f("ix_fund_entries_county"), "fund_entries", ["county"], unique=False)
    op.create_table(
        "fund_payments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("fund", sa.String(length=16), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("payee", sa.String(length=64), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("paid_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fund_payments")),
    )
    op.create_index(op.f("ix_fund_payments_county"), "fund_payments", ["county"], unique=False)
    op.create_table(
        "guarantees",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("borrower_id", sa.String(length=32), nullable=False),
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("township_id", sa.String(length=32), nullable=False),
        sa.Column("lender_org_id", sa.String(length=32), nullable=False),
        sa.Column("guarantor_org_id", sa.String(length=32), nullable=False),
        sa.Column("leading_enterprise", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=True),
        sa.Column("loan_rate", sa.String(length=16), nullable=True),
        sa.Column("fee_rate", sa.String(length=16), nullable=True),
        sa.Column("fee_fen", sa.BigInteger(), nullable=True),
        sa.Column("term_months", sa.Integer(), nullable=True),
        sa.Column("certificate_no", sa.String(length=64), nullable=True),
        sa.Column("diligence_sha256", sa.String(length=64), nullable=True),
        sa.Column("diligence_filename", sa.String(length=200), nullable=True),
        sa.Column("diligence_summary", sa.Text(), nullable=True),
        sa.Column("bank_approved_by", sa.String(length=100), nullable=True),
        sa.Column("guarantor_approved_by", sa.String(length=100), nullable=True),
        sa.Column("complaint_phone", sa.String(length=32), nullable=True),
        sa.Column("notice_places", sa.String(length=300), nullable=True),
        sa.Column("notice_starts_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("notice_ends_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("notice_elapsed", sa.Boolean(), nullable=False),
        sa.Column("issued_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["borrower_id"], ["borrowers.id"], name=op.f("fk_guarantees_borrower_id_borrowers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guarantees")),
    )
    op.create_index(op.f("ix_guarantees_borrower_id"), "guarantees", ["borrower_id"], unique=False)
    op.create_index(op.f("ix_guarantees_county"), "guarantees", ["county"], unique=False)
    op.create_index(
        op.f("ix_guarantees_guarantor_org_id"), "guarantees", ["guarantor_org_id"], unique=False
    )
    op.create_index(
        op.f("ix_guarantees_lender_org_id"), "guarantees", ["lender_org_id"], unique=False
    )
    op.create_index(op.f("ix_guarantees_party_id"), "guarantees", ["party_id"], unique=False)
    op.create_index(op.f("ix_guarantees_township_id"), "guarantees", ["township_id"], unique=False)
    op.create_table(
        "compensations",
        sa.Column("guarantee_id", sa.String(length=32), nullable=False),
        sa.Column("overdue_fen", sa.BigInteger(), nullable=False),
        sa.Column("guarantor_paid_fen", sa.BigInteger(), nullable=False),
        sa.Column("county_share_fen", sa.BigInteger(), nullable=False),
        sa.Column("bank_share_fen", sa.BigInteger(), nullable=False),
        sa.Column("guarantor_net_fen", sa.BigInteger(), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("county_payment_id", sa.String(length=32), nullable=True),
        sa.Column("paid_by", sa.String(length=100), nullable=False),
        sa.Column("paid_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guarantee_id"],
            ["guarantees.id"],
            name=op.f("fk_compensations_guarantee_id_guarantees"),
        ),
        sa.PrimaryKeyConstraint("guarantee_id", name=op.f("pk_compensations")),
    )
    op.create_table(
        "loan_entries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("guarantee_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("principal_fen", sa.BigInteger(), nullable=False),
        sa.Column("interest_fen", sa.BigInteger(), nullable=False),
        sa.Column("bank_reference", sa.String(length=64), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guarantee_id"],
            ["guarantees.id"],
            name=op.f("fk_loan_entries_guarantee_id_guarantees"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_entries")),
        sa.UniqueConstraint(
            "guarantee_id",
            "bank_reference",
            name=op.f("uq_loan_entries_guarantee_id_bank_reference"),
        ),
    )
    op.create_index(
        op.f("ix_loan_entries_guarantee_id"), "loan_entries", ["guarantee_id"], unique=False
    )
    op.create_table(
        "objections",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("guarantee_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("received_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("resolved_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("upheld", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["guarantee_id"], ["guarantees.id"], name=op.f("fk_objections_guarantee_id_guarantees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objections")),
    )
    op.create_index(
        op.f("ix_objections_guarantee_id"), "objections", ["guarantee_id"], unique=False
    )
    op.create_table(
        "recoveries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("guarantee_id", sa.String(length=32), nullable=False),
        sa.Column("recovered_fen", sa.BigInteger(), nullable=False),
        sa.Column("costs_fen", sa.BigInteger(), nullable=False),
        sa.Column("to_bank_fen", sa.BigInteger(), nullable=False),
        sa.Column("to_county_fen", sa.BigInteger(), nullable=False),
        sa.Column("to_guarantor_fen", sa.BigInteger(), nullable=False),
        sa.Column("surplus_fen", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guarantee_id"], ["guarantees.id"], name=op.f("fk_recoveries_guarantee_id_guarantees")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recoveries")),
    )
    op.create_index(
        op.f("ix_recoveries_guarantee_id"), "recoveries", ["guarantee_id"], unique=False
    )
    op.create_table(
        "monitoring_records",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("guarantee_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_org", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["guarantee_id"],
            ["guarantees.id"],
            name=op.f("fk_monitoring_records_guarantee_id_guarantees"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monitoring_records")),
    )
    op.create_index(
        op.f("ix_monitoring_records_guarantee_id"),
        "monitoring_records",
        ["guarantee_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_monitoring_records_guarantee_id"), table_name="monitoring_records")
    op.drop_table("monitoring_records")
    op.drop_index(op.f("ix_recoveries_guarantee_id"), table_name="recoveries")
    op.drop_table("recoveries")
    op.drop_index(op.f("ix_objections_guarantee_id"), table_name="objections")
    op.drop_table("objections")
    op.drop_index(op.f("ix_loan_entries_guarantee_id"), table_name="loan_entries")
    op.drop_table("loan_entries")
    op.drop_table("compensations")
    op.drop_index(op.f("ix_guarantees_township_id"), table_name="guarantees")
    op.drop_index(op.f("ix_guarantees_party_id"), table_name="guarantees")
    op.drop_index(op.f("ix_guarantees_lender_org_id"), table_name="guarantees")
    op.drop_index(op.f("ix_guarantees_guarantor_org_id"), table_name="guarantees")
    op.drop_index(op.f("ix_guarantees_county"), table_name="guarantees")
    op.drop_index(op.f("ix_guarantees_borrower_id"), table_name="guarantees")
    op.drop_table("guarantees")
    op.drop_index(op.f("ix_fund_payments_county"), table_name="fund_payments")
    op.drop_table("fund_payments")
    op.drop_index(op.f("ix_fund_entries_county"), table_name="fund_entries")
    op.drop_table("fund_entries")
    op.drop_table("fund_accounts")
    op.drop_index(op.f("ix_borrowers_township_id"), table_name="borrowers")
    op.drop_index(op.f("ix_borrowers_county"), table_name="borrowers")
    op.drop_table("borrowers")
    op.drop_index("uq_blacklist_active_party", table_name="blacklist")
    op.drop_index(op.f("ix_blacklist_party_id"), table_name="blacklist")
    op.drop_table("blacklist")
