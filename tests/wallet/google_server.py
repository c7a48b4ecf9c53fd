"""A local server speaking the Google Wallet REST API: OAuth token endpoint, loyalty classes and objects.

The token endpoint verifies google-auth's signed assertion with the service account's public key
(its `aud` stays Google's token URL even when token_uri points here). Failures can be injected per
path fragment: `server.fail("/loyaltyObject", 503, 503)` answers the next two matching calls with 503.
"""

import json
import random
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote

import jwt

SCOPE = "https://www.googleapis.com/auth/wallet_object.issuer"
GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"
PREFIX = "/walletobjects/v1"
KINDS = ("loyaltyClass", "loyaltyObject")
REQUIRED = {
    "loyaltyClass": ("id", "issuerName", "programName", "programLogo", "reviewStatus"),
    "loyaltyObject": ("id", "classId", "state"),
}
STATES = ("ACTIVE", "COMPLETED", "EXPIRED", "INACTIVE")
REASONS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


@dataclass
class Call:
    at: float
    method: str
    path: str
    status: int


class FakeGoogleWallet:
    def __init__(self, public_key, issuer_id: str):
        self.public_key, self.issuer_id = public_key, issuer_id
        self.lock = threading.Lock()
        self.reset()
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def api_base_url(self) -> str:
        return self.url + PREFIX

    @property
    def token_uri(self) -> str:
        return self.url + "/token"

    def reset(self) -> None:
        with self.lock:
            self.resources: dict[str, dict[str, dict]] = {kind: {} for kind in KINDS}
            self.calls: list[Call] = []
            self.failures: list[tuple[str, deque]] = []
            self.fail_rate = 0.0
            self.tokens: set[str] = set()
            self.assertions: list[dict] = []

    def fail(self, path_fragment: str, *statuses: int) -> None:
        with self.lock:
            self.failures.append((path_fragment, deque(statuses)))

    def calls_to(self, fragment: str, method: str | None = None) -> list[Call]:
        return [c for c in self.calls if fragment in c.path and (method is None or c.method == method)]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def injected(self, path: str) -> int | None:
        with self.lock:
            for fragment, statuses in self.failures:
                if fragment in path and statuses:
                    return statuses.popleft()
        if self.fail_rate and random.random() < self.fail_rate:
            return 503
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Google's front ends
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall
    server_fake: FakeGoogleWallet

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: dict | None = None) -> None:
        data = json.dumps(body or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        with self.server_fake.lock:
            self.server_fake.calls.append(Call(time.monotonic(), self.command, self.path, status))

    def _error(self, status: int, message: str = "") -> None:
        self._send(
            status,
            {
                "error": {
                    "code": status,
                    "message": message or REASONS.get(status, ""),
                    "status": REASONS.get(status, "UNKNOWN"),
                }
            },
        )

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_POST(self) -> None:
        if self.path == "/token":
            return self._token()
        self._api()

    def do_GET(self) -> None:
        self._api()

    def do_PATCH(self) -> None:
        self._api()

    def _token(self) -> None:
        form = parse_qs(self._body().decode())
        fake = self.server_fake
        if form.get("grant_type") != ["urn:ietf:params:oauth:grant-type:jwt-bearer"]:
            return self._send(400, {"error": "unsupported_grant_type"})
        try:
            claims = jwt.decode(
                form["assertion"][0], fake.public_key, algorithms=["RS256"], audience=GOOGLE_TOKEN_AUDIENCE
            )
        except (KeyError, jwt.PyJWTError) as exc:
            return self._send(400, {"error": "invalid_grant", "error_description": str(exc)})
        if SCOPE not in claims.get("scope", "").split():
            return self._send(400, {"error": "invalid_scope"})
        with fake.lock:
            token = f"fake-access-{len(fake.tokens) + 1}"
            fake.tokens.add(token)
            fake.assertions.append(claims)
        self._send(200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"})

    def _api(self) -> None:
        fake = self.server_fake
        body = self._body()
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in fake.tokens:
            return self._error(401, "Request had invalid authentication credentials.")
        if not self.path.startswith(PREFIX + "/"):
            return self._error(404)
        parts = self.path[len(PREFIX) + 1 :].split("/")
        kind, resource_id = parts[0], unquote(parts[1]) if len(parts) > 1 else None
        if kind not in KINDS or len(parts) > 2:
            return self._error(404)
        status = fake.injected(self.path)
        if status:
            return self._error(status, "injected")
        try:
            payload = json.loads(body) if body else None
        except ValueError:
            return self._error(400, "Invalid JSON payload received.")
        store = fake.resources[kind]
        with fake.lock:
            result = self._apply(kind, store, resource_id, payload)
        if result[0] < 400:
            self._send(*result)
        else:
            self._error(*result)

    def _apply(self, kind: str, store: dict, resource_id: str | None, payload):
        fake = self.server_fake
        if self.command == "GET":
            return (200, store[resource_id]) if resource_id in store else (404, f"Resource {resource_id} not found")
        if self.command == "POST" and resource_id is None:
            missing = [f for f in REQUIRED[kind] if not (payload or {}).get(f)]
            if missing:
                return 400, f"Missing required fields: {', '.join(missing)}"
            if not payload["id"].startswith(fake.issuer_id + "."):
                return 403, "The caller does not have permission for this issuer"
            if kind == "loyaltyObject":
                if payload["classId"] not in fake.resources["loyaltyClass"]:
                    return 404, f"Class {payload['classId']} not found (IssuerClassNotFound)"
                if payload["state"] not in STATES:
                    return 400, "Invalid state"
            if payload["id"] in store:
                return 409, f"Resource {payload['id']} already exists"
            store[payload["id"]] = dict(payload)
            return 200, store[payload["id"]]
        if self.command == "PATCH" and resource_id is not None:
            if resource_id not in store:
                return 404, f"Resource {resource_id} not found"
            if not isinstance(payload, dict) or payload.get("id", resource_id) != resource_id:
                return 400, "The id in the body does not match the path"
            store[resource_id].update(payload)
            return 200, store[resource_id]
        return 404, "No such method"
