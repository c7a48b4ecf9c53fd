"""Wallet debug: the inspector and save-link test on a working setup, then a configuration error once the
Google key file cannot be read (broken after start-up: start-up itself refuses a broken wallet), and re-sync."""

import os
import time

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from loyalty_app.models import LoyaltyCard

from .conftest import open_admin

pytestmark = pytest.mark.browser


def _a_card(server) -> LoyaltyCard:
    with server.session() as session:
        return session.exec(
            select(LoyaltyCard).where(LoyaltyCard.is_active, LoyaltyCard.deleted_at.is_(None)).order_by(LoyaltyCard.id)
        ).first()


def test_the_inspector_shows_what_google_and_apple_would_get_and_the_save_link_checks_out(
    admin_server, desktop, admin_shot
):
    card = _a_card(admin_server)
    page = desktop()
    open_admin(page, admin_server.base_url, "/admin/wallet")
    expect(page.locator("#google-ok")).to_be_visible()
    expect(page.locator("#apple-ok")).to_be_visible()
    expect(page.locator("#google-config")).to_contain_text("wallet@test.iam.gserviceaccount.com")
    page.fill("#inspect-number", card.card_number)
    page.click("#inspect-go")
    expect(page.locator("#inspect-google")).to_contain_text(card.card_number)
    expect(page.locator("#inspect-google")).to_contain_text("classId")
    expect(page.locator("#inspect-apple")).to_contain_text("pass.com.example.loyalty")
    page.click("#test-link")
    expect(page.locator("#link-signature")).to_have_text("yes")
    expect(page.locator("#link-under-limit")).to_have_text("yes")
    admin_shot(page, "inspector")


def test_the_wallet_page_shows_a_configuration_error_when_the_google_key_file_is_unreadable(
    admin_server, desktop, admin_shot
):
    key = admin_server.pki.service_account_file
    saved = key.read_bytes()
    key.chmod(0)
    if os.access(key, os.R_OK):  # root reads any file whatever its mode: take the file away instead
        key.unlink()
    try:
        page = desktop()
        open_admin(page, admin_server.base_url, "/admin/wallet")
        expect(page.locator("#google-broken")).to_have_text("Configuration error")
        problems = page.locator("#google-problems")
        expect(problems).to_contain_text("LOYALTY_GOOGLE_SERVICE_ACCOUNT_FILE")
        expect(problems).to_contain_text(str(key))
        expect(page.locator("#apple-ok")).to_be_visible()
        admin_shot(page, "google-key-unreadable")
        open_admin(page, admin_server.base_url, "/admin")
        expect(page.locator("#alerts")).to_contain_text("The wallet configuration is broken.")
        admin_shot(page, "overview-alert")
    finally:
        key.write_bytes(saved)
        key.chmod(0o600)


def test_a_failed_sync_is_listed_and_the_resync_button_sends_the_card_again(admin_server, desktop, admin_shot):
    card = _a_card(admin_server)
    with admin_server.session() as session:
        row = session.get(LoyaltyCard, card.id)
        row.wallet_last_error = "HTTP 503 from Google Wallet after 3 attempts"
        session.add(row)
        session.commit()
    page = desktop()
    open_admin(page, admin_server.base_url, "/admin/wallet")
    failures = page.locator("#wallet-failures")
    expect(failures).to_contain_text("HTTP 503 from Google Wallet")
    admin_shot(page, "sync-failure")
    page.click(f"#resync-{card.id}")
    expect(page.locator("#wallet-notice")).to_contain_text("Re-sync queued")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with admin_server.session() as session:
            if session.get(LoyaltyCard, card.id).wallet_last_error is None:
                break
        time.sleep(0.5)
    with admin_server.session() as session:
        synced = session.get(LoyaltyCard, card.id)
    assert synced.wallet_last_error is None
    assert synced.wallet_synced_version == synced.wallet_version
    assert admin_server.google.calls_to("loyaltyObject")
