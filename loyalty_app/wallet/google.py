"""Google Wallet over REST (google-auth service account), the client-side throttle, and the save link."""

import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import google.auth.exceptions
import jwt
import requests
from cryptography.hazmat.primitives import serialization
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import service_account
from limits import parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ..settings import Settings
from .retry import Backoff, WalletError, parse_retry_after

log = logging.getLogger(__name__)

SCOPE = "https://www.googleapis.com/auth/wallet_object.issuer"
SAVE_URL = "https://pay.google.com/gp/v/save/"
MAX_SAVE_URL_LENGTH = 1800  # browsers and mail clients truncate longer links


def load_service_account(path: Path | str) -> dict:
    """The service-account JSON key, checked: it must name its email and hold a readable private key."""
    info = json.loads(Path(path).read_text(encoding="utf-8"))
    missing = [k for k in ("client_email", "private_key") if not info.get(k)]
    if missing:
        raise ValueError(f"the service-account file lacks {', '.join(missing)}")
    serialization.load_pem_private_key(info["private_key"].encode(), password=None)
    return info


@lru_cache(maxsize=4)
def _cached_service_account(path: str, mtime_ns: int) -> dict:
    return load_service_account(path)


def service_account_info(settings: Settings) -> dict:
    """The key file, read again only when it changes (the save link is signed on every enrollment)."""
    path = Path(settings.google_service_account_file)
    return _cached_service_account(str(path), path.stat().st_mtime_ns)


def class_id(settings: Settings, program) -> str:
    """`<issuer>.program-<id>-<digest>`: the digest keeps two installations on one issuer apart."""
    if program.google_class_id:
        return program.google_class_id
    digest = hmac.new(settings.secret_key.encode(), f"program:{program.id}".encode(), hashlib.sha256).hexdigest()
    return f"{settings.google_issuer_id}.program-{program.id}-{digest[:10]}"


def object_id(settings: Settings, card) -> str:
    """Card numbers are random and unique, so the object id is known before the object exists."""
    return card.google_object_id or f"{settings.google_issuer_id}.card-{card.card_number}"


def save_url(service_account_info: dict, object_id: str, origins: list[str]) -> str:
    """The "Add to Google Wallet" link: a skinny JWT naming only the object inserted over REST."""
    claims = {
        "iss": service_account_info["client_email"],
        "aud": "google",
        "typ": "savetowallet",
        "iat": int(time.time()),
        "origins": origins,
        "payload": {"loyaltyObjects": [{"id": object_id}]},
    }
    headers = {"kid": service_account_info["private_key_id"]} if service_account_info.get("private_key_id") else None
    token = jwt.encode(claims, service_account_info["private_key"], algorithm="RS256", headers=headers)
    return SAVE_URL + token


class Throttle:
    """At most `per_second` calls in any one-second window, shared by every worker through Redis if set."""

    KEY = "google-wallet-api"

    def __init__(self, per_second: int, redis_url: str | None = None):
        self.off = per_second <= 0  # 0 lifts the throttle (local test servers, benchmarks)
        self.item = parse(f"{max(per_second, 1)}/second")
        self.limiter = MovingWindowRateLimiter(storage_from_string(redis_url) if redis_url else MemoryStorage())
        self.fallback = MovingWindowRateLimiter(MemoryStorage())
        self.shared_down_until = 0.0

    def wait(self) -> None:
        while not self.off:
            limiter = self.fallback if time.monotonic() < self.shared_down_until else self.limiter
            try:
                if limiter.hit(self.item, self.KEY):
                    return
                reset_at = limiter.get_window_stats(self.item, self.KEY).reset_time
            except Exception as exc:  # the shared store is down: throttle this process alone for a while
                log.warning("wallet throttle store unavailable, throttling this process alone for 30 s: %s", exc)
                self.shared_down_until = time.monotonic() + 30
                continue
            time.sleep(min(1.0, max(0.001, reset_at - time.time())))


_throttles: dict[tuple[int, str | None], Throttle] = {}
_throttles_lock = threading.Lock()


def throttle_for(settings: Settings) -> Throttle:
    """One throttle per process and rate, so every client in the process shares the budget."""
    key = (settings.google_requests_per_second, settings.redis_url)
    with _throttles_lock:
        if key not in _throttles:
            _throttles[key] = Throttle(*key)
        return _throttles[key]


class GoogleWallet:
    """Loyalty classes and objects; every call throttled and retried with backoff on transient errors."""

    def __init__(
        self,
        settings: Settings,
        delays: tuple[float, ...] = (),
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 20.0,
    ):
        self.settings, self.timeout = settings, timeout
        self.backoff = Backoff(delays, sleep)
        self.base_url = settings.google_api_base_url.rstrip("/")
        self.service_account = service_account_info(settings)
        info = dict(self.service_account)
        if settings.google_token_uri:
            info["token_uri"] = settings.google_token_uri
        credentials = service_account.Credentials.from_service_account_info(info, scopes=[SCOPE])
        self.http = AuthorizedSession(credentials)
        self.throttle = throttle_for(settings)

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        return self.backoff.run(lambda: self._once(method, path, body))

    def _once(self, method: str, path: str, body: dict | None) -> dict:
        self.throttle.wait()
        where = f"{method} {path}"
        try:
            response = self.http.request(method, self.base_url + path, json=body, timeout=self.timeout)
        except google.auth.exceptions.RefreshError as exc:
            status = None if getattr(exc, "retryable", False) else 401
            raise WalletError("google", f"{where}: access token refused: {exc}", status) from exc
        except (requests.RequestException, google.auth.exceptions.TransportError) as exc:
            raise WalletError("google", f"{where}: no answer: {exc}") from exc
        if response.status_code >= 400:
            raise WalletError(
                "google",
                f"{where} -> {response.status_code} {_reason(response)}",
                response.status_code,
                parse_retry_after(response.headers.get("Retry-After")),
            )
        return response.json() if response.content else {}

    def get(self, kind: str, resource_id: str) -> dict:
        return self.call("GET", f"/{kind}/{quote(resource_id, safe='')}")

    def insert_or_update(self, kind: str, resource: dict) -> str:
        """POST; on 409 (it exists, perhaps from our own earlier try) GET it, then PATCH it."""
        try:
            self.call("POST", f"/{kind}", resource)
            return "inserted"
        except WalletError as exc:
            if exc.status != 409:
                raise
        self.get(kind, resource["id"])
        self.call("PATCH", f"/{kind}/{quote(resource['id'], safe='')}", resource)
        return "updated"

    def update_or_insert(self, kind: str, resource: dict) -> str:
        """PATCH what should exist; a 404 means it was never created (or was removed): insert it."""
        try:
            self.call("PATCH", f"/{kind}/{quote(resource['id'], safe='')}", resource)
            return "updated"
        except WalletError as exc:
            if exc.status != 404:
                raise
        return self.insert_or_update(kind, resource)

    def save_url(self, object_id: str, origins: list[str]) -> str:
        return save_url(self.service_account, object_id, origins)


def _reason(response: requests.Response) -> str:
    try:
        error = response.json().get("error", {})
        return f"{error.get('status') or ''} {error.get('message') or ''}".strip()[:500]
    except ValueError:
        return response.text[:200]
