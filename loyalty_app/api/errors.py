"""One error shape for every failure: {"error": {"code", "message", "details"}}."""

import logging

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from loyalty_app.services import errors

log = logging.getLogger(__name__)

# Most specific class first: the first class in an error's MRO that is listed decides.
STATUS = {
    errors.ValidationFailed: 422,
    errors.BelowMinimumPurchase: 422,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.CrossLocationNotAllowed: 403,
    errors.PermissionDenied: 403,
    errors.PinRequired: 401,
    errors.InvalidPin: 401,
    errors.InvalidCredentials: 401,
    errors.PinLocked: 423,
    errors.RateLimited: 429,
}
HTTP_CODES = {
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
}


class ApiError(Exception):
    """A failure decided at the HTTP edge (authentication, unknown routes)."""

    def __init__(
        self, status: int, code: str, message: str, details: dict | None = None, headers: dict[str, str] | None = None
    ):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details, self.headers = details or {}, headers


def error_response(
    status: int, code: str, message: str, details: dict | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": jsonable_encoder(details or {})}}
    return JSONResponse(body, status_code=status, headers=headers)


def status_for(exc: errors.DomainError) -> int:
    return next((STATUS[cls] for cls in type(exc).__mro__ if cls in STATUS), 400)


def _domain_error(_request: Request, exc: errors.DomainError) -> JSONResponse:
    retry = exc.details.get("retry_after_seconds")
    headers = {"Retry-After": str(retry)} if isinstance(retry, int) else None
    details = exc.details
    if isinstance(exc, errors.ValidationFailed):  # API.md: each field names its problem codes in one string
        details = {**details, "fields": {name: ", ".join(codes) for name, codes in exc.fields.items()}}
    return error_response(status_for(exc), exc.code, exc.text, details, headers)


def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)


def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    fields = {}
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        if err.get("type") == "json_invalid":
            loc = ["body"]  # the rest of its location is a character offset, not a field
        name = ".".join(loc[1:] if len(loc) > 1 and loc[0] in ("body", "query", "path", "header") else loc)
        fields.setdefault(name or "body", err.get("type", "invalid"))
    return error_response(422, "VALIDATION_ERROR", "Some fields are invalid.", {"fields": fields})


def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400:  # FastAPI's only 400: a body it cannot decode (not UTF-8, not JSON)
        return error_response(
            422, "VALIDATION_ERROR", "The request body cannot be read.", {"fields": {"body": "unreadable"}}
        )
    code = HTTP_CODES.get(exc.status_code, "HTTP_ERROR")
    return error_response(exc.status_code, code, str(exc.detail), headers=exc.headers)


def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "INTERNAL_ERROR", "Something went wrong on our side.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.DomainError, _domain_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
