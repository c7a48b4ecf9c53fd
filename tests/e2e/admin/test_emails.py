"""Email templates: a live preview with sample data, a test email through the real job, the log with its error."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from loyalty_app.models import EmailLog, Merchant
from loyalty_app.services.email import templates as email_templates

from .conftest import open_admin

pytestmark = pytest.mark.browser


def test_editing_a_template_updates_the_preview_and_a_test_email_reaches_the_log(admin_server, desktop, admin_shot):
    page = desktop()
    open_admin(page, admin_server.base_url, "/admin/emails")
    page.select_option("#tpl-code", "loyalty_birthday")
    page.select_option("#tpl-locale", "fr")
    expect(page.locator("#tpl-preview-text")).to_contain_text("Ada")
    page.fill("#tpl-subject", "Bon anniversaire {{ first_name }} de la part de {{ merchant_name }}")
    expect(page.locator("#tpl-preview-subject")).to_contain_text("Bon anniversaire Ada de la part de Café Lumière")
    page.fill("#tpl-subject", "Bon anniversaire {{ first_name")
    expect(page.locator("#tpl-problem")).to_contain_text("syntax error")
    page.fill("#tpl-subject", "Bon anniversaire {{ first_name }} !")
    expect(page.locator("#tpl-problem")).to_have_count(0)
    admin_shot(page, "preview")
    page.fill("#tpl-test-recipient", "ops@example.com")
    page.click("#tpl-send-test")
    expect(page.locator("#tpl-notice")).to_contain_text("queued")

    open_admin(page, admin_server.base_url, "/admin/email-log")
    page.fill("#log-recipient", "ops@")
    row = page.locator("#email-log tbody tr").first
    expect(row).to_contain_text("Bon anniversaire Ada !")
    expect(row).to_contain_text("sent", timeout=20_000)
    with admin_server.session() as session:
        sent = session.exec(select(EmailLog).where(EmailLog.recipient == "ops@example.com")).one()
    assert (sent.status, sent.provider, sent.template_code) == ("sent", "outbox", "loyalty_birthday")


def test_the_email_log_filters_by_status_and_shows_the_error_text(admin_server, desktop, admin_shot):
    with admin_server.session() as session:
        merchant = session.exec(select(Merchant).where(Merchant.name == "Café Lumière")).one()
        session.add(
            EmailLog(
                merchant_id=merchant.id,
                template_code="loyalty_reward_ready",
                locale="fr",
                recipient="bounce@example.com",
                subject="Votre récompense",
                status="failed",
                attempts=4,
                error="attempt 4: SMTPRecipientsRefused: 550 mailbox unavailable",
            )
        )
        session.commit()
    page = desktop()
    open_admin(page, admin_server.base_url, "/admin/email-log")
    page.select_option("#log-status", "failed")
    page.select_option("#log-merchant", str(merchant.id))
    expect(page.locator("#email-log")).to_contain_text("550 mailbox unavailable")
    expect(page.locator("#email-log")).not_to_contain_text("ops@example.com")
    admin_shot(page, "failed-emails")


def test_merchant_overrides_are_listed_and_previewed(admin_server, desktop):
    with admin_server.session() as session:
        atelier = session.exec(select(Merchant).where(Merchant.name == "Mode Atelier")).one()
        email_templates.save_template(
            session,
            "loyalty_reward_ready",
            "de",
            "Ihre Prämie wartet, {{ first_name }}",
            "Hallo {{ first_name }}",
            "<p>Hallo {{ first_name }}</p>",
            merchant_id=atelier.id,
        )
    page = desktop()
    open_admin(page, admin_server.base_url, "/admin/emails")
    overrides = page.locator("#tpl-overrides")
    expect(overrides).to_contain_text("Mode Atelier")
    expect(overrides).to_contain_text("loyalty_reward_ready")
    overrides.get_by_role("button").first.click()
    expect(page.locator("#tpl-preview-subject")).to_contain_text("Ihre Prämie wartet, Ada")
