"""One product / right-type spelling (common.products): the registry's former codes
``water_facility``, ``collective_asset`` and ``construction_land`` become the listing's
``small_water_facility``, ``collective_assets`` and ``collective_construction_land``.

Revision ID: registry_0004_products
Revises: registry_0003
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "registry_0004_products"
down_revision = "registry_0003"
branch_labels = None
depends_on = None

# frozen here: a migration never follows later changes of the code
_RENAMED = {
    "water_facility": "small_water_facility",
    "collective_asset": "collective_assets",
    "construction_land": "collective_construction_land",
}

_rights = sa.table("rights", sa.column("right_type", sa.String(40)))


def _rename(mapping: dict[str, str]) -> None:
    for old, new in mapping.items():
        op.execute(_rights.update().where(_rights.c.right_type == old).values(right_type=new))


def upgrade() -> None:
    _rename(_RENAMED)


def downgrade() -> None:
    _rename({new: old for old, new in _RENAMED.items()})
