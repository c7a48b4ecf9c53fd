"""The merchant's card list: search, filters, sorting, pages, and the ids a bulk action on a filter targets."""

from datetime import timedelta

import pytest

from loyalty_app.services.cards import card_list, cards
from loyalty_app.services.cards.card_list import CardFilter

from .support import NOW, collect_stamps, join


@pytest.fixture
def lumiere_cards(session, demo, actors):
    owner = actors["lumiere_owner"]
    ada = join(
        session,
        "lumiere-centre",
        "ada@example.com",
        first_name="Ada",
        last_name="Lovelace",
        now=NOW - timedelta(days=100),
    ).card
    bob = join(
        session, "lumiere-gare", "bob@example.com", first_name="Bob", last_name="Zimmer", now=NOW - timedelta(days=90)
    ).card
    cid = join(
        session, "lumiere-centre", "cid@example.com", first_name="Cid", last_name="Martin", now=NOW - timedelta(days=80)
    ).card
    # Ada came daily for a week, 90 days ago: far beyond twice her usual interval, so at risk.
    for day in range(5):
        collect_stamps(session, ada, owner, 1, start=NOW - timedelta(days=95 - day))
    for ago in (timedelta(days=1), timedelta(hours=2)):  # Cid comes about daily and came today
        collect_stamps(session, cid, owner, 1, start=NOW - ago)
    cards.deactivate_card(session, demo["merchants"]["lumiere"].id, bob.id, "Lost", owner, now=NOW)
    join(session, "atelier-ville", "ada@example.com", first_name="Ada", now=NOW)  # another merchant's card
    return {"merchant": demo["merchants"]["lumiere"].id, "ada": ada, "bob": bob, "cid": cid}


def _numbers(page) -> list[str]:
    return [item.card_number for item in page.items]


def test_search_matches_email_name_or_card_number_within_the_merchant(session, lumiere_cards):
    m, ada = lumiere_cards["merchant"], lumiere_cards["ada"]
    assert _numbers(card_list.list_cards(session, m, CardFilter(query="ADA@"), now=NOW)) == [ada.card_number]
    assert _numbers(card_list.list_cards(session, m, CardFilter(query="lovelace"), now=NOW)) == [ada.card_number]
    spaced = cards.format_card_number(ada.card_number)[:9]
    assert _numbers(card_list.list_cards(session, m, CardFilter(query=spaced), now=NOW)) == [ada.card_number]


def test_filters_by_active_store_and_at_risk(session, lumiere_cards):
    m, c = lumiere_cards["merchant"], lumiere_cards
    assert _numbers(card_list.list_cards(session, m, CardFilter(active=False), now=NOW)) == [c["bob"].card_number]
    centre = card_list.list_cards(session, m, CardFilter(store_code="lumiere-centre"), now=NOW)
    assert set(_numbers(centre)) == {c["ada"].card_number, c["cid"].card_number}
    assert _numbers(card_list.list_cards(session, m, CardFilter(at_risk=True), now=NOW)) == [c["ada"].card_number]
    assert card_list.count_cards(session, m, CardFilter(at_risk=True, active=True), now=NOW) == 1


def test_sorting_and_pages(session, lumiere_cards):
    m, c = lumiere_cards["merchant"], lumiere_cards
    by_name = card_list.list_cards(session, m, CardFilter(), sort="name", page_size=2, now=NOW)
    assert _numbers(by_name) == [c["ada"].card_number, c["cid"].card_number]
    assert by_name.total == 3
    second = card_list.list_cards(session, m, CardFilter(), sort="name", page=2, page_size=2, now=NOW)
    assert _numbers(second) == [c["bob"].card_number]
    newest = card_list.list_cards(session, m, CardFilter(), now=NOW)
    assert _numbers(newest) == [c["cid"].card_number, c["bob"].card_number, c["ada"].card_number]
    stamps_first = card_list.list_cards(session, m, CardFilter(), sort="stamps", now=NOW)
    assert _numbers(stamps_first)[0] == c["ada"].card_number
    assert newest.items[0].last_activity_at is not None


def test_card_ids_are_exactly_what_the_filter_counts(session, lumiere_cards):
    m = lumiere_cards["merchant"]
    active = CardFilter(active=True)
    ids = card_list.card_ids(session, m, active, now=NOW)
    assert sorted(ids) == sorted([lumiere_cards["ada"].id, lumiere_cards["cid"].id])
    assert card_list.count_cards(session, m, active, now=NOW) == len(ids)


def test_another_merchants_cards_never_show(session, lumiere_cards):
    assert card_list.count_cards(session, lumiere_cards["merchant"], CardFilter(query="ada"), now=NOW) == 1
