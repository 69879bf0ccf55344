"""A buyer chats from the demo page in real headless Chromium (Debian's package)."""
import shutil

import pytest
from playwright.sync_api import expect, sync_playwright

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("chromium is not installed: `WITH_BROWSER=1 scripts/install.sh` installs it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def test_buyer_sends_a_message_and_sees_the_reply(browser, rasa, handoff_server, ports):
    page = browser.new_page()
    page.goto(f"http://localhost:{ports['handoff']}/demo/")
    page.get_by_label("Your message").fill("hello")
    page.get_by_role("button", name="Send").click()
    log = page.get_by_role("log")
    expect(log.locator(".buyer")).to_have_text(["hello"])
    expect(log.locator(".bot").first).to_contain_text("help", ignore_case=True, timeout=30_000)
    page.close()
