"""Settings of a worker restarted by the fault tests: the product's own, with a claim lease of `FAULTS_LEASE_SECONDS`
(0 lets a restarted worker take at once a message its killed predecessor had claimed)."""

import os

from partnership.config.settings import *  # noqa: F403

PARTNERSHIP_OUTBOX_LEASE_SECONDS = int(os.environ.get("FAULTS_LEASE_SECONDS", "300"))
