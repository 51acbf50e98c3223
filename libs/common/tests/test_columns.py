"""Shared column declarations (common.columns): each says the same column wherever a
service's table uses it, and a mixin's set arrives whole in each table."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.schema import CreateIndex

from common.columns import CountyCode, Fen, FollowedCase, UTCTimestamp, unique_where
from common.db import UTCDateTime, new_metadata


class _Base(DeclarativeBase):
    metadata = new_metadata()


class _Payment(_Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    county: Mapped[CountyCode] = mapped_column(index=True)
    amount_fen: Mapped[Fen]
    refund_fen: Mapped[Fen | None]
    paid_at: Mapped[UTCTimestamp]
    settled_at: Mapped[UTCTimestamp | None]


class _Case(FollowedCase, _Base):
    __tablename__ = "cases"


def test_annotated_types_declare_the_column_and_nullability_follows_the_annotation():
    c = _Payment.__table__.c
    assert isinstance(c.amount_fen.type, BigInteger) and not c.amount_fen.nullable
    assert isinstance(c.refund_fen.type, BigInteger) and c.refund_fen.nullable
    assert isinstance(c.paid_at.type, UTCDateTime) and not c.paid_at.nullable
    assert isinstance(c.settled_at.type, UTCDateTime) and c.settled_at.nullable
    assert isinstance(c.county.type, String) and c.county.type.length == 6


def test_a_column_s_own_arguments_merge_with_its_type():
    county = _Payment.__table__.c.county
    assert county.index and isinstance(county.type, String) and county.type.length == 6
    assert [ix.name for ix in _Payment.__table__.indexes] == ["ix_payments_county"]


def test_followed_case_brings_its_columns_keyed_by_the_case():
    table = _Case.__table__
    assert [c.name for c in table.primary_key] == ["case_id"]
    assert {c.name for c in table.columns} == {
        "case_id", "kind", "rule", "flags", "object_type", "object_ref",
        "certificate_no", "stage", "version", "changed_at",
    }  # fmt: skip
    assert table.c.certificate_no.nullable and table.c.certificate_no.index
    assert isinstance(table.c.changed_at.type, UTCDateTime)


class _Entry(_Base):
    __tablename__ = "entries"
    __table_args__ = (unique_where("uq_entries_open_party", "party_id", where="closed_at IS NULL"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[str] = mapped_column(String(18))
    closed_at: Mapped[UTCTimestamp | None]


def test_unique_where_is_the_same_partial_unique_index_on_both_backends():
    (index,) = _Entry.__table__.indexes
    assert index.unique and index.name == "uq_entries_open_party"
    for dialect in (postgresql.dialect(), sqlite.dialect()):
        ddl = str(CreateIndex(index).compile(dialect=dialect))
        assert ddl.startswith("CREATE UNIQUE INDEX uq_entries_open_party ON entries (party_id)")
        assert ddl.endswith("WHERE closed_at IS NULL")
