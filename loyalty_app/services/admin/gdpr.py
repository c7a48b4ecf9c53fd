"""GDPR erasure: anonymize a customer while the ledger stays for aggregate reporting."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.db import lock_card
from loyalty_app.models import Customer, EmailLog, LoyaltyCard, TxType
from loyalty_app.services import effects, errors
from loyalty_app.services.admin import audit
from loyalty_app.services.context import Actor, clock
from loyalty_app.services.events import CardChanged
from loyalty_app.services.ledger import journal as ledger
from loyalty_app.services.tasks import lifecycle as tasks

ERASED = "[erased]"


def _unlink_cards(session: Session, customer_id: int, actor: Actor, now: datetime) -> int:
    """Deactivate (with a ledger row) and unlink every card of the customer; answers how many."""
    card_ids = list(session.exec(select(LoyaltyCard.id).where(LoyaltyCard.customer_id == customer_id)))
    for card_id in card_ids:
        card = lock_card(session, card_id)
        if card.is_active:
            card.is_active = False
            card.deactivated_reason = "GDPR erasure"
            ledger.append(
                session,
                card,
                type=TxType.CARD_DEACTIVATED,
                now=now,
                actor=actor,
                reason="GDPR erasure",
                touches_activity=False,
            )
        card.customer_id = None
        card.wallet_version += 1
        session.add(card)
        effects.emit(session, CardChanged(card.id))
    return len(card_ids)


def _scrub_email_log(session: Session, email: str | None) -> int:
    if not email:
        return 0
    return session.execute(
        sa.update(EmailLog)
        .where(sa.func.lower(EmailLog.recipient) == email.lower())
        .values(recipient=ERASED, subject=ERASED, body_text="", body_html="")
    ).rowcount


def anonymize_customer(session: Session, customer_id: int, actor: Actor, now: datetime | None = None) -> dict:
    """Unlink and deactivate the cards, scrub personal fields and the email log; keep the ledger.

    The audit row names the customer id only: writing the old values there would keep the data.
    """
    if actor.role not in ("platform_admin", "system"):
        raise errors.PermissionDenied()
    now = clock(now)
    customer = session.exec(select(Customer).where(Customer.id == customer_id).with_for_update()).first()
    if customer is None:
        raise errors.NotFound("No such customer.")
    if customer.anonymized_at is not None:
        raise errors.Conflict("This customer is already anonymized.")
    email = customer.email
    cards = _unlink_cards(session, customer.id, actor, now)
    for field in ("email", "first_name", "last_name", "phone", "birth_date", "notes"):
        setattr(customer, field, None)
    customer.marketing_consent = False
    customer.anonymized_at = now
    session.add(customer)
    result = {
        "customer_id": customer.id,
        "cards": cards,
        "emails_scrubbed": _scrub_email_log(session, email),
        # Finished exports may list the customer: they are dropped (the merchant can export again).
        "exports_dropped": tasks.drop_outputs(session, customer.merchant_id),
    }
    audit.record(session, actor, "customer.anonymize", customer, None, result, merchant_id=customer.merchant_id)
    session.commit()
    return result
