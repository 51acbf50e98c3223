"""The demo county (``rex demo``): fills a RUNNING platform with a realistic county
through its public APIs only — townships, collectives and members (in the collective
service), the homestead pilot township (households, parcels, a leased idle farm house,
a withdrawal in progress),
certified rights, listings in every state (draft, under review, announced, suspended,
failed, trading, concluded, contracted), a live bidding session, liens, Quangengdai
guarantees and a default with its compensation.

Time: the announcement (20 days) and the guarantee notice (7 days) need the clock to
move. The demo moves it by writing the server's offset file
(``REX_CLOCK_OFFSET_FILE``, e.g. ``scripts/run.sh --demo``); without one it fills only
what needs no time (draft, under review, announced, suspended, liens, guarantees in
notice) and says so.
"""

from __future__ import annotations

import hashlib
import random
import sys
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from common.clock import SHANGHAI, OffsetFileClock
from common.ids import generate_credit_code, generate_resident_id
from testkit.platform_client import (
    Actor,
    PlatformClient,
    finance,
    homestead_office,
    staff,
    village_officer,
)

COUNTY = "620821"
TOWNSHIPS = {"620821101": "木镇镇", "620821102": "王湾镇", "620821103": "赤城镇"}
VILLAGES = {"620821101": "村东村", "620821102": "张家湾村", "620821103": "红岘村"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "建国志强秀英桂兰海燕永红国华春梅玉兰振华"
#: The homestead reform pilot township (宅基地制度改革试点, seed 002) and its village.
PILOT_TOWNSHIP, PILOT_TOWN, PILOT_VILLAGE = "620821104", "新集镇", "新集村"
PILOT_COLLECTIVE = "C-620821104-PILOT"  # the portal's village officer persona's
BANK = "BANK-QY-ABC"
GUARANTOR = "AHNDB-QY"


class Demo:
    """One demo run; ``log`` tells what was made (the command prints it)."""

    def __init__(
        self,
        client: PlatformClient,
        advance: Callable[[timedelta], None] | None,
        seed: int | None = None,
        log: Callable[[str], None] = lambda s: print(s, file=sys.stderr),
    ) -> None:
        self.p = client
        self.advance = advance
        self.rng = random.Random(seed)
        self.tag = uuid.uuid4().hex[:4].upper()
        self.log = log
        self.n = 0
        self.made: dict[str, list[str]] = {}

    # -- people and rights ---------------------------------------------------------
    def person(self) -> tuple[str, str]:
        birth = date(self.rng.randint(1960, 1995), self.rng.randint(1, 12), 15)
        name = self.rng.choice(SURNAMES) + "".join(self.rng.sample(GIVEN, 2))
        return generate_resident_id(COUNTY, birth=birth, rng=self.rng), name

    def note(self, state: str, listing_id: str) -> None:
        self.made.setdefault(state, []).append(listing_id)

    async def collectives(self) -> dict[str, str]:
        made: dict[str, str] = {}
        for township, village in VILLAGES.items():
            cid = f"C-{township}-{self.tag}"
            await self.p.create_collective(cid, f"{village}股份经济合作社", township)
            for _ in range(3):
                pid, name = self.person()
                await self.p.add_member(cid, pid, name, township=township)
            made[township] = cid
            self.log(f"  collective {cid} {village}股份经济合作社 with 3 members")
        return made

    async def pilot_township(self) -> dict[str, Any]:
        """The homestead pilot township (issue 21): its collective in the collective
        service with four households and their homestead parcels (Z2), one of them an
        idle farm house leased out through the exchange (Z6, L24: open to any party, at
        most 20 years); the X5 decisions and the qualification proposal a withdrawal in
        progress (Z7) starts from, once the clock has moved (``withdrawal_in_progress``)."""
        p, township = self.p, PILOT_TOWNSHIP
        # the pilot collective the portal's village officer persona works for; a second
        # run on the same platform makes one of its own
        cid = PILOT_COLLECTIVE
        known = await p.raw("collective", "GET", f"/collectives/{cid}", village_officer(cid))
        if known.status_code != 404:
            cid = f"C-{township}-{self.tag}"
        await p.create_collective(cid, f"{PILOT_VILLAGE}股份经济合作社", township)
        households = []
        for _ in range(4):
            members = [self.person(), self.person()]
            households.append(await p.household(cid, members, township=township))
        parcels = []
        for i, h in enumerate(households):
            use = "leased" if i == 0 else "self"
            parcels.append(
                await p.homestead_parcel(
                    cid,
                    f"{township}{self.tag}JC{i + 1:05d}",
                    household_id=h["id"],
                    certificate_no=f"QYFD{self.tag}{i + 1:03d}" if i == 0 else None,
                    use=use,
                    location=f"青阳县{PILOT_TOWN}{PILOT_VILLAGE}",
                    township=township,
                )
            )
        self.log(f"  pilot township {PILOT_TOWN}: collective {cid}, 4 households, 4 parcels")
        # the idle farm house of the first household, leased through the exchange (Z6)
        head = households[0]["members"][0]
        right = await p.register_right(
            parcels[0]["certificate_no"],
            head["party_id"],
            head["name"],
            right_type="farmer_housing",
            area_mu="0.3",
            township=township,
            collective_id=cid,
            location=f"青阳县{PILOT_TOWN}{PILOT_VILLAGE}",
        )
        lease = await p.announced_listing(
            seller_party_id=right["holder_party_id"],
            seller_name=right["holder_name"],
            title=f"{PILOT_TOWN}{PILOT_VILLAGE}闲置农房出租（10年）",
            product="farmer_housing",
            way="lease",
            area_mu="0.3",
            location=right["location"],
            right_certificate_no=right["certificate_no"],
            collective_id=cid,
            reserve_price="30000.00",
            deposit="3000.00",
            increment="500.00",
            township=township,
        )
        self.note("announced", lease["id"])
        self.log(f"  idle farm house {right['certificate_no']} leased out: listing {lease['id']}")
        # Z1 by X5 and the withdrawal's compensation by X5: both in their 7-day publicity
        # held today by the wall clock: never after the platform's (its clock only moves on)
        today = datetime.now(SHANGHAI).date()
        resolutions = [
            await p.homestead_resolution(cid, today, township=township),
            await p.homestead_resolution(
                cid, today, township=township, matter="homestead", title="宅基地退出补偿标准"
            ),
        ]
        # a fifth household, whose homestead the survey has not yet recorded: recognized and
        # realized on it after the publicity, then withdrawing (Z7)
        leaving = await p.household(cid, [self.person(), self.person()], township=township)
        proposed = await p.propose_qualification(cid, leaving["id"], resolutions[0]["id"])
        return {
            "collective": cid,
            "households": households,
            "parcels": parcels,
            "resolutions": resolutions,
            "qualification": proposed,
            "leaving": leaving,
        }

    async def withdrawal_in_progress(self, pilot: dict[str, Any]) -> dict[str, Any]:
        """Z7 in progress (after the clock moved past the X5 publicity): the fifth
        household's qualification confirmed and realized on its homestead, the county
        enables the pilot, the household applies to withdraw and the collective decides
        the compensation — waiting for the township's review (the township console's)."""
        p, township, cid = self.p, PILOT_TOWNSHIP, pilot["collective"]
        officer, office = village_officer(cid), homestead_office(township)
        county_office = Actor("county_homestead_office", "county", COUNTY, COUNTY)
        for r in pilot["resolutions"]:
            await p.poll(
                lambda r=r: p.resolution(r["id"], cid),
                lambda x: x["status"] == "effective",
                what="the pilot's X5 publicity to end",
            )
        q = await p.confirm_qualification(pilot["qualification"]["id"], township)
        household = pilot["leaving"]
        certificate = f"QYFD{self.tag}005"
        parcel = await p.homestead_parcel(
            cid,
            f"{township}{self.tag}JC00005",
            household_id=None,
            certificate_no=certificate,
            location=f"青阳县{PILOT_TOWN}{PILOT_VILLAGE}",
            township=township,
        )
        await p.request(
            "collective",
            "POST",
            f"/qualifications/{q['id']}/realize",
            office,
            json={"parcel_id": parcel["id"], "approval_ref": f"宅批{parcel['number'][-5:]}"},
        )
        reference = {"enabled": True, "reference": "青阳县宅基地制度改革试点实施方案"}
        await p.request(
            "collective", "PUT", f"/collectives/{cid}/pilot", county_office, json=reference
        )
        head = household["members"][0]
        await p.register_right(
            certificate,
            head["party_id"],
            head["name"],
            right_type="farmer_housing",
            area_mu="0.27",
            township=township,
            collective_id=cid,
            location=f"青阳县{PILOT_TOWN}{PILOT_VILLAGE}",
        )
        application = {
            "parcel_id": parcel["id"],
            "reason": "work",
            "urban_residence_proof": "青阳县城关镇商品房不动产权证",
            "consents": [m["party_id"] for m in household["members"]],
        }
        w = await p.request(
            "collective", "POST", "/homestead-withdrawals", officer, json=application, expect=201
        )
        compensation = {
            "resolution_id": pilot["resolutions"][1]["id"],
            "land_rate_per_m2": "120.00",
            "building_area_m2": "96.00",
            "building_rate_per_m2": "600.00",
        }
        w = await p.request(
            "collective",
            "POST",
            f"/homestead-withdrawals/{w['id']}/compensation",
            officer,
            json=compensation,
        )
        self.log(
            f"  withdrawal {w['id']} of {parcel['number']}: compensation {w['compensation']} "
            "元 decided, waiting for the township's review (Z7)"
        )
        return w

    async def farmer_right(self, township: str, collective: str) -> dict[str, Any]:
        self.n += 1
        pid, name = self.person()
        area = str(self.rng.choice([8, 12, 15, 20, 30, 45]))
        return await self.p.register_right(
            f"QY{self.tag}{self.n:04d}",
            pid,
            name,
            area_mu=area,
            township=township,
            collective_id=collective,
            location=f"青阳县{TOWNSHIPS[township]}{VILLAGES[township]}",
        )

    async def intake(self, right: dict[str, Any], reserve: int, **over: Any) -> dict[str, Any]:
        """A farmer's right at the township window (L1–L3)."""
        township = right["township"]
        body = dict(
            seller_party_id=right["holder_party_id"],
            seller_name=right["holder_name"],
            title=f"{TOWNSHIPS[township]}{VILLAGES[township]}{right['area_mu']}亩承包地经营权出租",
            right_certificate_no=right["certificate_no"],
            area_mu=right["area_mu"],
            location=right["location"],
            collective_id=right["collective_id"],
            reserve_price=f"{reserve}.00",
            deposit=f"{reserve // 10}.00",
            increment=f"{max(reserve // 100, 100)}.00",
            township=township,
        )
        return body | over

    async def entrusted(self, near: dict[str, Any]) -> dict[str, Any]:
        """L17: the village collective lists two households' rights they entrusted to it
        (委托流转), each with its signed entrustment; proceeds go by area."""
        township, collective = near["township"], near["collective_id"]
        rights = [await self.farmer_right(township, collective) for _ in range(2)]
        area = int(sum(Decimal(r["area_mu"]) for r in rights))
        entrustments = [
            {
                "certificate_no": r["certificate_no"],
                "holder_party_id": r["holder_party_id"],
                "holder_name": r["holder_name"],
                "area_mu": r["area_mu"],
                "term_end": r.get("term_end") or "2047-12-31",
                "entrustment_sha256": hashlib.sha256(
                    f"委托书 {r['certificate_no']}".encode()
                ).hexdigest(),
                "signed_by_party_id": r["holder_party_id"],
            }
            for r in rights
        ]
        listing = await self.p.take_in_listing(
            seller_party_id=generate_credit_code("N", "2", COUNTY, rng=self.rng),
            seller_name=f"{VILLAGES[township]}股份经济合作社",
            seller_kind="collective",
            collective_id=collective,
            title=f"{TOWNSHIPS[township]}{VILLAGES[township]}{area}亩承包地委托流转",
            right_certificate_no=None,
            area_mu=str(area),
            location=near["location"],
            entrustments=entrustments,
            reserve_price=f"{area * 5000}.00",
            deposit=f"{area * 500}.00",
            increment="500.00",
            township=township,
        )
        self.log(f"  entrusted listing {listing['id']}: {len(rights)} households, {area} 亩 (L17)")
        return listing

    async def announced(self, right: dict[str, Any], reserve: int, **over: Any) -> dict[str, Any]:
        return await self.p.announced_listing(**await self.intake(right, reserve, **over))

    async def buyers(self, listing: dict[str, Any], count: int) -> list[str]:
        parties = []
        for _ in range(count):
            pid, name = self.person()
            await self.p.qualified_buyer(
                listing["id"], pid, name, deposit=listing["deposit"], bank_org=BANK
            )
            parties.append(pid)
        return parties

    # -- the whole county ------------------------------------------------------------
    async def run(self) -> dict[str, list[str]]:
        p = self.p
        self.log(f"demo county 青阳县 ({COUNTY}), run {self.tag}")
        collectives = await self.collectives()
        pilot = await self.pilot_township()
        townships = list(TOWNSHIPS)
        rights = [await self.farmer_right(t, collectives[t]) for t in townships for _ in range(5)]
        self.log(f"  {len(rights)} certified land management rights in the registry")

        # liens: two farmers mortgage their family-contract rights (R6–R9)
        for right in rights[13:15]:
            # valued at 500 元/亩/年 × 20 years; the loan at most half of it (R7: 50%
            # without a reason), at most 50,000 — an 8 mu right is worth only 80,000
            value = int(right["area_mu"]) * 500 * 20
            lien = await p.lien(
                right,
                bank_org=BANK,
                lender_name="农业银行青阳支行",
                loan_amount=f"{min(50_000, value // 2)}.00",
                loan_term_end="2030-12-31",
                consent_letter="consent_letter_A",
                valuation={
                    "method": "lender",
                    "land": {
                        "area_mu": right["area_mu"],
                        "annual_price_per_mu": "500",
                        "years": "20",
                    },
                },
            )
            self.log(f"  lien {lien['id']} on {right['certificate_no']} (active)")

        # R15: a farmer mortgages his right for his son's family farm (a third-party mortgage)
        right = await self.farmer_right(townships[0], collectives[townships[0]])
        son, son_name = self.person()
        lien = await p.lien(
            right,
            bank_org=BANK,
            lender_name="农业银行青阳支行",
            loan_amount="30000.00",
            loan_term_end="2030-12-31",
            consent_letter="consent_letter_A",
            extra_docs=("third_party_consent",),
            borrower_party_id=son,
            borrower_name=f"{son_name}家庭农场",
            mortgagor_party_id=right["holder_party_id"],
            mortgagor_name=right["holder_name"],
            valuation={
                "method": "lender",
                "land": {"area_mu": right["area_mu"], "annual_price_per_mu": "500", "years": "20"},
            },
        )
        self.log(f"  third-party lien {lien['id']} on {right['certificate_no']} for {son_name}")

        # Quangengdai: three borrowers filed, recommended, approved, in public notice
        guarantees = []
        for township in townships:
            pid, name = self.person()
            borrower = await p.file_borrower(pid, f"{name}家庭农场", township)
            gid = await p.guarantee_to_notice(
                borrower,
                bank_org=BANK,
                guarantor_org=GUARANTOR,
                amount=str(self.rng.choice([150000, 300000, 500000])),
                township=township,
            )
            guarantees.append((gid, township))
        self.log(f"  {len(guarantees)} Quangengdai guarantees in public notice")
        # a fraudster blacklisted: refused everywhere (G11)
        fraud, fraud_name = self.person()
        await p.blacklist(fraud, fraud_name, GUARANTOR)
        self.log(f"  blacklisted {fraud_name}")

        if self.advance is not None:
            # listings that need the 20-day announcement to end
            failed = await self.announced(rights[0], 60000)
            trading = await self.announced(
                rights[1], 120000, free_period_seconds=7 * 86400, extension_seconds=300
            )
            trading_buyers = await self.buyers(trading, 3)
            concluded = await self.announced(rights[2], 90000)
            concluded_buyer = (await self.buyers(concluded, 1))[0]
            contracted = await self.announced(rights[3], 150000)
            contracted_buyer = (await self.buyers(contracted, 1))[0]
            self.log("  moving the clock 20 days: the announcements end (L5, L7)")
            self.advance(timedelta(days=20, minutes=1))
            self.note("failed", (await p.wait_listing(failed["id"], "failed"))["id"])
            await p.wait_listing(trading["id"], "trading")
            sid = (await p.session_of(trading["id"]))["session_id"]
            price = int(trading["reserve_price"].split(".")[0])
            step = int(trading["increment"].split(".")[0])
            for i, bidder in enumerate([*trading_buyers, trading_buyers[0]]):
                await p.bid(sid, bidder, f"{price + i * step}.00")
            self.note("trading", trading["id"])
            self.log(f"  live bidding session {sid} (4 bids, free period 7 days)")
            for listing, buyer_party, sign in (
                (concluded, concluded_buyer, False),
                (contracted, contracted_buyer, True),
            ):
                await p.wait_listing(listing["id"], "trading")
                s = await p.session_of(listing["id"])
                await p.negotiate(
                    s["session_id"],
                    buyer_party,
                    listing["seller_party_id"],
                    listing["reserve_price"],
                )
                deal = await p.deal_of(listing["id"])
                if sign:
                    await p.sign_contract(deal["trade_id"], f"HT-{self.tag}-{self.n}")
                    await p.pay_balance(deal["trade_id"], deal["balance_due"], BANK)
                    await p.wait_listing(listing["id"], "contracted")
                    self.note("contracted", listing["id"])
                else:
                    await p.wait_listing(listing["id"], "concluded", "trading")
                    self.note("concluded", listing["id"])
            # guarantees: the 7-day notice passed during the 20 days; issue, draw, default
            for i, (gid, township) in enumerate(guarantees):
                await p.guarantee_issue(gid, guarantor_org=GUARANTOR, township=township)
                g = await p.guarantee(gid)
                await p.bank_entry(gid, "drawdowns", BANK, {"amount": g["amount"]})
                if i == 0:
                    await p.bank_entry(
                        # no interest yet: it accrues by the day from the drawdown (G9)
                        gid,
                        "overdue",
                        BANK,
                        {"principal": g["amount"], "interest": "0"},
                    )
                    comp = await p.compensate(gid, GUARANTOR)
                    self.log(
                        f"  default on {gid}: guarantor paid "
                        f"{comp['compensation']['guarantor_paid']} 元 (G6)"
                    )
                    # G12: the borrower in arrears is restricted for the year by itself,
                    # and listed in the month's credit-bureau report
                    paid_at = datetime.fromisoformat(comp["compensation"]["compensated_at"])
                    month = paid_at.astimezone(SHANGHAI).strftime("%Y-%m")
                    report = await p.request(
                        "guarantee", "GET", f"/reports/{COUNTY}/credit-bureau/{month}", finance()
                    )
                    self.log(f"  {len(report['loans'])} borrower(s) in arrears, restricted (G12)")
            self.log(f"  {len(guarantees)} guarantees issued and drawn, one compensated")
            await self.withdrawal_in_progress(pilot)
        else:
            self.log("  no clock file: skipping failed / trading / concluded and the defaults")

        # listings that stay where they are, after any clock move
        draft = await p.take_in_listing(**await self.intake(rights[4], 40000), submit=False)
        self.note("draft", draft["id"])
        submitted = await p.take_in_listing(**await self.intake(rights[5], 45000))
        self.note("submitted", submitted["id"])
        in_pre_review = await p.take_in_listing(**await self.intake(rights[6], 70000))
        await p.township_review(in_pre_review["id"], township=rights[6]["township"])
        self.note("pre_review", in_pre_review["id"])
        self.note("submitted", (await self.entrusted(rights[0]))["id"])
        for right, reserve in ((rights[7], 80000), (rights[8], 200000), (rights[10], 66000)):
            listing = await self.announced(right, reserve)
            await self.buyers(listing, 1)
            self.note("announced", listing["id"])
        suspended = await self.announced(rights[9], 110000)
        await p.suspend(suspended["id"], "ownership_dispute", "相邻农户对地块边界提出异议")
        self.note("suspended", suspended["id"])
        board = await p.board(county=COUNTY)
        self.log(f"  the public board shows {len(board)} listings")
        public = {x["id"] for x in board}
        for state, ids in self.made.items():
            where = "board/listings" if ids[0] in public else "listings"  # staff token
            self.log(f"    {state:<11} {len(ids)}  e.g. /listing/{where}/{ids[0]}")
        return self.made


async def run_demo(
    base_url: str, clock_file: Path | None, seed: int | None = None
) -> dict[str, list[str]]:
    """Fill the platform at ``base_url`` (the embedded run's root URL)."""

    def advance(delta: timedelta) -> None:
        assert clock_file is not None
        OffsetFileClock.advance_file(clock_file, delta)

    async with PlatformClient.embedded(base_url, timeout_s=60) as client:
        await client.poll(
            lambda: client.request("listing", "GET", "/readyz"),
            lambda _: True,
            timeout_s=300,  # a first start migrates four databases
            what=f"the platform at {base_url}",
        )
        await client.request("listing", "GET", "/listings", staff())
        demo = Demo(client, advance if clock_file else None, seed)
        return await demo.run()
