"""Long work in the console: a task's progress survives a reload, exports end with a download, errors are shown."""

import csv
import io
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from loyalty_app.demo import ATELIER_OWNER, LUMIERE_OWNER
from loyalty_app.models import BackgroundTask, LoyaltyCard, LoyaltyTransaction
from loyalty_app.services.context import Actor
from loyalty_app.services.tasks import lifecycle as tasks

pytestmark = pytest.mark.browser


def test_a_running_task_is_found_again_after_a_reload_and_followed_to_its_end(console_server, console, shot):
    """The row stands for a worker half-way (started by another tab, say): the page reads only the row."""
    atelier = console_server.demo["merchants"]["atelier"]
    with console_server.session() as session:
        for earlier in session.exec(select(BackgroundTask).where(BackgroundTask.merchant_id == atelier)):
            earlier.dismissed_at = datetime.now(UTC)  # results of other tests' tasks would show after ours
            session.add(earlier)
        task = BackgroundTask(
            merchant_id=atelier,
            kind="bulk_deactivate",
            status="running",
            total=300,
            done=120,
            params={"card_ids": [], "reason": "closing"},
            started_at=datetime.now(UTC),
            heartbeat_at=datetime.now(UTC),
        )
        session.add(task)
        session.commit()
        task_id = task.id
    try:
        page = console(ATELIER_OWNER, "/merchant/cards")
        expect(page.locator("#task-progress-text")).to_have_text("120 of 300")
        expect(page.locator("#bonus-selected")).to_be_disabled()  # one bulk action at a time
        page.reload()
        expect(page.locator("#task-progress-text")).to_have_text("120 of 300")
        shot(page, "task-running")
        with console_server.session() as session:
            row = session.get(BackgroundTask, task_id)
            row.done = 240
            session.add(row)
            session.commit()
        expect(page.locator("#task-progress-text")).to_have_text("240 of 300")
        with console_server.session() as session:
            row = session.get(BackgroundTask, task_id)
            row.status, row.done, row.finished_at = "succeeded", 300, datetime.now(UTC)
            row.result = {"done": 298, "skipped": 2, "skipped_reasons": {"CARD_INACTIVE": 2}, "points": None}
            session.add(row)
            session.commit()
        expect(page.locator("#task-outcome")).to_have_text(
            "298 cards deactivated. 2 cards were skipped (deactivated or not found)."
        )
        page.click("#task-dismiss")
        expect(page.locator("#task-panel")).to_have_count(0)
        page.reload()
        expect(page.locator("[data-testid=card-row]").first).to_be_visible()
        expect(page.locator("#task-panel")).to_have_count(0)
    finally:
        with console_server.session() as session:
            row = session.get(BackgroundTask, task_id)
            if row.status == "running":
                row.status = "failed"
                session.add(row)
                session.commit()


def test_a_transactions_export_for_a_range_of_days_ends_with_a_download(console_server, console, shot):
    lumiere = console_server.demo["merchants"]["lumiere"]
    page = console(LUMIERE_OWNER, "/merchant/import-export")
    page.fill("#export-start", "2026-03-10")
    page.fill("#export-end", "2026-03-01")
    page.click("#export-transactions")
    expect(page.locator(".field-problem")).to_have_text("The end comes before the start.")
    expect(page.locator("#export-start")).to_have_value("2026-03-10")  # what was typed stays

    with console_server.session() as session:
        first = session.exec(
            select(LoyaltyTransaction.created_at)
            .where(LoyaltyTransaction.merchant_id == lumiere)
            .order_by(LoyaltyTransaction.created_at)
        ).first()
    day = first.astimezone(UTC).date().isoformat()
    page.fill("#export-start", "")
    page.fill("#export-end", "")
    page.click("#export-transactions")
    expect(page.locator("#task-outcome")).to_contain_text("rows exported.")
    shot(page, "export-done")
    with page.expect_download() as download:
        page.click("#task-download")
    assert download.value.suggested_filename.startswith("transactions-start-to-today-")
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    with console_server.session() as session:
        expected = len(
            session.exec(select(LoyaltyTransaction.id).where(LoyaltyTransaction.merchant_id == lumiere)).all()
        )
    assert len(rows) == expected > 0
    assert rows[0]["created_at"][:10] <= day <= rows[-1]["created_at"][:10]

    page.click("#task-dismiss")
    page.click("#export-cards")
    expect(page.locator("#task-outcome")).to_contain_text("rows exported.")
    with page.expect_download() as download:
        page.click("#task-download")
    cards = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    with console_server.session() as session:
        assert len(cards) == len(
            session.exec(
                select(LoyaltyCard.id).where(LoyaltyCard.merchant_id == lumiere, LoyaltyCard.deleted_at.is_(None))
            ).all()
        )
    page.click("#task-dismiss")


def test_the_download_is_only_for_the_merchants_own_signed_in_users(console_server, console):
    lumiere = console_server.demo["merchants"]["lumiere"]
    owner = Actor(role="merchant_owner", merchant_id=lumiere)
    with console_server.session() as session:
        task = tasks.start_export(session, lumiere, "cards", owner)
        tasks.execute(session, task.id)
    url = f"{console_server.base_url}/api/v1/merchant/tasks/{task.id}/download"
    other = console(ATELIER_OWNER, "/merchant")
    r = other.request.get(url)
    assert r.status == 404 and "TASK_NOT_FOUND" in r.text()
    own = console(LUMIERE_OWNER, "/merchant")
    r = own.request.get(url)  # the console's session cookie is enough
    assert r.status == 200 and r.text().startswith("card_number,email")
    with console_server.session() as session:
        tasks.dismiss(session, task.id, owner)
