"""Is each wallet on, and can its files be read? An unconfigured wallet is off; a broken one stops start-up."""

import logging
from datetime import UTC, datetime
from pathlib import Path

from ..settings import Settings, get_settings
from .apple import web_service_url
from .google import load_service_account
from .pkpass import days_left, load_signer

log = logging.getLogger(__name__)
EXPIRY_WARNING_DAYS = 30


def google_configured(settings: Settings) -> bool:
    return bool(settings.google_issuer_id or settings.google_service_account_file)


def apple_configured(settings: Settings) -> bool:
    return bool(
        settings.apple_pass_type_id
        or settings.apple_team_id
        or settings.apple_cert_file
        or settings.apple_key_file
        or settings.apple_wwdr_file
    )


def google_enabled(settings: Settings | None = None) -> bool:
    """On when configured: start-up (validate_or_exit) has already refused a broken configuration."""
    return google_configured(settings or get_settings())


def apple_enabled(settings: Settings | None = None) -> bool:
    return apple_configured(settings or get_settings())


def _file_problem(env: str, path: Path | None) -> str | None:
    if path is None:
        return f"{env} is not set"
    path = Path(path)
    if not path.is_file():
        return f"{env}={path}: no such file"
    try:
        path.read_bytes()
    except OSError as exc:
        return f"{env}={path}: cannot be read ({exc.strerror or exc})"
    return None


def google_problems(settings: Settings) -> list[str]:
    if not google_configured(settings):
        return []
    problems = []
    if not settings.google_issuer_id:
        problems.append("LOYALTY_GOOGLE_ISSUER_ID is not set")
    elif not settings.google_issuer_id.isdigit():
        problems.append(f"LOYALTY_GOOGLE_ISSUER_ID={settings.google_issuer_id}: an issuer id is a number")
    env = "LOYALTY_GOOGLE_SERVICE_ACCOUNT_FILE"
    problem = _file_problem(env, settings.google_service_account_file)
    if problem is None:
        try:
            load_service_account(settings.google_service_account_file)
        except Exception as exc:  # JSON, missing keys or an unreadable private key: one message says which
            problem = f"{env}={settings.google_service_account_file}: not a usable service-account key ({exc})"
    return problems + ([problem] if problem else [])


def apple_problems(settings: Settings) -> list[str]:
    if not apple_configured(settings):
        return []
    problems = [
        f"LOYALTY_APPLE_{name.upper()} is not set"
        for name in ("pass_type_id", "team_id")
        if not getattr(settings, f"apple_{name}")
    ]
    files = {
        "LOYALTY_APPLE_CERT_FILE": settings.apple_cert_file,
        "LOYALTY_APPLE_KEY_FILE": settings.apple_key_file,
        "LOYALTY_APPLE_WWDR_FILE": settings.apple_wwdr_file,
    }
    file_problems = [p for env, path in files.items() if (p := _file_problem(env, path))]
    if file_problems:
        return problems + file_problems
    try:
        signer = load_signer(settings.apple_cert_file, settings.apple_key_file, settings.apple_wwdr_file)
    except Exception as exc:
        return problems + [f"Apple certificate files are not usable: {exc}"]
    if settings.apple_pass_type_id and signer.pass_type_id != settings.apple_pass_type_id:
        problems.append(
            f"LOYALTY_APPLE_PASS_TYPE_ID={settings.apple_pass_type_id} but the certificate is for {signer.pass_type_id}"
        )
    return problems


def problems(settings: Settings | None = None) -> list[str]:
    settings = settings or get_settings()
    return [f"Google Wallet: {p}" for p in google_problems(settings)] + [
        f"Apple Wallet: {p}" for p in apple_problems(settings)
    ]


def validate_or_exit(settings: Settings | None = None) -> None:
    """Called at start-up: a configured wallet that cannot work stops the process with the reasons."""
    found = problems(settings)
    if found:
        message = (
            "Wallet configuration is broken, not starting:\n  - "
            + "\n  - ".join(found)
            + "\nFix the files, or unset that wallet's LOYALTY_* settings to turn it off."
        )
        log.critical(message)
        raise SystemExit(message)


def report(settings: Settings | None = None, now: datetime | None = None) -> dict:
    """What the admin's configuration check shows: each wallet on or off, its problems and warnings."""
    settings, now = settings or get_settings(), now or datetime.now(UTC)
    google = {
        "enabled": google_configured(settings),
        "issuer_id": settings.google_issuer_id,
        "api_base_url": settings.google_api_base_url,
        "service_account_email": None,
        "problems": google_problems(settings),
        "warnings": [],
    }
    if google["enabled"] and not google["problems"]:
        google["service_account_email"] = load_service_account(settings.google_service_account_file)["client_email"]
    apple = {
        "enabled": apple_configured(settings),
        "pass_type_id": settings.apple_pass_type_id,
        "team_id": settings.apple_team_id,
        "web_service_url": web_service_url(settings),
        "apns_base_url": settings.apple_apns_base_url,
        "certificate_expires_at": None,
        "certificate_days_left": None,
        "problems": apple_problems(settings),
        "warnings": [],
    }
    if apple["enabled"] and not apple["problems"]:
        signer = load_signer(settings.apple_cert_file, settings.apple_key_file, settings.apple_wwdr_file)
        for name, cert in (("pass", signer.certificate), ("WWDR", signer.wwdr)):
            left = (cert.not_valid_after_utc - now).days
            if left < EXPIRY_WARNING_DAYS:
                apple["warnings"].append(f"the {name} certificate expires in {left} days")
        apple["certificate_expires_at"] = signer.not_after
        apple["certificate_days_left"] = days_left(signer, now)
        if not apple["web_service_url"].startswith("https://"):
            apple["warnings"].append("webServiceURL is not HTTPS: devices only call it in developer mode")
    return {"google": google, "apple": apple}
