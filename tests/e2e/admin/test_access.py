"""Only platform admins open /admin: owners and staff get a clear refusal, visitors the sign-in page."""

import pytest
from playwright.sync_api import expect

from loyalty_app.demo import ADMIN_EMAIL, ATELIER_OWNER, DEMO_PASSWORD, LUMIERE_STAFF

from .conftest import open_admin

pytestmark = pytest.mark.browser

PAGES = (
    "/admin",
    "/admin/merchants",
    "/admin/act",
    "/admin/customers",
    "/admin/trash",
    "/admin/emails",
    "/admin/email-log",
    "/admin/wallet",
    "/admin/audit",
)


@pytest.mark.parametrize("email", [ATELIER_OWNER, LUMIERE_STAFF])
def test_a_merchant_owner_or_staff_user_cannot_open_the_admin_console(admin_server, desktop, api_as, admin_shot, email):
    page = desktop(email)
    for path in ("/admin", "/admin/customers"):
        page.goto(f"{admin_server.base_url}{path}")
        refusal = page.locator("#admin-refused")
        expect(refusal).to_be_visible()
        expect(refusal).to_contain_text("Platform administrators only")
        expect(page.locator("#page-title")).to_have_count(0)
        expect(page.locator("body")).not_to_contain_text("Outstanding points")
    admin_shot(page, "refused")
    assert api_as(email).get("/api/v1/admin/merchants").status_code == 403


def test_a_signed_out_visitor_is_sent_to_sign_in_and_comes_back(admin_server, desktop):
    page = desktop(None)
    page.goto(f"{admin_server.base_url}/admin/trash")
    page.wait_for_url("**/login**")
    assert "next=/admin/trash" in page.url.replace("%2F", "/")
    page.fill("#login-email", ADMIN_EMAIL)
    page.fill("#login-password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_url("**/admin/trash**")
    expect(page.locator("#page-title")).to_have_text("Trash")


def test_every_admin_page_opens_for_a_platform_admin(admin_server, desktop, admin_shot):
    page = desktop()
    for path in PAGES:
        open_admin(page, admin_server.base_url, path)
        expect(page.locator("#admin-refused")).to_have_count(0)
        page.wait_for_timeout(300)
        admin_shot(page, path.strip("/").replace("/", "-"))
    open_admin(page, admin_server.base_url, "/admin")
    expect(page.locator("#stat-merchants")).to_contain_text("2")
    expect(page.locator("#merchant-kpis")).to_contain_text("Mode Atelier")
    expect(page.locator("#jobs")).to_contain_text("points_expiry")


def test_the_console_speaks_the_readers_language(admin_server, desktop, admin_shot):
    page = desktop(locale="fr-FR")
    open_admin(page, admin_server.base_url, "/admin/trash")
    expect(page.locator("#page-title")).to_have_text("Corbeille")
    expect(page.locator("#admin-nav-admin-customers")).to_contain_text("Clients")
    admin_shot(page, "french")
