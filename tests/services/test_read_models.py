"""One read path per thing: the API and the console read the same stores and the same email log."""

from loyalty_app.models import EmailLog
from loyalty_app.models.public import CardPublic, StorePublic
from loyalty_app.services.cards.public import card_public
from loyalty_app.services.email.log import EmailFilter, list_emails
from loyalty_app.services.merchant.stores import list_stores

from .support import NOW, join


def test_a_card_reads_as_api_md_card_in_the_documented_order(session, demo):
    card = card_public(session, join(session, "lumiere-centre", "ada@example.com").card)

    assert isinstance(card, CardPublic)
    assert list(card.model_dump()) == [
        "id",
        "card_number",
        "qr_token",
        "loyalty_type",
        "stamp_count",
        "stamps_target",
        "points_balance",
        "is_active",
        "enrolled_at_store",
        "customer",
    ]
    assert card.enrolled_at_store.code == "lumiere-centre" and card.customer.email == "ada@example.com"


def test_the_merchant_stores_are_one_list_with_inactive_ones_and_no_other_merchant(session, demo):
    stores = list_stores(session, demo["merchants"]["atelier"].id)

    assert all(isinstance(s, StorePublic) for s in stores)
    assert [s.code for s in stores] == ["atelier-kirchberg", "atelier-ville"]


def test_the_email_log_matches_a_whole_address_or_a_part_of_one(session, demo):
    for recipient in ("ada@example.com", "ada@example.com.au"):
        session.add(
            EmailLog(template_code="loyalty_birthday", locale="en", recipient=recipient, subject="Hi", created_at=NOW)
        )
    session.commit()

    def recipients(**f) -> list[str]:
        return sorted(e.recipient for e in list_emails(session, EmailFilter(**f)).items)

    assert recipients(address="ADA@example.com") == ["ada@example.com"]
    assert recipients(recipient="ADA@example.com") == ["ada@example.com", "ada@example.com.au"]
