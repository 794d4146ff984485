"""A test-only e-mail backend for the worker fault tests: slow, and journalling every message to a file.

For each message it writes `sending <Message-ID>`, waits (FAULTS_MAIL_DELAY seconds), then `accepted <Message-ID>`
(the receiving mail server has it from here on). FAULTS_STALL_AT=`sending:3` or `accepted:3` makes it stop for
good after writing that line for the third message, so that a test can kill the worker exactly there."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend

STALL_SECONDS = 600.0


def journal(event: str, message_id: str) -> None:
    """Append one line to the journal and make sure it is on disk before going on."""
    with open(os.environ["FAULTS_MAIL_JOURNAL"], "a", encoding="utf-8") as stream:
        stream.write(f"{event} {message_id}\n")
        stream.flush()
        os.fsync(stream.fileno())


def stall_if_asked(event: str) -> None:
    """Stop for good at the n-th occurrence of an event when FAULTS_STALL_AT asks for it (a kill will end us)."""
    point, _, nth = os.environ.get("FAULTS_STALL_AT", "").partition(":")
    if point != event:
        return
    path = os.environ["FAULTS_MAIL_JOURNAL"]
    with open(path, encoding="utf-8") as stream:
        seen = sum(1 for line in stream if line.startswith(f"{event} "))
    if seen == int(nth):
        time.sleep(STALL_SECONDS)


class JournallingBackend(BaseEmailBackend):
    """Record each message's Message-ID before and after a slow hand-over."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        delay = float(os.environ.get("FAULTS_MAIL_DELAY", "0.05"))
        for message in email_messages:
            message_id = message.extra_headers["Message-ID"]
            journal("sending", message_id)
            stall_if_asked("sending")
            time.sleep(delay)
            journal("accepted", message_id)
            stall_if_asked("accepted")
        return len(email_messages)
