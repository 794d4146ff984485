"""Serving the partnership, and the bare reference view, exactly as `partnership serve` does, on free ports: Django's
own single process, or with BENCH_WORKERS=N the production server's N worker processes, for both alike."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.database import PARTNERSHIP, ROOT

START_SECONDS = 60
REFERENCE_SETTINGS = "bench.reference_settings"


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`partnership serve` in its own process on a free port, with the product's settings or the reference's."""

    def __init__(self, *, environment: dict[str, str], log_path: Path, settings_module: str | None = None) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.environment = dict(environment)
        if settings_module:
            self.environment["DJANGO_SETTINGS_MODULE"] = settings_module
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start serving and wait until /healthz answers."""
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [
                    str(PARTNERSHIP),
                    "serve",
                    "--port",
                    str(self.port),
                    "--workers",
                    os.environ.get("BENCH_WORKERS", "0"),
                ],
                env=self.environment,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server stopped at once; see {self.log_path}.")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"The server did not answer /healthz within {START_SECONDS} s; see {self.log_path}.")

    def stop(self) -> None:
        """Stop the process this server started, and only it."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
