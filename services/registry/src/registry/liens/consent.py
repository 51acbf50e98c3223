"""Consent letters — 抵押意见书 — in the form for the right's origin (001 Appendix A, C, D).

The registry fills in the form for the parties to print and sign; the signed letter is
then uploaded as ``consent_letter_<form>`` (R8).
"""

from __future__ import annotations

from common.money import from_fen
from registry.liens.models import LienApplication
from registry.rights.models import Right

_HEAD = (
    "{bank}：\n\n借款人{borrower}因农业生产经营需要，"
    "向贵行申请借款{wan}万元，以其拥有的位于{location}的"
)
_FORMS = {
    "A": (
        "农村承包土地的经营权抵押意见书（适用于承包户直接抵押融资）",
        _HEAD + "通过家庭承包方式获得的农村承包土地的经营权作抵押，该权证号为：{cert}。"
        "该片土地由本户承包，户内共有人均已知晓以上抵押信息，并同意该片土地的经营权用于抵押及合法再流转。\n\n"
        "承包方代表：（签章）{holder}\n\n共有人：（签章）{co_owners}\n\n____年__月__日\n\n"
        "村（股份）经济合作社：已知晓以上抵押信息。（盖章）\n\n"
        "经办人（签章）：_____ 联系电话：_____\n\n"
        "注：本意见书一式三份，银行、登记部门、承包方各执一份。",
    ),
    "C": (
        "农村承包土地的经营权抵押意见书（适用于承包户直接流转）",
        _HEAD + "通过合法流转方式获得的农村承包土地的经营权作抵押，该权证号为：{cert}。"
        "该农村流转土地的经营权中包含本流出方（承包户）流转给借款人的土地经营权面积。\n\n"
        "本流出方已知晓以上抵押信息，并同意本流出方流转给借款人的农村承包土地的经营权用于抵押及合法再流转。\n\n"
        "流出方：（签章）{contractor}\n\n____年__月__日\n\n"
        "村（股份）经济合作社：已知晓以上抵押信息。（盖章）\n\n"
        "经办人（签章）：_____ 联系电话：_____\n\n"
        "注：本意见书一式三份，银行、登记部门、流出方各执一份。",
    ),
    "D": (
        "农村承包土地的经营权抵押意见书（适用于委托村（股份）经济合作社流转）",
        _HEAD + "通过合法流转方式获得的农村承包土地的经营权作抵押，该权证号为：{cert}。"
        "该片土地由本村农户承包并委托本村将承包土地的经营权合法流转给该借款人。\n\n"
        "本村（股份）经济合作社已知晓以上抵押信息。在不损害本村承包农户合法权益、不改变农村承包土地的所有权与"
        "承包经营权的前提下，本村（股份）经济合作社同意该片土地的经营权用于抵押及合法再流转。\n\n"
        "村（股份）经济合作社：（盖章）\n\n负责人（签章）：_____\n\n联系电话：_____\n\n____年__月__日\n\n"
        "注：本意见书一式三份，银行、登记部门、村（股份）经济合作社各执一份。",
    ),
}


def wan(fen: int) -> str:
    """Fen as 万元 (10,000 元), trailing zeros dropped."""
    return format((from_fen(fen) / 10000).normalize(), "f")


def render(form: str, app: LienApplication, right: Right) -> dict[str, str]:
    title, body = _FORMS[form]
    text = body.format(
        bank=app.lender_name,
        borrower=app.borrower_name,
        wan=wan(app.loan_amount_fen),
        location=right.location,
        cert=right.certificate_no,
        holder=right.holder_name,
        co_owners="、".join(c["name"] for c in right.co_owners or []) or "（无）",
        contractor=right.contractor_name or "_____",
    )
    return {"form": form, "title": title, "text": text}
