"""Where the points of the weight chart go. Pure geometry: the template draws it as SVG."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from readwell.tracker.progress import Entry

WIDTH = 640
HEIGHT = 320
LEFT = 96  # room for the weight labels
RIGHT = 24
TOP = 24
BOTTOM = 48  # room for the date labels
LABEL_SIZE = 20  # in the chart's units


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    entry: Entry


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list[Point]
    low_y: float
    high_y: float
    low_grams: int
    high_grams: int
    left: int = LEFT
    right: int = WIDTH - RIGHT
    label_size: int = LABEL_SIZE
    bottom_y: int = HEIGHT - BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


def chart(chronological: list[Entry]) -> Chart | None:
    """Dates along x (by real time between them), weight up y; None when there is nothing to draw."""
    if not chronological:
        return None
    days = [date.fromisoformat(e.day).toordinal() for e in chronological]
    grams = [e.grams for e in chronological]
    low, high = min(grams), max(grams)
    if high - low < 2000:  # a flat line would exaggerate tiny changes: show at least 2 kg of range
        middle = (low + high) // 2
        low, high = middle - 1000, middle + 1000
    span_days = max(days[-1] - days[0], 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: int) -> float:
        return LEFT + plot_w * (day - days[0]) / span_days if len(days) > 1 else LEFT + plot_w / 2

    def y(value: int) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    points = [Point(x(d), y(e.grams), e) for d, e in zip(days, chronological, strict=True)]
    return Chart(WIDTH, HEIGHT, points, low_y=y(low), high_y=y(high), low_grams=low, high_grams=high)
