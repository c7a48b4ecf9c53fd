"""Browser tests: one real app (reflex run --env prod) on a fresh database, Debian Chromium, tablet viewport.

`app_server` is the one build the terminal and storefront tests share (session scope, one port). Two
packages keep their own app, for what a shared one cannot give them:
- merchant/ (`console_server`): its tests change Café Lumière as the demo defines it (a 12-stamp program,
  a third store), which the storefront and terminal tests read; it also needs the demo history.
- admin/ (`admin_server`): both wallets configured at start-up against generated keys and a stand-in
  Google API, a process-wide setting that would change the storefront and every card write elsewhere.
"""

import shutil
import tempfile
from pathlib import Path

import httpx
import pytest

from loyalty_app.demo import DEMO_PASSWORD

from . import server as srv

SCREENSHOTS = srv.OUTPUT / "screenshots"


@pytest.fixture(scope="session")
def app_server():
    if not Path(srv.CHROMIUM).exists():
        pytest.skip(f"{srv.CHROMIUM} is missing: apt-get install -y chromium")
    data_dir = Path(tempfile.mkdtemp(prefix="loyalty-e2e-"))
    url, engine = srv.prepare_database(data_dir)
    srv.add_merchant(
        engine,
        "Shift Bakery",
        "bakery-main",
        "staff.bakery@example.com",
        "Ben",
        "2468",
        {"pin_mode": "per_shift", "pin_shift_idle_minutes": 5},
    )
    cards = {
        "stamp": srv.enroll(engine, "lumiere-centre", "lea@example.com", "Léa", "Muller"),
        "scan": srv.enroll(engine, "lumiere-centre", "tom@example.com", "Tom", "Schmit"),
        "void": srv.enroll(engine, "lumiere-centre", "zoe@example.com", "Zoé", "Faber"),
        "lock": srv.enroll(engine, "lumiere-gare", "ines@example.com", "Inès", "Weber"),
        "earn": srv.enroll(engine, "atelier-ville", "paul@example.com", "Paul", "Klein"),
        "points": srv.enroll(engine, "atelier-ville", "mia@example.com", "Mia", "Thill"),
        "shift1": srv.enroll(engine, "bakery-main", "ana@example.com", "Ana", "Reis"),
        "shift2": srv.enroll(engine, "bakery-main", "max@example.com", "Max", "Hoffmann"),
    }
    # The storefront tests enroll and ask for sign-in links a dozen times from one address within a minute:
    # above the default limits (10 a minute per IP), which the terminal tests do not depend on.
    server = srv.start(
        data_dir,
        url,
        engine,
        extra_env={"LOYALTY_ENROLL_RATE_LIMIT": "1000/minute", "LOYALTY_SIGN_IN_LINK_RATE_LIMIT": "1000/minute"},
    )
    server.cards = cards
    yield server
    srv.stop(server)
    engine.dispose()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    """One Playwright per module: two sync Playwrights alive at once (another package's own) cannot coexist."""
    with srv.chromium() as b:
        yield b


@pytest.fixture
def shot(request):
    """shot(page, "name"): a screenshot under test-output/screenshots/<test>-<name>.png."""
    return srv.screenshotter(SCREENSHOTS, request.node.name)


@pytest.fixture
def new_context(browser):
    contexts = []

    def make(locale: str = "en-GB"):
        ctx = browser.new_context(viewport=srv.TABLET, locale=locale, has_touch=True)
        ctx.set_default_timeout(20_000)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


def sign_in(ctx, base_url: str, email: str) -> None:
    """The session cookie, as the login page would get it (the UI login has its own test)."""
    r = ctx.request.post(f"{base_url}/api/v1/auth/session", data={"email": email, "password": DEMO_PASSWORD})
    assert r.status == 204, r.text()


@pytest.fixture
def terminal(app_server, new_context):
    """terminal(email, store_code) -> a page on that store's terminal, ready for a scan."""

    def open_terminal(email: str, store_code: str, locale: str = "en-GB"):
        ctx = new_context(locale)
        sign_in(ctx, app_server.base_url, email)
        page = ctx.new_page()
        page.goto(f"{app_server.base_url}/store/{store_code}/terminal")
        page.wait_for_selector("#lookup-input")
        return page

    return open_terminal


@pytest.fixture
def api(app_server):
    with httpx.Client(base_url=app_server.base_url, timeout=30) as client:
        yield client
