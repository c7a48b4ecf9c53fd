"""Which email a card gets and when: eligibility, once per period, the content, the queued log row.

A job calls `prepare_card_email` (idempotent: it returns the pending row of this period, creates
it, or returns None when the email is not due or already sent), then `mailer.deliver` per attempt.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import Customer, EmailLog, LoyaltyCard, LoyaltyProgram, Merchant, Store, TxType
from loyalty_app.services.context import clock
from loyalty_app.services.email import birthdays, reengagement
from loyalty_app.services.email.context import QR_CID, build_context, latest_tx
from loyalty_app.services.email.defaults import CODES, LOCALES, MARKETING_CODES
from loyalty_app.services.email.templates import find_template, render
from loyalty_app.services.ledger import expiry

log = logging.getLogger(__name__)

ONCE_PER_CARD = frozenset({"loyalty_enrollment", "loyalty_welcome_bonus"})


@dataclass
class CardFacts:
    card: LoyaltyCard
    customer: Customer | None
    program: LoyaltyProgram
    merchant: Merchant
    store: Store

    @property
    def locale(self) -> str:
        for candidate in (self.customer.locale if self.customer else None, self.merchant.default_locale):
            if candidate in LOCALES:
                return candidate
        return "en"


def load_facts(session: Session, card_id: int, *, lock: bool = False) -> CardFacts | None:
    """The card (row-locked when asked) with its customer, program, merchant and store."""
    stmt = select(LoyaltyCard).where(LoyaltyCard.id == card_id)
    if lock:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    card = session.exec(stmt).first()
    if card is None:
        return None
    program, merchant, store = session.exec(
        select(LoyaltyProgram, Merchant, Store)
        .join(Merchant, Merchant.id == LoyaltyProgram.merchant_id)
        .join(Store, Store.merchant_id == Merchant.id)
        .where(LoyaltyProgram.id == card.program_id, Store.id == card.enrolled_store_id)
    ).one()
    customer = session.get(Customer, card.customer_id) if card.customer_id else None
    return CardFacts(card=card, customer=customer, program=program, merchant=merchant, store=store)


def skip_reason(facts: CardFacts, code: str) -> str | None:
    """Why this card cannot receive this email at all (None: it can)."""
    customer = facts.customer
    if code not in CODES:
        return "unknown_code"
    if customer is None or customer.anonymized_at is not None or not customer.email:
        return "no_recipient"
    if facts.card.deleted_at is not None or not facts.card.is_active:
        return "card_inactive"
    if facts.program is None or facts.program.deleted_at is not None or facts.merchant.deleted_at is not None:
        return "program_gone"
    if code in MARKETING_CODES and not customer.marketing_consent:
        return "no_marketing_consent"
    return None


def local_now(facts: CardFacts, now: datetime) -> datetime:
    return now.astimezone(ZoneInfo(facts.merchant.timezone))


def due_since(session: Session, facts: CardFacts, code: str, now: datetime) -> tuple[bool, datetime | None]:
    """(still due?, start of the period in which this email goes at most once; None = once per card)."""
    card, program = facts.card, facts.program
    if code in ONCE_PER_CARD:
        due = code == "loyalty_enrollment" or latest_tx(session, card.id, TxType.WELCOME_BONUS) is not None
        return due, None
    if code == "loyalty_reward_ready":
        redeemed = latest_tx(session, card.id, TxType.STAMP_REDEEMED)
        return card.stamp_count >= program.stamps_target, redeemed.created_at if redeemed else None
    if code == "loyalty_points_expiring":
        return expiry.warning_due(card, program, now), expiry.cycle_start(card)
    if code == "loyalty_points_expired":
        expired = latest_tx(session, card.id, TxType.POINTS_EXPIRED)
        return expired is not None and now - expired.created_at < expiry.EXPIRED_NOTICE_WINDOW, (
            expired.created_at if expired else None
        )
    if code == "loyalty_birthday":
        today = local_now(facts, now)
        due = birthdays.is_birthday(facts.customer.birth_date, today.date()) and today.hour >= birthdays.SEND_HOUR
        return due, today.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if code == "loyalty_reengagement":
        return reengagement.inactive(card, now), now - reengagement.MIN_GAP
    raise ValueError(code)


def _mark_sent_period(facts: CardFacts, code: str, now: datetime) -> None:
    """Stamp the card so the daily/weekly sweeps see this email as done for the period."""
    card = facts.card
    if code == "loyalty_points_expiring":
        card.expiry_warning_sent_at = now
    elif code == "loyalty_birthday":
        card.last_birthday_email_year = local_now(facts, now).year
    elif code == "loyalty_reengagement":
        card.reengagement_sent_at = now


def _previous_email(session: Session, card_id: int, code: str, since: datetime | None) -> EmailLog | None:
    """The latest log row of this email for the card in the current period (all time when `since` is None)."""
    return session.exec(
        select(EmailLog)
        .where(
            EmailLog.card_id == card_id,
            EmailLog.template_code == code,
            EmailLog.created_at >= since if since is not None else sa.true(),
        )
        .order_by(EmailLog.id.desc())
    ).first()


def _rendered_row(session: Session, facts: CardFacts, code: str, now: datetime) -> EmailLog:
    """A queued log row with the rendered email, or a failed one when the template cannot render."""
    row = EmailLog(
        merchant_id=facts.merchant.id,
        card_id=facts.card.id,
        template_code=code,
        locale=facts.locale,
        recipient=facts.customer.email,
        status="queued",
        created_at=now,
    )
    context = build_context(session, facts, code, facts.locale, now)
    try:
        rendered = render(find_template(session, code, facts.locale, facts.merchant.id), context)
        row.subject, row.body_text, row.body_html, row.locale = (
            rendered.subject,
            rendered.body_text,
            rendered.body_html,
            rendered.locale,
        )
    except Exception as exc:  # a missing or broken (admin-edited) template: permanent, so no retry
        row.status, row.error = "failed", f"template: {type(exc).__name__}: {exc}"[:2000]
        log.error("email %s for card %s cannot be rendered: %s", code, facts.card.id, exc)
    return row


def prepare_card_email(session: Session, code: str, card_id: int, now: datetime | None = None) -> EmailLog | None:
    """The queued or failed log row to (re)send for this card and code, or None when there is nothing to send."""
    now = clock(now)
    facts = load_facts(session, card_id, lock=True)  # one email decision per card at a time
    if facts is None:
        session.rollback()
        log.warning("email %s skipped: card %s does not exist", code, card_id)
        return None
    reason = skip_reason(facts, code)
    if reason:
        session.rollback()
        log.info("email %s for card %s skipped: %s", code, card_id, reason)
        return None
    due, since = due_since(session, facts, code, now)
    previous = _previous_email(session, card_id, code, since)
    if previous is not None:
        session.rollback()
        # Sent: done. Failed without a body: a template error, permanent. Otherwise: a retry of this row.
        return None if previous.status == "sent" or not previous.body_text else previous
    if not due:
        session.rollback()
        log.info("email %s for card %s skipped: no longer due", code, card_id)
        return None
    row = _rendered_row(session, facts, code, now)
    _mark_sent_period(facts, code, now)
    session.add(row)
    session.add(facts.card)
    session.commit()
    return row if row.status == "queued" else None


def inline_images(session: Session, email: EmailLog) -> dict[str, bytes]:
    """Images the HTML part refers to by cid: the card's QR code for the enrollment email."""
    if email.template_code != "loyalty_enrollment" or email.card_id is None:
        return {}
    from loyalty_app.services.cards.qr import card_qr_png

    card = session.get(LoyaltyCard, email.card_id)
    return {QR_CID: card_qr_png(card.qr_token)} if card else {}
