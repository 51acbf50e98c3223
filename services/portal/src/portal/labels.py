"""Chinese labels the pages show for the services' codes — 显示名称.

Display only: the services stay the authority on which values exist (an unknown code is
shown as it is). Products follow listing's spelling today; when the one enumeration of
libs/common lands, this table should read it instead.
"""

from __future__ import annotations

STATUSES = {
    "announced": "公告中",
    "suspended": "已中止",
    "trading": "交易中",
    "concluded": "已成交",
    "contracted": "已签约",
    "failed": "未成交",
    "terminated": "已终结",
}
WAYS = {"transfer": "转让", "lease": "出租", "equity": "入股", "other": "其他"}
MODES = {
    "ascending": "网络竞价",
    "auction": "拍卖",
    "tender": "招标",
    "posted": "挂牌",  # B7 挂牌出让 of 入市 land
    "negotiation": "协议转让",
}
PRODUCTS = {
    "contracted_land": "农村承包土地经营权",
    "grassland": "草原（草牧场）承包经营权",
    "four_wastes": "四荒地使用权",
    "aquaculture_water": "养殖水面承包经营权",
    "forest": "林地使用权和林木所有权",
    "small_water_facility": "小型水利设施使用权",
    "collective_assets": "集体其他资产资源",
    "agricultural_ip": "农业类知识产权",
    "collective_construction_land": "集体经营性建设用地使用权",
    "homestead": "宅基地使用权",
    "farmer_housing": "农民住房财产权",
    "collective_equity": "农户持有的集体资产股权",
    "other": "其他依法可交易的产权",
}
DEAL_STATUSES = {
    "awaiting_contract": "待签合同",
    "contract_signed": "已签合同",
    "settled": "已结算",
    "released": "已结清",
    "defaulted": "已违约",
}
TOWNSHIPS = {"620821101": "木镇镇", "620821102": "王湾镇", "620821103": "赤城镇"}
COUNTIES = {"620821": "青阳县"}


def label(table: dict[str, str], code: object) -> str:
    return table.get(str(code), str(code) if code else "—")
