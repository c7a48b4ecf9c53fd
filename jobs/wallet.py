"""Wallet sync jobs: one card after a balance change, a program after a branding change, the hourly sweep.

Each re-reads the card and skips what is already in sync; failures are recorded on the card and
retried (1 s, 4 s, 16 s) inside the job, so the queue itself does not retry these jobs.
"""

from loyalty_app.db import session_scope
from loyalty_app.models import utcnow
from loyalty_app.services.wallet import sync as wallet_sync
from loyalty_app.wallet import config

from .queue import enqueue
from .scheduled import tracked

SWEEP_CHUNK = 100


def sync_card(card_id: int, force: bool = False) -> dict:
    """Sync one card's Google object and push its Apple pass; a crash is recorded on the card."""
    with session_scope() as session:
        return wallet_sync.sync_cards(session, [card_id], force=force)


def sync_batch(card_ids: list[int]) -> dict:
    with session_scope() as session:
        return wallet_sync.sync_cards(session, list(card_ids))


def sync_program(program_id: int) -> dict:
    """Update the program's Google class, then sync its cards (marked stale) through the sweep."""
    with session_scope() as session:
        result = wallet_sync.sync_program(session, program_id)
    if result["cards"]:
        enqueue(wallet_sweep)
    return result


@tracked
def wallet_sweep() -> dict:
    """Hourly: queue every card whose wallet lags its balance or whose last sync failed, in chunks."""
    with session_scope() as session:
        ids = wallet_sync.cards_to_sweep(session)
    chunks = [ids[i : i + SWEEP_CHUNK] for i in range(0, len(ids), SWEEP_CHUNK)]
    slot = f"{utcnow():%Y%m%d%H}"
    for chunk in chunks:
        enqueue(sync_batch, chunk, job_id=f"wallet-sweep-{slot}-{chunk[0]}-{chunk[-1]}")
    return {"cards": len(ids), "batches": len(chunks)}


def queue_resync(card_id: int | None = None, job_id: str | None = None) -> str | None:
    """An admin's re-sync: one card (sent again even if it looks in sync), or every failing card."""
    if card_id is None:
        return enqueue(wallet_sweep, job_id=job_id)
    return enqueue(sync_card, card_id, force=True, job_id=job_id)


def _wallet_on() -> bool:
    return config.google_enabled() or config.apple_enabled()


def on_card_changed(card_id: int, transaction_id: int | None = None) -> None:
    if _wallet_on():
        enqueue(sync_card, card_id, job_id=f"wallet-card-{card_id}-tx-{transaction_id}" if transaction_id else None)


def on_program_changed(program_id: int) -> None:
    if _wallet_on():
        enqueue(sync_program, program_id)
