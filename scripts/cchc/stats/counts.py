"""What an annual report counts, from the validated records.

For a year: published posts per month, per category and per tag (a post with two
categories counts once in each), documents issued that year by type (by their issue date,
not the post's), and the procedure guide as it is now (per field and per online level:
the records carry no history). Drafts and scheduled posts are never counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cchc.core.text import fold
from cchc.posts.model import Post
from cchc.procedures.model import LEVEL_LABELS, Catalogue

Counts = tuple[tuple[str, int], ...]


def _sorted(counter: Counter[str]) -> Counts:
    """Largest first; equal counts in Vietnamese alphabetical order (folded)."""
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], fold(item[0]), item[0])))


@dataclass(frozen=True)
class YearStats:
    year: int
    months: tuple[int, ...]  # posts in January … December
    categories: Counts
    tags: Counts
    documents: Counts  # documents issued that year, by type

    @property
    def posts(self) -> int:
        return sum(self.months)

    @property
    def documents_total(self) -> int:
        return sum(n for _, n in self.documents)


@dataclass(frozen=True)
class CatalogueStats:
    fields: Counts
    levels: Counts  # in the order of LEVEL_LABELS, with their Vietnamese labels

    @property
    def total(self) -> int:
        return sum(n for _, n in self.fields)


def years(posts: Iterable[Post]) -> list[int]:
    """Every year with a post or a document issued, newest first."""
    found: set[int] = set()
    for post in posts:
        found.add(post.date.year)
        if post.document is not None:
            found.add(post.document.issued.year)
    return sorted(found, reverse=True)


def year_stats(posts: Sequence[Post], year: int) -> YearStats:
    """The counts of ``year`` over ``posts`` (pass the published posts)."""
    months = [0] * 12
    categories: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    for post in posts:
        if post.date.year == year:
            months[post.date.month - 1] += 1
            categories.update(set(post.categories))
            tags.update(set(post.tags))
        if post.document is not None and post.document.issued.year == year:
            documents[post.document.type] += 1
    return YearStats(year, tuple(months), _sorted(categories), _sorted(tags), _sorted(documents))


def catalogue_stats(catalogue: Catalogue) -> CatalogueStats:
    fields = Counter(p.meta.linh_vuc for p in catalogue.procedures)
    levels = Counter(p.meta.muc_do_truc_tuyen for p in catalogue.procedures)
    return CatalogueStats(_sorted(fields), tuple((label, levels[key]) for key, label in LEVEL_LABELS.items()))
