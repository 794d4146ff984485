"""Errors that services raise and that views and the API turn into clear messages."""

from __future__ import annotations


class StaleVersion(Exception):
    """Raised when a save is based on a version of a record that someone else has since changed."""

    def __init__(self, message: str = "Someone else changed this record since you opened it.") -> None:
        super().__init__(message)
        self.message = message


class BusinessRuleError(Exception):
    """Raised when an action breaks a rule of the service; carries messages keyed by field."""

    def __init__(self, message: str, *, field: str | None = None, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: dict[str, list[str]] = errors or {(field or "__all__"): [message]}
