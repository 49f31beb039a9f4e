"""A hybrid logical clock: wall time in milliseconds, a counter, the device — ordered as
text. A device's own changes stay in order even when its wall clock goes back or runs hours
behind another's (the clock never goes below the largest time it has seen)."""

from __future__ import annotations

import time


def stamp(wall_ms: int, counter: int, device: str) -> str:
    return f"{wall_ms:013d}.{counter:05d}.{device}"


def parse(hlc: str) -> tuple[int, int, str]:
    wall, counter, device = hlc.split(".", 2)
    return int(wall), int(counter), device


class Clock:
    """The device's clock; :meth:`seen` moves it past every time read from others."""

    def __init__(self, device: str, last: str | None = None) -> None:
        self.device = device
        self.wall, self.counter = (parse(last)[:2] if last else (0, 0))

    def now(self) -> str:
        wall = int(time.time() * 1000)
        if wall > self.wall:
            self.wall, self.counter = wall, 0
        else:
            self.counter += 1
        return stamp(self.wall, self.counter, self.device)

    def seen(self, hlc: str) -> None:
        wall, counter, _ = parse(hlc)
        if (wall, counter) > (self.wall, self.counter):
            self.wall, self.counter = wall, counter

    @property
    def last(self) -> str:
        return stamp(self.wall, self.counter, self.device)
