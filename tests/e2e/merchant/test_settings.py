"""The merchant's settings and store descriptions in Chromium, on the package's shared console app."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from loyalty_app.demo import LUMIERE_OWNER
from loyalty_app.models import AuditLog, Merchant, Store

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def restored(console_server):
    """These tests change Café Lumière and its stores on the package's shared app: put them back afterwards.

    (A second app would rebuild the shared .web folder with its own port and break the running one.)
    """
    with console_server.session() as session:
        merchants = {m.id: (m.name, m.timezone, m.default_locale) for m in session.exec(select(Merchant))}
        stores = {s.id: dict(s.description) for s in session.exec(select(Store))}
    yield
    with console_server.session() as session:
        for merchant in session.exec(select(Merchant)):
            merchant.name, merchant.timezone, merchant.default_locale = merchants[merchant.id]
            session.add(merchant)
        for store in session.exec(select(Store)):
            if store.id in stores:
                store.description = stores[store.id]
                session.add(store)
        session.commit()


def test_the_owner_changes_name_and_time_zone_a_bad_zone_is_refused_and_a_reload_keeps_them(
    console_server, console, shot
):
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
        "This is not a time zone. Choose one from the list, like Europe/Luxembourg."
    )
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
            "Café Lumière & Fils",
            "America/New_York",
            "de",
        )
        row = session.exec(select(AuditLog).where(AuditLog.action == "merchant.settings")).one()
        assert row.new_values == {"name": "Café Lumière & Fils", "timezone": "America/New_York", "default_locale": "de"}


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
        expect(storefront.locator("#brand-header")).to_contain_text(
            "Café à emporter près de la gare, dès 6 h.", timeout=30_000
        )
    finally:
        ctx.close()
