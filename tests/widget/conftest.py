"""Real headless Chromium (Debian's package, `browser` in tests/conftest.py) on the demo shop page."""
import pytest


@pytest.fixture
def handoff_url(handoff_server, ports) -> str:
    return f"http://localhost:{ports['handoff']}"


@pytest.fixture
def context(browser):
    """A fresh browser profile per test: its own localStorage, so its own conversation."""
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(15_000)
    yield context
    context.close()


def open_demo(page, handoff_url: str):
    """The demo shop page with the widget started (not opened)."""
    page.goto(f"{handoff_url}/demo/")
    page.wait_for_function("window.ShopChat && window.ShopChat.ready === true")
    return page
