"""Keep each card's Google object and Apple pass in step with its balance, recording per-card status.

Rules: calls retry with backoff (1 s, 4 s, 16 s) on 429, 5xx and no answer, never on another 4xx;
one card's failure is recorded on that card and never stops a batch; the hourly sweep picks up
every card whose synced version lags or whose last sync failed.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from loyalty_app.models import AppleDeviceRegistration, Customer, LoyaltyCard, LoyaltyProgram, Merchant
from loyalty_app.services.context import clock
from loyalty_app.settings import Settings, get_settings
from loyalty_app.wallet import config
from loyalty_app.wallet.clients import WalletClients, shared_clients
from loyalty_app.wallet.google_objects import loyalty_class, loyalty_object
from loyalty_app.wallet.retry import WalletError

log = logging.getLogger(__name__)
MAX_ERROR_LENGTH = 2000
SWEEP_LIMIT = 10_000
RESYNC_ROUNDS = 3


@dataclass
class SyncOutcome:
    card_id: int
    version: int = 0
    skipped: bool = False
    google: str | None = None  # "inserted" | "updated"
    new_object_id: str | None = None
    pushed: int = 0
    unregistered: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def needs_sync(card: LoyaltyCard, settings: Settings) -> bool:
    return (
        card.wallet_synced_version < card.wallet_version
        or card.wallet_last_error is not None
        or (config.google_enabled(settings) and card.google_object_id is None)
    )


def sync_card(
    session: Session,
    card_id: int,
    clients: WalletClients | None = None,
    *,
    force: bool = False,
    now: datetime | None = None,
) -> SyncOutcome:
    """Bring one card's wallet passes up to date; errors are recorded on the card, not raised."""
    clients = clients or shared_clients()
    for _ in range(RESYNC_ROUNDS):
        outcome, synced = _sync_once(session, card_id, clients, force, now)
        # A newer version synced while we were in flight: our older PATCH may have landed last.
        if outcome.skipped or not outcome.ok or synced <= outcome.version:
            return outcome
        force = True
    return outcome


def _sync_once(session, card_id, clients, force, now) -> tuple[SyncOutcome, int]:
    settings = clients.settings
    card = session.exec(
        select(LoyaltyCard).where(LoyaltyCard.id == card_id).execution_options(populate_existing=True)
    ).first()
    outcome = SyncOutcome(card_id, version=card.wallet_version if card else 0)
    if card is None or (not force and not needs_sync(card, settings)):
        session.commit()
        outcome.skipped = True
        return outcome, outcome.version
    program = session.get(LoyaltyProgram, card.program_id, populate_existing=True)
    new_class = google_object = None
    # A card in the trash that never reached Google stays out of it.
    if config.google_enabled(settings) and (card.deleted_at is None or card.google_object_id):
        customer = session.get(Customer, card.customer_id) if card.customer_id else None
        google_object = loyalty_object(settings, card, program, customer)
        if program.google_class_id is None:
            new_class = loyalty_class(settings, program, session.get(Merchant, program.merchant_id))
    object_exists = card.google_object_id is not None
    tokens = _push_tokens(session, settings, card) if config.apple_enabled(settings) else []
    session.commit()  # no transaction stays open across network calls (SQLite would hold its write lock)

    if google_object is not None:
        try:
            outcome.google = _sync_google(session, clients.google, program.id, new_class, google_object, object_exists)
            outcome.new_object_id = None if object_exists else google_object["id"]
        except WalletError as exc:
            session.rollback()
            outcome.errors.append(_describe(exc))
    outcome.pushed, outcome.unregistered = push_all(session, clients, tokens, outcome.errors)
    return outcome, record_outcome(session, outcome, clock(now))


def _sync_google(session, google, program_id: int, new_class: dict | None, obj: dict, exists: bool) -> str:
    """The class first (an object needs it), then the object: PATCH if we made it, else insert."""
    if new_class is not None:
        google.insert_or_update("loyaltyClass", new_class)
        session.execute(
            sa.update(LoyaltyProgram)
            .where(LoyaltyProgram.id == program_id, LoyaltyProgram.google_class_id.is_(None))
            .values(google_class_id=new_class["id"])
        )
        session.commit()
    if exists:
        return google.update_or_insert("loyaltyObject", obj)
    return google.insert_or_update("loyaltyObject", obj)


def push_all(
    session: Session, clients: WalletClients, tokens: list[tuple[int, str]], errors: list[str]
) -> tuple[int, int]:
    """Push to every device; a 410 deletes that registration. Returns (pushed, unregistered)."""
    pushed = gone = 0
    for registration_id, token in tokens:
        try:
            if clients.apns.push(token):
                pushed += 1
                continue
        except WalletError as exc:
            errors.append(_describe(exc))
            continue
        session.execute(sa.delete(AppleDeviceRegistration).where(AppleDeviceRegistration.id == registration_id))
        session.commit()
        gone += 1
    return pushed, gone


def _push_tokens(session: Session, settings: Settings, card: LoyaltyCard) -> list[tuple[int, str]]:
    rows = session.exec(
        select(AppleDeviceRegistration.id, AppleDeviceRegistration.push_token).where(
            AppleDeviceRegistration.pass_type_id == settings.apple_pass_type_id,
            AppleDeviceRegistration.serial_number == card.card_number,
        )
    )
    return [tuple(r) for r in rows]


def _describe(exc: WalletError) -> str:
    tries = f" (after {exc.attempts} attempts)" if exc.attempts > 1 else ""
    return f"{exc}{tries}"


def record_outcome(session: Session, outcome: SyncOutcome, now: datetime) -> int:
    """One short UPDATE of wallet columns only (never updated_at, the pass's Last-Modified).

    Returns the card's synced version afterwards: above ours, a newer sync finished while ours ran.
    """
    c = LoyaltyCard
    known = {"google_object_id": outcome.new_object_id} if outcome.new_object_id else {}
    if outcome.ok:
        stmt = (
            sa.update(c)
            .where(c.id == outcome.card_id)
            .values(
                wallet_synced_version=sa.case(
                    (c.wallet_synced_version < outcome.version, outcome.version), else_=c.wallet_synced_version
                ),
                wallet_last_synced_at=now,
                wallet_last_error=None,
                **known,
            )
        )
    else:
        # A failure about an older version than someone else has since synced is stale: leave their success.
        stmt = (
            sa.update(c)
            .where(c.id == outcome.card_id, c.wallet_synced_version <= outcome.version)
            .values(wallet_last_error="; ".join(outcome.errors)[:MAX_ERROR_LENGTH], **known)
        )
        log.warning("wallet sync of card %s failed: %s", outcome.card_id, "; ".join(outcome.errors))
    synced = session.execute(stmt.returning(c.wallet_synced_version)).scalar_one_or_none()
    session.commit()
    return outcome.version if synced is None else synced


def record_crash(session: Session, card_id: int, exc: Exception) -> None:
    session.rollback()
    message = f"{type(exc).__name__}: {exc}"[:MAX_ERROR_LENGTH]
    session.execute(sa.update(LoyaltyCard).where(LoyaltyCard.id == card_id).values(wallet_last_error=message))
    session.commit()


def sync_cards(
    session: Session, card_ids: list[int], clients: WalletClients | None = None, *, force: bool = False
) -> dict:
    """A batch: every card is tried, whatever happens to the others; returns counts."""
    clients = clients or shared_clients()
    counts = {"synced": 0, "skipped": 0, "failed": 0}
    for card_id in card_ids:
        try:
            outcome = sync_card(session, card_id, clients, force=force)
        except Exception as exc:  # a bug or a broken file must cost this card only: record it, go on
            log.exception("wallet sync of card %s crashed", card_id)
            record_crash(session, card_id, exc)
            counts["failed"] += 1
            continue
        counts["skipped" if outcome.skipped else "synced" if outcome.ok else "failed"] += 1
    return counts


def cards_to_sweep(session: Session, settings: Settings | None = None, limit: int = SWEEP_LIMIT) -> list[int]:
    """Cards whose wallet lags their balance, whose last sync failed, or (Google on) with no object yet."""
    settings = settings or get_settings()
    if not (config.google_enabled(settings) or config.apple_enabled(settings)):
        return []
    c = LoyaltyCard
    lagging = [c.wallet_synced_version < c.wallet_version, c.wallet_last_error.is_not(None)]
    if config.google_enabled(settings):
        lagging.append(sa.and_(c.google_object_id.is_(None), c.deleted_at.is_(None)))
    ids = list(session.exec(select(c.id).where(sa.or_(*lagging)).order_by(c.id).limit(limit)))
    session.commit()
    return ids


def sync_program(session: Session, program_id: int, clients: WalletClients | None = None) -> dict:
    """The program changed: update its Google class, and mark its cards' passes (name, colour, target) stale.

    The marked cards are then synced by the sweep, one PATCH and one push per card, like any change.
    """
    clients = clients or shared_clients()
    settings = clients.settings
    program = session.get(LoyaltyProgram, program_id, populate_existing=True)
    if program is None or not (config.google_enabled(settings) or config.apple_enabled(settings)):
        session.commit()
        return {"class": None, "cards": 0, "errors": []}
    result: dict = {"class": None, "cards": 0, "errors": []}
    c = LoyaltyCard
    result["cards"] = session.execute(
        sa.update(c)
        .where(c.program_id == program_id, c.deleted_at.is_(None))
        .values(wallet_version=c.wallet_version + 1)
    ).rowcount
    cls = (
        loyalty_class(settings, program, session.get(Merchant, program.merchant_id))
        if config.google_enabled(settings)
        else None
    )
    had_class = program.google_class_id is not None
    session.commit()
    if cls is not None:
        try:
            method = clients.google.update_or_insert if had_class else clients.google.insert_or_update
            result["class"] = method("loyaltyClass", cls)
            if not had_class:
                session.execute(
                    sa.update(LoyaltyProgram).where(LoyaltyProgram.id == program_id).values(google_class_id=cls["id"])
                )
                session.commit()
        except WalletError as exc:
            result["errors"].append(_describe(exc))
            log.warning("wallet class of program %s not updated: %s", program_id, exc)
    return result
