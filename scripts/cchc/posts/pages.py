"""The news column as pages: each post's page, and the listings by date, category, tag, year.

Pure functions from ``Post`` records to ``GeneratedPage`` records (a site-relative
source URI, a title and Markdown/HTML content). Links inside generated HTML are
relative, so the site works under any sub-path. The markup is in
``rendering/templates/posts/``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from cchc.core.settings import Settings
from cchc.core.text import fold
from cchc.core.urls import (
    ARCHIVE_DIR,
    CATEGORY_DIR,
    DOCUMENTS_DIR,
    NEWS_DIR,
    TAG_DIR,
    category_url,
    listing_page_uri,
    tag_url,
    year_url,
)
from cchc.documents import pages as documents
from cchc.posts.model import Post
from cchc.rendering.page import FeedLink, GeneratedPage
from cchc.rendering.templates import render


@dataclass(frozen=True)
class Listing:
    """A named, ordered group of posts (a category, a tag, a year, everything)."""

    base: str  # site-relative URL of page 1, e.g. "tin-tuc/chuyen-muc/bao-cao/"
    title: str
    intro: str
    posts: tuple[Post, ...]
    feeds: tuple[FeedLink, ...] = field(default=())


@dataclass(frozen=True)
class Pager:
    """Where page ``number`` of ``total`` of a listing is, and its neighbours ("" if none)."""

    here: str
    prev: str
    next: str
    number: int
    total: int


def pager(base: str, number: int, total: int) -> Pager:
    """The pager of page ``number`` of ``total`` of the listing whose first page is at ``base``."""

    def url(n: int) -> str:
        return listing_page_uri(base, n).removesuffix("index.md")

    prev = url(number - 1) if number > 1 else ""
    nxt = url(number + 1) if number < total else ""
    return Pager(url(number), prev, nxt, number, total)


def category_feeds(name: str) -> FeedLink:
    base = category_url(name)
    return FeedLink(f"Chuyên mục {name}", base + "rss.xml", base + "atom.xml")


SITE_FEEDS = FeedLink("Tin cải cách hành chính", "rss.xml", "atom.xml")
DOCUMENT_FEEDS = FeedLink("Văn bản", f"{DOCUMENTS_DIR}/rss.xml", f"{DOCUMENTS_DIR}/atom.xml")


# --- post pages ----------------------------------------------------------------------


def _author_names(post: Post, settings: Settings) -> list[str]:
    return [settings.authors[a].name for a in post.authors if a in settings.authors]


def post_header_html(post: Post, settings: Settings, cover: str = "") -> str:
    """HTML above the post body: title, date and categories, preview note, document boxes, cover
    (``cover``: its ``<picture>``, from ``posts.variants``)."""
    doc = post.document
    # The document boxes are HTML made by the documents/*.html templates.
    facts = Markup(documents.render_top(post, settings)) if doc else ""  # file, facts, JSON-LD
    doc_header = Markup(documents.render_header(doc, post.title)) if doc else ""
    names = _author_names(post, settings)
    return render(
        "posts/header.html", post=post, names=names, facts=facts, doc_header=doc_header, cover=Markup(cover)
    )


def post_footer_html(post: Post, settings: Settings) -> str:
    """HTML below the post body: signature block, attachments, tags, print button, and the
    page's address and date for paper (``print.css``)."""
    # HTML made by the documents/footer.html template.
    doc_footer = Markup(documents.render_footer(post.document)) if post.document else ""
    address = settings.absolute(post.url)
    return render("posts/footer.html", post=post, doc_footer=doc_footer, address=address)


# --- listings --------------------------------------------------------------------------


def paginate(listing: Listing, per_page: int) -> list[GeneratedPage]:
    """Split a listing into numbered pages of ``per_page`` posts."""
    posts = listing.posts
    total = max(1, -(-len(posts) // per_page))
    pages = []
    for number in range(1, total + 1):
        uri = listing_page_uri(listing.base, number)
        chunk = posts[(number - 1) * per_page : number * per_page]
        title = listing.title if number == 1 else f"{listing.title} – trang {number}"
        make = functools.partial(
            listing_html, listing.base, listing.intro, listing.feeds, title, chunk, number, total
        )
        pages.append(GeneratedPage(uri, title, make, listing.intro, listing.feeds))
    return pages


def listing_html(
    base: str,
    intro: str,
    feeds: tuple[FeedLink, ...],
    title: str,
    chunk: Sequence[Post],
    number: int,
    total: int,
) -> str:
    """The content of page ``number`` of ``total`` of the listing at ``base``, showing
    ``chunk`` (only what the page shows: the preview compares these to tell a change)."""
    return render(
        "posts/listing.html",
        title=title,
        intro=intro,
        feeds=feeds,
        posts=chunk,
        pager=pager(base, number, total),
    )


def _index_page(uri: str, title: str, intro: str, rows: Sequence[tuple[str, str, int]]) -> GeneratedPage:
    here = uri.removesuffix("index.md")
    content = render("posts/index_page.html", title=title, intro=intro, rows=rows, here=here)
    return GeneratedPage(uri, title, content, intro)


def group(posts: Sequence[Post], key: str) -> dict[str, list[Post]]:
    """Group posts by category names, tag names or year (as text); order preserved."""
    groups: dict[str, list[Post]] = {}
    for post in posts:
        values: Sequence[str]
        if key == "categories":
            values = post.categories
        elif key == "tags":
            values = post.tags
        else:
            values = (str(post.year),)
        for value in values:
            groups.setdefault(value, []).append(post)
    return groups


def column_pages(posts: Sequence[Post], settings: Settings) -> list[GeneratedPage]:
    """Every listing page of the news column."""
    per_page = settings.per_page
    pages: list[GeneratedPage] = []
    pages += paginate(
        Listing(
            f"{NEWS_DIR}/",
            "Tin tức cải cách hành chính",
            "Tất cả bài viết, mới nhất trước.",
            tuple(posts),
            (SITE_FEEDS,),
        ),
        per_page,
    )
    by_category = group(posts, "categories")
    for category in settings.categories:
        members = tuple(by_category.get(category.name, ()))
        feed = category_feeds(category.name)
        pages += paginate(
            Listing(
                category_url(category.name), f"Chuyên mục: {category.name}", "", members, (feed, SITE_FEEDS)
            ),
            per_page,
        )
    pages.append(
        _index_page(
            f"{CATEGORY_DIR}/index.md",
            "Các chuyên mục",
            "Bài viết được xếp theo chuyên mục.",
            [(c.name, c.url, len(by_category.get(c.name, ()))) for c in settings.categories],
        )
    )
    by_tag = group(posts, "tags")
    for name, members in by_tag.items():
        pages += paginate(
            Listing(tag_url(name), f"Chủ đề: {name}", "", tuple(members), (SITE_FEEDS,)), per_page
        )
    pages.append(
        _index_page(
            f"{TAG_DIR}/index.md",
            "Các chủ đề",
            "Chủ đề theo sáu nội dung cải cách hành chính và các chủ đề khác.",
            sorted(((n, tag_url(n), len(m)) for n, m in by_tag.items()), key=lambda r: fold(r[0])),
        )
    )
    by_year = group(posts, "year")
    for year, members in by_year.items():
        pages += paginate(
            Listing(year_url(year), f"Lưu trữ năm {year}", "", tuple(members), (SITE_FEEDS,)),
            per_page,
        )
    pages.append(
        _index_page(
            f"{ARCHIVE_DIR}/index.md",
            "Lưu trữ theo năm",
            "Bài viết được xếp theo năm đăng.",
            [(f"Năm {y}", year_url(y), len(m)) for y, m in sorted(by_year.items(), reverse=True)],
        )
    )
    return pages  # the documents register: cchc.documents.register


def latest_html(posts: Sequence[Post], here: str, thumbnails: Mapping[str, str], count: int = 6) -> str:
    """The latest posts block for the home page; ``thumbnails``: the copy of each post's
    cover its thumbnail shows, by the cover's site path (``ImageSet.smallest``)."""
    shown = posts[:count]
    thumbs = {p.src_uri: thumbnails.get(p.image.dest, p.image.dest) for p in shown if p.image}
    return render("posts/latest.html", posts=shown, thumbs=thumbs, here=here, news=f"{NEWS_DIR}/")
