"""The merchant console in Chromium: one app on ports 3301-3399, demo accounts plus a little history, desktop size.

Not the shared `app_server` (see tests/e2e/conftest.py): these tests change the demo's Café Lumière. Package
scope: the app stops when the merchant tests are done, before the shared app builds the frontend again.
"""

import shutil
import tempfile
from pathlib import Path

import pytest
from sqlmodel import Session

from loyalty_app.cli import migrate
from loyalty_app.db import make_engine
from loyalty_app.demo import DEMO_PASSWORD
from loyalty_app.demo.accounts import create_demo_accounts
from loyalty_app.demo.history import seed_history

from .. import server as srv

PORTS = range(3301, 3400)
DESKTOP = {"width": 1440, "height": 900}
SCREENSHOTS = srv.OUTPUT / "screenshots" / "merchant"


@pytest.fixture(scope="package")
def console_server():
    if not Path(srv.CHROMIUM).exists():
        pytest.skip(f"{srv.CHROMIUM} is missing: apt-get install -y chromium")
    data_dir = Path(tempfile.mkdtemp(prefix="loyalty-merchant-e2e-"))
    url = f"sqlite:///{data_dir / 'e2e.db'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        demo = create_demo_accounts(session)
        seed_history(session, demo, customers=(30, 20))
    server = srv.start(data_dir, url, engine, port=srv.free_port(ports=PORTS), name="merchant")
    server.demo = {"merchants": {k: m.id for k, m in demo["merchants"].items()}}
    yield server
    srv.stop(server)
    engine.dispose()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def shot(request):
    """shot(page, "name"): a full-page screenshot under test-output/screenshots/merchant/."""
    return srv.screenshotter(SCREENSHOTS, request.node.name, short=True)


@pytest.fixture
def console(console_server, browser):
    """console(email, path) -> a desktop page signed in as `email`, opened at `path` of the console."""
    contexts = []

    def open_console(email: str, path: str = "/merchant", locale: str = "en-GB"):
        ctx = browser.new_context(viewport=DESKTOP, locale=locale, accept_downloads=True)
        ctx.set_default_timeout(30_000)
        contexts.append(ctx)
        r = ctx.request.post(
            f"{console_server.base_url}/api/v1/auth/session", data={"email": email, "password": DEMO_PASSWORD}
        )
        assert r.status == 204, r.text()
        page = ctx.new_page()
        page.goto(f"{console_server.base_url}{path}")
        return page

    yield open_console
    for ctx in contexts:
        ctx.close()
