"""Run a command as a subprocess: its wall time and its process tree's memory.

Memory is the peak of the tree's summed RSS, sampled from /proc every 50 ms,
beside the largest single process's peak (wait4's exact figure, which also
counts the pages of the measuring process that each child starts as). A
tree that hangs (no CPU used for `stall` seconds) or runs past `timeout` is
killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Measurement:
    """What one subprocess took: wall time, exit status, output and memory peaks."""

    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_tree_kb: int
    max_process_kb: int
    killed: str | None = None  # why the run was killed, if it was
    # User and system CPU of the process and the children it waited for: on a
    # shared machine a steadier measure of the work than wall time.
    cpu_seconds: float | None = None


def process_table() -> dict[int, tuple[int, int]]:
    """Map every live process id to its parent's id and its CPU ticks so far."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name sits in parentheses and may hold spaces; count
        # the fields after its closing parenthesis (state is the first).
        fields = stat[stat.rindex(b")") + 2:].split()
        table[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return table


def tree_ticks(root: int) -> dict[int, int]:
    """Return a process and its live descendants, each with its CPU ticks."""
    table = process_table()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found, stack = {}, [root]
    while stack:
        pid = stack.pop()
        if pid in table:
            found[pid] = table[pid][1]
        stack.extend(children.get(pid, ()))
    return found


def rss_kb(pid: int) -> int:
    """Return a process's resident set size in KiB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


class TreeWatcher(threading.Thread):
    """Sample a process tree's memory until stopped; kill it when it hangs.

    Peaks: the summed RSS of the tree and the largest single process. The
    tree is killed (its process group) when it runs past `timeout` seconds,
    or when `stall` seconds pass with no process in it using any CPU: a
    worker pool that lost its workers waits forever.
    """

    def __init__(self, root: int, interval: float, timeout: float, stall: float):
        super().__init__(daemon=True)
        self.root, self.interval, self.timeout, self.stall = root, interval, timeout, stall
        self.peak_tree_kb = self.max_process_kb = 0
        self.killed: str | None = None
        self.halt = threading.Event()

    def run(self) -> None:
        started = last_progress = time.monotonic()
        last_ticks: dict[int, int] = {}
        while not self.halt.is_set():
            ticks = tree_ticks(self.root)
            sizes = [rss_kb(pid) for pid in ticks]
            self.peak_tree_kb = max(self.peak_tree_kb, sum(sizes))
            self.max_process_kb = max(self.max_process_kb, *sizes, 0)
            now = time.monotonic()
            if ticks != last_ticks:
                last_progress, last_ticks = now, ticks
            if now - started > self.timeout:
                self.kill(f"timed out after {self.timeout:.0f} s")
            elif now - last_progress > self.stall:
                self.kill(f"hung: no CPU used for {self.stall:.0f} s")
            self.halt.wait(self.interval)

    def kill(self, why: str) -> None:
        """Kill the run's process group (its own session), once."""
        if self.killed is None:
            self.killed = why
            try:
                os.killpg(self.root, signal.SIGKILL)
            except ProcessLookupError:
                pass


def measure(argv: list[str], cwd: Path, interval: float = 0.05, timeout: float = 1800,
            stall: float = 60) -> Measurement:
    """Run a command to the end; time it and track its process tree's memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        # A session of its own, so a hung run can be killed with all its workers.
        proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err, start_new_session=True)
        watcher = TreeWatcher(proc.pid, interval, timeout, stall)
        watcher.start()
        # wait4 rather than proc.wait: its rusage carries the exact peak RSS
        # of the process and of every descendant it waited for.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        watcher.halt.set()
        watcher.join()
        if watcher.killed is None:
            # Workers a finished run left behind must not outlive it either.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    max_process = max(usage.ru_maxrss, watcher.max_process_kb)
    # A sample can miss a short peak that wait4 saw: the tree holds at least its largest process.
    return Measurement(seconds, proc.returncode, stdout, stderr,
                       max(watcher.peak_tree_kb, max_process), max_process, watcher.killed,
                       usage.ru_utime + usage.ru_stime)
