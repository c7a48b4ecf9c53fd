"""The trash listing: trashed programs and cards with who deleted them, and the merchants to restore."""

from loyalty_app.demo import ADMIN_EMAIL, ATELIER_OWNER
from loyalty_app.demo.accounts import get_user
from loyalty_app.models import Merchant
from loyalty_app.services.admin import trash
from loyalty_app.services.admin import trash_listing as admin_trash
from loyalty_app.services.staff import scope

from .support import join


def test_trash_lists_cards_and_programs_with_who_deleted_them(session, demo, actors):
    lumiere, atelier = demo["merchants"]["lumiere"].id, demo["merchants"]["atelier"].id
    card = join(session, "atelier-ville", "ada@example.com", last_name="Lovelace").card
    join(session, "atelier-ville", "bob@example.com")
    trash.soft_delete_card(session, atelier, card.id, actors["atelier_owner"])
    admin = scope.merchant_actor(session, get_user(session, ADMIN_EMAIL), lumiere)
    trash.soft_delete_program(session, lumiere, admin)

    listing = admin_trash.list_trash(session)

    [trashed_card] = listing["cards"]
    assert (trashed_card["card_number"], trashed_card["customer"]) == (card.card_number, "Ada Lovelace")
    assert trashed_card["deleted_by"] == ATELIER_OWNER and trashed_card["deleted_at"] is not None
    assert trashed_card["points_balance"] == 50
    [program] = listing["programs"]
    assert (program["merchant"], program["deleted_by"]) == ("Café Lumière", ADMIN_EMAIL)
    assert {m["name"]: (m["programs"], m["cards"]) for m in listing["merchants"]} == {
        "Café Lumière": (1, 0),
        "Mode Atelier": (0, 1),
    }


def test_a_cascade_restore_empties_the_merchants_trash(session, demo, actors):
    atelier = demo["merchants"]["atelier"]
    card = join(session, "atelier-ville", "ada@example.com").card
    trash.soft_delete_card(session, atelier.id, card.id, actors["atelier_owner"])
    trash.soft_delete_program(session, atelier.id, actors["atelier_owner"])
    merchant = session.get(Merchant, atelier.id)
    merchant.deleted_at = card.deleted_at
    session.add(merchant)
    session.commit()
    assert admin_trash.merchants_in_trash(session)[0]["deleted_at"] is not None

    trash.restore_merchant(session, atelier.id, actors["admin"])

    assert admin_trash.list_trash(session) == {"programs": [], "cards": [], "merchants": []}
