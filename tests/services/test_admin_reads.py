"""What the admin console reads: platform stats, merchants, customers across merchants, card targets, enrollments."""

from datetime import timedelta

from loyalty_app.demo import ADMIN_EMAIL
from loyalty_app.demo.accounts import get_user
from loyalty_app.services.admin import customers, gdpr, on_behalf, trash
from loyalty_app.services.admin.merchants import merchants_overview
from loyalty_app.services.admin.stats import platform_stats
from loyalty_app.services.analytics import metrics as analytics
from loyalty_app.services.cards import bulk
from loyalty_app.services.staff import scope
from loyalty_app.services.wallet import debug as wallet_debug

from .support import NOW, collect_stamps, join


def _admin_on_behalf(session, merchant_id):
    return scope.merchant_actor(session, get_user(session, ADMIN_EMAIL), merchant_id)


def test_platform_stats_sum_each_merchants_kpis_and_count_the_platform(session, demo, actors):
    ada = join(session, "lumiere-centre", "ada@example.com", now=NOW - timedelta(days=3))
    join(session, "atelier-ville", "bob@example.com", now=NOW - timedelta(hours=1))
    collect_stamps(session, ada.card, actors["lumiere_staff"], 3, start=NOW - timedelta(days=2))

    stats = platform_stats(session, now=NOW)

    lumiere = analytics.kpis(session, demo["merchants"]["lumiere"].id, NOW - timedelta(days=30), NOW, now=NOW)
    atelier = analytics.kpis(session, demo["merchants"]["atelier"].id, NOW - timedelta(days=30), NOW, now=NOW)
    totals = stats["totals"]
    assert totals["stamps_issued"] == lumiere["stamps_issued"] + atelier["stamps_issued"] == 3
    assert totals["points_issued"] == atelier["points_issued"] == 50  # the welcome bonus
    assert (totals["merchants"], totals["stores"], totals["customers"], totals["cards"]) == (2, 4, 2, 2)
    assert totals["enrollments_7d"] == 2 and totals["trashed"] == 0
    assert [m["name"] for m in stats["merchants"]] == ["Café Lumière", "Mode Atelier"]


def test_merchants_overview_lists_stores_and_the_program_even_when_trashed(session, demo, actors):
    trash.soft_delete_program(session, demo["merchants"]["lumiere"].id, actors["lumiere_owner"])

    merchants = {m["name"]: m for m in merchants_overview(session)}

    assert [s["code"] for s in merchants["Mode Atelier"]["stores"]] == ["atelier-kirchberg", "atelier-ville"]
    assert merchants["Mode Atelier"]["program"]["loyalty_type"] == "points"
    assert merchants["Café Lumière"]["program"]["deleted_at"] is not None
    assert merchants["Café Lumière"]["store_count"] == 2


def test_customer_search_spans_merchants_and_matches_email_name_phone_and_card_number(session, demo):
    a = join(session, "lumiere-centre", "ada@example.com", last_name="Lovelace", phone="+352 621 555 111")
    b = join(session, "atelier-ville", "ada@example.com")
    join(session, "atelier-ville", "zed@example.com", first_name="Zed")

    by_email = customers.search_customers(session, "ADA@example")
    assert {c["merchant"] for c in by_email} == {"Café Lumière", "Mode Atelier"}
    assert [c["id"] for c in customers.search_customers(session, "lovelace")] == [a.customer.id]
    assert [c["id"] for c in customers.search_customers(session, "621555")] == [a.customer.id]
    found = customers.search_customers(session, b.card.card_number[-6:])
    assert [c["id"] for c in found] == [b.customer.id]
    assert found[0]["cards"][0]["card_number"] == b.card.card_number
    assert len(customers.search_customers(session, "")) == 3


def test_an_anonymized_customer_is_found_by_nothing(session, demo):
    a = join(session, "atelier-ville", "ada@example.com", last_name="Lovelace", phone="+352 621 555 111")
    admin = scope.actor_for_request(get_user(session, ADMIN_EMAIL), None, None)
    gdpr.anonymize_customer(session, a.customer.id, admin)

    for query in ("ada@example.com", "lovelace", "621555", a.card.card_number, ""):
        assert customers.search_customers(session, query) == []
    after = customers.cards_after_erasure(session, [a.card.id])
    assert after[0]["customer_id"] is None and after[0]["is_active"] is False
    assert after[0]["ledger_rows"] == 2  # the welcome bonus and the deactivation


def test_card_numbers_resolve_within_the_merchant_and_report_the_unknown(session, demo):
    mine = join(session, "atelier-ville", "a@example.com").card
    theirs = join(session, "lumiere-centre", "b@example.com").card
    spaced = " ".join([mine.card_number[:4], mine.card_number[4:8], mine.card_number[8:]])

    ids, unknown = on_behalf.card_ids_for_numbers(
        session, demo["merchants"]["atelier"].id, f"{spaced}\n{theirs.card_number} {mine.card_number}, 999"
    )

    assert ids == [mine.id]
    assert unknown == [theirs.card_number, "999"]


def test_active_card_ids_skip_inactive_and_trashed_cards(session, demo, actors):
    atelier = demo["merchants"]["atelier"].id
    cards = [join(session, "atelier-ville", f"m{i}@example.com").card for i in range(3)]
    trash.soft_delete_card(session, atelier, cards[0].id, actors["atelier_owner"])
    bulk.bulk_deactivate(session, atelier, [cards[1].id], "Lost", _admin_on_behalf(session, atelier))
    assert on_behalf.active_card_ids(session, atelier) == [cards[2].id]


def test_recent_enrollments_are_newest_first_with_their_sync_state(session, demo):
    first = join(session, "lumiere-centre", "a@example.com", now=NOW - timedelta(hours=1)).card
    second = join(session, "atelier-ville", "b@example.com", now=NOW).card
    rows = wallet_debug.recent_enrollments(session, limit=5)
    assert [r["card_id"] for r in rows] == [second.id, first.id]
    assert rows[0]["merchant"] == "Mode Atelier" and rows[0]["last_error"] is None
