"""Merchant background tasks: checked before queueing, run once with progress, outcome and file kept, upkeep."""

import csv
import gzip
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from loyalty_app.models import BackgroundTask, LoyaltyCard, LoyaltyTransaction
from loyalty_app.services import errors
from loyalty_app.services.admin import gdpr
from loyalty_app.services.cards import bulk, csv_export, csv_import
from loyalty_app.services.cards.enrollment import EnrollmentForm, enroll
from loyalty_app.services.context import Actor
from loyalty_app.services.events import TaskCreated
from loyalty_app.services.ledger.journal import find_mismatches
from loyalty_app.services.tasks import lifecycle as tasks
from loyalty_app.services.tasks import read_models, runners

GOOD = """email,first_name,last_name,store_code,points
anna@example.com,Anna,Muller,atelier-ville,730
ben@example.com,Ben,,atelier-kirchberg,0
"""
BAD = GOOD + "not-an-email,Carl,,atelier-ville,10\n"
FILE_KINDS = tasks.AREAS["import"] + tasks.AREAS["export"]


def _enroll(session, store, email):
    return enroll(session, store, EnrollmentForm(email=email, first_name="Ada", accept_terms=True)).card


@pytest.fixture
def owner(demo):
    return Actor(user_id=None, role="merchant_owner", merchant_id=demo["merchants"]["atelier"].id)


def _tasks(session):
    return session.exec(select(BackgroundTask).order_by(BackgroundTask.id)).all()


def test_a_bad_request_is_refused_before_anything_is_queued(session, demo, owner, fired):
    card = _enroll(session, "atelier-ville", "a@example.com")
    fired.clear()
    with pytest.raises(errors.ValidationFailed) as exc:
        tasks.start_bulk(session, owner.merchant_id, "bulk_bonus", [card.id], owner, points=0, reason=" ")
    assert exc.value.fields == {"points": ["out_of_range"], "reason": ["required"]}
    with pytest.raises(errors.ValidationFailed) as exc:
        tasks.start_bulk(session, owner.merchant_id, "bulk_deactivate", [], owner, reason="closing")
    assert exc.value.fields == {"cards": ["none_selected"]}
    with pytest.raises(errors.ValidationFailed):
        tasks.start_import(session, owner.merchant_id, "email,name\nx@example.com,X\n", owner)
    with pytest.raises(errors.ValidationFailed) as exc:
        tasks.start_export(
            session,
            owner.merchant_id,
            "transactions",
            owner,
            start=datetime(2026, 5, 2).date(),
            end=datetime(2026, 5, 1).date(),
        )
    assert exc.value.fields == {"end": ["before_start"]}
    lumiere = demo["merchants"]["lumiere"].id
    with pytest.raises(errors.PermissionDenied):
        tasks.start_export(session, lumiere, "cards", owner)
    staff = Actor(role="store_staff", merchant_id=owner.merchant_id, store_id=demo["stores"]["atelier-ville"].id)
    with pytest.raises(errors.PermissionDenied):
        tasks.start_export(session, owner.merchant_id, "cards", staff)
    assert _tasks(session) == [] and fired == []


def test_bulk_bonus_runs_once_in_chunks_reporting_progress_and_counts(session, demo, owner, fired, monkeypatch):
    cards = [_enroll(session, "atelier-ville", f"m{i}@example.com") for i in range(5)]
    cards[4].is_active = False
    session.add(cards[4])
    session.commit()
    fired.clear()
    task = tasks.start_bulk(
        session,
        owner.merchant_id,
        "bulk_bonus",
        [c.id for c in cards] + [999_999],
        owner,
        points=50,
        reason="Summer bonus",
    )
    assert (task.status, task.total, task.done) == ("queued", 6, 0)
    assert fired == [TaskCreated(task.id)]

    monkeypatch.setattr(bulk, "CHUNK", 2)
    seen: list[tuple[int, int]] = []
    writer = runners.progress_writer

    def spy(session_, task_):
        inner = writer(session_, task_)
        return lambda *a: (seen.append(a), inner(*a))

    monkeypatch.setattr(tasks, "progress_writer", spy)
    done = tasks.execute(session, task.id)

    assert seen == [(3, 6), (5, 6), (6, 6)]  # the unknown card counts as handled from the start
    assert (done.status, done.done, done.total, done.error) == ("succeeded", 6, 6, None)
    assert done.result == {
        "done": 4,
        "skipped": 2,
        "points": 50,
        "skipped_reasons": {"CARD_INACTIVE": 1, "CARD_NOT_FOUND": 1},
    }
    bonus = session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.type == "admin_adjustment")).all()
    assert sorted(t.card_id for t in bonus) == sorted(c.id for c in cards[:4])
    assert {t.points_delta for t in bonus} == {50}
    # A second delivery of the same job finds the task already run and gives nothing twice.
    assert tasks.execute(session, task.id) is None
    assert len(session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.type == "admin_adjustment")).all()) == 4
    assert find_mismatches(session) == []


def test_one_task_per_area_at_a_time(session, demo, owner):
    card = _enroll(session, "atelier-ville", "a@example.com")
    first = tasks.start_bulk(session, owner.merchant_id, "bulk_bonus", [card.id], owner, points=5, reason="x")
    with pytest.raises(errors.TaskAlreadyRunning):
        tasks.start_bulk(session, owner.merchant_id, "bulk_deactivate", [card.id], owner, reason="double click")
    tasks.start_export(session, owner.merchant_id, "cards", owner)  # another area may run meanwhile
    lumiere_owner = Actor(role="merchant_owner", merchant_id=demo["merchants"]["lumiere"].id)
    lumiere_card = _enroll(session, "lumiere-centre", "b@example.com")
    tasks.start_bulk(
        session,
        lumiere_owner.merchant_id,
        "bulk_bonus",
        [lumiere_card.id],
        lumiere_owner,
        points=5,
        reason="other merchant",
    )
    tasks.execute(session, first.id)
    tasks.start_bulk(session, owner.merchant_id, "bulk_deactivate", [card.id], owner, reason="after the first")


def test_import_task_writes_valid_rows_and_forgets_the_file(session, demo, owner):
    task = tasks.start_import(session, owner.merchant_id, GOOD, owner)
    assert task.total == 2
    done = tasks.execute(session, task.id)
    assert done.status == "succeeded"
    assert done.result == {"rows": 2, "valid": 2, "invalid": 0, "imported": 2, "written": True, "errors": {}}
    assert "text" not in session.get(BackgroundTask, task.id).params
    imported = session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.type == "balance_imported")).all()
    assert [t.points_delta for t in imported] == [730]


def test_import_task_with_errors_writes_nothing_unless_told(session, demo, owner):
    before = len(session.exec(select(LoyaltyCard)).all())
    refused = tasks.execute(session, tasks.start_import(session, owner.merchant_id, BAD, owner).id)
    assert refused.status == "succeeded"
    assert refused.result["written"] is False and refused.result["imported"] == 0
    assert refused.result["errors"] == {"4": {"email": "invalid_email"}}
    assert len(session.exec(select(LoyaltyCard)).all()) == before
    valid_only = tasks.execute(
        session, tasks.start_import(session, owner.merchant_id, BAD, owner, import_valid_rows=True).id
    )
    assert (valid_only.result["imported"], valid_only.result["invalid"]) == (2, 1)
    assert len(session.exec(select(LoyaltyCard)).all()) == before + 2


def test_import_writes_in_chunks_and_reports_each(session, demo, owner, monkeypatch):
    monkeypatch.setattr(csv_import, "IMPORT_CHUNK", 2)
    rows = "".join(f"p{i}@example.com,P{i},,atelier-ville,{i}\n" for i in range(5))
    seen = []
    report = csv_import.import_members(
        session,
        owner.merchant_id,
        "email,first_name,last_name,store_code,points\n" + rows,
        owner,
        write=True,
        progress=lambda *a: seen.append(a),
    )
    assert report.imported == 5 and seen == [("writing", 2, 5), ("writing", 4, 5)]
    assert find_mismatches(session) == []


def _decoded(session, task_id, actor) -> tuple[str, list[dict]]:
    name, data = read_models.output(session, task_id, actor)
    return name, list(csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8"))))


def test_transactions_export_covers_the_days_asked_in_merchant_time(session, demo, owner, monkeypatch):
    card = _enroll(session, "atelier-ville", "a@example.com")
    merchant_tz_midnight = datetime(2026, 3, 9, 23, 30, tzinfo=UTC)  # 10 March 00:30 in Luxembourg (UTC+1)
    for i, when in enumerate(
        (merchant_tz_midnight - timedelta(hours=1), merchant_tz_midnight, merchant_tz_midnight + timedelta(days=1))
    ):
        session.add(
            LoyaltyTransaction(
                merchant_id=owner.merchant_id,
                program_id=card.program_id,
                card_id=card.id,
                type="admin_adjustment",
                points_delta=0,
                stamps_delta=0,
                reason=f"r{i}",
                created_at=when,
            )
        )
    session.commit()
    monkeypatch.setattr(csv_export, "EXPORT_BATCH", 1)  # a keyset page per row: proves the paging loses nothing
    day = merchant_tz_midnight.date().replace(day=10)
    task = tasks.start_export(session, owner.merchant_id, "transactions", owner, start=day, end=day)
    done = tasks.execute(session, task.id)
    name, rows = _decoded(session, task.id, owner)
    assert [r["reason"] for r in rows] == ["r1"]
    assert done.result["rows"] == 1 and name.startswith("transactions-2026-03-10-to-2026-03-10")
    everything = tasks.execute(session, tasks.start_export(session, owner.merchant_id, "transactions", owner).id)
    _, rows = _decoded(session, everything.id, owner)
    assert (
        everything.result["rows"]
        == len(rows)
        == session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.merchant_id == owner.merchant_id))
        .all()
        .__len__()
    )
    assert everything.done == everything.total == len(rows)


def test_cards_export_file_is_only_for_the_merchant_and_dropped_on_anonymization(session, demo, owner):
    card = _enroll(session, "atelier-ville", "secret@example.com")
    task = tasks.execute(session, tasks.start_export(session, owner.merchant_id, "cards", owner).id)
    name, rows = _decoded(session, task.id, owner)
    assert name.startswith("cards-") and "secret@example.com" in {r["email"] for r in rows}
    assert read_models.get(session, task.id, owner)["has_output"] is True
    other = Actor(role="merchant_owner", merchant_id=demo["merchants"]["lumiere"].id)
    with pytest.raises(errors.TaskNotFound):
        read_models.output(session, task.id, other)
    with pytest.raises(errors.TaskNotFound):
        read_models.get(session, task.id, other)
    admin = Actor(role="platform_admin", user_id=1)
    result = gdpr.anonymize_customer(session, session.get(LoyaltyCard, card.id).customer_id, admin)
    assert result["exports_dropped"] == 1
    with pytest.raises(errors.TaskOutputGone):
        read_models.output(session, task.id, owner)
    raw = session.execute(select(BackgroundTask.output).where(BackgroundTask.id == task.id)).scalar_one()
    assert raw is None


def test_a_failing_task_records_how_far_it_got(session, demo, owner, monkeypatch):
    cards = [_enroll(session, "atelier-ville", f"f{i}@example.com") for i in range(4)]
    monkeypatch.setattr(bulk, "CHUNK", 2)
    real_append = bulk.ledger.append
    calls = {"n": 0}

    def failing_append(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real_append(*args, **kwargs)

    monkeypatch.setattr(bulk.ledger, "append", failing_append)
    task = tasks.start_bulk(
        session, owner.merchant_id, "bulk_bonus", [c.id for c in cards], owner, points=7, reason="bonus"
    )
    with pytest.raises(RuntimeError):
        tasks.execute(session, task.id)
    failed = session.get(BackgroundTask, task.id, populate_existing=True)
    assert (failed.status, failed.done) == ("failed", 2)
    assert "unexpected error" in failed.error
    assert (
        len(session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.type == "admin_adjustment")).all()) == 2
    )  # the first chunk, whole; nothing of the second
    assert find_mismatches(session) == []
    # A domain error (the program was removed meanwhile) fails the task with its code, without raising.
    monkeypatch.setattr(bulk.ledger, "append", real_append)
    monkeypatch.setattr(csv_import.cards, "get_program", lambda *_: (_ for _ in ()).throw(errors.ProgramNotFound()))
    imported = tasks.execute(session, tasks.start_import(session, owner.merchant_id, GOOD, owner).id)
    assert imported.status == "failed" and imported.error.startswith("PROGRAM_NOT_FOUND")
    assert "text" not in imported.params


def test_latest_offers_the_running_or_last_task_until_dismissed(session, demo, owner):
    assert read_models.latest(session, owner.merchant_id, FILE_KINDS, owner) is None
    task = tasks.start_export(session, owner.merchant_id, "cards", owner)
    assert read_models.latest(session, owner.merchant_id, FILE_KINDS, owner)["status"] == "queued"
    assert read_models.latest(session, owner.merchant_id, tasks.AREAS["bulk"], owner) is None
    with pytest.raises(errors.TaskAlreadyRunning):
        tasks.dismiss(session, task.id, owner)
    tasks.execute(session, task.id)
    shown = read_models.latest(session, owner.merchant_id, FILE_KINDS, owner)
    assert (shown["id"], shown["status"], shown["has_output"]) == (task.id, "succeeded", True)
    tasks.dismiss(session, task.id, owner)
    assert read_models.latest(session, owner.merchant_id, FILE_KINDS, owner) is None


def test_upkeep_fails_stalled_tasks_requeues_waiting_ones_and_expires_files(session, demo, owner):
    now = datetime.now(UTC)
    stalled = tasks.start_export(session, owner.merchant_id, "cards", owner, now=now - timedelta(hours=1))
    stalled.status, stalled.heartbeat_at = "running", now - timedelta(minutes=20)
    old = tasks.start_bulk(
        session, owner.merchant_id, "bulk_deactivate", [1], owner, reason="x", now=now - timedelta(minutes=30)
    )
    session.add(stalled)
    session.commit()
    fresh_export = BackgroundTask(
        merchant_id=owner.merchant_id,
        kind="export_cards",
        status="succeeded",
        output=b"x",
        output_name="cards.csv",
        finished_at=now - timedelta(days=1),
    )
    old_export = BackgroundTask(
        merchant_id=owner.merchant_id,
        kind="export_cards",
        status="succeeded",
        output=b"x",
        output_name="cards.csv",
        finished_at=now - timedelta(days=8),
    )
    session.add_all([fresh_export, old_export])
    session.commit()

    kept = tasks.upkeep(session, now=now)

    assert kept == {"stalled": [stalled.id], "requeue": [old.id], "outputs_dropped": 1}
    assert session.get(BackgroundTask, stalled.id, populate_existing=True).status == "failed"
    assert read_models.get(session, fresh_export.id, owner)["has_output"] is True
    assert read_models.get(session, old_export.id, owner)["has_output"] is False


def test_an_admin_on_behalf_of_one_merchant_does_not_reach_anothers_tasks(session, demo, owner):
    task = tasks.start_export(session, owner.merchant_id, "cards", owner)
    with pytest.raises(errors.TaskNotFinished):
        read_models.output(session, task.id, owner)
    lumiere = demo["merchants"]["lumiere"].id
    on_behalf_of_lumiere = Actor(role="platform_admin", user_id=1, merchant_id=lumiere, acting_admin_id=1)
    with pytest.raises(errors.TaskNotFound):
        read_models.get(session, task.id, on_behalf_of_lumiere)
    on_behalf = Actor(role="platform_admin", user_id=1, merchant_id=owner.merchant_id, acting_admin_id=1)
    assert read_models.get(session, task.id, on_behalf)["id"] == task.id
