"""Bulk actions and exports as background tasks: started (202, queued), polled, and their files downloaded."""

import csv
import gzip
import io

import pytest
from sqlmodel import select

from jobs.tasks import run_task
from loyalty_app.demo import DEMO_PASSWORD
from loyalty_app.models import LoyaltyTransaction

from .conftest import USERS, error_code

BULK = "/api/v1/merchant/cards/bulk"
EXPORTS = "/api/v1/merchant/exports"
TASKS = "/api/v1/merchant/tasks"


@pytest.fixture
def owner(headers):
    return headers("atelier_owner")


@pytest.fixture
def cards(join) -> list[dict]:
    return [join("atelier-ville", f"m{i}@example.com")["card"] for i in range(3)]


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def _finished_export(client, owner, **body) -> dict:
    r = client.post(EXPORTS, json={"kind": "cards", **body}, headers=owner)
    assert r.status_code == 202, r.text
    run_task(r.json()["id"])
    return client.get(f"{TASKS}/{r.json()['id']}", headers=owner).json()


def test_bulk_bonus_is_queued_then_run_once_with_counts_and_ledger_rows(client, owner, cards, db):
    ids = [c["id"] for c in cards]
    r = client.post(
        BULK, json={"action": "bonus", "card_ids": ids + [ids[0]], "points": 40, "reason": "Summer"}, headers=owner
    )
    assert r.status_code == 202, r.text
    task = r.json()
    assert (task["kind"], task["status"], task["total"], task["done"]) == ("bulk_bonus", "queued", 3, 0)
    assert task["params"] == {"points": 40, "reason": "Summer"} and task["has_output"] is False

    run_task(task["id"])
    assert run_task(task["id"]) is None  # a second delivery of the job does nothing
    done = client.get(f"{TASKS}/{task['id']}", headers=owner).json()
    assert (done["status"], done["done"], done["error"]) == ("succeeded", 3, None)
    assert done["result"] == {"done": 3, "skipped": 0, "skipped_reasons": {}, "points": 40}
    assert done["started_at"] and done["finished_at"]
    assert client.get(f"/api/v1/merchant/cards/{ids[0]}", headers=owner).json()["card"]["points_balance"] == 50 + 40
    bonus = db.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.type == "admin_adjustment")).all()
    assert sorted(t.card_id for t in bonus) == sorted(ids) and {t.points_delta for t in bonus} == {40}
    assert {(t.reason, t.user_id is not None) for t in bonus} == {("Summer", True)}  # who and why


def test_bulk_deactivate_runs_and_skips_cards_of_other_merchants(client, owner, cards, join):
    foreign = join("lumiere-centre", "other@example.com")["card"]
    r = client.post(
        BULK,
        json={"action": "deactivate", "card_ids": [cards[0]["id"], foreign["id"]], "reason": "closing"},
        headers=owner,
    )
    assert r.status_code == 202, r.text
    run_task(r.json()["id"])
    done = client.get(f"{TASKS}/{r.json()['id']}", headers=owner).json()
    assert done["result"]["done"] == 1 and done["result"]["skipped_reasons"] == {"CARD_NOT_FOUND": 1}
    assert client.get(f"/api/v1/merchant/cards/{cards[0]['id']}", headers=owner).json()["card"]["is_active"] is False


def test_tasks_are_listed_newest_first(client, owner, cards):
    first = client.post(EXPORTS, json={"kind": "cards"}, headers=owner).json()
    second = client.post(
        BULK, json={"action": "deactivate", "card_ids": [cards[0]["id"]], "reason": "lost"}, headers=owner
    ).json()
    r = client.get(TASKS, headers=owner)
    assert r.status_code == 200 and [t["id"] for t in r.json()["items"]] == [second["id"], first["id"]]
    assert [t["id"] for t in client.get(TASKS, params={"limit": 1}, headers=owner).json()["items"]] == [second["id"]]


def test_cards_export_downloads_as_gzipped_csv_with_its_file_name(client, owner, cards):
    task = _finished_export(client, owner)
    assert task["status"] == "succeeded" and task["has_output"] is True and task["result"]["rows"] == 3
    r = client.get(f"{TASKS}/{task['id']}/download", headers=owner)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv") and r.headers["content-encoding"] == "gzip"
    assert r.headers["content-disposition"].startswith('attachment; filename="cards-')
    assert sorted(row["card_number"] for row in _rows(r.text)) == sorted(c["card_number"] for c in cards)
    with client.stream("GET", f"{TASKS}/{task['id']}/download", headers=owner) as raw:
        sent = b"".join(raw.iter_raw())
    assert gzip.decompress(sent).decode() == r.text  # the stored gzip goes out as it is


def test_transactions_export_names_its_days(client, owner, cards):
    task = _finished_export(client, owner, kind="transactions", start="2026-01-01")
    assert task["params"] == {"start": "2026-01-01", "end": None}
    r = client.get(f"{TASKS}/{task['id']}/download", headers=owner)
    assert 'filename="transactions-2026-01-01-to-today-' in r.headers["content-disposition"]
    assert {row["type"] for row in _rows(r.text)} <= {"welcome_bonus"}


def test_download_works_with_the_browser_session_cookie_alone(client, owner, cards):
    task = _finished_export(client, owner)
    url = f"{TASKS}/{task['id']}/download"
    r = client.get(url)
    assert r.status_code == 401 and error_code(r) == "UNAUTHENTICATED"
    signed_in = client.post("/api/v1/auth/session", json={"email": USERS["atelier_owner"], "password": DEMO_PASSWORD})
    assert signed_in.status_code == 204  # the client keeps the cookie, as a browser does
    r = client.get(url)
    assert r.status_code == 200 and len(_rows(r.text)) == 3
    # A Bearer token, when sent, decides: a bad one is refused even beside a good cookie.
    assert client.get(url, headers={"Authorization": "Bearer nope"}).status_code == 401
    # The cookie opens this download only, not the rest of the API.
    assert client.get(f"{TASKS}/{task['id']}").status_code == 401


def test_bad_requests_are_refused_and_nothing_is_queued(client, owner, cards):
    card_ids = [cards[0]["id"]]
    bad = [
        (BULK, {"action": "bonus", "card_ids": card_ids, "points": 0, "reason": "x"}, "points"),
        (BULK, {"action": "bonus", "card_ids": card_ids, "reason": "x"}, "points"),
        (BULK, {"action": "deactivate", "card_ids": card_ids, "points": 5, "reason": "x"}, "points"),
        (BULK, {"action": "bonus", "card_ids": [], "points": 5, "reason": "x"}, "card_ids"),
        (BULK, {"action": "delete", "card_ids": card_ids, "reason": "x"}, "action"),
        (BULK, {"action": "deactivate", "card_ids": card_ids, "reason": "  "}, "reason"),
        (BULK, {"action": "deactivate", "card_ids": card_ids, "reason": "x", "extra": 1}, "extra"),
        (EXPORTS, {"kind": "transactions", "start": "2026-05-02", "end": "2026-05-01"}, "end"),
        (EXPORTS, {"kind": "cards", "start": "2026-05-01"}, "start"),
        (EXPORTS, {"kind": "transactions", "start": "0001-01-01"}, "start"),
        (EXPORTS, {"kind": "members"}, "kind"),
    ]
    for url, body, field in bad:
        r = client.post(url, json=body, headers=owner)
        assert r.status_code == 422 and error_code(r) == "VALIDATION_ERROR", (body, r.text)
        assert field in r.json()["error"]["details"]["fields"], (body, r.text)
    assert client.get(TASKS, headers=owner).json()["items"] == []


def test_a_second_bulk_action_is_refused_while_one_is_queued(client, owner, cards):
    body = {"action": "bonus", "card_ids": [cards[0]["id"]], "points": 5, "reason": "double click"}
    first = client.post(BULK, json=body, headers=owner)
    r = client.post(BULK, json={**body, "action": "deactivate", "points": None}, headers=owner)
    assert r.status_code == 409 and error_code(r) == "TASK_RUNNING"
    assert r.json()["error"]["details"] == {"task_id": first.json()["id"]}
    assert client.post(EXPORTS, json={"kind": "cards"}, headers=owner).status_code == 202  # another area
    run_task(first.json()["id"])
    assert client.post(BULK, json=body, headers=owner).status_code == 202


def test_download_is_refused_until_the_export_has_a_file(client, owner, cards):
    queued = client.post(EXPORTS, json={"kind": "cards"}, headers=owner).json()
    r = client.get(f"{TASKS}/{queued['id']}/download", headers=owner)
    assert r.status_code == 409 and error_code(r) == "TASK_NOT_FINISHED"
    run_task(queued["id"])
    bulk = client.post(
        BULK, json={"action": "deactivate", "card_ids": [cards[0]["id"]], "reason": "x"}, headers=owner
    ).json()
    run_task(bulk["id"])
    r = client.get(f"{TASKS}/{bulk['id']}/download", headers=owner)  # a bulk action makes no file
    assert r.status_code == 404 and error_code(r) == "TASK_NOT_FOUND"  # not "export it again": there is no file
    r = client.get(f"{TASKS}/999999/download", headers=owner)
    assert r.status_code == 404 and error_code(r) == "TASK_NOT_FOUND"


def test_another_merchants_task_is_not_found_and_staff_are_refused(client, owner, headers, cards):
    task = _finished_export(client, owner)
    other = headers("lumiere_owner")
    for url in (f"{TASKS}/{task['id']}", f"{TASKS}/{task['id']}/download"):
        r = client.get(url, headers=other)
        assert r.status_code == 404 and error_code(r) == "TASK_NOT_FOUND"
    assert client.get(TASKS, headers=other).json()["items"] == []
    staff = headers("atelier_staff")
    for r in (
        client.get(TASKS, headers=staff),
        client.get(f"{TASKS}/{task['id']}/download", headers=staff),
        client.post(EXPORTS, json={"kind": "cards"}, headers=staff),
        client.post(BULK, json={"action": "deactivate", "card_ids": [cards[0]["id"]], "reason": "x"}, headers=staff),
    ):
        assert r.status_code == 403 and error_code(r) == "FORBIDDEN"


def test_admin_starts_and_downloads_on_behalf_of_a_merchant(client, headers, demo, cards):
    admin, atelier = headers("admin"), {"merchant_id": demo["merchants"]["atelier"].id}
    r = client.post(EXPORTS, params=atelier, json={"kind": "cards"}, headers=admin)
    assert r.status_code == 202
    run_task(r.json()["id"])
    r = client.get(f"{TASKS}/{r.json()['id']}/download", params=atelier, headers=admin)
    assert r.status_code == 200 and len(_rows(r.text)) == 3
    assert error_code(client.get(TASKS, headers=admin)) == "VALIDATION_ERROR"  # which merchant?
