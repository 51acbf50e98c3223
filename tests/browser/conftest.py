"""Browser test fixtures: the embedded run as a real process, Debian's Chromium driven
through Selenium (chromedriver from Debian, never a downloaded build), screenshots under
.artifacts/screenshots/, and an axe-core accessibility check.

A missing browser FAILS (scripts/browser-deps.sh installs it); it never skips.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

# the modules' common steps (browser_steps.py): --import-mode=importlib puts no test
# folder on sys.path, so this one is added, as the services' test folders do
sys.path.insert(0, str(Path(__file__).parent))

from common.clock import OffsetFileClock, local_date
from testkit.processes import embedded_server
from testkit.testing import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = REPO / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = REPO / ".artifacts" / "screenshots"
# The machine's network is closed: nothing that phones home.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=zh-CN",
)
PHONE = (375, 812)
DESKTOP = (1280, 900)


class Server:
    """The embedded platform every browser test of a pytest worker shares: one process,
    started once (4–11 s each time). So a test assumes neither an empty platform nor a
    date: what it creates is its own (ids, certificate numbers, persons, collectives),
    it finds its rows among others', and it reads the date from the server."""

    def __init__(self, base: str, clock_file: Path) -> None:
        self.base, self.clock_file = base, clock_file

    def advance(self, delta: timedelta) -> None:
        """Move the server's business clock forward (never sleep; never back: the other
        modules' deadlines once passed stay passed)."""
        assert delta >= timedelta(0), delta
        OffsetFileClock.advance_file(self.clock_file, delta)

    def now(self) -> datetime:
        """The server's business time: the server reads its clock as the system clock
        moved by this offset file (``common.clock.OffsetFileClock``), as read here."""
        return OffsetFileClock(self.clock_file).now()

    def today(self) -> date:
        """The server's business date (Beijing time), however far earlier tests moved it."""
        return local_date(self.now())


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One embedded server per pytest worker (a serial run: one in all)."""
    data = tmp_path_factory.mktemp("embedded")
    clock_file = data / "clock-offset"
    clock_file.write_text("0")
    with embedded_server(data, REX_CLOCK_OFFSET_FILE=str(clock_file)) as base:
        yield Server(base, clock_file)


@pytest.fixture(scope="session")
def browser_ready() -> None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER, AXE) if not p.exists()]
    if missing:
        pytest.fail(
            f"browser tests need {', '.join(missing)}: run scripts/browser-deps.sh "
            "(Debian chromium + chromium-driver, axe-core from npm)"
        )


Window = tuple[webdriver.Chrome, str]  # a driver and its profile's folder


def launch(size: tuple[int, int]) -> Window:
    """A new Chromium window on a new profile (its own cookies, storage and cache)."""
    profile = tempfile.mkdtemp(prefix="rex-chromium-")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    if size[0] < 500:  # a desktop window is never narrower: emulate the phone's screen
        metrics = {"width": size[0], "height": size[1], "pixelRatio": 1.0}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    else:
        options.add_argument(f"--window-size={size[0]},{size[1]}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.rex_size = size  # type: ignore[attr-defined]
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver, profile


def close(window: Window) -> None:
    driver, profile = window
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


class Windows:
    """New Chromium windows, the next one of each size started ahead: while a test works
    in the window it took, the next starts beside it (a start is a second or more of a
    test's time, longer on a loaded box). A window is never reused: each is taken once."""

    def __init__(self) -> None:
        self.starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self.ahead: dict[tuple[int, int], Future[Window]] = {}

    def take(self, size: tuple[int, int]) -> Window:
        ahead = self.ahead.pop(size, None)
        window = ahead.result() if ahead is not None else launch(size)
        self.ahead[size] = self.starter.submit(launch, size)
        return window

    def close(self) -> None:
        for ahead in self.ahead.values():
            close(ahead.result())
        self.starter.shutdown()


@pytest.fixture(scope="session")
def windows(browser_ready: None) -> Iterator[Windows]:
    os.environ.setdefault("SE_AVOID_STATS", "true")  # Selenium Manager never phones home
    started = Windows()
    yield started
    started.close()


@pytest.fixture
def open_browser(windows: Windows) -> Iterator[Callable[..., webdriver.Chrome]]:
    """Opens Chromium windows (each a separate profile: its own cookies); all closed
    after the test."""
    taken: list[Window] = []

    def make(size: tuple[int, int] = DESKTOP) -> webdriver.Chrome:
        taken.append(windows.take(size))
        return taken[-1][0]

    yield make
    # side by side: each quit mostly waits for its Chromium to exit (about a second)
    with ThreadPoolExecutor(max_workers=max(1, len(taken))) as pool:
        list(pool.map(close, taken))


def screenshot(driver: webdriver.Chrome, name: str) -> Path:
    """A PNG of the whole page under .artifacts/screenshots/ (a test artefact)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    width, height = driver.rex_size  # type: ignore[attr-defined]
    full = min(max(int(driver.execute_script("return document.body.scrollHeight")), height), 4000)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": full, "deviceScaleFactor": 1, "mobile": width < 500},
    )
    try:
        driver.save_screenshot(str(path))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        if width < 500:
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
            )
    return path


def accessibility_violations(driver: webdriver.Chrome) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the current page."""
    driver.execute_script(AXE.read_text())
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n.get("target") for n in v.get("nodes", [])][:5],
        }
        for v in found
        if v.get("impact") in ("serious", "critical")
    ]


def assert_accessible(driver: webdriver.Chrome) -> None:
    bad = accessibility_violations(driver)
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


@pytest.fixture(name="screenshot")
def screenshot_fixture() -> Callable[[webdriver.Chrome, str], Path]:
    return screenshot


@pytest.fixture(name="assert_accessible")
def assert_accessible_fixture() -> Callable[[webdriver.Chrome], None]:
    return assert_accessible
