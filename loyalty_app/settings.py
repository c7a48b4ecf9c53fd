"""One settings object, read from LOYALTY_* environment variables (and .env)."""

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LOYALTY_", env_file=".env", extra="ignore")

    env: Literal["embedded", "production"] = "embedded"
    data_dir: Path = PROJECT_ROOT / "data"
    database_url: str = ""
    redis_url: str | None = None
    secret_key: str = ""
    public_base_url: str = "http://localhost:3000"

    access_token_minutes: int = 12 * 60
    password_bcrypt_rounds: int = 12
    pin_bcrypt_rounds: int = 10
    pin_max_attempts: int = 5
    pin_lockout_minutes: int = 30
    enroll_rate_limit: str = "10/minute"
    sign_in_link_rate_limit: str = "10/minute"  # per address: asking for a link and using one, API and pages
    rate_limits_enabled: bool = True

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_security: Literal["none", "starttls", "ssl"] = "starttls"
    mail_from: str = "Loyalty <no-reply@localhost>"

    google_issuer_id: str | None = None
    google_service_account_file: Path | None = None
    google_api_base_url: str = "https://walletobjects.googleapis.com/walletobjects/v1"
    google_token_uri: str | None = None

    apple_pass_type_id: str | None = None
    apple_team_id: str | None = None
    apple_cert_file: Path | None = None
    apple_key_file: Path | None = None
    apple_wwdr_file: Path | None = None
    apple_web_service_url: str | None = None
    apple_apns_base_url: str = "https://api.push.apple.com"
    # Google allows 20 requests/s per issuer: stay under it with room for clock and latency skew (0: no limit).
    google_requests_per_second: int = 18
    # Wallet sync retries wait base x 1, 4, 16 (1 s, 4 s, 16 s by default).
    wallet_retry_base_seconds: float = 1.0

    @model_validator(mode="after")
    def _fill_embedded_defaults(self) -> "Settings":
        if not self.database_url:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.database_url = f"sqlite:///{self.data_dir / 'loyalty.db'}"
        if not self.secret_key:
            if self.env == "production":
                raise ValueError("LOYALTY_SECRET_KEY is required when LOYALTY_ENV=production")
            self.secret_key = _embedded_secret(self.data_dir)
        return self


def _embedded_secret(data_dir: Path) -> str:
    """Generate the secret once and keep it under data/, so tokens survive restarts."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
