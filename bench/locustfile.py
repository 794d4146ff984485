"""The locust users of `make bench`: each is one demo person, chosen in turn, asking for the pages that person may
open (or, for the reference run, the bare view), with a short pause between pages."""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text(encoding="utf-8"))
PEOPLE = itertools.cycle(PLAN["people"])
CHANCE = random.Random(1)  # noqa: S311 - picking pages, not secrets


class Person(HttpUser):
    """One signed-in demo person going from page to page."""

    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        """Take the next person of the plan and their session cookie."""
        person = next(PEOPLE)
        self.paths = person["paths"]
        self.client.cookies.set(PLAN["cookie"], person["session"])

    @task
    def page(self) -> None:
        """Ask for one of the person's pages, named by its label so the summary groups them."""
        path, label = CHANCE.choice(self.paths)
        self.client.get(path, name=label, allow_redirects=False)
