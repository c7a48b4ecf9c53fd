"""What each handler of the one table queues for its event."""

from jobs.handlers import HANDLERS
from loyalty_app.services.events import WalletResyncRequested


def test_the_job_handler_queues_the_card_sync_under_the_request_id(monkeypatch):
    queued = []
    monkeypatch.setattr("jobs.wallet.enqueue", lambda func, *args, **kw: queued.append((func.__name__, args, kw)))
    for handler in HANDLERS[WalletResyncRequested]:
        handler(WalletResyncRequested("wallet-resync-card-7-abc", 7))
        handler(WalletResyncRequested("wallet-resync-failing-def"))
    assert queued == [
        ("sync_card", (7,), {"force": True, "job_id": "wallet-resync-card-7-abc"}),
        ("wallet_sweep", (), {"job_id": "wallet-resync-failing-def"}),
    ]
