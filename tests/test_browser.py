"""The web app in headless Chromium: search, dyad page with its charts drawn by Vega-Embed, a chart mark
through to its event and source sentence, an error page; the US-North Korea dev corpus on one timeline."""
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


def _serve(db):  # type: ignore[no-untyped-def]
    import uvicorn

    from detente.answer.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
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
def server(seed_db):  # type: ignore[no-untyped-def]
    yield from _serve(seed_db)


@pytest.fixture(scope="session")
def usprk_server(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The US-North Korea dev corpus, 2017-2019 (152 records): about 20 s to ingest."""
    import detente

    db = tmp_path_factory.mktemp("usprk") / "usprk.duckdb"
    detente.ingest(sorted((ROOT / "eval" / "data" / "usprk").glob("part*.jsonl")), db)
    yield from _serve(db)


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
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # CSP violations are logged as errors
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    yield driver
    driver.quit()


def _interactive(browser, chart: str = "timeline"):  # type: ignore[no-untyped-def]
    """The chart once Vega-Embed has drawn it in place of the static SVG."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30).until(lambda d: d.find_elements(
        By.CSS_SELECTOR, f"div.chart.interactive[data-chart='{chart}'] svg#{chart}"))
    return browser.find_element(By.CSS_SELECTOR, f"svg#{chart}")


def _errors(browser) -> list[str]:  # type: ignore[no-untyped-def]
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_search_dyad_event_source(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    shots = ROOT / "artifacts"
    shots.mkdir(exist_ok=True)
    browser.get(server + "/?q=Vladivostok")
    results = browser.find_elements(By.CSS_SELECTOR, "#results > li > a")
    assert len(results) == 2 and browser.find_element(By.ID, "count").text.startswith("2 documents match")
    marks = browser.find_elements(By.CSS_SELECTOR, "#results .snippet mark")
    assert len(marks) >= 2 and {m.text.lower() for m in marks} == {"vladivostok"}
    browser.get(server + "/?q=zzzqqq")
    assert "No documents match" in browser.find_element(By.ID, "no-results").text
    browser.get(server + "/dyad?a=RUS&b=PRK&around=2019-04-25")
    # The timeline, drawn by Vega-Embed with a time axis: one clickable mark per dated event.
    timeline = _interactive(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, "svg#timeline[role='img']")  # the static one is gone
    points = timeline.find_elements(By.CSS_SELECTOR, "g.mark-symbol.role-mark path")
    assert len(points) >= 4 and all(p.size["width"] > 0 for p in points)
    assert timeline.find_elements(By.CSS_SELECTOR, "g.role-axis")
    for chart in ("index", "quads", "network", "before-after"):
        _interactive(browser, chart)
    assert not _errors(browser)  # no script blocked by the CSP, no eval refused
    summit = next(p for p in points if "given: 2019-04-2" in (p.get_attribute("aria-label") or "")
                  and "CONSULT" in (p.get_attribute("aria-label") or ""))
    ActionChains(browser).move_to_element(summit).perform()
    tooltip = WebDriverWait(browser, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, "#vg-tooltip-element.visible"))
    assert "given 2019-04-2" in tooltip.text  # the summit's mark, or a mark of the same days drawn over it
    browser.save_screenshot(str(shots / "dyad.png"))
    # The summit, clicked on the chart (on its own mark: others of the same days overlap it): one event,
    # sourced by both seed documents.
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))", summit)
    WebDriverWait(browser, 10).until(lambda d: "/event/" in d.current_url)
    sources = browser.find_elements(By.CSS_SELECTOR, "table#sources tr")[1:]
    assert len(sources) >= 2 and {r.find_element(By.CSS_SELECTOR, ".tag").text for r in sources} >= {"original", "spun"}
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
    # A bad parameter is an HTML page that says what is accepted.
    browser.get(server + "/dyad?a=RUS&b=PRK&around=abcd")
    assert browser.find_element(By.TAG_NAME, "h1").text == "400 Bad Request"
    assert "YYYY-MM-DD" in browser.find_element(By.TAG_NAME, "body").text


def test_us_north_korea_dyad_page(usprk_server, browser):
    """Three years of US-North Korea events on one interactive timeline."""
    from selenium.webdriver.common.by import By

    shots = ROOT / "artifacts"
    shots.mkdir(exist_ok=True)
    browser.get_log("browser")  # read off what earlier pages logged (an error page's 400, say)
    browser.get(usprk_server + "/dyad?a=USA&b=PRK&around=2018-06-12")
    timeline = _interactive(browser)
    for chart in ("index", "quads", "network", "before-after"):
        _interactive(browser, chart)
    labels = {t.text for t in timeline.find_elements(By.CSS_SELECTOR, "g.role-axis-label text")}
    assert {"2017", "2018", "2019"} <= labels, labels
    points = timeline.find_elements(By.CSS_SELECTOR, "g.mark-symbol.role-mark path")
    assert len(points) >= 20 and all(p.get_attribute("aria-label") for p in points)
    # Every chart fits the page: nothing scrolls sideways.
    assert browser.execute_script("return [...document.querySelectorAll('div.chart')]"
                                  ".every(c => c.scrollWidth <= c.clientWidth + 1)")
    assert not _errors(browser)
    browser.save_screenshot(str(shots / "usprk-dyad.png"))
