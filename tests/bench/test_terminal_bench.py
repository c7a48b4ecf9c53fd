"""Terminal latency: commit to the row on another terminal's screen, and a click to the new balance.

Skipped unless LOYALTY_BENCH=1. Figures go to tests/bench/results/terminal.json.
"""

import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from loyalty_app.demo import DEMO_PASSWORD
from loyalty_app.models import StaffPin
from loyalty_app.services.context import SYSTEM
from loyalty_app.services.ledger import stamps
from loyalty_app.services.staff.security import hash_secret
from tests.e2e import server as srv

pytestmark = [
    pytest.mark.bench,
    pytest.mark.browser,
    pytest.mark.skipif(os.environ.get("LOYALTY_BENCH") != "1", reason="benchmarks run with LOYALTY_BENCH=1"),
]

RESULTS = Path(__file__).parent / "results" / "terminal.json"
FEED_SAMPLES = 50
ACTION_SAMPLES = 30
PRODUCTION_PIN_ROUNDS = 10  # the default of settings.pin_bcrypt_rounds; the test suite uses 4
STORE = "bench-cafe"
FAST = {"cooldown_minutes": 0, "max_stamps_per_day": 1000}

WATCH_FEED = """() => { window.__seen = {};
  new MutationObserver(() => { for (const el of document.querySelectorAll('[data-testid=feed-line]')) {
      const id = el.getAttribute('data-tx'); if (!(id in window.__seen)) window.__seen[id] = Date.now(); } })
    .observe(document.body, {subtree: true, childList: true, attributes: true}); }"""

CLICK_TO_BALANCE = """async (button) => {
  const text = () => (document.getElementById('stamp-count') || {}).textContent;
  const before = text(); const t0 = performance.now();
  const changed = new Promise(resolve => { const o = new MutationObserver(() => {
      if (text() !== before) { o.disconnect(); resolve(); } });
    o.observe(document.body, {subtree: true, childList: true, characterData: true}); });
  if (button) document.getElementById(button).click();
  else document.getElementById('pin-input').form.requestSubmit();
  await changed; return performance.now() - t0; }"""


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[max(0, round(0.95 * len(ordered)) - 1)], 1),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
    }


def _prepare(data_dir: Path):
    url, engine = srv.prepare_database(data_dir)
    srv.add_merchant(
        engine, "Bench Cafe", STORE, "staff.bench@example.com", "Bea", "2580", {"pin_required": False, **FAST}
    )
    with Session(engine) as session:  # a production-cost PIN hash, as a real store would have
        pin = session.exec(select(StaffPin).where(StaffPin.staff_name == "Bea")).one()
        pin.pin_hash = hash_secret("2580", PRODUCTION_PIN_ROUNDS)
        session.add(pin)
        session.commit()
    cards = [srv.enroll(engine, STORE, f"bench{i}@example.com", f"Bench{i}") for i in range(3)]
    return url, engine, cards


def _terminal(browser, base_url: str):
    ctx = browser.new_context(viewport=srv.TABLET)
    r = ctx.request.post(
        f"{base_url}/api/v1/auth/session", data={"email": "staff.bench@example.com", "password": DEMO_PASSWORD}
    )
    assert r.status == 204
    page = ctx.new_page()
    page.goto(f"{base_url}/store/{STORE}/terminal")
    page.wait_for_selector("#lookup-input")
    return ctx, page


def _feed_latency(server, browser, card, via_api: bool) -> dict:
    ctx, page = _terminal(browser, server.base_url)
    page.evaluate(WATCH_FEED)
    token = None
    if via_api:
        token = httpx.post(
            f"{server.base_url}/api/v1/auth/login",
            json={"email": "staff.bench@example.com", "password": DEMO_PASSWORD},
        ).json()["access_token"]
    committed: dict[str, float] = {}
    for _ in range(FEED_SAMPLES):
        if via_api:
            r = httpx.post(
                f"{server.base_url}/api/v1/stores/{STORE}/stamps",
                json={"card_number": card.card_number},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert r.status_code == 201, r.text
            tx = r.json()["transaction"]
            # The push may beat the HTTP answer: count from the row's own timestamp, taken before its commit.
            tx_id, at = tx["id"], datetime.fromisoformat(tx["created_at"]).timestamp() * 1000
        else:
            with server.session() as session:
                tx_id = stamps.add_stamp(session, STORE, card.card_number, SYSTEM).transaction.id
            at = time.time() * 1000  # the commit has returned
        committed[str(tx_id)] = at
        page.wait_for_selector(f"[data-testid=feed-line][data-tx='{tx_id}']", timeout=10_000)
        time.sleep(0.05)
    seen = page.evaluate("() => window.__seen")
    ctx.close()
    return summary([max(0.0, seen[i] - t) for i, t in committed.items()])


def _action_latency(server, browser, card, with_pin: bool) -> dict:
    if with_pin:
        with server.session() as session:
            from loyalty_app.services.merchant import program as programs

            merchant_id = session.exec(select(StaffPin.merchant_id).where(StaffPin.staff_name == "Bea")).one()
            programs.update_program(session, merchant_id, {"pin_required": True}, SYSTEM)
    ctx, page = _terminal(browser, server.base_url)
    page.keyboard.type(card.card_number)
    page.keyboard.press("Enter")
    page.wait_for_selector("#stamp-count")
    samples = []
    for _ in range(ACTION_SAMPLES):
        if with_pin:
            page.click("#add-stamp")
            page.wait_for_selector("#pin-input")
            page.fill("#pin-input", "2580")
            samples.append(page.evaluate(CLICK_TO_BALANCE, None))
            page.wait_for_selector("#pin-input", state="detached")
        else:
            samples.append(page.evaluate(CLICK_TO_BALANCE, "add-stamp"))
        time.sleep(0.05)
    ctx.close()
    return summary(samples)


def _measure(server, browser, cards) -> dict:
    return {
        "feed_latency_commit_to_other_terminal": {
            "committed_by_another_process": _feed_latency(server, browser, cards[0], via_api=False),
            "committed_by_rest_api_in_the_web_process": _feed_latency(server, browser, cards[0], via_api=True),
        },
        "action_latency_click_to_balance": {
            "add_stamp_without_pin": _action_latency(server, browser, cards[1], with_pin=False),
            "add_stamp_pin_per_action_submit_to_balance": _action_latency(server, browser, cards[2], with_pin=True),
        },
    }


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=srv.CHROMIUM, args=srv.CHROMIUM_ARGS)
        yield b
        b.close()


def _run_mode(browser, extra_env: dict | None, name: str) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"loyalty-bench-{name}-"))
    url, engine, cards = _prepare(data_dir)
    server = srv.start(data_dir, url, engine, extra_env=extra_env, name=f"bench-{name}")
    try:
        return _measure(server, browser, cards)
    finally:
        srv.stop(server)
        engine.dispose()
        shutil.rmtree(data_dir, ignore_errors=True)


def _write(results: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


def test_terminal_latency(browser):
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "pin_bcrypt_rounds": PRODUCTION_PIN_ROUNDS,
        "samples": {"feed": FEED_SAMPLES, "action": ACTION_SAMPLES},
    }
    results["embedded_single_process"] = _run_mode(browser, None, "embedded")
    _write(results)

    redis_server = shutil.which("redis-server")
    if redis_server:
        port = srv.free_port()
        redis = subprocess.Popen(
            [redis_server, "--port", str(port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            time.sleep(0.5)
            env = {"LOYALTY_REDIS_URL": f"redis://127.0.0.1:{port}/0", "GRANIAN_WORKERS": "2"}
            results["redis_two_backend_workers"] = _run_mode(browser, env, "redis")
        finally:
            redis.terminate()
            redis.wait(timeout=10)
    else:
        results["redis_two_backend_workers"] = "skipped: redis-server is not installed"

    _write(results)
    for mode in ("embedded_single_process", "redis_two_backend_workers"):
        if isinstance(results[mode], dict):
            for source, figures in results[mode]["feed_latency_commit_to_other_terminal"].items():
                assert figures["p95_ms"] < 1000, f"{mode} {source}: feed p95 {figures['p95_ms']} ms"
