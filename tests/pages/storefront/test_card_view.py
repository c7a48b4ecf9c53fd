"""The card as the storefront shows it: wallet buttons only when configured, nothing of a member's card to a guess."""

from loyalty_app.pages.storefront import card_view
from loyalty_app.services.cards import enrollment
from loyalty_app.services.wallet import passes as wallet_passes

from ...services.support import join


def test_wallet_buttons_appear_only_for_configured_wallets(session, demo, monkeypatch):
    card = join(session, "lumiere-centre").card
    assert card_view.build(session, card, "en").google_url == ""
    monkeypatch.setattr(
        wallet_passes,
        "wallet_links",
        lambda c: {"google_save_url": "https://pay.example/save/x", "apple_pass_url": None},
    )
    view = card_view.build(session, card, "en")
    assert (view.google_url, view.apple_url) == ("https://pay.example/save/x", "")


def test_the_success_view_of_a_member_shows_where_the_card_works_but_not_the_card(session, demo):
    join(session, "lumiere-centre", "ada@example.com")
    again = enrollment.enroll(
        session, "lumiere-gare", enrollment.EnrollmentForm(email="ada@example.com", first_name="Ada", accept_terms=True)
    )
    view = card_view.card_view(session, again, "en")
    assert view.already_enrolled and view.locations == ["Café Lumière Centre", "Café Lumière Gare"]
    assert (view.card_number, view.qr_src, view.points_text) == ("", "", "")


def test_numbers_follow_the_language(session, demo):
    card = join(session, "atelier-ville").card  # 50 welcome points; rewards cost 500 and 1,200
    view = card_view.build(session, card, "en")
    assert [r.cost for r in view.rewards] == ["500", "1,200"]
    assert [r.cost for r in view.relocalized("de").rewards] == ["500", "1.200"]
    assert [(n.key, n.count) for n in view.next] == [("storefront.next.points_many", "450")]
