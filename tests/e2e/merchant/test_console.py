"""The merchant console in Chromium: program editor, access, bulk bonus, analytics charts, CSV import."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from loyalty_app.demo import ADMIN_EMAIL, ATELIER_OWNER, LUMIERE_OWNER
from loyalty_app.models import Customer, LoyaltyProgram, LoyaltyTransaction, User
from loyalty_app.services.cards import card_list
from loyalty_app.services.cards.card_list import CardFilter

pytestmark = pytest.mark.browser

CHART_WAIT_MS = 30_000  # Plotly's bundle loads on first use


def test_the_owner_changes_the_stamps_target_and_the_card_preview_follows(console_server, console, shot):
    page = console(LUMIERE_OWNER, "/merchant/program")
    expect(page.locator("#preview-name")).to_have_text("Café Lumière")
    expect(page.locator("#preview-stamps")).to_have_text("10 stamps for a reward")

    page.fill("#program-stamps_target", "0")
    page.click("#program-save")
    expect(page.locator(".field-problem")).to_have_text("This number is outside the allowed range.")
    expect(page.locator("#program-notice")).to_contain_text("Nothing was saved")

    page.fill("#program-stamps_target", "12")
    expect(page.locator("#preview-stamps")).to_have_text("12 stamps for a reward")
    page.fill("#program-card_color", "#0E7490")
    expect(page.locator("#card-preview")).to_have_css("background-color", "rgb(14, 116, 144)")
    page.click("#program-save")
    expect(page.locator("#program-notice")).to_contain_text("The program is saved")
    expect(page.locator(".field-problem")).to_have_count(0)
    shot(page, "program")
    with console_server.session() as session:
        program = session.exec(
            select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == console_server.demo["merchants"]["lumiere"])
        ).one()
        assert (program.stamps_target, program.card_color) == (12, "#0E7490")


def test_the_owner_of_mode_atelier_cannot_open_cafe_lumieres_console(console_server, console, shot):
    lumiere = console_server.demo["merchants"]["lumiere"]
    page = console(ATELIER_OWNER, f"/merchant/program?merchant_id={lumiere}")
    expect(page.locator("#console-refused")).to_be_visible()
    expect(page.locator("#console-refused")).to_contain_text("You cannot open this console")
    expect(page.locator("#card-preview")).to_have_count(0)
    expect(page.get_by_text("Café Lumière", exact=False)).to_have_count(0)
    shot(page, "refused")

    own = console(ATELIER_OWNER, "/merchant", locale="de-DE")
    expect(own.locator("#page-title")).to_have_text("Übersicht")
    expect(own.get_by_role("heading", name="Mode Atelier")).to_be_visible()
    expect(own.locator("#nav-merchant-pins")).to_have_text("Mitarbeiter-PINs")
    shot(own, "overview-de")


def test_a_platform_admin_acts_on_behalf_and_is_recorded_on_the_ledger_row(console_server, console, shot):
    lumiere = console_server.demo["merchants"]["lumiere"]
    with console_server.session() as session:
        card_id = card_list.card_ids(session, lumiere, CardFilter(active=True))[0]
        admin_id = session.exec(select(User.id).where(User.email == ADMIN_EMAIL)).one()
    chooser = console(ADMIN_EMAIL, "/merchant")
    chooser.locator("#merchant-chooser").get_by_text("Café Lumière").click()
    expect(chooser.locator("#on-behalf")).to_contain_text("on behalf of Café Lumière")
    expect(chooser).to_have_url(re.compile(rf"/merchant\?merchant_id={lumiere}$"))

    page = console(ADMIN_EMAIL, f"/merchant/cards/{card_id}?merchant_id={lumiere}")
    expect(page.locator("#on-behalf")).to_contain_text("on behalf of Café Lumière")
    page.fill("#adjust-points", "40")
    page.fill("#adjust-reason", "Goodwill after a broken machine")
    page.click("#adjust-submit")
    expect(page.locator("#card-notice")).to_have_text("Points adjusted by +40.")
    expect(page.locator("[data-testid=history-row]").first).to_contain_text("Adjustment")
    expect(page.locator("#nav-merchant-cards")).to_have_attribute("href", f"/merchant/cards?merchant_id={lumiere}")
    shot(page, "card-detail-on-behalf")
    with console_server.session() as session:
        row = session.exec(
            select(LoyaltyTransaction).where(
                LoyaltyTransaction.card_id == card_id, LoyaltyTransaction.type == "admin_adjustment"
            )
        ).one()
        assert (row.points_delta, row.acting_admin_id, row.user_id) == (40, admin_id, admin_id)


def _choose(page, trigger: str, option: str) -> None:
    page.click(trigger)
    page.get_by_role("option", name=option, exact=True).click()


def test_bulk_bonus_on_a_filter_states_the_count_and_writes_a_ledger_row_per_card(console_server, console, shot):
    atelier = console_server.demo["merchants"]["atelier"]
    target = CardFilter(store_code="atelier-kirchberg", active=True)
    with console_server.session() as session:
        count = card_list.count_cards(session, atelier, target)
        ids = set(card_list.card_ids(session, atelier, target))
    assert count > 0
    page = console(ATELIER_OWNER, "/merchant/cards")
    expect(page.locator("[data-testid=card-row]").first).to_be_visible()
    _choose(page, "#cards-store", "atelier-kirchberg")
    _choose(page, "#cards-active", "Active cards")
    expect(page.locator("#cards-total")).to_have_text(f"{count} cards")

    page.click("#bonus-filter")
    expect(page.locator("#bulk-count")).to_have_text(
        f"This gives bonus points to {count} cards. Each customer is notified."
    )
    page.fill("#bulk-points", "25")
    page.fill("#bulk-reason", "Kirchberg anniversary")
    shot(page, "bulk-confirmation")
    page.click("#bulk-confirm")
    # A background task: the panel follows it to its outcome, and the list is refreshed.
    expect(page.locator("#task-outcome")).to_have_text(f"25 bonus points given to {count} cards.")
    expect(page.locator("#task-panel")).to_have_attribute("data-status", "succeeded")
    shot(page, "bulk-done")
    with console_server.session() as session:
        rows = session.exec(
            select(LoyaltyTransaction).where(LoyaltyTransaction.reason == "Kirchberg anniversary")
        ).all()
    assert {r.card_id for r in rows} == ids and len(rows) == count
    assert all(r.points_delta == 25 and r.type == "admin_adjustment" for r in rows)

    page.locator(".card-link").first.click()
    expect(page.locator("[data-testid=history-row]").first).to_contain_text("Adjustment")
    expect(page.locator("[data-testid=history-row]").first).to_contain_text("+25")


def test_the_analytics_page_renders_the_three_charts_and_exports_the_at_risk_cards(console_server, console, shot):
    page = console(LUMIERE_OWNER, "/merchant/analytics")
    for chart in ("#chart-cohorts", "#chart-revenue", "#chart-basket"):
        expect(page.locator(f"{chart} .js-plotly-plot .main-svg").first).to_be_visible(timeout=CHART_WAIT_MS)
    expect(page.locator("#chart-cohorts .heatmaplayer, #chart-cohorts .hm").first).to_be_attached()
    expect(page.locator("#chart-revenue .bars .point").first).to_be_attached()
    expect(page.locator("#kpi-members")).to_have_text(re.compile(r"^\d+$"))
    expect(page.locator("#at-risk-count")).to_have_text(re.compile(r"^\d+$"))
    page.wait_for_timeout(500)  # let Plotly finish its transitions before the picture
    shot(page, "analytics")

    with page.expect_download() as download:
        page.click("#export-at-risk")
    assert download.value.suggested_filename.startswith("at-risk-")
    header = open(download.value.path(), encoding="utf-8").readline().strip()
    assert header == "card_number,customer_name,email,last_visit_at,usual_interval_days,inactive_days"

    _choose(page, "#analytics-store", "lumiere-gare")
    expect(page.locator("#chart-revenue .js-plotly-plot .main-svg").first).to_be_visible(timeout=CHART_WAIT_MS)


CSV = (
    "email,first_name,last_name,store_code,stamps,points\n"
    "nina.import@example.com,Nina,Kremer,lumiere-centre,4,\n"
    "omar.import@example.com,Omar,Thill,lumiere-nowhere,2,\n"
    "pia.import@example.com,Pia,Weis,lumiere-gare,7,\n"
)


def test_a_csv_import_with_one_bad_row_shows_that_rows_error_and_writes_nothing_until_asked(
    console_server, console, shot
):
    page = console(LUMIERE_OWNER, "/merchant/import-export")
    page.locator("#members-csv input[type=file]").set_input_files(
        files=[{"name": "members.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
    )
    expect(page.locator("#import-summary")).to_have_text("members.csv: 3 rows read; valid: 2; with errors: 1.")
    bad = page.locator("[data-testid=import-row]").filter(has_text="omar.import@example.com")
    expect(bad.locator(".row-problem")).to_have_text("Store code: No store of yours has this code.")
    expect(page.locator(".row-problem")).to_have_count(1)
    expect(page.locator("#import-notice")).to_contain_text("1 row has errors. Nothing is written unless")
    shot(page, "import-preview")
    emails = ("nina.import@example.com", "omar.import@example.com", "pia.import@example.com")
    with console_server.session() as session:
        assert session.exec(select(Customer).where(Customer.email.in_(emails))).all() == []

    page.click("#import-valid")
    expect(page.locator("#task-outcome")).to_contain_text("2 members imported")
    with console_server.session() as session:
        imported = session.exec(select(Customer.email).where(Customer.email.in_(emails))).all()
        rows = session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.type == "balance_imported")).all()
    assert sorted(imported) == ["nina.import@example.com", "pia.import@example.com"]
    assert sorted(r.stamps_delta for r in rows) == [4, 7]
    shot(page, "import-done")


def test_stores_and_staff_pins_are_created_renamed_and_bulk_created_with_line_errors(console_server, console, shot):
    page = console(LUMIERE_OWNER, "/merchant/stores")
    expect(page.locator("[data-testid=store-row]")).to_have_count(2)
    page.fill("#store-code", "lumiere-kirchberg")
    page.fill("#store-name", "Café Lumière Kirchberg")
    page.click("#store-create")
    expect(page.locator("#notice")).to_have_text("The store is created.")
    expect(page.locator("[data-testid=store-row]")).to_have_count(3)

    page.click("#nav-merchant-pins")
    expect(page.locator("#page-title")).to_have_text("Staff PINs")
    _choose(page, "#pin-bulk-store", "lumiere-kirchberg")
    page.fill("#pin-bulk-lines", "Anna, 2468\nBen, 12\nChloé, 1357")
    page.click("#pin-bulk-create")
    expect(page.get_by_text("Line 2: A PIN has 4 to 8 digits.")).to_be_visible()
    rows = page.locator("[data-testid=pin-row]").filter(has_text="lumiere-kirchberg")
    expect(rows).to_have_count(0)
    page.fill("#pin-bulk-lines", "Anna, 2468\nBen, 1212\nChloé, 1357")
    page.click("#pin-bulk-create")
    expect(page.locator("#notice")).to_have_text("The PINs are created.")
    expect(rows).to_have_count(3)
    shot(page, "pins")
