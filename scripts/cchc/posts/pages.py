"""The news column as pages: each post's page, and the listings by date, category, tag, year.

Pure functions from ``Post`` records to ``GeneratedPage`` records (a site-relative
source URI, a title and Markdown/HTML content). Links inside generated HTML are
relative, so the site works under any sub-path.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

from babel.dates import format_date, format_datetime

from cchc.core.settings import Settings
from cchc.core.text import fold, slugify
from cchc.core.urls import ARCHIVE_DIR, CATEGORY_DIR, DOCUMENTS_DIR, NEWS_DIR, PAGE_DIR, TAG_DIR
from cchc.documents import model as documents
from cchc.posts.model import Post
from cchc.rendering.page import FeedLink, GeneratedPage

LOCALE = "vi"


@dataclass(frozen=True)
class Listing:
    """A named, ordered group of posts (a category, a tag, a year, everything)."""

    base: str  # site-relative URL of page 1, e.g. "tin-tuc/chuyen-muc/bao-cao/"
    title: str
    intro: str
    posts: tuple[Post, ...]
    feeds: tuple[FeedLink, ...] = field(default=())


# --- small helpers -------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)  # the links of a few pages: they repeat within a page
def rel(from_url: str, to_url: str) -> str:
    """Relative link between two site-relative directory URLs (or a file path)."""
    start = "/" + from_url.rstrip("/")
    target = "/" + to_url
    link = posixpath.relpath(target, start if from_url else "/")
    if to_url.endswith("/") and not link.endswith("/"):
        link += "/"
    return link if link != "./" else "./"


@functools.lru_cache(maxsize=8192)
def display_date(value: datetime) -> str:
    """``Thứ Năm, 26/10/2023`` (with ``08:30, `` in front when the post has a time)."""
    if value.hour or value.minute:
        return format_datetime(value, "HH:mm, EEEE, dd/MM/y", locale=LOCALE)
    return format_date(value, "EEEE, dd/MM/y", locale=LOCALE)


def iso(value: datetime) -> str:
    return value.isoformat()


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB".replace(".", ",")
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


@functools.lru_cache(maxsize=4096)
def category_url(name: str) -> str:
    return f"{CATEGORY_DIR}/{slugify(name)}/"


@functools.lru_cache(maxsize=4096)
def tag_url(name: str) -> str:
    return f"{TAG_DIR}/{slugify(name)}/"


def category_feeds(name: str) -> FeedLink:
    base = category_url(name)
    return FeedLink(f"Chuyên mục {name}", base + "rss.xml", base + "atom.xml")


SITE_FEEDS = FeedLink("Tin cải cách hành chính", "rss.xml", "atom.xml")
DOCUMENT_FEEDS = FeedLink("Văn bản", f"{DOCUMENTS_DIR}/rss.xml", f"{DOCUMENTS_DIR}/atom.xml")


# --- post pages ----------------------------------------------------------------------


def post_meta_line(post: Post, settings: Settings, here: str) -> str:
    parts = [f'<time datetime="{iso(post.date)}">{escape(display_date(post.date))}</time>']
    cats = ", ".join(f'<a href="{rel(here, category_url(c))}">{escape(c)}</a>' for c in post.categories)
    parts.append(f"Chuyên mục: {cats}")
    names = [settings.authors[a].name for a in post.authors if a in settings.authors]
    if names:
        parts.append("Người đăng: " + escape(", ".join(names)))
    if post.updated:
        parts.append(
            f'Cập nhật: <time datetime="{iso(post.updated)}">{escape(display_date(post.updated))}</time>'
        )
    return '<p class="cchc-meta">' + " · ".join(parts) + "</p>"


def attachments_block(post: Post) -> str:
    if not post.attachments:
        return ""
    items = []
    for att in post.attachments:
        href = att.asset.dest.removeprefix(post.url)
        items.append(
            f'<li><a href="{escape(href)}" download>{escape(att.title)}</a> '
            f'<span class="cchc-file">({escape(att.kind)}, {human_size(att.asset.size)})</span></li>'
        )
    return (
        '<section class="cchc-attachments" aria-labelledby="tep-dinh-kem">'
        '<h2 id="tep-dinh-kem">Tệp đính kèm</h2>'
        f"<ul>{''.join(items)}</ul></section>"
    )


def tags_block(post: Post, here: str) -> str:
    if not post.tags:
        return ""
    links = "".join(f'<li><a href="{rel(here, tag_url(t))}">{escape(t)}</a></li>' for t in post.tags)
    return f'<nav class="cchc-tags" aria-label="Chủ đề"><span>Chủ đề:</span><ul>{links}</ul></nav>'


# Hidden until cchc.js wires it up; without JavaScript the browser's own print remains.
PRINT_BUTTON = (
    '<p class="cchc-actions" hidden><button type="button" class="md-button cchc-print" data-cchc-print>'
    "In / lưu bài viết</button></p>"
)


def post_header_html(post: Post, settings: Settings) -> str:
    """HTML above the post body: title, date and categories, preview note, document boxes, cover."""
    here = post.url
    blocks = [f'<h1 id="{post.slug}">{escape(post.title)}</h1>', post_meta_line(post, settings, here)]
    if post.draft or post.scheduled:
        state = "bản nháp" if post.draft else "hẹn giờ đăng, chưa công khai"
        blocks.append(f'<p class="cchc-preview-note" role="note">Xem trước: bài này là {state}.</p>')
    if post.document:
        blocks.append(documents.render_facts(post.document))
        blocks.append(documents.render_header(post.document, post.title))
    if post.image:
        src = post.image.dest.removeprefix(post.url)
        blocks.append(f'<figure class="cchc-cover"><img src="{escape(src)}" alt="" loading="lazy"></figure>')
    return "\n".join(blocks)


def post_footer_html(post: Post) -> str:
    """HTML below the post body: signature block, attachments, tags, print button."""
    blocks = [documents.render_footer(post.document) if post.document else ""]
    blocks += [attachments_block(post), tags_block(post, post.url), PRINT_BUTTON]
    return "\n".join(b for b in blocks if b)


def post_searchable_html(post: Post) -> tuple[str, str]:
    """The parts above and below the body that carry text for the search index: the
    document boxes and the attachments. The rest of the header and footer (title, date
    line, tags, print button) is left out of the index anyway (``search._SKIP_*``), so the
    index need not parse it for every post; ``tests/test_search.py`` checks both ways agree.
    """
    if post.document is None:
        return "", attachments_block(post)
    above = [documents.render_facts(post.document), documents.render_header(post.document, post.title)]
    below = [documents.render_footer(post.document), attachments_block(post)]
    return "\n".join(above), "\n".join(b for b in below if b)


def post_page_html(post: Post, settings: Settings, body_html: str) -> str:
    """The whole content of a post page around the body HTML that Markdown produced."""
    return f"{post_header_html(post, settings)}\n{body_html}\n{post_footer_html(post)}"


# --- listings --------------------------------------------------------------------------


def item_html(post: Post, here: str) -> str:
    cats = ", ".join(f'<a href="{rel(here, category_url(c))}">{escape(c)}</a>' for c in post.categories)
    number = (
        f'<span class="cchc-item__number">{escape(post.document.number)}</span> ' if post.document else ""
    )
    return (
        '<article class="cchc-item">'
        f'<h2 class="cchc-item__title"><a href="{rel(here, post.url)}">{escape(post.title)}</a></h2>'
        f'<p class="cchc-item__meta">{number}<time datetime="{iso(post.date)}">'
        f"{escape(display_date(post.date))}</time>"
        f" · {cats}</p>"
        f'<p class="cchc-item__desc">{escape(post.description)}</p>'
        "</article>"
    )


def page_uri(base: str, number: int) -> str:
    return f"{base}index.md" if number == 1 else f"{base}{PAGE_DIR}/{number}/index.md"


def pager_html(base: str, number: int, total: int) -> str:
    if total <= 1:
        return ""
    here = page_uri(base, number).removesuffix("index.md")
    links = []
    if number > 1:
        prev = page_uri(base, number - 1).removesuffix("index.md")
        links.append(f'<a class="md-button" rel="prev" href="{rel(here, prev)}">← Trang trước</a>')
    links.append(f'<span class="cchc-pager__pos">Trang {number}/{total}</span>')
    if number < total:
        nxt = page_uri(base, number + 1).removesuffix("index.md")
        links.append(f'<a class="md-button" rel="next" href="{rel(here, nxt)}">Trang sau →</a>')
    return f'<nav class="cchc-pager" aria-label="Phân trang">{"".join(links)}</nav>'


def feed_links_html(feeds: Sequence[FeedLink], here: str) -> str:
    if not feeds:
        return ""
    parts = [
        f'<a href="{rel(here, f.rss)}">RSS</a> · <a href="{rel(here, f.atom)}">Atom</a> ({escape(f.title)})'
        for f in feeds
    ]
    return '<p class="cchc-feeds">Theo dõi qua nguồn tin: ' + "; ".join(parts) + "</p>"


def paginate(listing: Listing, per_page: int) -> list[GeneratedPage]:
    """Split a listing into numbered pages of ``per_page`` posts."""
    posts = listing.posts
    total = max(1, -(-len(posts) // per_page))
    pages = []
    for number in range(1, total + 1):
        uri = page_uri(listing.base, number)
        chunk = posts[(number - 1) * per_page : number * per_page]
        title = listing.title if number == 1 else f"{listing.title} – trang {number}"
        make = functools.partial(listing_html, listing, title, chunk, number, total)
        pages.append(GeneratedPage(uri, title, make, listing.intro, listing.feeds))
    return pages


def listing_html(listing: Listing, title: str, chunk: Sequence[Post], number: int, total: int) -> str:
    """The content of page ``number`` of ``total`` of a listing, showing ``chunk``."""
    here = page_uri(listing.base, number).removesuffix("index.md")
    body = "".join(item_html(p, here) for p in chunk) or '<p class="cchc-empty">Chưa có bài viết.</p>'
    return (
        f"<h1>{escape(title)}</h1>\n\n"
        + (f'<p class="cchc-intro">{escape(listing.intro)}</p>\n\n' if listing.intro else "")
        + feed_links_html(listing.feeds, here)
        + "\n\n"
        + f'<div class="cchc-list">{body}</div>\n\n'
        + pager_html(listing.base, number, total)
        + "\n"
    )


def _index_page(uri: str, title: str, intro: str, rows: Sequence[tuple[str, str, int]]) -> GeneratedPage:
    here = uri.removesuffix("index.md")
    items = "".join(
        f'<li><a href="{rel(here, url)}">{escape(name)}</a> '
        f'<span class="cchc-count">({count} bài)</span></li>'
        for name, url, count in rows
    )
    content = f'<h1>{escape(title)}</h1>\n\n<p>{escape(intro)}</p>\n\n<ul class="cchc-index">{items}</ul>\n'
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
    """Every listing page of the news column, plus the documents register."""
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
            Listing(f"{ARCHIVE_DIR}/{year}/", f"Lưu trữ năm {year}", "", tuple(members), (SITE_FEEDS,)),
            per_page,
        )
    pages.append(
        _index_page(
            f"{ARCHIVE_DIR}/index.md",
            "Lưu trữ theo năm",
            "Bài viết được xếp theo năm đăng.",
            [(f"Năm {y}", f"{ARCHIVE_DIR}/{y}/", len(m)) for y, m in sorted(by_year.items(), reverse=True)],
        )
    )
    pages += documents_register(posts, per_page=50)
    return pages


def documents_register(posts: Sequence[Post], per_page: int) -> list[GeneratedPage]:
    """The official documents register: a table of number, type, date, abstract, issuer."""
    docs = [p for p in posts if p.document]
    total = max(1, -(-len(docs) // per_page))
    pages = []
    for number in range(1, total + 1):
        uri = page_uri(f"{DOCUMENTS_DIR}/", number)
        here = uri.removesuffix("index.md")
        rows = []
        for post in docs[(number - 1) * per_page : number * per_page]:
            doc = post.document
            assert doc is not None
            rows.append(
                "<tr>"
                f'<td><a href="{rel(here, post.url)}">{escape(doc.number)}</a></td>'
                f"<td>{escape(doc.type)}</td>"
                f'<td><time datetime="{doc.issued.isoformat()}">{doc.issued.strftime("%d/%m/%Y")}</time></td>'
                f"<td>{escape(doc.abstract or post.title)}</td>"
                f"<td>{escape(doc.issuer)}</td>"
                "</tr>"
            )
        table = (
            '<table class="cchc-register"><caption>Danh mục văn bản</caption><thead><tr>'
            '<th scope="col">Số, ký hiệu</th><th scope="col">Loại</th><th scope="col">Ngày ban hành</th>'
            '<th scope="col">Trích yếu</th><th scope="col">Cơ quan ban hành</th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
            if rows
            else '<p class="cchc-empty">Chưa có văn bản.</p>'
        )
        title = "Văn bản" if number == 1 else f"Văn bản – trang {number}"
        intro = (
            "Báo cáo, kế hoạch, thông báo và các văn bản khác do Ủy ban nhân dân xã ban hành, kèm tệp gốc."
        )
        content = (
            f"<h1>{escape(title)}</h1>\n\n<p>{escape(intro)}</p>\n\n"
            + feed_links_html((DOCUMENT_FEEDS,), here)
            + f"\n\n{table}\n\n"
            + pager_html(f"{DOCUMENTS_DIR}/", number, total)
            + "\n"
        )
        pages.append(GeneratedPage(uri, title, content, intro, (DOCUMENT_FEEDS, SITE_FEEDS)))
    return pages


def latest_html(posts: Sequence[Post], here: str, count: int = 6) -> str:
    """The latest posts block for the home page."""
    items = (
        "".join(item_html(p, here) for p in posts[:count]) or '<p class="cchc-empty">Chưa có bài viết.</p>'
    )
    more = f'<p><a class="md-button" href="{rel(here, NEWS_DIR + "/")}">Xem tất cả tin tức</a></p>'
    return f'<div class="cchc-list cchc-latest">{items}</div>\n\n{more}'
