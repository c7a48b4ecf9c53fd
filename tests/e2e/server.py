"""Run the real app for browser tests: a fresh migrated SQLite database, demo accounts, `reflex run --env prod`."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from loyalty_app.cli import migrate
from loyalty_app.db import make_engine
from loyalty_app.demo import DEMO_PASSWORD
from loyalty_app.demo.accounts import create_demo_accounts
from loyalty_app.models import Merchant, Store
from loyalty_app.services.cards import enrollment
from loyalty_app.services.cards.enrollment import EnrollmentForm
from loyalty_app.services.context import SYSTEM
from loyalty_app.services.merchant import program as programs
from loyalty_app.services.staff import accounts, pins

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
PORTS = range(3101, 3200)
QUIET_REFLEX = {
    "REFLEX_USE_SYSTEM_BUN": "1",
    "REFLEX_TELEMETRY_ENABLED": "false",
    "REFLEX_CHECK_LATEST_VERSION": "false",
    "REFLEX_HTTP_CLIENT_BIND_ADDRESS": "0.0.0.0",
    "NPM_CONFIG_REGISTRY": "https://registry.npmjs.org",
    "PYTHONUNBUFFERED": "1",
}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
TABLET = {"width": 1024, "height": 768}


@dataclass
class Server:
    base_url: str
    engine: sa.Engine
    process: subprocess.Popen
    log_path: Path
    cards: dict[str, object] = field(default_factory=dict)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)


def free_port(exclude: set[int] = frozenset(), ports: range = PORTS) -> int:
    """The first free port of the range; each browser-test package has its own range."""
    for port in ports:
        if port in exclude:
            continue
        with socket.socket() as s:
            try:
                s.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


@contextmanager
def chromium():
    """Debian Chromium under its own sync Playwright: two of those cannot be alive at once, so callers
    scope it to a module or a package."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshotter(folder: Path, test_name: str, *, short: bool = False):
    """take(page, "name"): a full-page screenshot <folder>/<test>-<name>.png."""
    folder.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"[^A-Za-z0-9_]+", "_", test_name)
    if short:
        test = test.removeprefix("test_")[:60]

    def take(page, name: str) -> None:
        page.screenshot(path=str(folder / f"{test}-{name}.png"), full_page=True)

    return take


def prepare_database(data_dir: Path) -> tuple[str, sa.Engine]:
    url = f"sqlite:///{data_dir / 'e2e.db'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        create_demo_accounts(session)
    return url, engine


def add_merchant(
    engine: sa.Engine, name: str, store_code: str, staff_email: str, staff_name: str, pin: str, program: dict
) -> None:
    """A merchant with one store, one staff account and PIN, and a stamps program with the given settings."""
    with Session(engine, expire_on_commit=False) as session:
        merchant = Merchant(name=name, timezone="Europe/Luxembourg", default_locale="en")
        session.add(merchant)
        session.commit()
        store = Store(merchant_id=merchant.id, code=store_code, name=f"{name} {store_code}", description={})
        session.add(store)
        session.commit()
        accounts.create_user(
            session,
            staff_email,
            DEMO_PASSWORD,
            "store_staff",
            merchant_id=merchant.id,
            store_id=store.id,
            full_name=staff_name,
        )
        programs.create_program(
            session,
            merchant.id,
            {"loyalty_type": "stamps", "stamps_target": 10, "stamps_reward_description": "Free bun", **program},
            SYSTEM,
        )
        pins.create_pin(session, store, staff_name, pin, SYSTEM)


def enroll(engine: sa.Engine, store_code: str, email: str, first_name: str, last_name: str = "Test"):
    with Session(engine, expire_on_commit=False) as session:
        form = EnrollmentForm(email=email, first_name=first_name, last_name=last_name, accept_terms=True)
        return enrollment.enroll(session, store_code, form).card


def start(
    data_dir: Path,
    url: str,
    engine: sa.Engine,
    *,
    port: int | None = None,
    extra_env: dict | None = None,
    name: str = "e2e",
) -> Server:
    port = port or free_port()
    OUTPUT.mkdir(exist_ok=True)
    log_path = OUTPUT / f"reflex-{name}-{port}.log"
    env = {
        **os.environ,
        **QUIET_REFLEX,
        "LOYALTY_DATA_DIR": str(data_dir),
        "LOYALTY_DATABASE_URL": url,
        "LOYALTY_PUBLIC_BASE_URL": f"http://localhost:{port}",
        **(extra_env or {}),
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reflex",
                "run",
                "--env",
                "prod",
                "--frontend-port",
                str(port),
                "--backend-port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(base_url=f"http://localhost:{port}", engine=engine, process=process, log_path=log_path)
    try:
        wait_ready(server)
    except Exception:
        stop(server)
        raise
    return server


def wait_ready(server: Server, timeout: float = 420) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"reflex exited ({server.process.returncode}); see {server.log_path}")
        try:
            with urllib.request.urlopen(f"{server.base_url}/ping", timeout=2) as r:
                if b"pong" in r.read():
                    # /ping answers before the compiled frontend is mounted: wait for a page too.
                    with urllib.request.urlopen(f"{server.base_url}/login", timeout=5) as page:
                        if page.status == 200:
                            return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"the app did not answer /ping within {timeout}s; see {server.log_path}")


def stop(server: Server) -> None:
    try:
        os.killpg(server.process.pid, signal.SIGTERM)
        server.process.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
