"""Analytics queries against answers computed by hand on a small fixture (SQLite and PostgreSQL)."""

from datetime import UTC, datetime

import pytest

from loyalty_app.services import errors
from loyalty_app.services.analytics import metrics as analytics
from loyalty_app.services.cards import enrollment
from loyalty_app.services.context import Actor, StaffIdentity
from loyalty_app.services.ledger import points, sales, stamps, voids

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
START, END = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 7, 1, tzinfo=UTC)


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def history(session, demo):
    """Five Café Lumière cards (A-E) and one Mode Atelier card (P) with visits on known days."""
    lumiere, atelier = demo["merchants"]["lumiere"], demo["merchants"]["atelier"]
    owner_l = Actor(role="merchant_owner", merchant_id=lumiere.id)
    owner_a = Actor(role="merchant_owner", merchant_id=atelier.id)
    shift = {code: StaffIdentity(pin.id, pin.staff_name) for code, pin in demo["staff"].items()}

    def join(store: str, name: str, when: datetime) -> str:
        form = enrollment.EnrollmentForm(email=f"{name}@example.com", first_name=name, accept_terms=True)
        return enrollment.enroll(session, store, form, now=when).card.card_number

    def stamp(store: str, number: str, when: datetime):
        return stamps.add_stamp(session, store, number, owner_l, shift_staff=shift[store], now=when)

    cards = {}
    cards["A"] = join("lumiere-centre", "a", at(3, 10, 9))
    cards["B"] = join("lumiere-gare", "b", at(3, 15, 9))
    cards["C"] = join("lumiere-centre", "c", at(4, 2, 9))
    cards["D"] = join("lumiere-centre", "d", at(5, 20, 9))
    cards["E"] = join("lumiere-centre", "e", at(3, 1, 9))
    for month, day in ((3, 10), (3, 20), (4, 5), (6, 10)):
        stamp("lumiere-centre", cards["A"], at(month, day))
    for day in (15, 16, 17):
        stamp("lumiere-gare", cards["B"], at(3, day))
    mistake = stamp("lumiere-gare", cards["B"], at(3, 17, 10, 20))
    voids.void_transaction(
        session,
        "lumiere-gare",
        mistake.transaction.id,
        owner_l,
        shift_staff=shift["lumiere-gare"],
        now=at(3, 17, 10, 21),
    )
    for month, day in ((4, 2), (5, 2)):
        stamp("lumiere-centre", cards["C"], at(month, day))
    stamp("lumiere-centre", cards["E"], at(3, 1))

    p = join("atelier-ville", "p", at(5, 1, 9))
    v = shift["atelier-ville"]
    points.earn_points(session, "atelier-ville", p, 2000, owner_a, shift_staff=v, now=at(5, 2))
    points.earn_points(session, "atelier-ville", p, 3000, owner_a, shift_staff=v, now=at(5, 20))
    points.redeem_reward(session, "atelier-ville", p, "voucher-5", owner_a, shift_staff=v, now=at(5, 20, 11))

    sales.report_sale(session, "lumiere-centre", 1000, owner_l, card_ref=cards["A"], now=at(3, 10))
    sales.report_sale(session, "lumiere-centre", 500, owner_l, now=at(3, 10))
    sales.report_sale(session, "lumiere-centre", 300, owner_l, now=at(4, 5))
    sales.report_sale(session, "lumiere-gare", 800, owner_l, card_ref=cards["B"], now=at(3, 15))
    return {"lumiere": lumiere.id, "atelier": atelier.id, "cards": cards, "store": demo["stores"]}


def test_kpis_count_members_activity_issued_and_redeemed(session, history):
    lumiere = analytics.kpis(session, history["lumiere"], START, END, now=NOW)
    assert lumiere == {
        "members": 5,
        "active_members": 1,
        "stamps_issued": 10,
        "stamps_redeemed": 0,
        "points_issued": 0,
        "points_redeemed": 0,
        "redemption_rate": 0.0,
        "points_liability": 0,
    }
    atelier = analytics.kpis(session, history["atelier"], START, END, now=NOW)
    assert atelier["points_issued"] == 550  # welcome 50 + 200 + 300
    assert atelier["points_redeemed"] == 500
    assert atelier["points_liability"] == 50
    assert atelier["redemption_rate"] == round(500 / 550, 4)
    assert atelier["active_members"] == 1


def test_kpis_follow_the_store_filter(session, history):
    gare_id = history["store"]["lumiere-gare"].id
    gare = analytics.kpis(session, history["lumiere"], START, END, store_id=gare_id, now=NOW)
    assert gare["members"] == 1
    assert gare["stamps_issued"] == 3  # the voided mistake does not count


def test_the_store_filter_names_one_of_the_merchants_own_stores(session, demo):
    lumiere = demo["merchants"]["lumiere"].id
    assert analytics.store_filter(session, lumiere, "") is None
    assert analytics.store_filter(session, lumiere, "lumiere-gare") == demo["stores"]["lumiere-gare"].id
    for foreign in ("atelier-ville", "no-such-store"):
        with pytest.raises(errors.StoreNotFound):
            analytics.store_filter(session, lumiere, foreign)


def test_cohort_retention_share_with_a_visit_in_each_later_month(session, history):
    cohorts = {c["cohort"]: c for c in analytics.cohort_retention(session, history["lumiere"])}
    assert cohorts["2026-03"]["size"] == 3
    assert cohorts["2026-03"]["retention"] == [1.0, round(1 / 3, 4), 0.0, round(1 / 3, 4)]
    assert cohorts["2026-04"] == {"cohort": "2026-04", "size": 1, "retention": [1.0, 1.0, 0.0]}
    assert cohorts["2026-05"] == {"cohort": "2026-05", "size": 1, "retention": [0.0, 0.0]}


def test_at_risk_uses_own_interval_then_program_median(session, history):
    risky = analytics.at_risk_cards(session, history["lumiere"], now=NOW)
    cards = history["cards"]
    # E visited once: the median of A, B and C's intervals applies. B came four times in 2 days 20 min
    # (the voided stamp was still a visit) and stopped 90 days ago.
    assert [r.card_number for r in risky] == [cards["E"], cards["B"]]
    b = risky[1]
    assert b.usual_interval_days == round((2 * 86400 + 20 * 60) / 3 / 86400, 2)
    assert b.inactive_days == pytest.approx(90.07, abs=0.01)
    assert risky[0].usual_interval_days == 30.0  # median of A 30.67, B 0.67, C 30.0
    assert analytics.count_at_risk(session, history["lumiere"], now=NOW) == 2


def test_revenue_split_with_and_without_card_per_store_and_month(session, history):
    rows = analytics.revenue_attribution(session, history["lumiere"], START, END)
    got = [
        (
            r["store_code"],
            r["month"],
            r["card_revenue_cents"],
            r["card_sales"],
            r["card_avg_basket_cents"],
            r["other_revenue_cents"],
            r["other_sales"],
            r["other_avg_basket_cents"],
        )
        for r in rows
    ]
    assert got == [
        ("lumiere-centre", "2026-03", 1000, 1, 1000, 500, 1, 500),
        ("lumiere-centre", "2026-04", 0, 0, 0, 300, 1, 300),
        ("lumiere-gare", "2026-03", 800, 1, 800, 0, 0, 0),
    ]
