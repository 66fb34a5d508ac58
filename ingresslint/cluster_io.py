"""Bounded I/O with the API server, for live mode (issue 10 item 3).

- :func:`bounded` runs one request in a daemon thread and waits at most ``timeout`` seconds in
  total: the client's own timeout is per socket read, so a server that drip-feeds one byte
  every half second would otherwise never be cut off.
- :func:`read_capped` reads a response body in chunks, stopping at the deadline or the size cap.
- :func:`bound_exec_plugins` runs kubeconfig ``exec`` credential plugins with a timeout (the
  client waits for them forever) and kills the plugin's process group when it expires.
- :class:`ClientLog` keeps the client library's log records (which carry an exec plugin's
  stderr) off our stderr; the caller turns the ones that matter into one-line errors.

Imported only by ingresslint.cluster, so only in live mode.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
CHUNK = 1 << 16


class RequestTimeout(TimeoutError):
    def __init__(self, timeout: float) -> None:
        super().__init__(f"no answer within {timeout:g}s")


class ResponseTooLarge(ValueError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the answer is larger than {limit // (1 << 20)} MiB")


def bounded(call: Callable[[], T], timeout: float) -> T:
    """``call()``'s result, or RequestTimeout when it takes more than ``timeout`` seconds in
    all. A call that overruns is abandoned: its daemon thread ends at its own deadline."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = call()
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=work, name="ingresslint-api-request", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise RequestTimeout(timeout)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def read_capped(response: Any, deadline: float, limit: int, timeout: float) -> bytes:
    """The body of a urllib3 response, at most ``limit`` bytes, read before ``deadline``
    (time.monotonic). The connection is closed, not reused, when reading stops early."""
    declared = response.headers.get("Content-Length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        response.close()
        raise ResponseTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    read = getattr(response, "read1", None) or response.read
    try:
        while True:
            if time.monotonic() > deadline:
                raise RequestTimeout(timeout)
            chunk = read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise ResponseTooLarge(limit)
            chunks.append(chunk)
    except BaseException:
        response.close()
        raise
    response.release_conn()
    return b"".join(chunks)


class ClientLog(logging.Handler):
    """Collects the log records of the kubernetes client instead of printing them: installed
    on the root logger (the client calls ``logging.error``) once per process."""

    _installed: ClientLog | None = None

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # a malformed record: nothing worth keeping
            self.messages.append(str(record.msg))

    @classmethod
    def install(cls) -> ClientLog:
        if cls._installed is None:
            cls._installed = cls()
            logging.getLogger().addHandler(cls._installed)
        return cls._installed

    def exec_failure(self, since: int) -> str | None:
        """What the exec credential plugin said went wrong, without the plugin's own stderr."""
        for message in self.messages[since:]:
            if message.startswith("exec:"):
                # "exec: process returned 3. <the plugin's stderr>": keep the first sentence
                return message.split(". ", 1)[0] if message.startswith("exec: process returned") else message
        return None


class _BoundedPopen(subprocess.Popen):
    """The exec provider's Popen: ``communicate()`` is bounded, and on expiry the plugin and
    whatever it started are killed."""

    timeout: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._own_group = os.name == "posix" and not _interactive(kwargs)
        if self._own_group:
            kwargs["start_new_session"] = True  # its children share the group: one kill ends them all
        super().__init__(*args, **kwargs)

    def communicate(self, input: Any = None, timeout: float | None = None) -> tuple[Any, Any]:
        try:
            return super().communicate(input, timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self._kill_all()
            with contextlib.suppress(subprocess.TimeoutExpired):  # a grandchild outside the group holds the pipes
                super().communicate(timeout=1)
            raise RuntimeError(f"exec: the credential plugin gave no answer within {self.timeout:g}s") from None

    def _kill_all(self) -> None:
        if self._own_group:
            import signal

            try:
                os.killpg(self.pid, signal.SIGKILL)
                return
            except OSError:
                pass
        self.kill()


def _interactive(kwargs: dict[str, Any]) -> bool:
    """The client hands a terminal's stdin to the plugin so it can prompt: keep its session."""
    return kwargs.get("stdin") is sys.stdin and sys.stdin is not None and sys.stdin.isatty()


class _SubprocessWithBoundedPopen:
    """Stands in for the ``subprocess`` module inside kubernetes.config.exec_provider."""

    Popen = _BoundedPopen

    def __getattr__(self, name: str) -> Any:
        return getattr(subprocess, name)


def bound_exec_plugins(timeout: float) -> None:
    """From now on, the client's exec credential plugins run under ``timeout``."""
    from kubernetes.config import exec_provider

    _BoundedPopen.timeout = timeout
    exec_provider.subprocess = _SubprocessWithBoundedPopen()  # type: ignore[assignment]
