"""The guarantee service's declarative base: its own metadata, with the infrastructure tables."""

import uuid

from sqlalchemy import BigInteger, Integer

from common.db import ServiceBase, new_metadata
from common.infra_tables import define_infra_tables


class Base(ServiceBase):
    __abstract__ = True
    metadata = new_metadata()


infra = define_infra_tables(Base.metadata)

#: Money in fen (BIGINT on PostgreSQL).
Fen = BigInteger
#: Autoincrementing ids (SQLite autoincrements INTEGER only).
BigId = BigInteger().with_variant(Integer(), "sqlite")


def new_id() -> str:
    return uuid.uuid4().hex
