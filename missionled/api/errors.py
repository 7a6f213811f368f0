"""Maps every error to the shared body: {"error": {"code", "message", "fields"}}."""

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from missionled.core.errors import Busy, DomainError

logger = logging.getLogger(__name__)

STATUS_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "too_many_requests",
}

# (status, body, extra headers)
Answer = tuple[int, dict[str, Any], dict[str, str]]


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    skip = ("body", "query", "path", "form", "file", "payload")
    return ".".join(str(part) for part in loc if part not in skip) or "body"


def validation_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(str(error.get("msg", "")))
    return fields


def _domain(exc: DomainError) -> Answer:
    headers = {"Retry-After": str(exc.retry_after_seconds)} if isinstance(exc, Busy) else {}
    return exc.status, error_body(exc.code, exc.message, exc.fields), headers


def _django_validation(exc: DjangoValidationError) -> Answer:
    fields = {k: [str(m) for m in v] for k, v in getattr(exc, "message_dict", {}).items()}
    message = "; ".join(str(m) for m in exc.messages) or "The request is not valid."
    return 422, error_body("invalid", message, fields), {}


def _ninja_validation(exc: ValidationError) -> Answer:
    fields = validation_fields(list(exc.errors))
    summary = "; ".join(f"{name}: {', '.join(msgs)}" for name, msgs in fields.items())
    return 422, error_body("invalid", f"Check the request. {summary}", fields), {}


def _unauthenticated(exc: AuthenticationError) -> Answer:
    message = "Send a valid API token: Authorization: Bearer <token>."
    return 401, error_body("unauthenticated", message), {"WWW-Authenticate": "Bearer"}


def _forbidden(exc: AuthorizationError) -> Answer:
    return 403, error_body("forbidden", "Your role may not do this."), {}


def _not_found(exc: Http404) -> Answer:
    return 404, error_body("not_found", "Not found."), {}


def _http_error(exc: HttpError) -> Answer:
    return exc.status_code, error_body(STATUS_CODES.get(exc.status_code, "error"), str(exc)), {}


DATABASE_BUSY = "The service is busy with another change to the same record. Try again."


def _database_error(exc: OperationalError) -> Answer:
    """A lock the database would not grant in time is a reason to retry, not a server error."""
    text = str(exc).lower()
    if "locked" in text or "lock timeout" in text or "could not obtain lock" in text:
        return _domain(
            Busy("The service is busy with another change to the same record. Try again.")
        )
    return _unexpected(exc)


def _unexpected(exc: Exception) -> Answer:
    logger.error("Unhandled API error", exc_info=exc)
    return 500, error_body("server_error", "Something went wrong on our side."), {}


HANDLERS: list[tuple[type[Exception], Callable[[Any], Answer]]] = [
    (DomainError, _domain),
    (DjangoValidationError, _django_validation),
    (ValidationError, _ninja_validation),
    (AuthenticationError, _unauthenticated),
    (AuthorizationError, _forbidden),
    (Http404, _not_found),
    (HttpError, _http_error),
    (OperationalError, _database_error),
    (Exception, _unexpected),
]


def _respond(
    api: NinjaAPI, handler: Callable[[Any], Answer], request: HttpRequest, exc: Exception
) -> HttpResponse:
    status, body, headers = handler(exc)
    response = api.create_response(request, body, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def install_error_handlers(api: NinjaAPI) -> None:
    for exc_class, handler in HANDLERS:
        api.add_exception_handler(exc_class, partial(_respond, api, handler))
