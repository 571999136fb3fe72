"""The web app in headless Chromium: search, dyad page with its timeline drawn, event, source sentence."""
from __future__ import annotations

import shutil
import socket
import threading
import time

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
    # The timeline is a Vega chart with a time axis: one linked mark per dated event.
    points = browser.find_elements(By.CSS_SELECTOR, "svg#timeline g.role-mark a path")
    assert len(points) >= 4 and all(p.size["width"] > 0 for p in points)
    assert browser.find_elements(By.CSS_SELECTOR, "svg#timeline g.role-axis")
    browser.save_screenshot(str(shots / "dyad.png"))
    # The summit, clicked on the chart: one event, sourced by both seed documents.
    summit = [p for p in points if "given: 2019-04-2" in (p.get_attribute("aria-label") or "")
              and "CONSULT" in (p.get_attribute("aria-label") or "")][0]
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", summit)
    assert "/event/" in browser.current_url
    sources = browser.find_elements(By.CSS_SELECTOR, "table#sources tr")[1:]
    assert len(sources) >= 2 and {"original", "spun"} <= {r.find_element(By.CSS_SELECTOR, ".tag").text for r in sources}
    browser.save_screenshot(str(shots / "event.png"))
    sentence = sources[0].find_element(By.CSS_SELECTOR, "blockquote").text
    link = sources[0].find_element(By.CSS_SELECTOR, "td a")
    href = link.get_attribute("href")
    link.click()
    assert browser.current_url == href and "#s" in href
    anchor = browser.find_element(By.ID, href.rsplit("#", 1)[-1])
    first = browser.execute_script("return arguments[0].nextElementSibling", anchor)
    assert "k-event" in first.get_attribute("class") and sentence.startswith(first.text.strip()[:20])
    assert browser.find_elements(By.CSS_SELECTOR, ".k-quote") and browser.find_elements(By.CSS_SELECTOR, ".k-time")
    browser.save_screenshot(str(shots / "document.png"))
    browser.get(server + "/actor/RUS")
    assert "PRK" in browser.find_element(By.TAG_NAME, "ul").text
