"""The collective service's declarative base: its own metadata, with the infrastructure tables."""

from common.db import ServiceBase, new_metadata
from common.infra_tables import define_infra_tables


class Base(ServiceBase):
    __abstract__ = True
    metadata = new_metadata()


infra = define_infra_tables(Base.metadata)
