"""A small progress bar on stderr for long demo and import runs."""

import sys
import time


class Progress:
    def __init__(self, label: str, total: int, *, stream=None, enabled: bool = True):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.started = time.monotonic()
        self._last = -1

    def set_total(self, total: int) -> None:
        self.total = max(total, 1)

    def advance(self, count: int = 1) -> None:
        self.done += count
        percent = min(100, self.done * 100 // self.total)
        if self.enabled and percent != self._last:
            self._last = percent
            bar = "#" * (percent // 4)
            self.stream.write(f"\r{self.label:<28} [{bar:<25}] {percent:3d} %")
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.advance(self.total - self.done)
            self.stream.write(f"  {time.monotonic() - self.started:.1f} s\n")
            self.stream.flush()
