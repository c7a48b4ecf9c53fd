"""GDPR anonymization and bulk actions: who may, what changes, what the ledger keeps."""

import pytest
from sqlmodel import select

from loyalty_app.demo import ADMIN_EMAIL
from loyalty_app.models import AuditLog, Customer, EmailLog, LoyaltyCard, LoyaltyTransaction
from loyalty_app.services import errors
from loyalty_app.services.admin import gdpr
from loyalty_app.services.cards import bulk
from loyalty_app.services.cards.enrollment import EnrollmentForm, enroll
from loyalty_app.services.context import Actor
from loyalty_app.services.ledger.journal import find_mismatches


def _enroll(session, store, email, **extra):
    form = EnrollmentForm(
        email=email,
        first_name="Ada",
        last_name="Lovelace",
        phone="+352 621 123 456",
        birthday="1990-05-17",
        accept_terms=True,
        **extra,
    )
    return enroll(session, store, form)


@pytest.fixture
def admin(session, demo):
    from loyalty_app.demo.accounts import get_user

    user = get_user(session, ADMIN_EMAIL)
    return Actor(user_id=user.id, role="platform_admin", acting_admin_id=user.id)


def test_anonymize_unlinks_and_deactivates_cards_scrubs_fields_and_keeps_the_ledger(session, demo, admin):
    a = _enroll(session, "atelier-ville", "ada@example.com")
    b = _enroll(session, "atelier-kirchberg", "ada@example.com")  # cross-location off: a second card
    session.add(
        EmailLog(
            template_code="loyalty_enrollment",
            locale="en",
            recipient="ada@example.com",
            subject="Welcome Ada",
            body_text="Hi Ada",
            status="sent",
        )
    )
    session.commit()
    ledger_before = len(session.exec(select(LoyaltyTransaction)).all())

    result = gdpr.anonymize_customer(session, a.customer.id, admin)

    assert result == {"customer_id": a.customer.id, "cards": 2, "emails_scrubbed": 1, "exports_dropped": 0}
    customer = session.get(Customer, a.customer.id)
    assert (customer.email, customer.first_name, customer.last_name, customer.phone, customer.birth_date) == (
        None,
        None,
        None,
        None,
        None,
    )
    assert customer.anonymized_at is not None
    for card_id in (a.card.id, b.card.id):
        card = session.get(LoyaltyCard, card_id)
        assert card.customer_id is None and not card.is_active
    rows = session.exec(select(LoyaltyTransaction)).all()
    assert len(rows) == ledger_before + 2  # two card_deactivated rows; nothing deleted
    assert {r.type for r in rows} >= {"welcome_bonus", "card_deactivated"}
    assert all(r.acting_admin_id == admin.user_id for r in rows if r.type == "card_deactivated")
    assert "ada@example.com" not in str([(e.recipient, e.subject, e.body_text) for e in session.exec(select(EmailLog))])
    audit = session.exec(select(AuditLog).where(AuditLog.action == "customer.anonymize")).one()
    assert audit.acting_admin_id == admin.user_id
    assert "ada" not in str(audit.old_values) + str(audit.new_values)
    assert find_mismatches(session) == []


def test_anonymize_is_refused_to_merchant_owners_and_twice(session, demo, admin):
    a = _enroll(session, "lumiere-centre", "bob@example.com")
    owner = Actor(role="merchant_owner", merchant_id=demo["merchants"]["lumiere"].id)
    with pytest.raises(errors.PermissionDenied):
        gdpr.anonymize_customer(session, a.customer.id, owner)
    assert session.get(Customer, a.customer.id).email == "bob@example.com"
    gdpr.anonymize_customer(session, a.customer.id, admin)
    with pytest.raises(errors.Conflict):
        gdpr.anonymize_customer(session, a.customer.id, admin)


def test_the_same_email_can_enroll_again_after_anonymization(session, demo, admin):
    a = _enroll(session, "lumiere-centre", "carol@example.com")
    gdpr.anonymize_customer(session, a.customer.id, admin)
    again = _enroll(session, "lumiere-centre", "carol@example.com")
    assert not again.already_enrolled
    assert again.card.id != a.card.id


def test_bulk_bonus_adds_points_to_every_active_card_and_records_the_admin(session, demo, admin):
    merchant_id = demo["merchants"]["atelier"].id
    cards = [_enroll(session, "atelier-ville", f"m{i}@example.com").card for i in range(3)]
    on_behalf = Actor(
        user_id=admin.user_id, role="platform_admin", merchant_id=merchant_id, acting_admin_id=admin.user_id
    )
    bulk.bulk_deactivate(session, merchant_id, [cards[2].id], "Lost", on_behalf)

    result = bulk.bulk_bonus(session, merchant_id, [c.id for c in cards] + [999999], 100, "Summer bonus", on_behalf)

    assert result.done == 2
    assert result.skipped == {cards[2].id: "CARD_INACTIVE", 999999: "CARD_NOT_FOUND"}
    assert [session.get(LoyaltyCard, c.id).points_balance for c in cards] == [150, 150, 50]
    bonus_rows = session.exec(select(LoyaltyTransaction).where(LoyaltyTransaction.type == "admin_adjustment")).all()
    assert len(bonus_rows) == 2 and all(r.acting_admin_id == admin.user_id for r in bonus_rows)
    assert find_mismatches(session) == []


def test_bulk_actions_validate_and_stay_inside_the_merchant(session, demo):
    lumiere, atelier = demo["merchants"]["lumiere"].id, demo["merchants"]["atelier"].id
    other = _enroll(session, "lumiere-centre", "x@example.com").card
    owner = Actor(role="merchant_owner", merchant_id=atelier)
    with pytest.raises(errors.ValidationFailed):
        bulk.bulk_bonus(session, atelier, [other.id], 0, "zero", owner)
    with pytest.raises(errors.ValidationFailed):
        bulk.bulk_deactivate(session, atelier, [other.id], "  ", owner)
    with pytest.raises(errors.PermissionDenied):
        bulk.bulk_bonus(session, lumiere, [other.id], 10, "not mine", owner)
    staff = Actor(role="store_staff", merchant_id=atelier, store_id=demo["stores"]["atelier-ville"].id)
    with pytest.raises(errors.PermissionDenied):
        bulk.bulk_deactivate(session, atelier, [other.id], "nope", staff)
    result = bulk.bulk_deactivate(session, atelier, [other.id], "cross-merchant", owner)
    assert result.done == 0 and result.skipped == {other.id: "CARD_NOT_FOUND"}
    assert session.get(LoyaltyCard, other.id).is_active
