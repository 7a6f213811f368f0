"""Errors that services raise. Each interface maps them to its own form in one place:
the API to the shared error body, pages to the form's error summary, commands to exit codes."""


class DomainError(Exception):
    """A rule of the service refused the request; `message` is written for a person."""

    code = "error"
    status = 400

    def __init__(
        self, message: str, *, code: str | None = None, fields: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.fields: dict[str, list[str]] = fields or {}


class NotAllowed(DomainError):
    """The acting user's role may not do this."""

    code = "not_allowed"
    status = 403


class NotFound(DomainError):
    """The object does not exist, or is not the acting user's to see."""

    code = "not_found"
    status = 404


class Conflict(DomainError):
    """The object is in a state that does not allow this change."""

    code = "conflict"
    status = 409


class RuleBroken(DomainError):
    """The input is well formed but breaks a business rule."""

    code = "rule_broken"
    status = 422


class CapacityFull(Conflict):
    code = "capacity_full"


class Busy(Conflict):
    """A lock could not be taken in time; the client may retry."""

    code = "busy"
    retry_after_seconds = 2
