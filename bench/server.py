"""The real server for the bench and the perf test: ``python -m streamlit run`` on 127.0.0.1.

``Server`` starts it with the shipped ``.streamlit/config.toml`` (cwd = the checkout), waits for
``/_stcore/health``, stops (terminate, then kill) what it started, and reads the server's CPU
seconds and peak RSS from /proc. ``bench/hall.py`` re-exports it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SECRET = "hall-bench-secret-" + "0123456789abcdef" * 2 + "0123456789abcd"  # 64 characters
assert len(SECRET) == 64


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def config_in_effect(cwd: Path = ROOT) -> str:
    """The settings of ``.streamlit/config.toml`` that matter under load (else "default")."""
    path = cwd / ".streamlit" / "config.toml"
    conf = tomllib.loads(path.read_text()) if path.exists() else {}
    names = ("server.fileWatcherType", "runner.postScriptGC", "runner.fastReruns",
             "runner.magicEnabled", "server.enableXsrfProtection")  # fmt: skip
    shown = []
    for name in names:
        section, key = name.split(".")
        shown.append(f"{name}={conf.get(section, {}).get(key, 'default')}")
    return " ".join(shown)


@dataclass
class Server:
    """``streamlit run script`` on 127.0.0.1; use as a context manager."""

    script: Path
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path = ROOT
    log: Path | None = None
    port: int = 0
    proc: subprocess.Popen | None = None
    flags: tuple[str, ...] = ()  # extra `streamlit run` options, e.g. the settings before #11

    def __enter__(self) -> Server:
        self.port = self.port or free_port()
        env = {**os.environ, "QUANJING_DEMO": "0", "QUANJING_SECRET_KEY": SECRET, **self.env}
        env.pop("QUANJING_SECRET_KEY_FILE", None)
        cmd = [sys.executable, "-m", "streamlit", "run", str(self.script),
               "--server.port", str(self.port), "--server.address", HOST,
               "--server.headless", "true", *self.flags]  # fmt: skip
        out = open(self.log, "wb") if self.log else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(cmd, cwd=self.cwd, env=env, stdout=out,
                                         stderr=subprocess.STDOUT)  # fmt: skip
        finally:
            if self.log:
                out.close()
        try:
            self._wait_healthy(timeout=60)
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _wait_healthy(self, timeout: float) -> None:
        url = f"http://{HOST}:{self.port}/_stcore/health"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}")
            try:
                with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 (127.0.0.1)
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"no answer from {url} in {timeout} s")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def cpu_seconds(self) -> float:
        """utime + stime of the server process so far (/proc/<pid>/stat)."""
        stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        """VmHWM: the peak resident set of the server process so far."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")
