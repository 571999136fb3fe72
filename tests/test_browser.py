"""The web app in headless Chromium: search, dyad page with its timeline drawn, event, source sentence."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from .conftest import ROOT

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="Debian chromium + chromium-driver not installed")]


@pytest.fixture(scope="module")
def server(seed_db):  # type: ignore[no-untyped-def]
    import uvicorn

    from detente.answer.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(seed_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1600"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver
    driver.quit()


def test_search_dyad_event_source(server, browser):
    from selenium.webdriver.common.by import By

    shots = ROOT / "artifacts"
    shots.mkdir(exist_ok=True)
    browser.get(server + "/?q=Vladivostok")
    results = browser.find_elements(By.CSS_SELECTOR, "#results a")
    assert len(results) == 2
    browser.get(server + "/dyad?a=RUS&b=PRK&around=2019-04-25")
    circles = browser.find_elements(By.CSS_SELECTOR, "svg#timeline circle.event")
    assert len(circles) >= 4 and all(c.size["width"] > 0 for c in circles)
    browser.save_screenshot(str(shots / "dyad.png"))
    row = browser.find_element(By.CSS_SELECTOR, "tr[id^='e-']")
    link = row.find_element(By.CSS_SELECTOR, ".src a")
    sentence = row.find_element(By.CSS_SELECTOR, "blockquote").text
    href = link.get_attribute("href")
    link.click()
    assert browser.current_url == href and "#" in href
    mark = browser.find_element(By.ID, href.rsplit("#", 1)[-1])
    assert mark.tag_name == "mark" and mark.text.strip() == sentence.strip()
    browser.save_screenshot(str(shots / "document.png"))
