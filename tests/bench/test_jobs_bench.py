"""Job benchmarks (issue 6), on PostgreSQL, Redis and a local SMTP server; figures go to results/jobs.json.

- Email job throughput: enrollment emails (QR code included) through `rq worker` processes, with the
  SimpleWorker class `make worker` uses and RQ's forking Worker for comparison.
- Point expiry of 1,000,000 cards: `expire_points` (chunked, SKIP LOCKED) against one raw SQL statement
  doing the same on an identical copy of the database, and a per-card ORM loop over 10,000 cards.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta

import psycopg
import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from redis import Redis
from sqlmodel import Session, select

from loyalty_app.cli import migrate
from loyalty_app.db import lock_card, make_engine
from loyalty_app.models import LoyaltyCard, LoyaltyProgram, Store, utcnow
from loyalty_app.services.context import SYSTEM
from loyalty_app.services.email.templates import ensure_platform_defaults
from loyalty_app.services.ledger import expiry
from loyalty_app.services.ledger import journal as ledger
from loyalty_app.settings import PROJECT_ROOT
from tests.conftest import PG_SERVER
from tests.jobs.cards import bulk_points_cards
from tests.jobs.support import Mailbox, free_port

from .conftest import RESULTS, write_results

pytestmark = pytest.mark.bench
EXPIRING, FRESH, ORM_CARDS, EMAILS = 1_000_000, 100_000, 10_000, 1_000
WORKERS = (  # label, worker class, processes, emails
    ("simple_worker_1_process", "jobs.worker.LoyaltyWorker", 1, EMAILS),
    ("simple_worker_2_processes", "jobs.worker.LoyaltyWorker", 2, EMAILS),
    ("forking_worker_1_process_app_preloaded", "tests.bench.workers.PreloadedForkingWorker", 1, 200),
)
FIGURES: dict = {}


def _pg(name: str) -> str:
    return f"{PG_SERVER.replace('postgresql://', 'postgresql+psycopg://')}/{name}"


def _admin(sql: str) -> None:
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _fresh_db(name: str, template: str | None = None):
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    if template is None:
        migrate(_pg(name))
    return make_engine(_pg(name))


def _demo(engine) -> dict:
    from loyalty_app.demo.accounts import create_demo_accounts

    with Session(engine, expire_on_commit=False) as session:
        ensure_platform_defaults(session)
        return create_demo_accounts(session)


def _save():
    old = {}
    path = RESULTS / "jobs.json"
    if path.exists():
        import json

        old = json.loads(path.read_text())
    write_results("jobs", {**old, **FIGURES})


@pytest.fixture(scope="module")
def bench_redis():
    url = os.environ.get("LOYALTY_BENCH_REDIS", "redis://127.0.0.1:6379/14")
    client = Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()


def _run_workers(env: dict, worker_class: str, processes: int) -> None:
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rq.cli",
                "worker",
                "--burst",
                "--url",
                env["LOYALTY_REDIS_URL"],
                "--worker-class",
                worker_class,
                "--logging_level",
                "WARNING",
                "loyalty",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(processes)
    ]
    try:
        for p in procs:
            assert p.wait(timeout=900) == 0
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()


def _enqueue_emails(env: dict, card_ids: list[int]) -> None:
    from jobs.emails import send_card_email
    from jobs.queue import enqueue
    from tests.jobs.support import settings_env

    with settings_env(redis_url=env["LOYALTY_REDIS_URL"], database_url=env["LOYALTY_DATABASE_URL"]):
        for card_id in card_ids:
            enqueue(send_card_email, "loyalty_enrollment", card_id, job_id=f"email-bench-{card_id}")


def _job_span(url: str) -> tuple[float, int]:
    from rq import Queue
    from rq.job import Job

    conn = Redis.from_url(url)
    queue = Queue("loyalty", connection=conn)
    ids = queue.finished_job_registry.get_job_ids()
    jobs = [j for j in Job.fetch_many(ids, connection=conn) if j]
    started = min(j.started_at for j in jobs)
    ended = max(j.ended_at for j in jobs)
    return (ended - started).total_seconds(), len(jobs)


def test_email_job_throughput_with_the_local_smtp_server(bench_redis):
    engine = _fresh_db("loyalty_bench_email")
    _demo(engine)
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        **os.environ,
        "LOYALTY_DATABASE_URL": _pg("loyalty_bench_email"),
        "LOYALTY_REDIS_URL": bench_redis,
        "LOYALTY_SMTP_HOST": "127.0.0.1",
        "LOYALTY_SMTP_PORT": str(port),
        "LOYALTY_SMTP_SECURITY": "none",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    results = {}
    try:
        with Session(engine) as session:
            ids = bulk_points_cards(
                session, "atelier-ville", sum(w[3] for w in WORKERS), 0, utcnow(), email_prefix="bench"
            )
        for label, worker_class, processes, count in WORKERS:
            Redis.from_url(bench_redis).flushdb()
            received = len(box.messages)
            batch, ids = ids[:count], ids[count:]
            _enqueue_emails(env, batch)
            _run_workers(env, worker_class, processes)
            seconds, jobs = _job_span(bench_redis)
            assert jobs == count and len(box.messages) - received == count
            results[label] = {"emails": jobs, "seconds": round(seconds, 2), "jobs_per_second": round(jobs / seconds, 1)}
    finally:
        controller.stop()
        engine.dispose()
        _admin("DROP DATABASE IF EXISTS loyalty_bench_email WITH (FORCE)")
    best = max(r["jobs_per_second"] for r in results.values())
    FIGURES["email_jobs"] = {
        **results,
        "email": "loyalty_enrollment with its QR code, rendered, logged, sent over SMTP",
        "minutes_for_10000_emails_at_best_rate": round(10_000 / best / 60, 1),
        "load_average_after": os.getloadavg()[0],
    }
    _save()


def _generate_expiry_data(engine) -> dict:
    demo = _demo(engine)
    with Session(engine) as session:
        store = session.exec(select(Store).where(Store.code == "atelier-ville")).one()
        program = session.exec(select(LoyaltyProgram).where(LoyaltyProgram.merchant_id == store.merchant_id)).one()
    now = utcnow()
    started = time.perf_counter()
    with engine.begin() as conn:
        for count, offset, days in ((EXPIRING, 0, 400), (FRESH, EXPIRING, 30)):
            conn.execute(
                sa.text(f"""
                INSERT INTO loyalty_card (merchant_id, program_id, enrolled_store_id, card_number, qr_token,
                    stamp_count, points_balance, lifetime_stamps, lifetime_points, visit_count, wallet_version,
                    wallet_synced_version, is_active, last_activity_at, created_at, updated_at)
                SELECT {store.merchant_id}, {program.id}, {store.id}, lpad(({offset} + g)::text, 12, '0'),
                       md5('qr' || ({offset} + g)), 0, 100 + g % 900, 0, 100 + g % 900, 0, 0, 0, true,
                       :at - (g % 60) * interval '1 hour', :at, :at
                FROM generate_series(1, {count}) g"""),
                {"at": now - timedelta(days=days)},
            )
        conn.execute(
            sa.text("""
            INSERT INTO loyalty_transaction (merchant_id, program_id, card_id, store_id, type, stamps_delta,
                                             points_delta, created_at)
            SELECT merchant_id, program_id, id, enrolled_store_id, 'balance_imported', 0, points_balance, created_at
            FROM loyalty_card""")
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
        conn.exec_driver_sql("CHECKPOINT")
    return {"demo": demo, "now": now, "generate_seconds": round(time.perf_counter() - started, 1)}


_RAW = """
WITH picked AS (
    SELECT c.id, c.merchant_id, c.program_id, c.points_balance FROM loyalty_card c
    JOIN loyalty_program p ON p.id = c.program_id
    WHERE p.points_expiry_days IS NOT NULL AND c.points_balance > 0 AND c.is_active AND c.deleted_at IS NULL
      AND COALESCE(c.last_activity_at, c.created_at) <= :now - p.points_expiry_days * interval '1 day'
    FOR UPDATE OF c
), zeroed AS (
    UPDATE loyalty_card c SET points_balance = 0, wallet_version = c.wallet_version + 1, updated_at = :now
    FROM picked WHERE c.id = picked.id RETURNING c.id
)
INSERT INTO loyalty_transaction (merchant_id, program_id, card_id, type, stamps_delta, points_delta, reason, created_at)
SELECT merchant_id, program_id, id, 'points_expired', 0, -points_balance, 'raw', :now FROM picked
"""


def test_expire_a_million_cards_against_one_raw_statement_and_a_per_card_orm_loop():
    template = _fresh_db("loyalty_bench_expiry")
    data = _generate_expiry_data(template)
    template.dispose()
    now = data["now"]
    figures = {"cards_expiring": EXPIRING, "cards_not_expiring": FRESH, "generate_seconds": data["generate_seconds"]}
    try:
        raw = _fresh_db("loyalty_bench_expiry_raw", template="loyalty_bench_expiry")
        mine = _fresh_db("loyalty_bench_expiry_chunked", template="loyalty_bench_expiry")
        orm = _fresh_db("loyalty_bench_expiry_orm", template="loyalty_bench_expiry")

        started = time.perf_counter()
        with raw.begin() as conn:
            assert conn.execute(sa.text(_RAW), {"now": now}).rowcount == EXPIRING
        raw_seconds = time.perf_counter() - started

        started = time.perf_counter()
        with Session(mine) as session:
            run = expiry.expire_points(session, now)
        chunked_seconds = time.perf_counter() - started
        assert run.cards == EXPIRING
        with Session(mine) as session:
            started_check = time.perf_counter()
            assert ledger.find_mismatches(session) == []
            figures["ledger_check_seconds"] = round(time.perf_counter() - started_check, 1)

        with Session(orm, expire_on_commit=False) as session:
            ids = session.exec(
                select(LoyaltyCard.id).where(LoyaltyCard.points_balance > 0).order_by(LoyaltyCard.id).limit(ORM_CARDS)
            ).all()
            started = time.perf_counter()
            for card_id in ids:
                card = lock_card(session, card_id)
                ledger.append(
                    session,
                    card,
                    type="points_expired",
                    points_delta=-card.points_balance,
                    now=now,
                    actor=SYSTEM,
                    touches_activity=False,
                    reason="orm loop",
                )
                session.commit()
            orm_seconds = time.perf_counter() - started
        figures.update(
            {
                "raw_statement": {"seconds": round(raw_seconds, 1), "cards_per_second": round(EXPIRING / raw_seconds)},
                "expire_points_chunked": {
                    "seconds": round(chunked_seconds, 1),
                    "chunks": run.chunks,
                    "chunk_size": expiry.CHUNK_SIZE,
                    "cards_per_second": round(EXPIRING / chunked_seconds),
                },
                "chunked_vs_raw_ratio": round(chunked_seconds / raw_seconds, 2),
                "orm_loop_10000_cards": {
                    "seconds": round(orm_seconds, 1),
                    "cards_per_second": round(ORM_CARDS / orm_seconds),
                },
            }
        )
        for engine in (raw, mine, orm):
            engine.dispose()
    finally:
        for name in (
            "loyalty_bench_expiry_raw",
            "loyalty_bench_expiry_chunked",
            "loyalty_bench_expiry_orm",
            "loyalty_bench_expiry",
        ):
            _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    figures["goal_20000_cards_per_second_met"] = figures["expire_points_chunked"]["cards_per_second"] >= 20_000
    figures["load_average_after"] = os.getloadavg()[0]  # a shared 2-core machine: the raw statement bounds us
    FIGURES["point_expiry"] = figures
    _save()
    assert figures["chunked_vs_raw_ratio"] <= 3
