"""APNs pushes telling devices a pass changed: HTTP/2, TLS client certificate = the Pass Type ID certificate."""

import ssl
import time
from collections.abc import Callable

import httpx

from ..settings import Settings
from .retry import Backoff, WalletError, parse_retry_after


class ApnsPusher:
    """One HTTP/2 connection for many pushes; 410 means the device dropped the pass."""

    def __init__(
        self,
        settings: Settings,
        delays: tuple[float, ...] = (),
        sleep: Callable[[float], None] = time.sleep,
        timeout: float = 10.0,
    ):
        context = ssl.create_default_context()
        context.load_cert_chain(str(settings.apple_cert_file), str(settings.apple_key_file))
        self.topic = settings.apple_pass_type_id
        self.backoff = Backoff(delays, sleep)
        self.client = httpx.Client(
            http2=True, verify=context, timeout=timeout, base_url=settings.apple_apns_base_url.rstrip("/")
        )

    def close(self) -> None:
        self.client.close()

    def push(self, push_token: str) -> bool:
        """True when APNs took it; False when the token is gone (410) and its registration should go."""
        return self.backoff.run(lambda: self._once(push_token))

    def _once(self, push_token: str) -> bool:
        try:
            response = self.client.post(
                f"/3/device/{push_token}",
                content=b"{}",
                headers={"apns-topic": self.topic, "apns-push-type": "background", "apns-priority": "5"},
            )
        except httpx.HTTPError as exc:
            raise WalletError("apns", f"push to {push_token[:8]}…: no answer: {exc}") from exc
        if response.status_code == 410:
            return False
        if response.status_code >= 400:
            reason = _reason(response)
            raise WalletError(
                "apns",
                f"push to {push_token[:8]}… -> {response.status_code} {reason}",
                response.status_code,
                parse_retry_after(response.headers.get("retry-after")),
            )
        return True


def _reason(response: httpx.Response) -> str:
    try:
        return str(response.json().get("reason", ""))[:200]
    except ValueError:
        return response.text[:200]
