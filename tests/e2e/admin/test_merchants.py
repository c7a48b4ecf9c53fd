"""Merchants with their stores and programs, and a merchant's own console opened on their behalf."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from loyalty_app.models import Merchant

from .conftest import open_admin

pytestmark = pytest.mark.browser


def test_the_admin_opens_mode_ateliers_console_on_its_behalf(admin_server, desktop, admin_shot):
    with admin_server.session() as session:
        atelier = session.exec(select(Merchant).where(Merchant.name == "Mode Atelier")).one()
    page = desktop()
    open_admin(page, admin_server.base_url, "/admin/merchants")
    row = page.locator(f"#merchant-{atelier.id}")
    expect(row).to_contain_text("Mode Atelier Kirchberg (atelier-kirchberg)")
    expect(row).to_contain_text("Points")
    admin_shot(page, "merchants")

    row.locator(f"#open-console-{atelier.id}").click()

    page.wait_for_url(f"**/merchant**merchant_id={atelier.id}")
    expect(page.locator("#on-behalf")).to_contain_text("acting on behalf of Mode Atelier")
    admin_shot(page, "console-on-behalf")
