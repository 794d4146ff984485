"""Run the real `partnership worker` loop with two extra journal points, for the worker fault tests.

`claimed <Message-ID>` is written once the worker's claim on a message is committed (before it is sent), and
`marking <Message-ID>` after the send returned and before the row is recorded as sent; FAULTS_STALL_AT=`claimed:3`
or `marking:3` stops the worker there for good so that the test can kill it exactly at that point."""

from __future__ import annotations

import sys
from typing import Any


def install_journal_points() -> None:
    from partnership.core import outbox
    from partnership.core.models import OutboxMessage
    from tests.system.faults_mail import journal, stall_if_asked

    claim, mark_sent = outbox._claim, outbox._mark_sent

    def claiming(pk: Any) -> bool:
        claimed = claim(pk)
        if claimed:
            journal("claimed", outbox.message_id_of(OutboxMessage.objects.get(pk=pk)))
            stall_if_asked("claimed")
        return claimed

    def marking(message: OutboxMessage) -> None:
        journal("marking", outbox.message_id_of(message))
        stall_if_asked("marking")
        mark_sent(message)

    outbox._claim = claiming  # type: ignore[assignment]
    outbox._mark_sent = marking  # type: ignore[assignment]


if __name__ == "__main__":
    from partnership.cli import main
    from partnership.cli_files import setup_django

    setup_django()
    install_journal_points()
    sys.exit(main(["worker", *sys.argv[1:]]))
