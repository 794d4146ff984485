"""Progress on long commands: services report stages and steps to an optional reporter, and stay silent without one.

A service takes a keyword-only `progress: Progress | None = None` and reports through `progress or SILENT`. Web views
never pass one. The `partnership` command passes a `TerminalProgress`, which writes to stderr: a tqdm bar for each
stage on a terminal; elsewhere (CI, pipes, log files) a plain line when a stage starts, at every tenth of a stage
whose size is known, and when it ends.
"""

from __future__ import annotations

import sys
import time
from typing import Never, TextIO

from tqdm import tqdm


class Progress:
    """A reporter that is told of stages and steps and shows nothing (what a service uses when given none)."""

    def stage(self, name: str, *, total: int | None = None, unit: str = "rows") -> None:
        """Start a named stage of the work, of `total` steps when known; the previous stage ends."""

    def advance(self, steps: int = 1) -> None:
        """Count steps of the current stage as done."""

    def close(self) -> None:
        """End the last stage."""


SILENT = Progress()


class TerminalProgress(Progress):
    """Progress on stderr (or the stream given): a tqdm bar on a terminal, plain lines elsewhere, nothing when quiet."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.terminal = not quiet and _is_terminal(self.stream)
        self.bar: tqdm[Never] | None = None
        self.name = ""
        self.total: int | None = None
        self.unit = "rows"
        self.done = 0
        self.tenths = 0
        self.started = time.perf_counter()

    def stage(self, name: str, *, total: int | None = None, unit: str = "rows") -> None:
        """Start a named stage: open its bar, or write its first line."""
        self._end_stage()
        self.name, self.total, self.unit, self.done, self.tenths = name, total, unit, 0, 0
        if self.quiet:
            return
        if self.terminal:
            self.bar = tqdm(
                total=total,
                desc=name,
                unit=f" {unit}",
                file=self.stream,
                mininterval=0.25,
                leave=True,
            )
        elif total:
            self._line(f"{name}: 0 of {total:,} {unit}")
        else:
            self._line(f"{name} …")

    def advance(self, steps: int = 1) -> None:
        """Count steps done: move the bar, or write a line each time another tenth of a known total is done."""
        self.done += steps
        if self.quiet or not steps:
            return
        if self.bar is not None:
            self.bar.update(steps)
            return
        if self.total:
            tenths = min(10, self.done * 10 // self.total)
            if tenths > self.tenths:
                self.tenths = tenths
                self._line(f"{self.name}: {self.done:,} of {self.total:,} {self.unit} ({tenths * 10}%)")

    def close(self) -> None:
        """End the last stage."""
        self._end_stage()
        self.name = ""

    def took(self) -> str:
        """The time since the reporter was made, for the summary: "in 1.3 s"."""
        return f"in {seconds_text(time.perf_counter() - self.started)}"

    def _end_stage(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        elif not self.quiet and self.name and not self.total and self.done:
            self._line(f"{self.name}: {self.done:,} {self.unit}")

    def _line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def seconds_text(seconds: float) -> str:
    """A time taken, for a summary line: "0.4 s", "12.5 s" or "3 min 7 s"."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"


def plural(count: int, word: str, words: str | None = None) -> str:
    """A count and its noun, e.g. "1 theme", "7 themes", "1,204 rows"."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"
