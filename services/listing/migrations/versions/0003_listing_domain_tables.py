"""listing domain tables

Revision ID: listing_0003
Revises: listing_0002
Create Date: 2026-11-25 08:39:09.552915
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import common.db

revision: str = "listing_0003"
down_revision: str | None = "listing_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "collective_members",
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("collective_name", sa.String(length=200), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("member", sa.Boolean(), nullable=False),
        sa.Column("homestead_qualified", sa.Boolean(), nullable=False),
        sa.Column("changed_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("collective_id", "party_id", name=op.f("pk_collective_members")),
    )
    op.create_table(
        "documents",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("owner_type", sa.String(length=20), nullable=False),
        sa.Column("owner_id", sa.String(length=32), nullable=False),
        sa.Column("doc_type", sa.String(length=40), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.String(length=100), nullable=False),
        sa.Column("uploaded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index(op.f("ix_documents_owner_id"), "documents", ["owner_id"], unique=False)
    op.create_table(
        "listings",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=9), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("way", sa.String(length=20), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=True),
        sa.Column("term_end", sa.Date(), nullable=True),
        sa.Column("area_mu", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("right_certificate_no", sa.String(length=64), nullable=True),
        sa.Column("seller_party_id", sa.String(length=18), nullable=False),
        sa.Column("seller_name", sa.String(length=100), nullable=False),
        sa.Column("seller_kind", sa.String(length=20), nullable=False),
        sa.Column("reserve_price_fen", sa.BigInteger(), nullable=False),
        sa.Column("deposit_fen", sa.BigInteger(), nullable=False),
        sa.Column("increment_fen", sa.BigInteger(), nullable=False),
        sa.Column("extension_seconds", sa.Integer(), nullable=False),
        sa.Column("free_period_seconds", sa.Integer(), nullable=False),
        sa.Column("tender_opening_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("appraisal_fen", sa.BigInteger(), nullable=True),
        sa.Column("asset_value_fen", sa.BigInteger(), nullable=True),
        sa.Column("land_use", sa.String(length=30), nullable=True),
        sa.Column("price_class", sa.String(length=40), nullable=True),
        sa.Column("land_grade", sa.Integer(), nullable=True),
        sa.Column("area_m2", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("planning_conditions", sa.Text(), nullable=True),
        sa.Column("spatial_plan_done", sa.Boolean(), nullable=False),
        sa.Column("ownership_registered", sa.Boolean(), nullable=False),
        sa.Column("converted_farmland", sa.Boolean(), nullable=False),
        sa.Column("is_homestead", sa.Boolean(), nullable=False),
        sa.Column("for_commercial_housing", sa.Boolean(), nullable=False),
        sa.Column("l15_checked_by", sa.String(length=100), nullable=True),
        sa.Column("annual_transfer_price_fen", sa.BigInteger(), nullable=True),
        sa.Column("mandatory_in_exchange", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("township_opinion", sa.Text(), nullable=True),
        sa.Column("title_search", sa.JSON(), nullable=True),
        sa.Column("return_reasons", sa.JSON(), nullable=False),
        sa.Column("announcement_days", sa.Integer(), nullable=True),
        sa.Column("published_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("announcement_ends_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("suspended_phase", sa.String(length=20), nullable=True),
        sa.Column("remaining_seconds", sa.Integer(), nullable=True),
        sa.Column("public_notice", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("qualified_count", sa.Integer(), nullable=True),
        sa.Column("disposal_id", sa.String(length=64), nullable=True),
        sa.Column("lien_id", sa.String(length=64), nullable=True),
        sa.Column("relisted_from", sa.String(length=32), nullable=True),
        sa.Column("trade_id", sa.String(length=64), nullable=True),
        sa.Column("result_buyer_party_id", sa.String(length=18), nullable=True),
        sa.Column("result_buyer_name", sa.String(length=100), nullable=True),
        sa.Column("result_price_fen", sa.BigInteger(), nullable=True),
        sa.Column("result_via_priority", sa.Boolean(), nullable=False),
        sa.Column("result_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failed_reason", sa.Text(), nullable=True),
        sa.Column("contract_no", sa.String(length=64), nullable=True),
        sa.Column("contract_signed_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listings")),
        sa.UniqueConstraint("disposal_id", name=op.f("uq_listings_disposal_id")),
    )
    op.create_index(op.f("ix_listings_county"), "listings", ["county"], unique=False)
    op.create_index(op.f("ix_listings_product"), "listings", ["product"], unique=False)
    op.create_index(op.f("ix_listings_status"), "listings", ["status"], unique=False)
    op.create_index(op.f("ix_listings_township"), "listings", ["township"], unique=False)
    op.create_table(
        "off_exchange_flags",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("county", sa.String(length=6), nullable=False),
        sa.Column("collective_id", sa.String(length=64), nullable=False),
        sa.Column("asset", sa.String(length=300), nullable=False),
        sa.Column("asset_kind", sa.String(length=20), nullable=False),
        sa.Column("value_fen", sa.BigInteger(), nullable=False),
        sa.Column("threshold_fen", sa.BigInteger(), nullable=False),
        sa.Column("violation", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_off_exchange_flags")),
    )
    op.create_index(
        op.f("ix_off_exchange_flags_county"), "off_exchange_flags", ["county"], unique=False
    )
    op.create_table(
        "restrictions",
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("changed_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("party_id", "source", name=op.f("pk_restrictions")),
    )
    op.create_table(
        "collective_decisions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("listing_id", sa.String(length=32), nullable=False),
        sa.Column("body", sa.String(length=40), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("votes_total", sa.Integer(), nullable=False),
        sa.Column("reserve_price_fen", sa.BigInteger(), nullable=False),
        sa.Column("appraisal_fen", sa.BigInteger(), nullable=True),
        sa.Column("township_approval_ref", sa.String(length=100), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("recorded_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name=op.f("fk_collective_decisions_listing_id_listings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collective_decisions")),
    )
    op.create_index(
        op.f("ix_collective_decisions_listing_id"),
        "collective_decisions",
        ["listing_id"],
        unique=False,
    )
    op.create_table(
        "registrations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("listing_id", sa.String(length=32), nullable=False),
        sa.Column("party_id", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("buyer_kind", sa.String(length=30), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("priority_claimed", sa.Boolean(), nullable=False),
        sa.Column("priority_basis", sa.Text(), nullable=True),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("extra_review_required", sa.Boolean(), nullable=False),
        sa.Column("extra_review_opinion", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("deposit_paid", sa.Boolean(), nullable=False),
        sa.Column("deposit_paid_fen", sa.BigInteger(), nullable=False),
        sa.Column("deposit_reference", sa.String(length=100), nullable=True),
        sa.Column("deposit_paid_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("registered_by", sa.String(length=100), nullable=False),
        sa.Column("registered_at", common.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", common.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listings.id"], name=op.f("fk_registrations_listing_id_listings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrations")),
        sa.UniqueConstraint(
            "listing_id", "party_id", name=op.f("uq_registrations_listing_id_party_id")
        ),
    )
    op.create_index(
        op.f("ix_registrations_listing_id"), "registrations", ["listing_id"], unique=False
    )
    op.create_index(op.f("ix_registrations_party_id"), "registrations", ["party_id"], unique=False)


def downgrade() -> None:
    for table in (
        "registrations",
        "off_exchange_flags",
        "collective_decisions",
        "restrictions",
        "documents",
        "listings",
        "collective_members",
    ):
        op.drop_table(table)
