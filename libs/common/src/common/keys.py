"""Row keys — 主键: the one id type of the services' own rows.

An entity's id is a random UUID written as 32 lowercase hex characters
(``uuid4().hex``) in a ``String(36)`` column (rows made before this convention keep
their 36-character dashed form, so the column stays wide enough for both). Sequence
keys of append-only tables are ``BigId`` (SQLite autoincrements INTEGER only).
"""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, Integer, String

BigId = BigInteger().with_variant(Integer(), "sqlite")

#: The column type of an entity id (and of a reference to one).
ID_LENGTH = 36


def IdType() -> String:
    return String(ID_LENGTH)


def new_id() -> str:
    """A new entity id: 32 lowercase hex characters."""
    return uuid.uuid4().hex
