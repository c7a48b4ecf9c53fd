"""Start-up validation: an unconfigured wallet is off; a configured one with broken files stops start-up."""

import pytest

from loyalty_app.api.app import create_api
from loyalty_app.settings import get_settings
from loyalty_app.wallet import config

from .pki import ISSUER_ID, PASS_TYPE_ID, TEAM_ID


def apple_files(pki, **overrides) -> dict:
    return {
        "APPLE_PASS_TYPE_ID": PASS_TYPE_ID,
        "APPLE_TEAM_ID": TEAM_ID,
        "APPLE_CERT_FILE": pki.pass_cert_file,
        "APPLE_KEY_FILE": pki.pass_key_file,
        "APPLE_WWDR_FILE": pki.wwdr_file,
        **overrides,
    }


def test_unconfigured_wallets_are_off_and_start_up_goes_on(set_wallet_env):
    settings = get_settings()
    assert not config.google_enabled(settings) and not config.apple_enabled(settings)
    config.validate_or_exit()
    assert config.report()["google"]["enabled"] is False


def test_configured_wallets_with_good_files_start(wallet_env):
    config.validate_or_exit()
    report = config.report()
    assert report["google"]["service_account_email"] == "wallet@test.iam.gserviceaccount.com"
    assert report["apple"]["problems"] == [] and report["apple"]["certificate_days_left"] > 300


def test_start_up_refuses_a_configured_wallet_with_a_missing_key_file(set_wallet_env, pki, tmp_path):
    set_wallet_env(**apple_files(pki, APPLE_KEY_FILE=tmp_path / "missing_key.pem"))
    with pytest.raises(SystemExit) as stopped:
        config.validate_or_exit()
    assert "LOYALTY_APPLE_KEY_FILE" in str(stopped.value) and "no such file" in str(stopped.value)
    with pytest.raises(SystemExit):
        create_api()


def test_start_up_refuses_an_unreadable_service_account(set_wallet_env, tmp_path):
    broken = tmp_path / "sa.json"
    broken.write_text('{"client_email": "x@y", "private_key": "not a key"}')
    set_wallet_env(GOOGLE_ISSUER_ID=ISSUER_ID, GOOGLE_SERVICE_ACCOUNT_FILE=broken)
    with pytest.raises(SystemExit) as stopped:
        config.validate_or_exit()
    assert "LOYALTY_GOOGLE_SERVICE_ACCOUNT_FILE" in str(stopped.value)


def test_half_configured_google_wallet_is_refused(set_wallet_env):
    set_wallet_env(GOOGLE_ISSUER_ID=ISSUER_ID)
    assert config.problems() == ["Google Wallet: LOYALTY_GOOGLE_SERVICE_ACCOUNT_FILE is not set"]


def test_certificate_of_another_pass_type_is_refused(set_wallet_env, pki):
    set_wallet_env(**apple_files(pki, APPLE_CERT_FILE=pki.other_pass_cert_file))
    assert any("pass.com.example.other" in p for p in config.problems())


def test_key_that_does_not_match_the_certificate_is_refused(set_wallet_env, pki):
    set_wallet_env(**apple_files(pki, APPLE_KEY_FILE=pki.apns_key_file))
    assert any("does not belong" in p for p in config.problems())
