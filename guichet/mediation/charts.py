"""Server-rendered SVG bar charts: no script, no inline style (strict CSP), always next to a table.

The template draws the bars from these numbers; colours come from the static stylesheet.
"""

from dataclasses import dataclass

ROW_HEIGHT = 32
BAR_HEIGHT = 20
LABEL_WIDTH = 230
BAR_AREA = 300
VALUE_GAP = 8
WIDTH = LABEL_WIDTH + BAR_AREA + 70


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    text_y: int
    width: int
    value_x: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int
    bar_height: int


def bar_chart(rows: list[tuple[str, int]]) -> BarChart:
    """Horizontal bars, the longest as wide as the bar area; a value of 0 gets no bar, only its number."""
    top = max((value for _label, value in rows), default=0)
    bars = []
    for index, (label, value) in enumerate(rows):
        width = (value * BAR_AREA) // top if top else 0
        y = index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bars.append(
            Bar(
                label=label if len(label) <= 32 else label[:31] + "…",
                value=value,
                y=y,
                text_y=y + BAR_HEIGHT - 5,
                width=width,
                value_x=LABEL_WIDTH + width + VALUE_GAP,
            )
        )
    return BarChart(
        bars=bars,
        width=WIDTH,
        height=max(len(rows), 1) * ROW_HEIGHT,
        label_width=LABEL_WIDTH,
        bar_height=BAR_HEIGHT,
    )
