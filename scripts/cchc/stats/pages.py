"""The statistics page (``thong-ke/``): every year's counts as tables and bar charts.

The charts are inline SVG made at build time by a template (``stats/chart.html``): no
script, shapes that print as they are shown, a ``<title>`` and ``<desc>`` giving every
value to screen readers, and the same numbers in the table beside each chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cchc.posts.model import Post
from cchc.procedures.model import Catalogue
from cchc.rendering.page import GeneratedPage
from cchc.rendering.templates import render
from cchc.stats.counts import Counts, catalogue_stats, year_stats, years

STATS_DIR = "thong-ke"
TITLE = "Thống kê"
INTRO = (
    "Số tin bài đã đăng theo tháng, chuyên mục và chủ đề; số văn bản ban hành theo loại; số thủ tục "
    "hành chính theo lĩnh vực và mức độ trực tuyến. Số liệu được tính lại mỗi lần cập nhật trang."
)
SLOT = 30  # chart units per bar
PLOT_TOP, PLOT_HEIGHT, LABEL_SPACE = 20, 120, 22


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Chart:
    """A vertical bar chart, in SVG user units (``viewBox``)."""

    id: str
    title: str
    bars: tuple[Bar, ...]
    width: int
    height: int = PLOT_TOP + PLOT_HEIGHT + LABEL_SPACE
    baseline: int = PLOT_TOP + PLOT_HEIGHT

    @property
    def description(self) -> str:
        return "; ".join(f"{b.label}: {b.value}" for b in self.bars) + "."


def bar_chart(chart_id: str, title: str, counts: Counts) -> Chart:
    """A chart of ``counts`` (label, value), bars scaled to the largest value."""
    top = max((v for _, v in counts), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(counts):
        height = round(PLOT_HEIGHT * value / top, 1)
        bars.append(
            Bar(label, value, index * SLOT + SLOT * 0.15, PLOT_TOP + PLOT_HEIGHT - height, SLOT * 0.7, height)
        )
    return Chart(chart_id, title, tuple(bars), max(len(bars), 1) * SLOT)


@dataclass(frozen=True)
class YearSection:
    year: int
    posts: int
    documents: int
    months: Counts
    categories: Counts
    tags: Counts
    by_type: Counts
    chart: Chart


def stats_pages(posts: Sequence[Post], catalogue: Catalogue) -> list[GeneratedPage]:
    """The statistics page over ``posts`` (the published ones) and the procedure guide."""
    sections = []
    for year in years(posts):
        stats = year_stats(posts, year)
        months = tuple((f"T{i}", n) for i, n in enumerate(stats.months, 1))
        chart = bar_chart(f"thong-ke-{year}", f"Số tin bài theo tháng, năm {year}", months)
        sections.append(
            YearSection(
                year,
                stats.posts,
                stats.documents_total,
                months,
                stats.categories,
                stats.tags,
                stats.documents,
                chart,
            )
        )
    per_year = tuple((str(s.year), s.posts) for s in reversed(sections))
    overview = bar_chart("thong-ke-nam", "Số tin bài theo năm", per_year)
    html = render(
        "stats/page.html",
        title=TITLE,
        intro=INTRO,
        sections=sections,
        overview=overview,
        catalogue=catalogue_stats(catalogue),
    )
    return [GeneratedPage(f"{STATS_DIR}/index.md", TITLE, html, INTRO)]
