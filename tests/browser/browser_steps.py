"""The browser tests' common steps: sign in as a persona, read the page's main text,
wait until it shows a text. One copy for every browser test module."""

from __future__ import annotations

from urllib.parse import urlencode

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

#: how often a wait checks again: WebDriverWait's default (0.5 s) is mostly sleep — a
#: check is one or two WebDriver commands, a few milliseconds each
POLL_S = 0.1


def sign_in(driver: WebDriver, base: str, persona: str, then: str = "/") -> None:
    """Through the persona picker, onto ``then`` (the sign-in page's ``next``: the page the
    test opens next comes straight after the sign-in, not after the home page)."""
    driver.get(f"{base}/sign-in?{urlencode({'next': then})}")
    driver.find_element(By.ID, f"persona-{persona}").click()
    driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    WebDriverWait(driver, 10, poll_frequency=POLL_S).until(
        lambda d: (
            "/sign-in" not in d.current_url
            and d.execute_script("return document.readyState") == "complete"
        )
    )


def main_text(driver: WebDriver) -> str:
    """The page's main text, or "" while a navigation replaces the document: Chromium
    then answers a read of the old node with an inspector error ("Node with given id
    does not belong to the document"), not with a stale-element error."""
    try:
        return driver.find_element(By.TAG_NAME, "main").text
    except WebDriverException:
        return ""


def wait_for(driver: WebDriver, text: str) -> None:
    WebDriverWait(driver, 15, poll_frequency=POLL_S).until(
        lambda d: text in main_text(d), f"waited for {text!r}"
    )
