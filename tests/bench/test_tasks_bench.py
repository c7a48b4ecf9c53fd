"""Background tasks at scale on PostgreSQL: exports of 100,000 cards and 2,000,000 ledger rows, a bulk bonus on
10,000 cards, a 20,000-row import, and the synchronous preview of the largest file allowed (50,000 rows).

Each runs through `tasks.execute`, as the job does, with its progress writes; figures go to results/tasks.json.
Memory is the growth of the process's peak RSS during the run (the exports stream keyset pages into gzip).
"""

import gzip
import resource
import time

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import BackgroundTask, LoyaltyCard
from loyalty_app.services.cards import csv_import
from loyalty_app.services.context import Actor
from loyalty_app.services.ledger.journal import find_mismatches
from loyalty_app.services.tasks import lifecycle as tasks
from loyalty_app.services.tasks import read_models

from .conftest import write_results
from .test_analytics_bench import CARDS, TXS, _generate

BULK_CARDS, IMPORT_ROWS, PREVIEW_ROWS = 10_000, 20_000, 50_000


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(engine, start) -> tuple[BackgroundTask, dict]:
    with Session(engine, expire_on_commit=False) as session:
        task = start(session)
        before, t = _peak_mb(), time.perf_counter()
        done = tasks.execute(session, task.id)
        seconds = time.perf_counter() - t
        updates = done.total
    assert done.status == "succeeded", done.error
    return done, {
        "seconds": round(seconds, 2),
        "peak_rss_growth_mb": round(_peak_mb() - before, 1),
        "progress_total": updates,
    }


def _csv(rows: int, prefix: str, store: str) -> str:
    return "email,first_name,last_name,store_code,points\n" + "".join(
        f"{prefix}{i}@example.com,First{i},Last{i},{store},{i % 500}\n" for i in range(rows)
    )


@pytest.mark.bench
def test_tasks_at_scale(pg_engine):
    from loyalty_app.demo.accounts import create_demo_accounts
    from loyalty_app.services.cards.cards import get_program
    from tests.conftest import _clean

    _clean(pg_engine)
    with Session(pg_engine, expire_on_commit=False) as session:
        demo = create_demo_accounts(session)
        merchant = demo["merchants"]["atelier"]
        program = get_program(session, merchant.id)
        stores = [demo["stores"]["atelier-ville"].id, demo["stores"]["atelier-kirchberg"].id]
    _generate(pg_engine, merchant.id, program.id, stores)
    owner = Actor(role="merchant_owner", merchant_id=merchant.id)
    figures: dict = {"cards": CARDS, "transactions": TXS}

    done, f = _run(pg_engine, lambda s: tasks.start_export(s, merchant.id, "transactions", owner))
    f.update(
        rows=done.result["rows"],
        rows_per_second=round(done.result["rows"] / f["seconds"]),
        gzipped_mb=round(done.result["bytes_gzipped"] / 2**20, 1),
    )
    with Session(pg_engine) as session:
        data = read_models.output(session, done.id, owner)[1]
    f["csv_mb"] = round(len(gzip.decompress(data)) / 2**20, 1)
    figures["export_transactions"] = f
    assert done.result["rows"] >= TXS

    done, f = _run(pg_engine, lambda s: tasks.start_export(s, merchant.id, "cards", owner))
    f.update(rows=done.result["rows"], rows_per_second=round(done.result["rows"] / f["seconds"]))
    figures["export_cards"] = f
    assert done.result["rows"] >= CARDS

    with Session(pg_engine) as session:
        ids = list(
            session.exec(
                select(LoyaltyCard.id)
                .where(LoyaltyCard.merchant_id == merchant.id)
                .order_by(LoyaltyCard.id)
                .limit(BULK_CARDS)
            )
        )
    done, f = _run(
        pg_engine, lambda s: tasks.start_bulk(s, merchant.id, "bulk_bonus", ids, owner, points=5, reason="bench")
    )
    f.update(cards=done.result["done"], cards_per_second=round(done.result["done"] / f["seconds"]))
    figures["bulk_bonus"] = f
    assert done.result["done"] == BULK_CARDS

    text = _csv(IMPORT_ROWS, "imported", "atelier-ville")
    done, f = _run(pg_engine, lambda s: tasks.start_import(s, merchant.id, text, owner))
    f.update(rows=done.result["imported"], rows_per_second=round(done.result["imported"] / f["seconds"]))
    figures["import_members"] = f
    assert done.result["imported"] == IMPORT_ROWS

    big = _csv(PREVIEW_ROWS, "preview", "atelier-ville")
    with Session(pg_engine) as session:
        t = time.perf_counter()
        report = csv_import.import_members(session, merchant.id, big, owner)
        figures["preview_50k_rows_seconds"] = round(time.perf_counter() - t, 2)
        assert report.valid == PREVIEW_ROWS and not report.written
        assert find_mismatches(session) == []
        figures["task_rows"] = session.execute(sa.select(sa.func.count()).select_from(BackgroundTask)).scalar_one()
    write_results("tasks", figures)
    print(figures)
