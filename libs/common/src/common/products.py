"""Products and right types — 交易品种与权利类型 (DOMAIN L1, R1): one spelling each.

Listing offers these products, the registry's ledger holds rights of (most of) these
types, and the events between them carry the same codes, so a disposal of a registered
right (R13) opens a listing of the same product without any translation.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType


class Product(StrEnum):
    """DOMAIN L1 products (004 第五条; 实施意见 二(三); 003; 002)."""

    contracted_land = "contracted_land"
    #: L23 (000): grassland contract management right, treated as contracted land
    grassland = "grassland"
    four_wastes = "four_wastes"
    aquaculture_water = "aquaculture_water"
    forest = "forest"
    small_water_facility = "small_water_facility"
    collective_assets = "collective_assets"
    agricultural_ip = "agricultural_ip"
    collective_construction_land = "collective_construction_land"
    homestead = "homestead"
    farmer_housing = "farmer_housing"
    collective_equity = "collective_equity"
    other = "other"


#: The Chinese name of each product, as the board and the certificates print it.
PRODUCT_NAMES_ZH = MappingProxyType(
    {
        Product.contracted_land: "农村承包土地经营权",
        Product.grassland: "草原（草牧场）承包经营权",
        Product.four_wastes: "四荒地使用权",
        Product.aquaculture_water: "养殖水面承包经营权",
        Product.forest: "林地使用权和林木所有权",
        Product.small_water_facility: "小型水利设施使用权",
        Product.collective_assets: "集体其他资产资源",
        Product.agricultural_ip: "农业类知识产权",
        Product.collective_construction_land: "集体经营性建设用地使用权",
        Product.homestead: "宅基地使用权",
        Product.farmer_housing: "农民住房财产权",
        Product.collective_equity: "农户持有的集体资产股权",
        Product.other: "其他依法可交易的产权",
    }
)

#: The land-management rights — 土地经营权类: rights in farmland, grassland (L23: as
#: contracted land), waste land, water, forest and small water facilities. A listing of one
#: states an agricultural intended use (L18); a mortgage of one follows the
#: land-management-right standard and its consent forms (001).
LAND_RIGHT_TYPES = frozenset(
    {
        Product.contracted_land,
        Product.grassland,
        Product.four_wastes,
        Product.aquaculture_water,
        Product.forest,
        Product.small_water_facility,
    }
)

#: Right types the registry's ledger holds (R1): the products that are rights in land,
#: water, forest, facilities, collective assets or housing.
LEDGER_RIGHT_TYPES = LAND_RIGHT_TYPES | {
    Product.collective_assets,
    Product.collective_construction_land,
    Product.homestead,
    Product.farmer_housing,
    Product.other,
}

#: The spellings the registry used before this enumeration (a data migration maps them).
FORMER_REGISTRY_SPELLINGS = MappingProxyType(
    {
        "water_facility": Product.small_water_facility,
        "collective_asset": Product.collective_assets,
        "construction_land": Product.collective_construction_land,
    }
)
