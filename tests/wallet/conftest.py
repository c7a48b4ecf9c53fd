"""Wallet fixtures: generated keys and certificates, a local Google Wallet API and a local APNs (HTTP/2).

`wallet_env` turns both wallets on against those servers for one test (settings re-read, servers
emptied); without it the wallets are off, as in every other test of the suite.
"""

import pytest
from sqlmodel import Session

from loyalty_app.demo import ADMIN_EMAIL, LUMIERE_OWNER, LUMIERE_STAFF
from loyalty_app.demo.accounts import create_demo_accounts, get_user
from loyalty_app.services.staff import accounts
from loyalty_app.settings import get_settings
from loyalty_app.wallet import clients
from loyalty_app.wallet.clients import WalletClients

from .apns_server import FakeApns
from .google_server import FakeGoogleWallet
from .pki import ISSUER_ID, PASS_TYPE_ID, TEAM_ID, WalletPki, make_pki

WALLET_ENV_NAMES = (
    "GOOGLE_ISSUER_ID",
    "GOOGLE_SERVICE_ACCOUNT_FILE",
    "GOOGLE_API_BASE_URL",
    "GOOGLE_TOKEN_URI",
    "APPLE_PASS_TYPE_ID",
    "APPLE_TEAM_ID",
    "APPLE_CERT_FILE",
    "APPLE_KEY_FILE",
    "APPLE_WWDR_FILE",
    "APPLE_WEB_SERVICE_URL",
    "APPLE_APNS_BASE_URL",
    "GOOGLE_REQUESTS_PER_SECOND",
    "WALLET_RETRY_BASE_SECONDS",
)


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> WalletPki:
    # The key file keeps Google's own token_uri, as a Console key does; the setting points it here.
    return make_pki(tmp_path_factory.mktemp("wallet-pki"), "https://oauth2.googleapis.com/token")


@pytest.fixture(scope="session")
def google_server(pki):
    server = FakeGoogleWallet(pki.service_account_public_key, ISSUER_ID)
    yield server
    server.close()


@pytest.fixture(scope="session")
def apns_server(pki):
    server = FakeApns(pki.apns_cert_file, pki.apns_key_file, [pki.root_file, pki.wwdr_file])
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _forget_held_jobs():
    """Jobs our enrollments queued on the (unstarted) embedded worker must not run in a later test."""
    yield
    from jobs import embedded

    embedded.reset()


def _reset_settings() -> None:
    get_settings.cache_clear()
    with clients._lock:
        for shared in clients._shared.values():
            shared.close()
        clients._shared.clear()


@pytest.fixture
def set_wallet_env(monkeypatch):
    """set_wallet_env(NAME=value, ...) sets LOYALTY_<NAME> for this test and re-reads the settings."""

    def apply(**values) -> None:
        for key, value in values.items():
            if value is None:
                monkeypatch.delenv(f"LOYALTY_{key}", raising=False)
            else:
                monkeypatch.setenv(f"LOYALTY_{key}", str(value))
        _reset_settings()

    for key in WALLET_ENV_NAMES:
        monkeypatch.delenv(f"LOYALTY_{key}", raising=False)
    _reset_settings()
    yield apply
    _reset_settings()


@pytest.fixture
def wallet_env(set_wallet_env, monkeypatch, pki, google_server, apns_server):
    """Both wallets configured against the local servers; returns the settings."""
    google_server.reset()
    apns_server.reset()
    monkeypatch.setenv("SSL_CERT_FILE", str(pki.root_file))  # trust the local APNs' certificate
    set_wallet_env(
        GOOGLE_ISSUER_ID=ISSUER_ID,
        GOOGLE_SERVICE_ACCOUNT_FILE=pki.service_account_file,
        GOOGLE_API_BASE_URL=google_server.api_base_url,
        GOOGLE_TOKEN_URI=google_server.token_uri,
        APPLE_PASS_TYPE_ID=PASS_TYPE_ID,
        APPLE_TEAM_ID=TEAM_ID,
        APPLE_CERT_FILE=pki.pass_cert_file,
        APPLE_KEY_FILE=pki.pass_key_file,
        APPLE_WWDR_FILE=pki.wwdr_file,
        APPLE_APNS_BASE_URL=apns_server.url,
        GOOGLE_REQUESTS_PER_SECOND=0,
        WALLET_RETRY_BASE_SECONDS=0.001,
    )
    return get_settings()


class Sleeps(list):
    """A stand-in for time.sleep that remembers the backoff it was asked for."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def wallet_clients(wallet_env, sleeps):
    """Clients with the production schedule (1 s, 4 s, 16 s) whose sleeps are only recorded."""
    with WalletClients(wallet_env, delays=(1.0, 4.0, 16.0), sleep=sleeps) as c:
        yield c


@pytest.fixture
def demo_db(session):
    """The demo merchants in a clean database (both engines), with their actors."""
    demo = create_demo_accounts(session)
    demo["actors"] = {
        who: accounts.actor_for(get_user(session, email))
        for who, email in (
            ("admin", ADMIN_EMAIL),
            ("lumiere_staff", LUMIERE_STAFF),
            ("lumiere_owner", LUMIERE_OWNER),
        )
    }
    return demo


@pytest.fixture
def db(sqlite_engine):
    """The app's own SQLite database, emptied, with the demo accounts (for tests through the API)."""
    from tests.conftest import _clean

    _clean(sqlite_engine)
    with Session(sqlite_engine, expire_on_commit=False) as s:
        create_demo_accounts(s)
        yield s
