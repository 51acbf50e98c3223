"""The consoles' navigation — 工作台导航: which console each role may use (issue 19).

Below the pages and views (the page frame shows a person only their role's consoles);
the console's own gate is portal.console.staff_of, and the services decide behind it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Console:
    """A console — 工作台: who may use it and where it is."""

    role: str  # the platform role (common.auth.Role) that may use it
    path: str
    label: str


#: Every console, in the order the navigation shows them (a new console adds its line).
CONSOLES: tuple[Console, ...] = (
    Console("township_clerk", "/console/township", "乡镇服务窗口"),
    Console("county_department", "/console/department", "县级主管部门"),
    Console("exchange_staff", "/console/centre", "交易中心"),
    Console("lender", "/console/bank", "银行"),
    Console("registration_authority", "/console/authority", "登记机构"),
    Console("supervisor", "/console/supervisor", "监督委员会"),
    Console("county_finance", "/console/finance", "县财政"),
    Console("guarantor", "/console/guarantor", "担保公司"),
    Console("village_homestead_officer", "/console/homestead/village", "村级宅基地管理"),
    Console("township_homestead_office", "/console/homestead/township", "乡镇宅基地管理办公室"),
    Console("village_homestead_officer", "/console/entry/village", "村级入市"),
    Console("natural_resources_bureau", "/console/entry/bureau", "县自然资源局 · 入市"),
)


def consoles_for(role: str | None) -> list[Console]:
    """The consoles a role may use (none for the public)."""
    return [c for c in CONSOLES if role is not None and role == c.role]
