"""Joining a program on a phone: the French success page and its QR, members, per-store cards, inline errors."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from loyalty_app.models import Customer
from loyalty_app.services.cards.cards import format_card_number

from .conftest import fill_join_form, screenshot

pytestmark = pytest.mark.browser


def decode_qr(png: bytes) -> list[str]:
    import zxingcpp  # requirements: zxing-cpp (a missing package fails this test, not the whole module)

    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_enrolling_in_french_shows_a_french_card_whose_qr_holds_the_card_token(phone, db):
    page = phone("fr")
    page.goto("/s/lumiere-centre/join")
    expect(page.locator("#join-submit")).to_have_text("M’inscrire et recevoir ma carte")
    fill_join_form(
        page, "amelie@example.com", "Amélie", last_name="Poulain", phone="+352 621 000 111", birthday=(14, 7, 1992)
    )
    page.click("#join-submit")

    expect(page.locator("#success-heading")).to_have_text("Bienvenue, Amélie !")
    expect(page.locator("#stamp-progress")).to_have_text("0 tampons sur 10")
    expect(page.get_by_text("Encore 10 tampons avant : Free coffee")).to_be_visible()
    [card] = db.cards("amelie@example.com")
    expect(page.locator("#card-number")).to_have_text(format_card_number(card.card_number))
    assert decode_qr(page.locator("#card-qr").screenshot()) == [card.qr_token]
    customer = db.get(Customer, card.customer_id)
    assert (
        customer.first_name,
        customer.last_name,
        customer.phone,
        str(customer.birth_date),
        customer.locale,
        customer.marketing_consent,
    ) == ("Amélie", "Poulain", "+352 621 000 111", "1992-07-14", "fr", False)
    expect(page.locator("#google-wallet")).to_have_count(0)  # no wallet is configured on this server
    expect(page.locator("#apple-wallet")).to_have_count(0)
    [email] = db.emails("amelie@example.com", "loyalty_enrollment")
    assert (email.locale, email.subject) == ("fr", "Votre carte Café Lumière est prête")


def test_joining_again_at_another_store_says_the_card_works_at_both(phone, db):
    page = phone("en")
    page.goto("/s/lumiere-centre/join")
    fill_join_form(page, "bruno@example.com", "Bruno")
    page.click("#join-submit")
    expect(page.locator("#success-heading")).to_have_text("Welcome, Bruno!")

    again = phone("en")
    again.goto("/s/lumiere-gare/join")
    fill_join_form(again, "Bruno@Example.com", "Bruno")
    again.click("#join-submit")
    expect(again.locator("#success-heading")).to_have_text("You are already a member")
    expect(again.locator("#locations li")).to_have_text(["Café Lumière Centre", "Café Lumière Gare"])
    expect(again.locator("#card-qr")).to_have_count(0)  # whoever typed an email is not shown that member's card
    assert len(db.cards("bruno@example.com")) == 1
    screenshot(again, "already-enrolled", "en")

    again.click("#send-link")
    expect(again.locator("#link-sent")).to_be_visible()
    assert len(db.emails("bruno@example.com", "loyalty_sign_in_link")) == 1


def test_without_cross_location_a_second_store_gives_a_separate_card(phone, db):
    page = phone("en")
    page.goto("/s/atelier-ville/join")
    fill_join_form(page, "chloe@example.com", "Chloé")
    page.click("#join-submit")
    expect(page.locator("#points-balance")).to_have_text("50 points")  # the welcome bonus
    expect(page.get_by_text("450 points to go for 5 EUR voucher")).to_be_visible()
    expect(page.locator("#per-store-note")).to_contain_text("Mode Atelier Ville only")

    page.goto("/s/atelier-kirchberg/join")
    fill_join_form(page, "chloe@example.com", "Chloé")
    page.click("#join-submit")
    expect(page.locator("#success-heading")).to_have_text("Welcome, Chloé!")
    expect(page.locator("#per-store-note")).to_contain_text("Mode Atelier Kirchberg only")
    cards = db.cards("chloe@example.com")
    assert len(cards) == 2 and cards[0].enrolled_store_id != cards[1].enrolled_store_id
    expect(page.locator("#card-number")).to_have_text(format_card_number(cards[1].card_number))

    page.goto("/s/atelier-ville/join")
    fill_join_form(page, "chloe@example.com", "Chloé")
    page.click("#join-submit")
    expect(page.locator("#success-heading")).to_have_text("You are already a member")
    expect(page.locator("#already-enrolled")).to_contain_text("You already have a card for Mode Atelier Ville.")
    expect(page.locator("#per-store-note")).to_contain_text("each store of Mode Atelier has its own card")
    assert len(db.cards("chloe@example.com")) == 2


def test_a_future_birthday_and_missing_terms_are_shown_inline_and_nothing_is_created(phone, db):
    page = phone("de")
    page.goto("/s/lumiere-centre/join")
    fill_join_form(page, "dora@example.com", "Dora", accept_terms=False, last_name="Explorer", birthday=(12, 5, 2090))
    page.click("#join-submit")

    expect(page.locator("#join-birthday-error")).to_have_text("Ihr Geburtstag muss in der Vergangenheit liegen.")
    expect(page.locator("#join-accept-terms-error")).to_have_text("Akzeptieren Sie die Bedingungen, um beizutreten.")
    expect(page.locator("#form-error")).to_be_visible()
    expect(page.locator("#join-birthday-year")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#join-birthday-day")).to_be_focused()
    assert db.cards("dora@example.com") == []
    for field, value in {
        "#join-email": "dora@example.com",
        "#join-first-name": "Dora",
        "#join-last-name": "Explorer",
        "#join-birthday-year": "2090",
        "#join-birthday-day": "12",
        "#join-birthday-month": "5",
    }.items():
        expect(page.locator(field)).to_have_value(value)
    screenshot(page, "join-errors", "de")

    page.select_option("#join-birthday-day", "31")
    page.select_option("#join-birthday-month", "2")
    page.fill("#join-birthday-year", "1990")
    page.click("#join-submit")
    expect(page.locator("#join-birthday-error")).to_contain_text("Dieses Datum gibt es nicht")
    assert db.cards("dora@example.com") == []

    page.select_option("#join-birthday-day", "28")
    page.check("#join-accept-terms")
    page.click("#join-submit")
    expect(page.locator("#success-heading")).to_have_text("Willkommen, Dora!")
    assert str(db.get(Customer, db.cards("dora@example.com")[0].customer_id).birth_date) == "1990-02-28"
