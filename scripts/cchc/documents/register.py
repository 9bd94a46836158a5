"""The documents register (``van-ban/``): every post with a ``document`` block, as listings.

One page with every document (newest first by issue date) and a filter by type, year and
text that runs in the browser (``assets/javascripts/register.js``) over the rows' folded
text; without JavaScript the full table shows and the pages per type (``van-ban/loai/…``)
and per year (``van-ban/nam/…``) do the filtering. The text filter follows the site
search's rules: words as ``cchc.core.text.words`` cuts them, folded with ``fold`` (the
browser uses the same two functions of ``search.js``); every word of the query must begin a
word of the row. ``matches`` is that rule in Python, for tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cchc.core.text import fold, slugify, words
from cchc.core.urls import DOCUMENTS_DIR
from cchc.documents.data import signed_file
from cchc.posts.model import Post, sort_key
from cchc.posts.pages import DOCUMENT_FEEDS, SITE_FEEDS
from cchc.rendering.page import GeneratedPage
from cchc.rendering.templates import render

TYPES_DIR = f"{DOCUMENTS_DIR}/loai"
YEARS_DIR = f"{DOCUMENTS_DIR}/nam"
INTRO = (
    "Báo cáo, kế hoạch, quyết định, thông báo và các văn bản khác do Ủy ban nhân dân xã "
    "ban hành, mới nhất trước, kèm tệp văn bản."
)


def type_url(name: str) -> str:
    return f"{TYPES_DIR}/{slugify(name) or 'khac'}/"


def year_url(year: int | str) -> str:
    return f"{YEARS_DIR}/{year}/"


def documents(posts: Iterable[Post]) -> list[Post]:
    """The posts with a document block, newest issue date first (ties: the posts' order)."""
    docs = [p for p in posts if p.document]
    return sorted(docs, key=lambda p: (-p.document.issued.toordinal(), sort_key(p)))  # type: ignore[union-attr]


def search_key(post: Post) -> str:
    """The folded words a row is found by: number, type, abstract, title, issuer, dates."""
    doc = post.document
    assert doc is not None
    parts = [doc.number, doc.type, doc.abstract or "", post.title, doc.issuer, doc.parent_issuer or ""]
    parts += [doc.signer.name, doc.issued.strftime("%d/%m/%Y"), *(a.title for a in post.attachments)]
    return " ".join(fold(word) for word in words(" ".join(parts)))


def matches(query: str, key: str) -> bool:
    """Whether a row with ``search_key`` ``key`` matches ``query`` (as ``register.js``)."""
    row = key.split()
    return all(any(w.startswith(q) for w in row) for q in (fold(w) for w in words(query)))


@dataclass(frozen=True)
class Group:
    """Documents of one type or one year, and the listing page that shows them."""

    name: str
    value: str  # the filter's value: the type's slug, or the year
    url: str
    posts: tuple[Post, ...]


def by_type(docs: Sequence[Post]) -> list[Group]:
    """Groups by type (slug), alphabetical by folded name; a type keeps its first spelling."""
    found: dict[str, tuple[str, list[Post]]] = {}
    for post in docs:
        name = post.document.type  # type: ignore[union-attr]
        found.setdefault(slugify(name) or "khac", (name, []))[1].append(post)
    groups = [Group(name, slug, type_url(name), tuple(ps)) for slug, (name, ps) in found.items()]
    return sorted(groups, key=lambda g: fold(g.name))


def by_year(docs: Sequence[Post]) -> list[Group]:
    """Groups by the year of issue, newest first."""
    found: dict[int, list[Post]] = {}
    for post in docs:
        found.setdefault(post.document.issued.year, []).append(post)  # type: ignore[union-attr]
    return [Group(str(y), str(y), year_url(y), tuple(found[y])) for y in sorted(found, reverse=True)]


def _row(post: Post) -> dict[str, object]:
    doc = post.document
    assert doc is not None
    return {
        "post": post,
        "doc": doc,
        "type": slugify(doc.type) or "khac",
        "year": str(doc.issued.year),
        "search": search_key(post),
        "main": signed_file(post),
    }


def _page(uri: str, title: str, intro: str, docs: Sequence[Post], **context: object) -> GeneratedPage:
    here = uri.removesuffix("index.md")
    context.setdefault("types", [])
    context.setdefault("years", [])
    context.setdefault("filter", False)
    context.setdefault("back", "")
    html = render(
        "documents/register.html",
        title=title,
        intro=intro,
        here=here,
        feeds=(DOCUMENT_FEEDS,),
        rows=[_row(p) for p in docs],
        **context,
    )
    return GeneratedPage(uri, title, html, intro, (DOCUMENT_FEEDS, SITE_FEEDS))


def _index(uri: str, title: str, intro: str, groups: Sequence[Group]) -> GeneratedPage:
    here = uri.removesuffix("index.md")
    html = render("documents/index_page.html", title=title, intro=intro, here=here, groups=groups)
    return GeneratedPage(uri, title, html, intro)


def register_pages(posts: Iterable[Post]) -> list[GeneratedPage]:
    """The register, its index pages by type and by year, and a page for each type and year."""
    docs = documents(posts)
    types, years = by_type(docs), by_year(docs)
    register = f"{DOCUMENTS_DIR}/"
    pages = [
        _page(f"{register}index.md", "Văn bản", INTRO, docs, types=types, years=years, filter=True),
        _index(f"{TYPES_DIR}/index.md", "Văn bản theo loại", "Các loại văn bản xã đã ban hành.", types),
        _index(f"{YEARS_DIR}/index.md", "Văn bản theo năm", "Văn bản xếp theo năm ban hành.", years),
    ]
    for group in types:
        intro = f"Các văn bản loại «{group.name}», mới nhất trước."
        title = f"Văn bản: {group.name}"
        pages.append(_page(f"{group.url}index.md", title, intro, group.posts, back=register))
    for group in years:
        intro = f"Các văn bản ban hành năm {group.name}, mới nhất trước."
        title = f"Văn bản năm {group.name}"
        pages.append(_page(f"{group.url}index.md", title, intro, group.posts, back=register))
    return pages
