"""The merchant's settings and store descriptions in Chromium, on an app of their own (ports 3380-3399)."""

import shutil
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from loyalty_app.cli import migrate
from loyalty_app.db import make_engine
from loyalty_app.demo.accounts import create_demo_accounts
from loyalty_app.models import AuditLog, Merchant, Store

from .. import server as srv

pytestmark = pytest.mark.browser

PORTS = range(3380, 3400)
LUMIERE_OWNER = "owner.lumiere@example.com"


@pytest.fixture(scope="module")
def console_server():
    """This module's own app (demo accounts, no history), so its writes cannot disturb the other console tests."""
    if not Path(srv.CHROMIUM).exists():
        pytest.skip(f"{srv.CHROMIUM} is missing: apt-get install -y chromium")
    data_dir = Path(tempfile.mkdtemp(prefix="loyalty-settings-e2e-"))
    url = f"sqlite:///{data_dir / 'e2e.db'}"
    migrate(url)
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        demo = create_demo_accounts(session)
    server = srv.start(data_dir, url, engine, port=srv.free_port(ports=PORTS), name="settings")
    server.demo = {"merchants": {k: m.id for k, m in demo["merchants"].items()}}
    yield server
    srv.stop(server)
    engine.dispose()
    shutil.rmtree(data_dir, ignore_errors=True)


def test_the_owner_changes_name_and_time_zone_a_bad_zone_is_refused_and_a_reload_keeps_them(
        console_server, console, shot):
    lumiere = console_server.demo["merchants"]["lumiere"]
    page = console(LUMIERE_OWNER, "/merchant/settings")
    expect(page.locator("#page-title")).to_have_text("Settings")
    expect(page.locator("#nav-merchant-settings")).to_have_attribute("href", "/merchant/settings")
    expect(page.locator("#settings-name")).to_have_value("Café Lumière")
    expect(page.locator("#settings-timezone")).to_have_value("Europe/Luxembourg")

    page.fill("#settings-name", "Café Lumière & Fils")
    page.fill("#settings-timezone", "Mars/Olympus_Mons")
    page.click("#settings-save")
    expect(page.locator(".field-problem")).to_have_text(
        "This is not a time zone. Choose one from the list, like Europe/Luxembourg.")
    expect(page.locator("#settings-notice")).to_contain_text("Nothing was saved")
    expect(page.locator("#settings-timezone")).to_have_value("Mars/Olympus_Mons")
    expect(page.locator("#settings-name")).to_have_value("Café Lumière & Fils")
    shot(page, "settings-refused")
    with console_server.session() as session:
        assert session.get(Merchant, lumiere).timezone == "Europe/Luxembourg"

    page.fill("#settings-timezone", "America/New_York")
    expect(page.locator(".field-problem")).to_have_count(0)
    expect(page.locator("#settings-local-time")).to_contain_text("Local time there now:")
    page.click("#settings-default_locale")
    page.get_by_role("option", name="Deutsch", exact=True).click()
    page.click("#settings-save")
    expect(page.locator("#settings-notice")).to_have_text("The settings are saved.")
    expect(page.get_by_role("heading", name="Café Lumière & Fils")).to_be_visible()
    shot(page, "settings-saved")

    page.reload()
    expect(page.locator("#settings-name")).to_have_value("Café Lumière & Fils")
    expect(page.locator("#settings-timezone")).to_have_value("America/New_York")
    expect(page.locator("#settings-default_locale")).to_have_text("Deutsch")
    with console_server.session() as session:
        merchant = session.get(Merchant, lumiere)
        assert (merchant.name, merchant.timezone, merchant.default_locale) == (
            "Café Lumière & Fils", "America/New_York", "de")
        row = session.exec(select(AuditLog).where(AuditLog.action == "merchant.settings")).one()
        assert row.new_values == {"name": "Café Lumière & Fils", "timezone": "America/New_York",
                                  "default_locale": "de"}


def test_the_owner_edits_a_store_description_and_the_store_page_shows_it(console_server, console, browser, shot):
    page = console(LUMIERE_OWNER, "/merchant/stores")
    row = page.locator("[data-testid=store-row]", has_text="lumiere-gare")
    expect(row).to_contain_text("Coffee to go by the station.")
    row.locator(".store-edit").click()
    expect(page.locator("#store-edit-description_en")).to_have_value("Coffee to go by the station.")

    page.fill("#store-edit-description_fr", "é" * 501)
    page.click("#store-edit-save")
    expect(page.get_by_role("dialog").locator(".field-problem")).to_have_text("This is too long.")
    expect(page.locator("#store-edit-description_fr")).to_have_value("é" * 501)

    page.fill("#store-edit-description_en", "Coffee to go by the station, from 6 am.")
    page.fill("#store-edit-description_fr", "Café à emporter près de la gare, dès 6 h.")
    shot(page, "store-edit")
    page.click("#store-edit-save")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#notice")).to_have_text("Saved.")
    expect(row).to_contain_text("Coffee to go by the station, from 6 am.")
    with console_server.session() as session:
        gare = session.exec(select(Store).where(Store.code == "lumiere-gare")).one()
        assert gare.description["fr"] == "Café à emporter près de la gare, dès 6 h."

    ctx = browser.new_context(locale="fr-FR")
    try:
        storefront = ctx.new_page()
        storefront.goto(f"{console_server.base_url}/s/lumiere-gare/join")
        expect(storefront.locator("#brand-header")).to_contain_text("Café à emporter près de la gare, dès 6 h.",
                                                                    timeout=30_000)
    finally:
        ctx.close()
