"""A report table: the one shape every dashboard figure takes, so the page, the chart and the
CSV and XLSX downloads all read the same rows."""

from dataclasses import dataclass, field
from typing import Any

# Below this many answers a rating is not shown, so nobody can be singled out.
MIN_RESPONSES = 5
SUPPRESSED = "fewer than 5 responses"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text, int, percent, mean, change, date, datetime

    @property
    def numeric(self) -> bool:
        return self.kind in {"int", "percent", "mean", "change"}


@dataclass(frozen=True)
class ChartSpec:
    """How to draw a table: one bar group per row, labelled by `label_key`, one series per
    column in `series`."""

    label_key: str
    series: tuple[str, ...]
    stacked: bool = False
    horizontal: bool = False
    label_name: str = ""  # what the bars are by, when `label_key` is not a shown column


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    chart: ChartSpec | None = None
    note: str = ""
    total_rows: int | None = None  # set when the page shows only the first rows
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return self.total_rows is not None and self.total_rows > len(self.rows)

    def cells(self) -> list[list[tuple[Column, Any]]]:
        """Rows as (column, value) pairs in column order, for templates."""
        return [[(column, row.get(column.key)) for column in self.columns] for row in self.rows]


def rate(part: int | None, whole: int | None) -> float | None:
    """`part` as a percentage of `whole`, to one decimal place; None when there is no whole."""
    if not whole:
        return None
    return round(100 * (part or 0) / whole, 1)


def mean(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)
