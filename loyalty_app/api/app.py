"""Builds the FastAPI app that serves /api/v1 (the Reflex app mounts itself under it)."""

from fastapi import FastAPI, Request
from fastapi.routing import iter_route_contexts
from starlette.routing import Match

from ..wallet.config import validate_or_exit as validate_wallets
from . import (
    admin,
    apple,
    auth,
    customer_session,
    errors,
    health,
    merchant,
    merchant_cards,
    merchant_tasks,
    session,
    staff_pins,
    storefront,
    terminal,
    wallet_admin,
    wallet_storefront,
)

ROUTERS = (
    auth,
    session,
    storefront,
    customer_session,
    terminal,
    merchant,
    staff_pins,
    merchant_cards,
    merchant_tasks,
    admin,
    health,
    apple,
    wallet_storefront,
    wallet_admin,
)
_ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def create_api() -> FastAPI:
    api = FastAPI(
        title="Loyalty platform API",
        version="1.0.0",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    validate_wallets()  # a configured wallet with missing or unreadable files stops start-up here
    errors.install(api)
    for module in ROUTERS:
        api.include_router(module.router)
    # Last: without it an unknown /api/v1 path would fall through to the Reflex frontend.
    api.add_api_route("/api/v1/{path:path}", _unmatched, methods=_ALL_METHODS, include_in_schema=False)
    return api


def _unmatched(request: Request):
    """404 NOT_FOUND, or 405 METHOD_NOT_ALLOWED when the path exists with other methods."""
    allowed = set()
    for route in iter_route_contexts(request.app.router.routes):
        if route.endpoint is _unmatched:
            continue
        match, _ = route.matches(request.scope)
        if match == Match.PARTIAL:
            allowed |= route.methods or set()
    if allowed:
        raise errors.ApiError(
            405,
            "METHOD_NOT_ALLOWED",
            "This method is not allowed here.",
            {"allowed": sorted(allowed)},
            headers={"Allow": ", ".join(sorted(allowed))},
        )
    raise errors.ApiError(404, "NOT_FOUND", "No such API endpoint.", {"path": request.url.path})
