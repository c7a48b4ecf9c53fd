"""Google Wallet sync against the local Wallet API: objects follow balances, retries follow the rules."""

from loyalty_app.demo import PINS
from loyalty_app.models import LoyaltyCard, LoyaltyProgram
from loyalty_app.services.cards.enrollment import EnrollmentForm, enroll
from loyalty_app.services.ledger import stamps
from loyalty_app.services.merchant import program as programs
from loyalty_app.services.wallet import sync as wallet_sync

from .pki import ISSUER_ID


def join(session, store="lumiere-centre", email="ada@example.com", **fields) -> LoyaltyCard:
    form = EnrollmentForm(email=email, first_name="Ada", last_name="Lovelace", accept_terms=True, **fields)
    return enroll(session, store, form).card


def reload(session, card) -> LoyaltyCard:
    session.expire_all()
    card = session.get(LoyaltyCard, card.id)
    session.commit()
    return card


def object_of(server, card) -> dict:
    return server.resources["loyaltyObject"][f"{ISSUER_ID}.card-{card.card_number}"]


def test_enrollment_creates_the_class_and_the_object(session, demo_db, wallet_clients, google_server):
    card = join(session)
    outcome = wallet_sync.sync_card(session, card.id, wallet_clients)
    assert outcome.ok and outcome.google == "inserted"
    obj = object_of(google_server, card)
    assert obj["state"] == "ACTIVE" and obj["accountName"] == "Ada Lovelace"
    assert obj["barcode"] == {
        "type": "QR_CODE",
        "value": card.qr_token,
        "alternateText": " ".join(card.card_number[i : i + 4] for i in (0, 4, 8)),
    }
    assert obj["loyaltyPoints"]["balance"] == {"string": "0 / 10"}
    cls = google_server.resources["loyaltyClass"][obj["classId"]]
    assert cls["programName"] == "Café Lumière" and cls["reviewStatus"] == "UNDER_REVIEW"
    card = reload(session, card)
    assert card.google_object_id == obj["id"] and card.wallet_last_error is None
    assert card.wallet_last_synced_at is not None
    assert session.get(LoyaltyProgram, card.program_id).google_class_id == obj["classId"]


def test_a_stamp_patches_the_object(session, demo_db, wallet_clients, google_server):
    card = join(session)
    wallet_sync.sync_card(session, card.id, wallet_clients)
    stamps.add_stamp(
        session,
        "lumiere-centre",
        card.card_number,
        demo_db["actors"]["lumiere_staff"],
        staff_pin=PINS["lumiere-centre"],
    )
    card = reload(session, card)
    assert card.wallet_synced_version < card.wallet_version
    outcome = wallet_sync.sync_card(session, card.id, wallet_clients)
    assert outcome.google == "updated"
    assert google_server.calls_to("/loyaltyObject/", "PATCH")[-1].status == 200
    assert object_of(google_server, card)["loyaltyPoints"]["balance"] == {"string": "1 / 10"}
    card = reload(session, card)
    assert card.wallet_synced_version == card.wallet_version


def test_points_card_shows_its_balance_as_an_integer(session, demo_db, wallet_clients, google_server):
    card = join(session, store="atelier-ville")
    wallet_sync.sync_card(session, card.id, wallet_clients)
    assert object_of(google_server, card)["loyaltyPoints"]["balance"] == {"int": 50}  # the welcome bonus


def test_409_on_insert_fetches_then_patches(session, demo_db, wallet_clients, google_server):
    card = join(session)
    wallet_sync.sync_card(session, card.id, wallet_clients)
    # The object exists at Google, but our record of it was lost (e.g. a restore from backup).
    session.get(LoyaltyCard, card.id).google_object_id = None
    session.commit()
    google_server.calls.clear()
    outcome = wallet_sync.sync_card(session, card.id, wallet_clients, force=True)
    assert outcome.ok and outcome.google == "updated"
    assert [(c.method, c.status) for c in google_server.calls_to("/loyaltyObject")] == [
        ("POST", 409),
        ("GET", 200),
        ("PATCH", 200),
    ]


def test_one_failing_card_never_stops_the_batch(session, demo_db, wallet_clients, google_server):
    first, second, third = (join(session, email=f"m{i}@example.com") for i in range(3))
    google_server.fail(f"card-{second.card_number}", 400)
    wallet_sync.sync_card(session, first.id, wallet_clients)  # the class exists before the batch
    second.google_object_id = f"{ISSUER_ID}.card-{second.card_number}"  # PATCH path, so the id is in the URL
    session.add(second)
    session.commit()
    counts = wallet_sync.sync_cards(session, [first.id, second.id, third.id], wallet_clients, force=True)
    assert counts == {"synced": 2, "skipped": 0, "failed": 1}
    assert reload(session, third).wallet_last_error is None
    assert "400" in reload(session, second).wallet_last_error


def test_a_card_already_in_sync_is_skipped(session, demo_db, wallet_clients, google_server):
    card = join(session)
    wallet_sync.sync_card(session, card.id, wallet_clients)
    calls = len(google_server.calls)
    assert wallet_sync.sync_card(session, card.id, wallet_clients).skipped
    assert len(google_server.calls) == calls and wallet_sync.cards_to_sweep(session) == []


def test_the_sweep_brings_every_lagging_card_in_sync(session, demo_db, wallet_clients, google_server):
    cards = [join(session, email=f"m{i}@example.com") for i in range(4)]
    google_server.fail("/loyaltyObject", 400)
    wallet_sync.sync_cards(session, [c.id for c in cards], wallet_clients)
    lagging = wallet_sync.cards_to_sweep(session)
    assert len(lagging) == 1
    assert wallet_sync.sync_cards(session, lagging, wallet_clients) == {"synced": 1, "skipped": 0, "failed": 0}
    assert wallet_sync.cards_to_sweep(session) == []
    assert len(google_server.resources["loyaltyObject"]) == 4


def test_a_deactivated_card_becomes_inactive_in_google(session, demo_db, wallet_clients, google_server):
    from loyalty_app.services.cards import cards

    card = join(session)
    wallet_sync.sync_card(session, card.id, wallet_clients)
    cards.deactivate_card(session, card.merchant_id, card.id, "lost", demo_db["actors"]["lumiere_owner"])
    wallet_sync.sync_card(session, card.id, wallet_clients)
    assert object_of(google_server, card)["state"] == "INACTIVE"


def test_a_program_change_updates_its_class(session, demo_db, wallet_clients, google_server):
    card = join(session)
    wallet_sync.sync_card(session, card.id, wallet_clients)
    program = programs.update_program(
        session, card.merchant_id, {"card_color": "#112233"}, demo_db["actors"]["lumiere_owner"]
    )
    result = wallet_sync.sync_program(session, program.id, wallet_clients)
    assert result == {"class": "updated", "cards": 1, "errors": []}
    assert google_server.resources["loyaltyClass"][program.google_class_id]["hexBackgroundColor"] == "#112233"
    assert wallet_sync.cards_to_sweep(session) == [card.id]
    wallet_sync.sync_cards(session, [card.id], wallet_clients)
    assert object_of(google_server, card)["hexBackgroundColor"] == "#112233"
