"""Acting on behalf of Mode Atelier: a bulk bonus, run as the merchant's task, leaves the admin's id on each new row."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from sqlmodel import select

from loyalty_app.demo import ADMIN_EMAIL
from loyalty_app.demo.accounts import get_user
from loyalty_app.models import AuditLog, BackgroundTask, LoyaltyCard, LoyaltyTransaction, Merchant, utcnow

from .conftest import open_admin

pytestmark = pytest.mark.browser


def _marks(server) -> tuple[int, int]:
    with server.session() as session:
        return (
            session.exec(select(sa.func.max(LoyaltyTransaction.id))).one() or 0,
            session.exec(select(sa.func.max(AuditLog.id))).one() or 0,
        )


def test_a_bulk_bonus_on_behalf_of_mode_atelier_leaves_the_admins_id_on_every_new_row(
    admin_server, desktop, admin_shot
):
    with admin_server.session() as session:
        atelier = session.exec(select(Merchant).where(Merchant.name == "Mode Atelier")).one()
        admin_id = get_user(session, ADMIN_EMAIL).id
        active = session.exec(
            select(sa.func.count())
            .select_from(LoyaltyCard)
            .where(LoyaltyCard.merchant_id == atelier.id, LoyaltyCard.is_active, LoyaltyCard.deleted_at.is_(None))
        ).one()
    tx_mark, audit_mark = _marks(admin_server)

    page = desktop()
    open_admin(page, admin_server.base_url, "/admin/merchants")
    page.click(f"#act-{atelier.id}")
    page.wait_for_url(f"**/admin/act**merchant_id={atelier.id}")
    expect(page.locator("#act-banner")).to_contain_text(f"Acting on behalf of Mode Atelier as admin #{admin_id}")
    page.check("#act-bonus-all")
    page.fill("#act-bonus-points", "25")
    page.fill("#act-bonus-reason", "Spring weekend bonus")
    page.click("#act-bonus-submit")

    expect(page.locator("#act-notice")).to_contain_text("The task has started")
    expect(page.locator("#task-outcome")).to_have_text(f"25 bonus points given to {active} cards.", timeout=30_000)
    expect(page.locator("#act-rows .acting-admin").first).to_have_text(str(admin_id))
    admin_shot(page, "bonus-given")
    with admin_server.session() as session:
        rows = session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.id > tx_mark)).all()
        audits = session.exec(select(AuditLog).where(AuditLog.id > audit_mark)).all()
    assert len(rows) == active
    assert {(r.merchant_id, r.type, r.points_delta, r.reason) for r in rows} == {
        (atelier.id, "admin_adjustment", 25, "Spring weekend bonus")
    }
    assert {r.acting_admin_id for r in rows} == {admin_id}
    assert {r.user_id for r in rows} == {admin_id}
    assert [a.action for a in audits] == ["cards.bulk_bonus"]
    assert {a.acting_admin_id for a in audits} == {admin_id}

    open_admin(page, admin_server.base_url, "/admin/audit")
    page.select_option("#audit-action", "cards.bulk_bonus")
    expect(page.locator("#audit-total")).to_have_text("1 rows")
    expect(page.locator("#audit-log")).to_contain_text("admin admin@example.com")
    admin_shot(page, "audit-filtered")


def test_restore_points_and_pins_on_behalf_are_written_with_the_admins_id(admin_server, desktop):
    with admin_server.session() as session:
        atelier = session.exec(select(Merchant).where(Merchant.name == "Mode Atelier")).one()
        admin_id = get_user(session, ADMIN_EMAIL).id
        card = session.exec(
            select(LoyaltyCard).where(
                LoyaltyCard.merchant_id == atelier.id, LoyaltyCard.is_active, LoyaltyCard.deleted_at.is_(None)
            )
        ).first()
    tx_mark, audit_mark = _marks(admin_server)
    page = desktop()
    open_admin(page, admin_server.base_url, f"/admin/act?merchant_id={atelier.id}")
    page.fill("#act-restore-card_number", card.card_number)
    page.fill("#act-restore-points", "120")
    page.fill("#act-restore-reason", "Points lost in the import")
    page.click("#act-restore-submit")
    expect(page.locator("#act-notice")).to_contain_text("120 points restored")
    page.fill("#act-pins-lines", "Nina, 2580\nOtto, 3691")
    page.click("#act-pins-submit")
    expect(page.locator("#act-notice")).to_contain_text("2 staff PINs created.")
    with admin_server.session() as session:
        [row] = session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.id > tx_mark)).all()
        audits = session.exec(select(AuditLog).where(AuditLog.id > audit_mark)).all()
    assert (row.card_id, row.type, row.points_delta, row.acting_admin_id) == (
        card.id,
        "admin_adjustment",
        120,
        admin_id,
    )
    assert sorted(a.action for a in audits) == ["card.adjust_points", "staff_pin.create", "staff_pin.create"]
    assert {a.acting_admin_id for a in audits} == {admin_id}


def test_a_bulk_bonus_while_the_merchants_task_runs_is_refused_and_the_running_task_is_shown(admin_server, desktop):
    with admin_server.session() as session:
        atelier = session.exec(select(Merchant).where(Merchant.name == "Mode Atelier")).one()
        running = BackgroundTask(
            merchant_id=atelier.id, kind="bulk_bonus", status="running", total=40, done=10, heartbeat_at=utcnow()
        )
        session.add(running)
        session.commit()
        running_id = running.id
    tx_mark, _ = _marks(admin_server)
    try:
        page = desktop()
        open_admin(page, admin_server.base_url, f"/admin/act?merchant_id={atelier.id}")
        expect(page.locator("#task-panel")).to_have_attribute("data-status", "running")
        expect(page.locator("#task-progress-text")).to_contain_text("10")
        page.check("#act-bonus-all")
        page.fill("#act-bonus-points", "25")
        page.fill("#act-bonus-reason", "Double submit")
        page.click("#act-bonus-submit")
        expect(page.locator("#act-notice")).to_contain_text("still running")
        assert _marks(admin_server)[0] == tx_mark
    finally:
        with admin_server.session() as session:
            task = session.get(BackgroundTask, running_id)
            task.status, task.finished_at, task.dismissed_at = "failed", utcnow(), utcnow()
            session.add(task)
            session.commit()
