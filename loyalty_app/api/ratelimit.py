"""The rate limits of services.rate_limits as FastAPI dependencies (a refused hit answers 429)."""

from fastapi import Depends, Request

from loyalty_app.services import rate_limits

from .deps import CurrentUser, client_ip


def _known(name: str) -> None:
    if name not in rate_limits.LIMITS:  # a typo fails at import, not on the first request
        raise KeyError(f"no rate limit named {name!r}")


def per_user(name: str):
    """A dependency counting this request against the signed-in user's `name` limit."""
    _known(name)

    def check(user: CurrentUser) -> None:
        rate_limits.hit(name, f"user:{user.id}")

    return Depends(check)


def per_ip(name: str):
    """A dependency counting this request against the client address (public endpoints)."""
    _known(name)

    def check(request: Request) -> None:
        rate_limits.hit(name, f"ip:{client_ip(request)}")

    return Depends(check)
