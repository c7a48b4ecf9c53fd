"""Password and PIN hashing (bcrypt) and the keyed PIN lookup digest."""

import hashlib
import hmac

import bcrypt

from loyalty_app.settings import get_settings


def hash_secret(secret: str, rounds: int) -> str:
    return bcrypt.hashpw(secret.encode()[:72], bcrypt.gensalt(rounds)).decode()


def check_secret(secret: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(secret.encode()[:72], hashed.encode())
    except ValueError:
        return False


def hash_password(password: str) -> str:
    return hash_secret(password, get_settings().password_bcrypt_rounds)


def hash_pin(pin: str) -> str:
    return hash_secret(pin, get_settings().pin_bcrypt_rounds)


def pin_lookup_digest(store_id: int, pin: str) -> str:
    """Find the one candidate row without a bcrypt check per PIN of the store."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, f"{store_id}:{pin}".encode(), hashlib.sha256).hexdigest()
