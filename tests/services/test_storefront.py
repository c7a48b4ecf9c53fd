from datetime import timedelta

import pytest

from loyalty_app.demo import PINS
from loyalty_app.services import errors
from loyalty_app.services.cards import storefront
from loyalty_app.services.cards.cards import get_program, get_store
from loyalty_app.services.ledger import points

from .support import NOW, collect_stamps, join


def test_the_storefront_lists_the_merchants_active_stores(session, demo):
    front = storefront.storefront(session, "lumiere-gare")
    assert front.store.code == "lumiere-gare" and front.merchant.name == "Café Lumière"
    assert [s.code for s in front.locations] == ["lumiere-centre", "lumiere-gare"]


def test_an_unknown_store_is_not_found(session, demo):
    with pytest.raises(errors.StoreNotFound):
        storefront.storefront(session, "nowhere")


def test_with_cross_location_any_store_serves_the_merchant_card(session, demo):
    card = join(session, "lumiere-centre").card
    gare = get_store(session, "lumiere-gare")
    assert storefront.card_for_customer(session, gare, get_program(session, gare.merchant_id), card.customer_id) == card


def test_without_cross_location_each_store_serves_only_its_own_card(session, demo):
    ville = join(session, "atelier-ville").card
    kirchberg = get_store(session, "atelier-kirchberg")
    program = get_program(session, kirchberg.merchant_id)
    assert storefront.card_for_customer(session, kirchberg, program, ville.customer_id) is None
    own = join(session, "atelier-kirchberg").card
    assert storefront.card_for_customer(session, kirchberg, program, ville.customer_id) == own


def test_rewards_say_how_many_points_are_still_missing(session, demo):
    card = join(session, "atelier-ville").card  # 50 welcome points
    program = get_program(session, card.merchant_id)
    progress = storefront.reward_progress(program, card)
    assert [(r.id, r.points_to_go) for r in progress] == [("voucher-5", 450), ("voucher-15", 1150)]
    assert [(n.kind, n.name, n.missing) for n in storefront.next_rewards(program, card)] == [
        ("points", "5 EUR voucher", 450)
    ]


def test_when_every_reward_is_affordable_the_dearest_is_ready(session, demo, actors):
    card = join(session, "atelier-ville").card
    points.earn_points(
        session,
        "atelier-ville",
        card.card_number,
        20000,
        actors["atelier_staff"],
        staff_pin=PINS["atelier-ville"],
        now=NOW,
    )
    session.refresh(card)
    program = get_program(session, card.merchant_id)
    assert [(n.name, n.missing) for n in storefront.next_rewards(program, card)] == [("15 EUR voucher", 0)]


def test_the_stamp_reward_counts_down_to_ready(session, demo, actors):
    card = join(session, "lumiere-centre").card
    program = get_program(session, card.merchant_id)
    assert [(n.kind, n.missing) for n in storefront.next_rewards(program, card)] == [("stamps", 10)]
    collect_stamps(session, card, actors["lumiere_staff"], 3)
    session.refresh(card)
    assert storefront.next_rewards(program, card)[0].missing == 7


def test_history_pages_newest_first_and_clamps_the_page(session, demo, actors):
    card = join(session, "lumiere-centre").card
    collect_stamps(session, card, actors["lumiere_staff"], 12, start=NOW + timedelta(hours=1))
    first = storefront.history_page(session, card, 1, page_size=5)
    assert (first.total, first.pages, len(first.rows)) == (12, 3, 5)
    assert first.rows[0].created_at > first.rows[-1].created_at
    assert first.store_names == {first.rows[0].store_id: "Café Lumière Centre"}
    last = storefront.history_page(session, card, 99, page_size=5)
    assert (last.page, len(last.rows)) == (3, 2)


@pytest.mark.parametrize(
    ("colour", "text"),
    [
        ("#8B5A2B", "#FFFFFF"),
        ("#1F2937", "#FFFFFF"),
        ("#FDE68A", "#111111"),
        ("#FFFFFF", "#111111"),
        ("bogus", "#FFFFFF"),
    ],
)
def test_brand_text_is_black_or_white_whichever_reads_better(colour, text):
    assert storefront.readable_text_color(colour) == text


@pytest.mark.parametrize(
    ("colour", "text"),
    [("#8B5A2B", "#8B5A2B"), ("#1F2937", "#1F2937"), ("#FDE68A", "#111111"), ("#6B9BD1", "#111111"), ("", "#111111")],
)
def test_brand_coloured_text_on_white_is_used_only_when_it_passes_aa(colour, text):
    assert storefront.accent_text_color(colour) == text
