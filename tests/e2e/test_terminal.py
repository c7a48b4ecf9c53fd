"""The staff terminal in Chromium: scans, stamps with PINs, lockout, access, and the live feed of a store."""

import re

import pytest
from playwright.sync_api import expect

from loyalty_app.demo import ATELIER_STAFF, DEMO_PASSWORD, LUMIERE_OWNER, LUMIERE_STAFF, PINS
from loyalty_app.models import LoyaltyCard
from loyalty_app.services.context import SYSTEM
from loyalty_app.services.ledger import points, stamps

pytestmark = pytest.mark.browser

FEED_WAIT_MS = 5_000


def scan(page, text: str) -> None:
    """What a USB scanner does: type the code and Enter, without any click."""
    page.keyboard.type(text, delay=5)
    page.keyboard.press("Enter")


def sign_with_pin(page, pin: str) -> None:
    page.wait_for_selector("#pin-input")
    page.keyboard.type(pin)
    page.keyboard.press("Enter")


def feed_line(page, last4: str):
    return page.locator("[data-testid=feed-line]").filter(has_text=f"\u2022\u2022\u2022\u2022 {last4}")


def test_stamp_in_one_terminal_appears_in_the_other_and_a_second_stamp_shows_the_cooldown(app_server, terminal, shot):
    card = app_server.cards["stamp"]
    counter = terminal(LUMIERE_STAFF, "lumiere-centre")
    other = terminal(LUMIERE_OWNER, "lumiere-centre")
    expect(feed_line(other, card.card_number[-4:])).to_have_count(0)

    scan(counter, card.qr_token)
    counter.click("#add-stamp")
    sign_with_pin(counter, PINS["lumiere-centre"])
    expect(counter.locator("#notice")).to_contain_text("Stamp added: 1 of 10")
    expect(counter.locator("#stamp-count")).to_have_text("1 of 10 stamps")
    expect(feed_line(other, card.card_number[-4:])).to_have_count(1, timeout=FEED_WAIT_MS)
    expect(feed_line(other, card.card_number[-4:])).to_contain_text("Stamp added")
    shot(other, "second-terminal-feed")

    counter.click("#add-stamp")
    sign_with_pin(counter, PINS["lumiere-centre"])
    notice = counter.locator("#notice")
    expect(notice).to_contain_text(re.compile(r"next stamp is possible in 1[45] min"))
    expect(counter.locator("#stamp-count")).to_have_text("1 of 10 stamps")
    shot(counter, "cooldown")


def test_points_earned_through_the_rest_api_or_another_process_appear_in_an_open_terminal(
    app_server, terminal, api, shot
):
    card = app_server.cards["earn"]
    page = terminal(ATELIER_STAFF, "atelier-ville")
    token = api.post("/api/v1/auth/login", json={"email": ATELIER_STAFF, "password": DEMO_PASSWORD}).json()[
        "access_token"
    ]

    r = api.post(
        "/api/v1/stores/atelier-ville/points/earn",
        headers={"Authorization": f"Bearer {token}"},
        json={"card_number": card.card_number, "purchase_amount_cents": 2500, "staff_pin": PINS["atelier-ville"]},
    )
    assert r.status_code == 201, r.text
    line = page.locator("[data-testid=feed-line]").filter(has_text="+250")
    expect(line).to_have_count(1, timeout=FEED_WAIT_MS)
    expect(line).to_contain_text("Points earned")

    # A commit from outside the web process (a job, a script) reaches the feed as well.
    with app_server.session() as session:
        points.earn_points(session, "atelier-ville", card.card_number, 1234, SYSTEM, staff_pin=PINS["atelier-ville"])
    expect(page.locator("[data-testid=feed-line]").filter(has_text="+123")).to_have_count(1, timeout=FEED_WAIT_MS)
    shot(page, "feed-after-api-and-job")


def test_five_wrong_pins_lock_the_pins_and_the_sixth_attempt_shows_the_lockout_even_with_the_right_pin(
    app_server, terminal, shot
):
    card = app_server.cards["lock"]
    page = terminal(LUMIERE_OWNER, "lumiere-gare")
    scan(page, card.card_number)
    page.click("#add-stamp")
    error = page.locator("#pin-error")
    expect(page.locator("#pin-input")).to_have_attribute("inputmode", "numeric")
    expect(page.locator("#pin-input")).to_have_attribute("autocomplete", "one-time-code")
    expect(error).to_have_attribute("aria-live", "assertive")
    for _ in range(4):
        sign_with_pin(page, "0000")
        expect(error).to_have_text("Wrong PIN. Try again.")
        expect(page.locator("#pin-input")).to_have_value("")
        page.wait_for_timeout(100)
    sign_with_pin(page, "0000")
    expect(error).to_contain_text("locked for 30 more min")

    sign_with_pin(page, PINS["lumiere-gare"])
    expect(error).to_contain_text(re.compile(r"locked for (29|30) more min"))
    shot(page, "pin-locked")
    with app_server.session() as session:
        assert session.get(LoyaltyCard, card.id).stamp_count == 0


def test_staff_of_one_store_cannot_open_the_terminal_of_another(app_server, terminal, new_context, shot):
    ctx = new_context()
    ctx.request.post(
        f"{app_server.base_url}/api/v1/auth/session",
        data={"email": LUMIERE_STAFF, "password": DEMO_PASSWORD},
    )
    page = ctx.new_page()
    for store in ("atelier-ville", "lumiere-gare"):
        page.goto(f"{app_server.base_url}/store/{store}/terminal")
        expect(page.locator("#terminal-refused")).to_contain_text("You cannot use this terminal")
        expect(page.locator("#lookup-input")).to_have_count(0)
        expect(page.locator("#store-feed")).to_have_count(0)
    shot(page, "refused")


def test_a_scan_typed_as_the_qr_token_and_enter_opens_the_card_with_no_click(app_server, terminal, shot):
    card = app_server.cards["scan"]
    page = terminal(LUMIERE_STAFF, "lumiere-centre")
    scan(page, card.qr_token)
    expect(page.locator("#customer-name")).to_have_text("Tom Schmit")
    expect(page.locator("#card-number")).to_have_text(re.sub(r"(\d{4})(?=\d)", r"\1 ", card.card_number))
    expect(page.locator("#lookup-input")).to_be_focused()
    expect(page.locator("#lookup-input")).to_have_value("")

    # Focus elsewhere (a touch on the feed, a closed dialog): the next scan still lands in the lookup field.
    page.click("#store-feed")
    scan(page, "no-such-card-token")
    expect(page.locator("#notice")).to_contain_text("No card matches")
    shot(page, "scan")


def test_the_login_page_brings_the_user_back_to_the_terminal_and_sign_out_ends_the_session(
    app_server, new_context, shot
):
    page = new_context().new_page()
    page.goto(f"{app_server.base_url}/store/lumiere-centre/terminal")
    page.wait_for_url(re.compile(r"/login\?next=/store/lumiere-centre/terminal"))
    page.fill("#login-email", LUMIERE_STAFF)
    page.fill("#login-password", "wrong-password")
    page.click("#login-submit")
    expect(page.get_by_role("alert")).to_contain_text("Wrong email or password")
    page.fill("#login-password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(re.compile(r"/store/lumiere-centre/terminal$"))
    expect(page.locator("#lookup-input")).to_be_visible()
    assert page.evaluate("document.cookie").find("loyalty_session") == -1  # HttpOnly: invisible to scripts
    shot(page, "after-login")

    page.click("#sign-out")
    page.wait_for_url(re.compile(r"/login"))
    page.goto(f"{app_server.base_url}/store/lumiere-centre/terminal")
    page.wait_for_url(re.compile(r"/login\?next="))


def test_pin_per_shift_asks_once_then_acts_for_the_staff_member_until_the_shift_ends(app_server, terminal, shot):
    page = terminal("staff.bakery@example.com", "bakery-main")
    first, second = app_server.cards["shift1"], app_server.cards["shift2"]
    scan(page, first.card_number)
    page.click("#add-stamp")
    sign_with_pin(page, "2468")
    expect(page.locator("#notice")).to_contain_text("Stamp added: 1 of 10")
    expect(page.get_by_text("On shift: Ben")).to_be_visible()

    scan(page, second.card_number)
    page.click("#add-stamp")
    expect(page.locator("#notice")).to_contain_text("Stamp added: 1 of 10")
    expect(page.locator("#pin-input")).to_have_count(0)
    expect(feed_line(page, second.card_number[-4:])).to_contain_text("Ben")
    shot(page, "on-shift")

    page.get_by_role("button", name="End shift").click()
    page.click("#add-stamp")
    expect(page.locator("#pin-input")).to_be_visible()


def test_the_terminal_speaks_the_browsers_language_and_the_switcher_changes_it(app_server, terminal, shot):
    page = terminal(LUMIERE_STAFF, "lumiere-centre", locale="fr-LU")
    expect(page.get_by_role("button", name="Chercher")).to_be_visible()
    page.get_by_role("combobox", name="Langue").click()
    page.get_by_role("option", name="Deutsch").click()
    expect(page.get_by_role("button", name="Suchen")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Suchen")).to_be_visible()
    shot(page, "german")


def test_voiding_a_stamp_asks_for_confirmation_and_a_pin(app_server, terminal):
    card = app_server.cards["void"]
    with app_server.session() as session:
        stamps.add_stamp(session, "lumiere-centre", card.card_number, SYSTEM, staff_pin=PINS["lumiere-centre"])
    page = terminal(LUMIERE_STAFF, "lumiere-centre")
    scan(page, card.card_number)
    expect(page.locator("#stamp-count")).to_have_text("1 of 10 stamps")
    page.locator("button[data-tx]").first.click()
    page.click("#void-confirm")
    sign_with_pin(page, PINS["lumiere-centre"])
    expect(page.locator("#notice")).to_contain_text("Transaction voided")
    expect(page.locator("#stamp-count")).to_have_text("0 of 10 stamps")
    with app_server.session() as session:
        assert session.get(LoyaltyCard, card.id).stamp_count == 0


def test_points_from_an_amount_on_the_keypad_then_a_catalog_reward(app_server, terminal, shot):
    card = app_server.cards["points"]
    page = terminal(ATELIER_STAFF, "atelier-ville")
    scan(page, card.card_number)
    expect(page.locator("#points-balance")).to_have_text("50 points")
    page.fill("#amount-input", "4.99")
    page.click("#earn-points")
    sign_with_pin(page, PINS["atelier-ville"])
    expect(page.locator("#notice")).to_contain_text("Points start from a purchase of €5.00")

    page.fill("#amount-input", "")
    for key in ("4", "5"):
        page.get_by_role("button", name=key, exact=True).click()
    expect(page.locator("#amount-input")).to_have_value("45")
    page.click("#earn-points")
    sign_with_pin(page, PINS["atelier-ville"])
    expect(page.locator("#notice")).to_contain_text("450 points awarded")
    expect(page.locator("#points-balance")).to_have_text("500 points")
    expect(page.locator("#amount-input")).to_have_value("")
    shot(page, "points-card")

    expect(page.locator("button[data-reward='voucher-15']")).to_be_disabled()
    page.click("button[data-reward='voucher-5']")
    sign_with_pin(page, PINS["atelier-ville"])
    expect(page.locator("#notice")).to_contain_text("Redeemed: 5 EUR voucher")
    expect(page.locator("#points-balance")).to_have_text("0 points")
