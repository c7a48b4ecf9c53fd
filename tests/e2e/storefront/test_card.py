"""The customer's own card: sign in by the emailed one-time link, balance, rewards, history pages, sign out."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from loyalty_app.demo import PINS
from loyalty_app.models import utcnow
from loyalty_app.services.cards.cards import format_card_number
from loyalty_app.services.context import SYSTEM
from loyalty_app.services.ledger import points

from .. import server as srv

pytestmark = pytest.mark.browser
LINK = re.compile(r"http://\S+/s/[a-z0-9-]+/card\?login=\S+")


def request_link(page, store_code: str, email: str) -> None:
    page.goto(f"/s/{store_code}/card")
    page.fill("#signin-email", email)
    page.click("#signin-submit")
    expect(page.locator("#sent-title")).to_be_visible()


def emailed_link(db, email: str, count: int = 1) -> str:
    rows = db.emails(email, "loyalty_sign_in_link", count)
    assert len(rows) == count
    return LINK.search(rows[-1].body_text).group(0)


def test_the_emailed_link_opens_the_card_once_with_balance_rewards_and_history(phone, db, storefront_app):
    card = srv.enroll(storefront_app.engine, "atelier-ville", "clara@example.com", "Clara", "Weiss")
    start = utcnow() + timedelta(seconds=1)  # after the welcome bonus row
    with Session(storefront_app.engine, expire_on_commit=False) as session:
        for day in range(11):
            points.earn_points(
                session,
                "atelier-ville",
                card.card_number,
                1000,
                SYSTEM,
                staff_pin=PINS["atelier-ville"],
                order_reference=f"clara-{day}",
                now=start + timedelta(seconds=day),
            )
    page = phone("en")
    request_link(page, "atelier-ville", "clara@example.com")
    link = emailed_link(db, "clara@example.com")
    assert db.emails("clara@example.com", "loyalty_sign_in_link")[0].locale == "en"

    page.goto(link)
    expect(page.locator("#dashboard-heading")).to_have_text("Hello Clara")
    assert "login=" not in page.evaluate("location.href")
    expect(page.locator("#card-number")).to_have_text(format_card_number(card.card_number))
    expect(page.locator("#points-balance")).to_have_text("1,150 points")  # 50 welcome + 11 x 100
    expect(page.locator("[data-reward=voucher-5]")).to_contain_text("Ready to redeem")
    expect(page.locator("[data-reward=voucher-15]")).to_contain_text("50 points to go")
    expect(page.locator("#history tbody tr")).to_have_count(10)
    expect(page.locator("#history tbody tr").first).to_contain_text("Points earned")
    expect(page.locator("#history tbody tr").first).to_contain_text("+100 points")
    expect(page.locator("#history-page")).to_have_text("Page 1 of 2")
    expect(page.locator("#history-prev")).to_be_disabled()
    page.click("#history-next")
    expect(page.locator("#history-page")).to_have_text("Page 2 of 2")
    expect(page.locator("#history tbody tr")).to_have_count(2)
    expect(page.locator("#history tbody tr").last).to_contain_text("Welcome bonus")

    page.reload()
    expect(page.locator("#dashboard-heading")).to_have_text("Hello Clara")  # the session survives a reload

    elsewhere = phone("en")
    elsewhere.goto(link)
    expect(elsewhere.locator("#link-error")).to_contain_text("already used")
    expect(elsewhere.locator("#signin-email")).to_be_visible()
    expect(elsewhere.locator("#dashboard-heading")).to_have_count(0)

    page.click("#sign-out")
    expect(page.locator("#signin-email")).to_be_visible()
    page.reload()
    expect(page.locator("#signin-email")).to_be_visible()


def test_a_customer_sees_only_their_own_card_and_only_where_it_is_valid(phone, db, storefront_app):
    mine = srv.enroll(storefront_app.engine, "lumiere-gare", "eva@example.com", "Eva")
    other = srv.enroll(storefront_app.engine, "lumiere-gare", "felix@example.com", "Felix")
    page = phone("en")
    request_link(page, "lumiere-centre", "eva@example.com")  # cross-location: the centre serves her card too
    page.goto(emailed_link(db, "eva@example.com"))
    expect(page.locator("#card-number")).to_have_text(format_card_number(mine.card_number))
    expect(page.get_by_text(format_card_number(other.card_number))).to_have_count(0)
    expect(page.locator("#stamp-progress")).to_have_text("0 of 10 stamps")

    page.goto("/s/atelier-ville/card")  # another merchant: the session does not reach it
    expect(page.locator("#signin-email")).to_be_visible()
    page.goto("/s/lumiere-gare/card")
    expect(page.locator("#dashboard-heading")).to_have_text("Hello Eva")


def test_an_unknown_address_is_answered_like_a_known_one_and_gets_no_email(phone, db):
    page = phone("fr")
    request_link(page, "lumiere-centre", "personne@example.com")
    expect(page.locator("#sent-text")).to_contain_text("Si personne@example.com a une carte ici")
    assert db.emails("personne@example.com", "loyalty_sign_in_link", timeout=1) == []
