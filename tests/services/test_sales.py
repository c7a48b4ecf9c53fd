from datetime import timedelta

import pytest
from sqlmodel import select

from loyalty_app.demo import PINS
from loyalty_app.models import Sale
from loyalty_app.services import errors
from loyalty_app.services.context import PUBLIC
from loyalty_app.services.ledger import points, sales

from .support import NOW, assert_ledger_balanced, join

pytestmark = pytest.mark.quick_setup


def report(session, actor, amount, store_code="atelier-ville", **kw):
    kw.setdefault("now", NOW)
    return sales.report_sale(session, store_code, amount, actor, **kw)


def test_reported_sale_without_a_card_is_recorded(session, demo, actors):
    sale, created = report(session, actors["atelier_staff"], 4599, order_reference=" POS-1 ")
    assert created is True
    assert (sale.amount_cents, sale.card_id, sale.order_reference, sale.source) == (4599, None, "POS-1", "pos")
    assert (sale.occurred_at, sale.merchant_id) == (NOW, demo["merchants"]["atelier"].id)


def test_reported_sale_can_be_dated_in_the_past(session, demo, actors):
    sale, _ = report(session, actors["atelier_owner"], 100, occurred_at=NOW - timedelta(days=2))
    assert (sale.occurred_at, sale.created_at) == (NOW - timedelta(days=2), NOW)


def test_reported_sale_with_a_card_is_attributed_to_it(session, demo, actors):
    card = join(session, "atelier-ville").card
    sale, _ = report(session, actors["atelier_owner"], 2500, card_ref=card.qr_token)
    assert sale.card_id == card.id
    assert card.points_balance == 50  # a reported sale is not an earning


def test_the_same_order_reference_returns_the_first_sale(session, demo, actors):
    first, _ = report(session, actors["atelier_owner"], 2500, order_reference="POS-7")
    again, created = report(session, actors["atelier_owner"], 2500, order_reference="POS-7")
    assert created is False and again.id == first.id
    assert len(session.exec(select(Sale)).all()) == 1


def test_the_same_order_reference_with_another_amount_is_a_conflict(session, demo, actors):
    report(session, actors["atelier_owner"], 2500, order_reference="POS-7")
    with pytest.raises(errors.OrderReferenceConflict):
        report(session, actors["atelier_owner"], 2600, order_reference="POS-7")


def test_the_same_order_reference_with_another_card_is_a_conflict(session, demo, actors):
    ada = join(session, "atelier-ville").card
    bob = join(session, "atelier-ville", "bob@example.com").card
    report(session, actors["atelier_owner"], 2500, card_ref=ada.card_number, order_reference="POS-7")
    with pytest.raises(errors.OrderReferenceConflict):
        report(session, actors["atelier_owner"], 2500, card_ref=bob.card_number, order_reference="POS-7")


def test_sales_without_an_order_reference_are_all_recorded(session, demo, actors):
    report(session, actors["atelier_owner"], 100)
    report(session, actors["atelier_owner"], 100)
    assert len(session.exec(select(Sale)).all()) == 2


def test_an_earn_after_the_pos_reported_the_sale_links_the_card_to_it(session, demo, actors):
    card = join(session, "atelier-ville").card
    reported, _ = report(session, actors["atelier_owner"], 3000, order_reference="POS-8")
    earned = points.earn_points(
        session,
        "atelier-ville",
        card.card_number,
        3000,
        actors["atelier_owner"],
        staff_pin=PINS["atelier-ville"],
        order_reference="POS-8",
        now=NOW,
    )
    assert earned.points_earned == 300
    [sale] = session.exec(select(Sale)).all()
    assert (sale.id, sale.card_id, sale.source) == (reported.id, card.id, "pos")
    assert_ledger_balanced(session)


def test_a_pos_report_after_an_earn_returns_the_terminal_sale(session, demo, actors):
    card = join(session, "atelier-ville").card
    points.earn_points(
        session,
        "atelier-ville",
        card.card_number,
        3000,
        actors["atelier_owner"],
        staff_pin=PINS["atelier-ville"],
        order_reference="POS-8",
        now=NOW,
    )
    sale, created = report(session, actors["atelier_owner"], 3000, order_reference="POS-8", card_ref=card.card_number)
    assert created is False and (sale.source, sale.card_id) == ("terminal", card.id)


def test_impossible_amounts_are_refused(session, demo, actors):
    for amount in (-1, 100_000_001, 9.99, None, "10"):
        with pytest.raises(errors.ValidationFailed) as caught:
            report(session, actors["atelier_owner"], amount)
        assert caught.value.fields == {"amount_cents": ["out_of_range"]}, amount
    assert session.exec(select(Sale)).all() == []


def test_a_zero_sale_is_recorded(session, demo, actors):
    assert report(session, actors["atelier_owner"], 0)[0].amount_cents == 0


def test_a_sale_with_an_unknown_card_is_refused(session, demo, actors):
    with pytest.raises(errors.CardNotFound):
        report(session, actors["atelier_owner"], 100, card_ref="nobody@example.com")
    assert session.exec(select(Sale)).all() == []


def test_a_sale_from_outside_the_store_is_refused(session, demo, actors):
    for outsider in (actors["lumiere_owner"], actors["lumiere_staff"], PUBLIC):
        with pytest.raises(errors.PermissionDenied):
            report(session, outsider, 100)
    assert session.exec(select(Sale)).all() == []


def test_a_sale_at_an_unknown_store_is_refused(session, demo, actors):
    with pytest.raises(errors.StoreNotFound):
        report(session, actors["admin"], 100, store_code="nowhere")
