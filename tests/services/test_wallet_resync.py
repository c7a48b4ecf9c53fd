"""An admin's wallet re-sync is a request the service records as an event; the job starts after commit."""

import pytest

from loyalty_app.services import errors
from loyalty_app.services.events import WalletResyncRequested
from loyalty_app.services.wallet import debug as wallet_debug

from .support import join

pytestmark = pytest.mark.quick_setup


def test_a_card_resync_is_announced_with_the_id_its_job_will_get(session, demo, fired):
    card = join(session, "lumiere-centre").card
    fired.clear()
    request_id = wallet_debug.request_resync(session, card.id)
    assert fired == [WalletResyncRequested(request_id, card.id)]
    assert request_id.startswith(f"wallet-resync-card-{card.id}-")


def test_resyncing_every_failing_card_names_no_card_and_each_request_is_its_own_job(session, demo, fired):
    first, second = wallet_debug.request_resync(session), wallet_debug.request_resync(session)
    assert fired == [WalletResyncRequested(first), WalletResyncRequested(second)] and first != second


def test_an_unknown_card_is_refused_and_nothing_is_queued(session, demo, fired):
    with pytest.raises(errors.CardNotFound):
        wallet_debug.request_resync(session, 999_999)
    session.commit()
    assert fired == []
