"""Storefront browser tests: their own app on a fresh database (ports 3201-3299), phone viewport, Debian Chromium.

The app is started with tests/e2e/server.py's helpers, but not through the shared `app_server`: these
tests enroll a dozen customers from one address within a minute, which the enrollment rate limit
(10 a minute per IP) would refuse. Package scope: the app stops when the storefront tests are done,
before any other browser test builds the frontend again.
"""

import shutil
import tempfile
import time
from pathlib import Path

import pytest
from sqlmodel import Session, select

from loyalty_app.models import Customer, EmailLog, LoyaltyCard

from .. import server as srv

PORTS = range(3201, 3300)
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = srv.OUTPUT / "screenshots" / "storefront"
AXE = Path(__file__).resolve().parents[1] / "node" / "node_modules" / "axe-core" / "axe.min.js"
ACCEPT_LANGUAGE = {"en": "en-GB", "fr": "fr-FR", "de": "de-DE", "lb": "lb-LU"}


@pytest.fixture(scope="package")
def storefront_app():
    if not Path(srv.CHROMIUM).exists():
        pytest.skip(f"{srv.CHROMIUM} is missing: apt-get install -y chromium")
    data_dir = Path(tempfile.mkdtemp(prefix="loyalty-storefront-"))
    url, engine = srv.prepare_database(data_dir)
    server = srv.start(
        data_dir,
        url,
        engine,
        port=srv.free_port(ports=PORTS),
        name="storefront",
        # Every test signs in from 127.0.0.1, and the API and the pages count against one budget per address.
        extra_env={"LOYALTY_ENROLL_RATE_LIMIT": "1000/minute", "LOYALTY_SIGN_IN_LINK_RATE_LIMIT": "1000/minute"},
    )
    yield server
    srv.stop(server)
    engine.dispose()
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="package")
def phone_browser():
    with srv.chromium() as browser:
        yield browser


@pytest.fixture
def phone(phone_browser, storefront_app):
    """phone(lang) -> a new page on a 390x844 touch screen whose browser asks for that language (or locale)."""
    contexts = []

    def open_page(lang: str = "en"):
        ctx = phone_browser.new_context(
            viewport=PHONE,
            locale=ACCEPT_LANGUAGE.get(lang, lang),
            is_mobile=True,
            has_touch=True,
            device_scale_factor=2,
            base_url=storefront_app.base_url,
        )
        ctx.set_default_timeout(20_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield open_page
    for ctx in contexts:
        ctx.close()


class Db:
    """Reads of the app's database, each in its own short transaction.

    The SQLite engine begins every transaction with BEGIN IMMEDIATE: a session left open here would
    hold the write lock and stall the app's writes for its 30 s busy timeout.
    """

    def __init__(self, engine):
        self.engine = engine

    def get(self, model, ident):
        with Session(self.engine, expire_on_commit=False) as session:
            return session.get(model, ident)

    def cards(self, email: str) -> list[LoyaltyCard]:
        with Session(self.engine, expire_on_commit=False) as session:
            return list(
                session.exec(
                    select(LoyaltyCard)
                    .join(Customer, Customer.id == LoyaltyCard.customer_id)
                    .where(Customer.email == email)
                    .order_by(LoyaltyCard.id)
                )
            )

    def emails(self, recipient: str, code: str, count: int = 1, timeout: float = 20) -> list[EmailLog]:
        """The email log rows for this recipient and code, waiting for the in-process email job."""
        deadline = time.monotonic() + timeout
        while True:
            with Session(self.engine, expire_on_commit=False) as session:
                rows = list(
                    session.exec(
                        select(EmailLog)
                        .where(EmailLog.recipient == recipient, EmailLog.template_code == code)
                        .order_by(EmailLog.id)
                    )
                )
            if len(rows) >= count or time.monotonic() > deadline:
                return rows
            time.sleep(0.25)


@pytest.fixture
def db(storefront_app) -> Db:
    return Db(storefront_app.engine)


def screenshot(page, name: str, lang: str) -> Path:
    """test-output/screenshots/storefront/<name>-<lang>.png, the whole page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{lang}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    assert AXE.exists(), f"{AXE} is missing: run `npm ci --prefix tests/e2e/node`"
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def fill_join_form(page, email: str, first_name: str, *, accept_terms: bool = True, birthday=None, **fields) -> None:
    page.fill("#join-email", email)
    page.fill("#join-first-name", first_name)
    for name, value in fields.items():
        page.fill(f"#join-{name.replace('_', '-')}", value)
    if birthday:
        day, month, year = birthday
        page.select_option("#join-birthday-day", str(day))
        page.select_option("#join-birthday-month", str(month))
        page.fill("#join-birthday-year", str(year))
    if accept_terms:
        page.check("#join-accept-terms")
