"""The admin console in Chromium: one app on a fresh database with the demo history, a desktop viewport.

The server runs with both wallets configured against generated keys (Google against a local stand-in of
the Wallet API), so the wallet-debug page has something to show; a broken wallet configuration would
stop the app at start-up, so the test that needs a broken key file breaks it after start-up.
It builds its frontend in its own web directory, so no other Reflex run on this machine can swap it.
"""

import shutil
import socket
import tempfile
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from loyalty_app.cli import migrate
from loyalty_app.db import make_engine
from loyalty_app.demo import ADMIN_EMAIL, DEMO_PASSWORD
from loyalty_app.demo.seed import seed_demo
from tests.wallet.google_server import FakeGoogleWallet
from tests.wallet.pki import ISSUER_ID, PASS_TYPE_ID, TEAM_ID, make_pki

from .. import server as srv

SCREENSHOTS = srv.OUTPUT / "screenshots" / "admin"
WEB_DIR = srv.OUTPUT / "web-e2e-admin"
PORTS = range(3401, 3500)
DESKTOP = {"width": 1440, "height": 900}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wallet_env(pki, google: FakeGoogleWallet, base_url: str) -> dict:
    return {
        "LOYALTY_GOOGLE_ISSUER_ID": ISSUER_ID,
        "LOYALTY_GOOGLE_SERVICE_ACCOUNT_FILE": str(pki.service_account_file),
        "LOYALTY_GOOGLE_API_BASE_URL": google.api_base_url,
        "LOYALTY_GOOGLE_TOKEN_URI": google.token_uri,
        "LOYALTY_APPLE_PASS_TYPE_ID": PASS_TYPE_ID,
        "LOYALTY_APPLE_TEAM_ID": TEAM_ID,
        "LOYALTY_APPLE_CERT_FILE": str(pki.pass_cert_file),
        "LOYALTY_APPLE_KEY_FILE": str(pki.pass_key_file),
        "LOYALTY_APPLE_WWDR_FILE": str(pki.wwdr_file),
        "LOYALTY_APPLE_WEB_SERVICE_URL": f"{base_url}/api/v1/apple",
        # No device registers in these tests; should one, its push fails fast instead of leaving the machine.
        "LOYALTY_APPLE_APNS_BASE_URL": f"https://127.0.0.1:{closed_port()}",
        "LOYALTY_WALLET_RETRY_BASE_SECONDS": "0.01",
    }


@pytest.fixture(scope="package")
def admin_server():
    if not Path(srv.CHROMIUM).exists():
        pytest.skip(f"{srv.CHROMIUM} is missing: apt-get install -y chromium")
    data_dir = Path(tempfile.mkdtemp(prefix="loyalty-e2e-admin-"))
    url = f"sqlite:///{data_dir / 'e2e.db'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        seed_demo(session, customers=(20, 15))
    pki = make_pki(data_dir / "pki", "https://oauth2.googleapis.com/token")
    google = FakeGoogleWallet(pki.service_account_public_key, ISSUER_ID)
    port = srv.free_port(ports=PORTS)
    env = {**wallet_env(pki, google, f"http://localhost:{port}"), "REFLEX_WEB_WORKDIR": str(WEB_DIR)}
    try:
        server = srv.start(data_dir, url, engine, port=port, extra_env=env, name="admin")
    except Exception:
        google.close()
        raise
    server.pki, server.google, server.data_dir = pki, google, data_dir
    yield server
    srv.stop(server)
    google.close()
    engine.dispose()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="package")
def admin_browser():
    """Chromium for this package only: a session-wide Playwright would clash with other packages' own."""
    with srv.chromium() as browser:
        yield browser


@pytest.fixture
def admin_shot(request):
    """admin_shot(page, "name"): a full-page screenshot under test-output/screenshots/admin/<test>-<name>.png."""
    return srv.screenshotter(SCREENSHOTS, request.node.name)


@pytest.fixture
def desktop(admin_browser, admin_server):
    """desktop(email) -> a signed-in page in a desktop-sized window (email=None: signed out)."""
    contexts = []

    def open_page(email: str | None = ADMIN_EMAIL, locale: str = "en-GB"):
        ctx = admin_browser.new_context(viewport=DESKTOP, locale=locale)
        ctx.set_default_timeout(20_000)
        contexts.append(ctx)
        if email:
            r = ctx.request.post(
                f"{admin_server.base_url}/api/v1/auth/session", data={"email": email, "password": DEMO_PASSWORD}
            )
            assert r.status == 204, r.text()
        return ctx.new_page()

    yield open_page
    for ctx in contexts:
        ctx.close()


def open_admin(page, base_url: str, path: str) -> None:
    page.goto(f"{base_url}{path}")
    page.wait_for_selector("#page-title")


@pytest.fixture
def api_as(admin_server):
    """api_as(email) -> an httpx client with that user's bearer token."""
    clients = []

    def make(email: str) -> httpx.Client:
        client = httpx.Client(base_url=admin_server.base_url, timeout=30)
        r = client.post("/api/v1/auth/login", json={"email": email, "password": DEMO_PASSWORD})
        assert r.status_code == 200, r.text
        client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
