"""Reading the calendar file back out of an e-mail as a mail program would: from the sent MIME message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CalendarPart:
    """A text/calendar attachment of a sent message, with the parameters of its Content-Type header."""

    filename: str
    method: str
    charset: str
    content_type_header: str
    content: str


def calendar_parts(message: Any) -> list[CalendarPart]:
    """Every text/calendar part of a Django e-mail, read from its rendered MIME form."""
    found = []
    for part in message.message().walk():
        if part.get_content_type() != "text/calendar":
            continue
        payload = part.get_payload(decode=True)
        found.append(
            CalendarPart(
                filename=part.get_filename() or "",
                method=part.get_param("method") or "",
                charset=part.get_content_charset() or "",
                content_type_header=part["Content-Type"],
                content=payload.decode(part.get_content_charset() or "utf-8"),
            )
        )
    return found
