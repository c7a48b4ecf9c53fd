"""Every storefront page in every language: a screenshot, and no serious or critical axe-core violation."""

import re

import pytest
from playwright.sync_api import expect

from .. import server as srv
from .conftest import fill_join_form, screenshot, serious_violations

pytestmark = pytest.mark.browser
LANGS = ("en", "fr", "de", "lb")
LINK = re.compile(r"http://\S+/s/[a-z0-9-]+/card\?login=\S+")


def check(page, name: str, lang: str) -> None:
    screenshot(page, name, lang)
    assert serious_violations(page) == [], f"{name} in {lang}"


@pytest.mark.parametrize("lang", LANGS)
def test_join_sign_in_and_404_pages_in_each_language(phone, lang):
    page = phone(lang)
    page.goto("/s/lumiere-centre/join")
    expect(page.locator("#join-form")).to_be_visible()
    expect(page.locator("#language-switch")).to_have_value(lang)
    expect(page.locator("main")).to_have_attribute("lang", lang)
    check(page, "join", lang)
    page.goto("/s/atelier-ville/join")
    expect(page.locator("#join-form")).to_be_visible()
    check(page, "join-points", lang)
    page.goto("/s/lumiere-centre/card")
    expect(page.locator("#signin-email")).to_be_visible()
    check(page, "sign-in", lang)
    page.goto("/s/no-such-shop/join")
    expect(page.locator("#not-found-title")).to_be_visible()
    check(page, "404", lang)


def test_success_and_card_pages_in_each_language(phone, db, storefront_app):
    page = phone("en")
    page.goto("/s/lumiere-centre/join")
    fill_join_form(page, "gina@example.com", "Gina")
    page.click("#join-submit")
    expect(page.locator("#success-heading")).to_be_visible()
    headings = set()
    for lang in LANGS:
        page.select_option("#language-switch", lang)
        expect(page.locator("main")).to_have_attribute("lang", lang)
        headings.add(page.inner_text("#success-heading"))
        check(page, "success", lang)
    assert len(headings) == 4

    srv.enroll(storefront_app.engine, "atelier-ville", "hugo@example.com", "Hugo")
    card = phone("en")
    card.goto("/s/atelier-ville/card")
    card.fill("#signin-email", "hugo@example.com")
    card.click("#signin-submit")
    expect(card.locator("#sent-title")).to_be_visible()
    check(card, "sign-in-sent", "en")
    card.goto(LINK.search(db.emails("hugo@example.com", "loyalty_sign_in_link")[0].body_text).group(0))
    expect(card.locator("#dashboard-heading")).to_be_visible()
    for lang in LANGS:
        card.select_option("#language-switch", lang)
        expect(card.locator("main")).to_have_attribute("lang", lang)
        check(card, "card", lang)
    expect(card.locator("#points-balance")).to_have_text("50 Punkten")  # numbers follow the language too


def test_the_terms_dialog_traps_focus_closes_on_escape_and_gives_focus_back(phone):
    page = phone("fr")
    page.goto("/s/lumiere-centre/join")
    page.click("#terms-open")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Conditions du programme")
    expect(dialog).to_contain_text("Ten stamps earn a free coffee")
    assert serious_violations(page) == []
    screenshot(page, "terms-dialog", "fr")
    for _ in range(4):
        page.keyboard.press("Tab")
        assert page.evaluate("() => !!document.activeElement.closest('[role=dialog]')")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(page.locator("#terms-open")).to_be_focused()


def test_a_program_with_terms_on_the_web_links_to_them(phone):
    page = phone("en")
    page.goto("/s/atelier-ville/join")
    link = page.locator("#terms-link")
    expect(link).to_have_attribute("href", "https://example.com/atelier/terms")
    expect(link).to_have_attribute("target", "_blank")


@pytest.mark.parametrize(
    ("store_code", "heading"), [("atelier-ville", "Das bekommen Sie"), ("lumiere-centre", "Ce que vous gagnez")]
)
def test_a_browser_language_we_do_not_speak_gets_the_merchants_language(phone, store_code, heading):
    page = phone("pt-BR")
    page.goto(f"/s/{store_code}/join")
    expect(page.get_by_role("heading", level=2).first).to_have_text(heading)


def test_the_language_choice_is_remembered(phone):
    page = phone("en")
    page.goto("/s/lumiere-centre/join")
    page.select_option("#language-switch", "lb")
    expect(page.locator("#join-submit")).to_have_text("Matmaachen a meng Kaart kréien")
    page.goto("/s/lumiere-gare/card")
    expect(page.locator("#signin-submit")).to_have_text("Login-Link per E-Mail schécken")
    expect(page).to_have_title("Meng Kaart · Café Lumière")
    page.select_option("#language-switch", "de")
    expect(page).to_have_title("Meine Karte · Café Lumière")
