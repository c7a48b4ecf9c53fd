"""The trash: a card the merchant deleted comes back from the admin console; hard delete; cascade restore."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from loyalty_app.demo import ADMIN_EMAIL, ATELIER_OWNER, LUMIERE_OWNER
from loyalty_app.demo.accounts import get_user
from loyalty_app.models import AuditLog, LoyaltyCard, LoyaltyProgram, Merchant
from loyalty_app.services.admin import trash
from loyalty_app.services.staff import accounts

from .conftest import open_admin

pytestmark = pytest.mark.browser


def _owner_deletes_a_card(server, merchant_name: str, index: int = 0) -> LoyaltyCard:
    """What the merchant's console does: the trash service, as the owner (a real user, so 'deleted by' names them)."""
    with server.session() as session:
        merchant = session.exec(select(Merchant).where(Merchant.name == merchant_name)).one()
        owner = get_user(session, f"owner.{'atelier' if 'Atelier' in merchant_name else 'lumiere'}@example.com")
        card = session.exec(
            select(LoyaltyCard)
            .where(LoyaltyCard.merchant_id == merchant.id, LoyaltyCard.deleted_at.is_(None))
            .order_by(LoyaltyCard.id)
            .offset(index)
        ).first()
        return trash.soft_delete_card(session, merchant.id, card.id, accounts.actor_for(owner))


def test_a_card_deleted_by_the_merchant_is_restored_from_the_trash(admin_server, desktop, admin_shot):
    card = _owner_deletes_a_card(admin_server, "Mode Atelier")
    page = desktop()
    open_admin(page, admin_server.base_url, "/admin/trash")
    row = page.locator(f"#trash-card-{card.id}")
    expect(row).to_contain_text(card.card_number[:4])
    expect(row).to_contain_text(ATELIER_OWNER)
    expect(row).to_contain_text("Mode Atelier")
    expect(page.locator("#trash-merchants")).to_contain_text("Mode Atelier")
    admin_shot(page, "card-in-trash")

    page.click(f"#restore-card-{card.id}")

    expect(page.locator("#trash-notice")).to_contain_text("The card is back.")
    expect(row).to_have_count(0)
    admin_shot(page, "restored")
    with admin_server.session() as session:
        assert session.get(LoyaltyCard, card.id).deleted_at is None
        admin_id = get_user(session, ADMIN_EMAIL).id
        restore = session.exec(
            select(AuditLog).where(AuditLog.action == "card.restore", AuditLog.entity_id == card.id)
        ).one()
        assert (restore.actor_user_id, restore.acting_admin_id) == (admin_id, admin_id)


def test_a_hard_delete_needs_the_card_number_typed_again(admin_server, desktop, admin_shot):
    card = _owner_deletes_a_card(admin_server, "Café Lumière", index=3)
    page = desktop()
    open_admin(page, admin_server.base_url, "/admin/trash")
    page.click(f"#hard-delete-{card.id}")
    go = page.locator("#hard-delete-go")
    expect(go).to_be_disabled()
    page.fill("#hard-delete-confirm", "1234 5678 9012")
    expect(go).to_be_disabled()
    page.fill("#hard-delete-confirm", " ".join(card.card_number[i : i + 4] for i in range(0, 12, 4)))
    expect(go).to_be_enabled()
    admin_shot(page, "typed-confirmation")
    go.click()
    expect(page.locator("#trash-notice")).to_contain_text("was deleted for good")
    with admin_server.session() as session:
        assert session.get(LoyaltyCard, card.id) is None


def test_a_cascade_restore_brings_back_a_merchants_program_and_cards(admin_server, desktop):
    card = _owner_deletes_a_card(admin_server, "Café Lumière", index=1)
    with admin_server.session() as session:
        owner = accounts.actor_for(get_user(session, LUMIERE_OWNER))
        program = trash.soft_delete_program(session, card.merchant_id, owner)
    page = desktop()
    open_admin(page, admin_server.base_url, "/admin/trash")
    expect(page.locator(f"#trash-program-{program.id}")).to_contain_text(LUMIERE_OWNER)

    page.click(f"#restore-merchant-{card.merchant_id}")

    expect(page.locator("#trash-notice")).to_contain_text("1 programs and 1 cards")
    with admin_server.session() as session:
        assert session.get(LoyaltyProgram, program.id).deleted_at is None
        assert session.get(LoyaltyCard, card.id).deleted_at is None
