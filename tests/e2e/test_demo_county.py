"""The demo county (``rex demo``) fills a running embedded platform through its public
APIs only, and the public board then shows listings in several states (L5, L7, L12,
L14). The server is a real ``rex embedded`` process on SQLite whose clock the demo moves
through its offset file, as ``scripts/run.sh --demo`` does."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from testkit.platform_client import finance, staff
from testkit.processes import REX, embedded_server
from testkit.testing import REPO


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    clock_file = tmp_path / "clock-offset"
    with embedded_server(tmp_path, REX_CLOCK_OFFSET_FILE=str(clock_file)) as base:
        yield base, clock_file


def test_demo_county_fills_the_board_with_listings_in_every_state_L5_L7_L12(
    embedded: tuple[str, Path],
) -> None:
    base, clock_file = embedded
    env = {k: v for k, v in os.environ.items() if not k.startswith("REX_")}
    done = subprocess.run(
        [REX, "demo", "--url", base, "--clock-file", str(clock_file), "--seed", "11"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "demo county ready" in done.stderr
    # the pilot township: a leased idle homestead and a withdrawal in progress (issue 21)
    assert "leased out" in done.stderr and "waiting for the township's review (Z7)" in done.stderr
    # the three new kinds of issue 23: an entrusted listing, a third-party mortgage and a
    # borrower restricted for arrears
    assert "(L17)" in done.stderr and "third-party lien" in done.stderr
    assert "1 borrower(s) in arrears, restricted (G12)" in done.stderr
    board = httpx.get(f"{base}/listing/board/listings", params={"county": "620821"}).json()
    states = {x["status"] for x in board}
    # public states only: drafts and listings under review stay off the board (L14)
    assert {"announced", "suspended", "failed", "trading", "contracted"} <= states, states
    assert "draft" not in states
    # the live room: the trading listing has a session with bids and a server-side end
    trading = next(x for x in board if x["status"] == "trading")
    session = httpx.get(
        f"{base}/bidding/listings/{trading['id']}/session", headers=staff().headers()
    ).json()
    assert (session["status"], session["bid_count"]) == ("bidding", 4), session
    # the default: one Quangengdai guarantee compensated (G6)
    guarantees = httpx.get(f"{base}/guarantee/guarantees", headers=finance().headers()).json()
    assert {"compensated", "active"} <= {g["state"] for g in guarantees}
