"""A local HTTP/2 TLS server standing in for APNs: ALPN h2, and a client certificate is required.

It records each push (path, headers, body, the client certificate's subject) and answers 200 with
an apns-id, 410 Unregistered for tokens in `gone`, or statuses queued with `fail(*statuses)`.
"""

import json
import socket
import ssl
import threading
import uuid
from collections import deque
from dataclasses import dataclass

import h2.config
import h2.connection
import h2.events


@dataclass
class Push:
    path: str
    headers: dict[str, str]
    body: bytes
    client_subject: tuple


class FakeApns:
    def __init__(self, cert_file, key_file, client_ca_files):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(str(cert_file), str(key_file))
        self.context.verify_mode = ssl.CERT_REQUIRED
        for ca_file in client_ca_files:  # like APNs, it knows the root and Apple's WWDR intermediate
            self.context.load_verify_locations(str(ca_file))
        self.context.set_alpn_protocols(["h2"])
        self.lock = threading.Lock()
        self.reset()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.sock.getsockname()[1]}"

    def reset(self) -> None:
        with self.lock:
            self.pushes: list[Push] = []
            self.gone: set[str] = set()
            self.statuses: deque[int] = deque()
            self.handshake_failures = 0

    def fail(self, *statuses: int) -> None:
        with self.lock:
            self.statuses.extend(statuses)

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(2)
        self.sock.close()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                raw, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw: socket.socket) -> None:
        try:
            tls = self.context.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            with self.lock:
                self.handshake_failures += 1
            raw.close()
            return
        subject = tls.getpeercert().get("subject", ())
        conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=False))
        conn.initiate_connection()
        tls.sendall(conn.data_to_send())
        streams: dict[int, dict] = {}
        try:
            while not self.stopping.is_set():
                data = tls.recv(65535)
                if not data:
                    break
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        streams[event.stream_id] = {"headers": _decode(event.headers), "body": b""}
                    elif isinstance(event, h2.events.DataReceived):
                        streams[event.stream_id]["body"] += event.data
                        conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                    elif isinstance(event, h2.events.StreamEnded):
                        self._respond(conn, event.stream_id, streams.pop(event.stream_id), subject)
                    elif isinstance(event, h2.events.ConnectionTerminated):
                        return
                tls.sendall(conn.data_to_send())
        except (ssl.SSLError, OSError):
            pass
        finally:
            tls.close()

    def _respond(self, conn, stream_id: int, request: dict, subject) -> None:
        headers = request["headers"]
        token = headers.get(":path", "").rsplit("/", 1)[-1]
        with self.lock:
            self.pushes.append(Push(headers.get(":path", ""), headers, request["body"], subject))
            status = self.statuses.popleft() if self.statuses else (410 if token in self.gone else 200)
        body = b""
        if status == 410:
            body = json.dumps({"reason": "Unregistered", "timestamp": 1700000000000}).encode()
        elif status != 200:
            body = json.dumps({"reason": "ServiceUnavailable" if status >= 500 else "BadRequest"}).encode()
        response = [(":status", str(status)), ("apns-id", str(uuid.uuid4()))]
        if body:
            response += [("content-type", "application/json"), ("content-length", str(len(body)))]
        conn.send_headers(stream_id, response, end_stream=not body)
        if body:
            conn.send_data(stream_id, body, end_stream=True)


def _decode(headers) -> dict[str, str]:
    return {
        (k.decode() if isinstance(k, bytes) else k): (v.decode() if isinstance(v, bytes) else v) for k, v in headers
    }


def subject_value(subject: tuple, key: str) -> str | None:
    for rdn in subject:
        for name, value in rdn:
            if name == key:
                return value
    return None
