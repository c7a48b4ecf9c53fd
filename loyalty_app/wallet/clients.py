"""The connections a process keeps open: one Google session (one access token), one HTTP/2 link to APNs."""

import threading
import time
from collections.abc import Callable
from functools import cached_property

from ..settings import Settings, get_settings
from . import config
from .apns import ApnsPusher
from .google import GoogleWallet
from .retry import backoff_delays


class WalletClients:
    """Built lazily: a process that never pushes never opens the APNs connection."""

    def __init__(
        self,
        settings: Settings | None = None,
        delays: tuple[float, ...] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings or get_settings()
        self.delays = backoff_delays(self.settings.wallet_retry_base_seconds) if delays is None else delays
        self.sleep = sleep

    @cached_property
    def google(self) -> GoogleWallet | None:
        enabled = config.google_enabled(self.settings)
        return GoogleWallet(self.settings, self.delays, self.sleep) if enabled else None

    @cached_property
    def apns(self) -> ApnsPusher | None:
        enabled = config.apple_enabled(self.settings)
        return ApnsPusher(self.settings, self.delays, self.sleep) if enabled else None

    def close(self) -> None:
        for name in ("google", "apns"):
            client = self.__dict__.pop(name, None)
            if client is not None:
                client.close()

    def __enter__(self) -> "WalletClients":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_shared: dict[str, WalletClients] = {}
_lock = threading.Lock()


def shared_clients() -> WalletClients:
    """This process's clients, rebuilt when the settings change (Apple asks for long-lived connections)."""
    settings = get_settings()
    key = settings.model_dump_json()
    with _lock:
        if key not in _shared:
            for old in _shared.values():
                old.close()
            _shared.clear()
            _shared[key] = WalletClients(settings)
        return _shared[key]
