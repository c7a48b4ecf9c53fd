"""GDPR erasure from the admin console: no trace of the person left in the UI or the API, totals unchanged."""

import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from sqlmodel import SQLModel, select

from loyalty_app.demo import ADMIN_EMAIL, ATELIER_OWNER
from loyalty_app.demo.accounts import get_user
from loyalty_app.models import Customer, EmailLog, LoyaltyCard, Merchant, utcnow
from loyalty_app.services.analytics import metrics as analytics
from loyalty_app.services.cards import csv_export
from loyalty_app.services.staff import accounts

from .conftest import open_admin

pytestmark = pytest.mark.browser


def _a_demo_customer(server) -> tuple[Customer, LoyaltyCard]:
    """A Mode Atelier member with points, who also received an email."""
    with server.session() as session:
        merchant = session.exec(select(Merchant).where(Merchant.name == "Mode Atelier")).one()
        customer, card = session.exec(
            select(Customer, LoyaltyCard)
            .join(LoyaltyCard, LoyaltyCard.customer_id == Customer.id)
            .where(
                Customer.merchant_id == merchant.id,
                LoyaltyCard.points_balance > 0,
                LoyaltyCard.is_active,
                LoyaltyCard.deleted_at.is_(None),
            )
            .order_by(Customer.id.desc())
        ).first()
        session.add(
            EmailLog(
                merchant_id=merchant.id,
                card_id=card.id,
                template_code="loyalty_welcome_bonus",
                locale=customer.locale,
                recipient=customer.email,
                status="sent",
                provider="outbox",
                subject=f"Welcome {customer.first_name}",
                body_text=f"Hello {customer.first_name}",
            )
        )
        session.commit()
        return customer, card


def _totals(server, merchant_id: int) -> dict:
    now = utcnow()
    with server.session() as session:
        k = analytics.kpis(session, merchant_id, now - timedelta(days=400), now + timedelta(days=1))
    return {key: k[key] for key in ("stamps_issued", "stamps_redeemed", "points_issued", "points_redeemed")}


def _everything_the_api_shows(api, customer: Customer, card: LoyaltyCard) -> list[str]:
    email, mid = customer.email, customer.merchant_id
    return [
        api.get("/api/v1/admin/emails", params={"recipient": email}).text,
        api.get("/api/v1/admin/emails", params={"limit": 500}).text,
        api.get("/api/v1/merchant/cards", params={"q": email, "merchant_id": mid}).text,
        api.get("/api/v1/merchant/cards", params={"merchant_id": mid, "page_size": 200}).text,
        api.get(f"/api/v1/merchant/cards/{card.id}", params={"merchant_id": mid}).text,
    ]


def _database_rows_mentioning(server, email: str) -> list[str]:
    found = []
    with server.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for row in conn.execute(sa.select(table)):
                if email in str(tuple(row)).lower():
                    found.append(table.name)
    return found


def test_anonymizing_a_demo_customer_leaves_no_trace_of_the_email_and_keeps_the_totals(
    admin_server, desktop, api_as, admin_shot
):
    customer, card = _a_demo_customer(admin_server)
    email = customer.email
    before = _totals(admin_server, customer.merchant_id)
    admin_api = api_as(ADMIN_EMAIL)
    assert any(email in text for text in _everything_the_api_shows(admin_api, customer, card))

    page = desktop()
    open_admin(page, admin_server.base_url, "/admin/customers")
    page.fill("#customer-query", email)
    page.click("#customer-search")
    row = page.locator(f"#customer-{customer.id}")
    expect(row).to_contain_text(email)
    expect(row).to_contain_text("Mode Atelier")
    row.locator(f"#anonymize-{customer.id}").click()
    expect(page.get_by_role("alertdialog")).to_contain_text(email)
    admin_shot(page, "confirmation")
    page.click("#anonymize-confirm")

    expect(page.locator("#erasure-summary")).to_contain_text(f"Customer #{customer.id} anonymized")
    expect(page.locator("#erasure-summary")).to_contain_text(re.compile(r"[1-9]\d* emails scrubbed"))
    erased_card = page.locator("#erasure-cards")
    expect(erased_card).to_contain_text(card.card_number[:4])
    expect(erased_card.locator("td").nth(1)).to_have_text("no")  # active
    expect(erased_card.locator("td").nth(2)).to_have_text("no")  # linked to the person
    expect(page.locator("body")).not_to_contain_text(email)
    admin_shot(page, "erased")

    page.fill("#customer-query", email)
    page.click("#customer-search")
    expect(page.locator("#customers")).to_contain_text("No customer found.")
    for path in ("/admin/email-log", "/admin/audit", "/admin/wallet"):
        open_admin(page, admin_server.base_url, path)
        page.wait_for_timeout(500)
        expect(page.locator("body")).not_to_contain_text(email)
    owner_api = api_as(ATELIER_OWNER)
    for text in _everything_the_api_shows(admin_api, customer, card) + _everything_the_api_shows(
        owner_api, customer, card
    ):
        assert email not in text.lower()
    with admin_server.session() as session:
        owner = accounts.actor_for(get_user(session, ATELIER_OWNER))
        for write in (csv_export.write_cards, csv_export.write_transactions):
            out = io.StringIO()
            write(session, customer.merchant_id, owner, out)
            assert email not in out.getvalue().lower()
    assert _database_rows_mentioning(admin_server, email) == []
    assert _totals(admin_server, customer.merchant_id) == before
