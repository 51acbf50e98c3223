"""The bidding service's declarative base: its own metadata, with the infrastructure tables."""

from sqlalchemy import BigInteger, Integer

from common.db import ServiceBase, new_metadata
from common.infra_tables import define_infra_tables


class Base(ServiceBase):
    __abstract__ = True
    metadata = new_metadata()


infra = define_infra_tables(Base.metadata)

#: A 64-bit surrogate key that still auto-increments on SQLite (INTEGER PRIMARY KEY).
BigId = BigInteger().with_variant(Integer, "sqlite")
