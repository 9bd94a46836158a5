"""RSS 2.0 and Atom 1.0 feeds of the news column, built with feedgen from ``Post`` records.

``feed_generator`` is the one function that turns (posts, a ``FeedSpec``, settings) into a
``FeedGenerator``; ``feed_bytes`` serialises it as RSS or Atom. ``build_all`` applies them to
the site feed, one feed per category and one for the official documents register.

Choices that readers and aggregators rely on:

- Entry ids (Atom ``id``, RSS ``guid isPermaLink="true"``) are the post's absolute URL. Post
  URLs depend only on the slug, so editing, re-tagging or re-categorising a post keeps its id,
  and the id is also a working link. A ``tag:`` URI would be no more stable: it would be built
  from the same host and slug. (A slug derived from the title changes when the title does; so
  does the page's address, which is why ``slug:`` exists.)
- Dates are the post's ``date`` (and optional ``updated``) in ``Asia/Ho_Chi_Minh``, never a
  file or git time; the channel's ``updated``/``lastBuildDate`` is the newest entry's date, so
  two builds of the same content give byte-identical feeds.
- Entry content is the post page's HTML built around the body MkDocs already rendered (nothing
  is rendered a second time), with links and images made absolute and page-only controls
  (title, heading permalinks, print button) removed.
- Opened in a browser, a feed shows a Vietnamese page: one ``xml-stylesheet`` processing
  instruction (``assets/feed.css``) styles the XML itself, with the explanation of what a feed
  is and how to follow it as generated text. Nothing else is added to the feed: no script
  element (an ``xhtml:script`` is invalid where RFC 4287's schema allows no foreign element,
  after the entries, and the W3C feed validator flags it in both formats) and no XSLT
  (Chromium is removing it and covers XSLT pages with an English warning banner).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import PurePosixPath
from urllib.parse import urljoin

import lxml.html
from feedgen.ext.base import BaseEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from cchc.core.settings import TIMEZONE, Settings
from cchc.core.text import nfc
from cchc.core.urls import CATEGORY_DIR, DOCUMENTS_DIR, TAG_DIR
from cchc.posts import pages as news
from cchc.posts.model import Post, sort_key
from cchc.rendering.sanitize import url_problem

# Browser view of a feed: the site-relative path of the stylesheet in overrides/assets/.
VIEW_CSS = "assets/feed.css"

# The channel date of a feed when the site has no post at all (keeps builds reproducible).
EPOCH = datetime(2000, 1, 1, tzinfo=TIMEZONE)

IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}

# Characters XML 1.0 cannot carry at all (C0 controls except tab/newline/CR, U+FFFE/U+FFFF,
# lone surrogates). A stray one pasted from a word processor must not break the feed.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# Parts of a post page that mean nothing in a feed reader: the page title (the entry has
# its own), heading permalinks, the print button, the preview banner.
_PAGE_ONLY_XPATH = (
    "//h1 | //a[contains(concat(' ', @class, ' '), ' headerlink ')]"
    " | //*[contains(concat(' ', @class, ' '), ' cchc-actions ')]"
    " | //*[contains(concat(' ', @class, ' '), ' cchc-preview-note ')]"
    " | //script | //*[contains(concat(' ', @class, ' '), ' cchc-print-only ')]"  # JSON-LD, paper only
)

# Attributes that hold a URL in the HTML Markdown produces (lxml's make_links_absolute also
# parses every style attribute and costs three times as much).
_URL_ATTRIBUTES = ("href", "src", "poster", "cite")
_LINKED_XPATH = "//*[@href or @src or @poster or @cite]"
_ABSOLUTE_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")


@dataclass(frozen=True)
class FeedSpec:
    """One pair of feeds: what the channel says and where it lives (site-relative paths)."""

    title: str
    description: str
    page: str  # the HTML page the feed mirrors, e.g. "tin-tuc/chuyen-muc/bao-cao/"
    rss: str  # e.g. "tin-tuc/chuyen-muc/bao-cao/rss.xml"
    atom: str


# --- which feeds exist ---------------------------------------------------------------------


def site_spec(settings: Settings) -> FeedSpec:
    return FeedSpec(
        settings.site_name,
        settings.description or settings.site_name,
        f"{news.NEWS_DIR}/",
        news.SITE_FEEDS.rss,
        news.SITE_FEEDS.atom,
    )


def category_spec(name: str, settings: Settings) -> FeedSpec:
    link = news.category_feeds(name)
    return FeedSpec(
        f"{settings.site_name} – Chuyên mục {name}",
        f"Các bài mới nhất thuộc chuyên mục «{name}» của trang {settings.site_name}.",
        news.category_url(name),
        link.rss,
        link.atom,
    )


def documents_spec(settings: Settings) -> FeedSpec:
    issuer = settings.organisation.name or settings.site_name
    return FeedSpec(
        f"{settings.site_name} – Văn bản",
        f"Báo cáo, kế hoạch, quyết định, thông báo và các văn bản khác của {issuer}.",
        f"{DOCUMENTS_DIR}/",
        news.DOCUMENT_FEEDS.rss,
        news.DOCUMENT_FEEDS.atom,
    )


def feed_sets(posts: Sequence[Post], settings: Settings) -> list[tuple[FeedSpec, tuple[Post, ...]]]:
    """Every feed of the site with its posts (all of them, newest first; not yet cut)."""
    sets = [(site_spec(settings), tuple(posts))]
    for category in settings.categories:
        members = tuple(p for p in posts if category.name in p.categories)
        sets.append((category_spec(category.name, settings), members))
    sets.append((documents_spec(settings), tuple(p for p in posts if p.document)))
    return sets


# --- text and HTML ---------------------------------------------------------------------------


def xml_text(value: str) -> str:
    """``value`` in NFC without the characters XML cannot carry."""
    return _NOT_XML_RE.sub("", nfc(value))


def local(value: datetime) -> datetime:
    """A post date in the site's time zone (``+07:00``), whatever offset it was written with."""
    return value.astimezone(TIMEZONE)


def absolute_html(html: str, base: str) -> str:
    """``html`` with every link and image absolute against ``base``, page-only parts removed."""
    if not html.strip():
        return ""
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in wrapper.xpath(_PAGE_ONLY_XPATH):
        element.drop_tree()  # keeps the text that follows the element
    for element in wrapper.xpath("//picture/source | //img[@srcset]"):  # variants: the page's own
        if element.tag == "source":
            element.drop_tag()  # libxml2 does not know <source> is empty: it may hold the <img>
        else:
            element.attrib.pop("srcset")
            element.attrib.pop("sizes", None)
    for element in wrapper.xpath(_LINKED_XPATH):
        for name in _URL_ATTRIBUTES:
            value = element.get(name)
            if value is not None and url_problem(value, media=False):
                del element.attrib[name]  # javascript:, data:, //host: never in a feed (bodies are sanitised)
            elif value is not None and not _ABSOLUTE_RE.match(value):
                element.set(name, urljoin(base, value.strip()))
    inner = lxml.html.tostring(wrapper, encoding="unicode")
    return inner.removeprefix("<div>").removesuffix("</div>").strip()


def entry_content(post: Post, page_html: str | None, settings: Settings) -> str:
    """A post as its page shows it, as feed content; "" (summary only) when it was not rendered.

    ``page_html`` is the content of the post's page: date line, document boxes, cover,
    body, attachments and tags, exactly as on the page (less its page-only parts).
    """
    if page_html is None:
        return ""
    return absolute_html(page_html, settings.absolute(post.url))


# --- feedgen work-around ------------------------------------------------------------------------


class AtomLinkAttributes(BaseEntryExtension):  # type: ignore[misc]
    """Writes ``rel``, ``type`` and ``length`` back onto an Atom entry's ``<link>`` elements.

    feedgen 1.0.0 drops every attribute but ``href`` there (lkiesow/python-feedgen#135,
    #143), which would turn the cover image enclosure into a second "alternate" link.
    """

    KEYS = ("rel", "type", "length", "hreflang", "title")

    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        elements = [e for e in entry if isinstance(e.tag, str) and etree.QName(e).localname == "link"]
        for element, data in zip(elements, self.links, strict=False):
            for key in self.KEYS:
                if data.get(key):
                    element.set(key, str(data[key]))
        return entry


# --- one feed ----------------------------------------------------------------------------------


def newest(posts: Iterable[Post]) -> datetime | None:
    """The latest date (publication or update) among ``posts``."""
    dates = [local(max(p.date, p.updated or p.date)) for p in posts]
    return max(dates) if dates else None


def published_only(posts: Iterable[Post]) -> list[Post]:
    """Drafts and scheduled posts never reach a feed; the rest newest first, stably."""
    return sorted((p for p in posts if p.public), key=sort_key)


def feed_generator(
    posts: Sequence[Post],
    spec: FeedSpec,
    settings: Settings,
    contents: Mapping[str, str] | None = None,
    fallback_date: datetime = EPOCH,
) -> FeedGenerator:
    """The feed of ``posts`` (newest first) described by ``spec``: the ``feed_length`` first
    published posts.

    ``contents`` maps post URLs to the entry HTML (absolute links); posts missing from it,
    or every post when ``settings.feed_full_content`` is off, carry their summary only.
    ``fallback_date`` dates an empty feed.
    """
    chosen = [p for p in posts if p.public][: max(settings.feed_length, 0)]
    org = settings.organisation
    fg = FeedGenerator()
    fg.id(settings.absolute(spec.page))
    fg.title(xml_text(spec.title))
    fg.language("vi")
    fg.author(_person(org.name or settings.site_name, org.email, settings.site_url))
    if settings.logo:
        fg.logo(settings.absolute(settings.logo))
    fg.link(_links(spec, settings, "rss"))
    fg.updated(newest(chosen) or fallback_date)
    for post in chosen:
        content = (contents or {}).get(post.url) if settings.feed_full_content else None
        _add_entry(fg, post, content, settings)
    return fg


def _links(spec: FeedSpec, settings: Settings, kind: str) -> list[dict[str, str]]:
    """The self link first and the HTML page last: feedgen's RSS ``<link>`` is the last one."""
    path, media = (spec.rss, "application/rss+xml") if kind == "rss" else (spec.atom, "application/atom+xml")
    return [
        {"href": settings.absolute(path), "rel": "self", "type": media},
        {"href": settings.absolute(spec.page), "rel": "alternate", "type": "text/html"},
    ]


def _person(name: str, email: str, uri: str = "") -> dict[str, str]:
    person = {"name": xml_text(name)}
    if email:
        person["email"] = xml_text(email)
    if uri:
        person["uri"] = uri
    return person


def _add_entry(fg: FeedGenerator, post: Post, content: str | None, settings: Settings) -> None:
    url = settings.absolute(post.url)
    entry = fg.add_entry(order="append")  # input is newest first; feedgen prepends by default
    entry.guid(url, permalink=True)  # also the Atom id
    entry.title(xml_text(post.title))
    entry.link(href=url, rel="alternate", type="text/html")
    entry.published(local(post.date))
    entry.updated(local(max(post.date, post.updated or post.date)))
    # The summary is plain text; both formats carry it as escaped HTML so that readers show
    # "<" and "&" literally (RSS <description> is HTML by convention).
    entry.summary(escape(xml_text(post.description), quote=False), type="html")
    if content:
        entry.content(xml_text(content), type="html")  # RSS <content:encoded>, escaped, never CDATA
    categories = settings.absolute(CATEGORY_DIR + "/")
    tags = settings.absolute(TAG_DIR + "/")
    for name in post.categories:
        entry.category(term=xml_text(name), scheme=categories)
    for name in post.tags:
        entry.category(term=xml_text(name), scheme=tags)
    names = [settings.authors[a].name for a in post.authors if a in settings.authors]
    for name in names or [settings.organisation.name or settings.site_name]:
        entry.author(_person(name, settings.organisation.email))
    if post.image is not None:
        suffix = PurePosixPath(post.image.dest).suffix.lower()
        entry.enclosure(
            settings.absolute(post.image.dest), str(post.image.size), IMAGE_TYPES.get(suffix, "image/jpeg")
        )
    entry.register_extension("cchc_links", AtomLinkAttributes, atom=True, rss=False)
    entry.cchc_links.links = list(entry.link())


def feed_bytes(fg: FeedGenerator, spec: FeedSpec, settings: Settings, kind: str) -> bytes:
    """Serialise ``fg`` as ``kind`` ("rss" or "atom") with its self link and browser view."""
    fg.link(_links(spec, settings, kind), replace=True)
    # Atom's <subtitle> is text; RSS's <description> is HTML by convention (readers render
    # it), so there the text is escaped once more and "<" shows as "<".
    text = xml_text(spec.description)
    fg.subtitle(escape(text, quote=False) if kind == "rss" else text)
    path = spec.rss if kind == "rss" else spec.atom
    xml = fg.rss_str(pretty=True) if kind == "rss" else fg.atom_str(pretty=True)
    return with_browser_view(xml, path)


def with_browser_view(xml: bytes, path: str) -> bytes:
    """Add the ``xml-stylesheet`` instruction of the browser view, by relative URL.

    A relative URL keeps the view working under any sub-path and on any host the site is
    copied to (browsers load no stylesheet for XML across origins).
    """
    up = "../" * path.count("/")
    declaration, newline, rest = xml.partition(b"\n")
    pi = f'<?xml-stylesheet type="text/css" href="{up}{VIEW_CSS}"?>\n'.encode()
    return declaration + newline + pi + rest


# --- every feed --------------------------------------------------------------------------------


def _members(sets: Sequence[tuple[FeedSpec, Sequence[Post]]], settings: Settings) -> dict[str, Post]:
    return {p.url: p for _, members in sets for p in members[: max(settings.feed_length, 0)]}


def members(posts: Sequence[Post], settings: Settings) -> list[Post]:
    """The posts some feed carries: only their body HTML is needed by ``build_all``."""
    return list(_members(feed_sets(published_only(posts), settings), settings).values())


def build_all(posts: Sequence[Post], html_by_url: Mapping[str, str], settings: Settings) -> dict[str, bytes]:
    """Every feed file of the site, as ``{site-relative path: bytes}``.

    ``posts`` are the published posts, newest first; ``html_by_url`` holds the content
    HTML of each post's page. Each post's feed HTML is
    computed once, however many feeds carry it.
    """
    published = published_only(posts)
    sets = feed_sets(published, settings)
    wanted = _members(sets, settings)
    contents = (
        {url: entry_content(post, html_by_url.get(url), settings) for url, post in wanted.items()}
        if settings.feed_full_content
        else {}
    )
    fallback = newest(published) or EPOCH
    files: dict[str, bytes] = {}
    for spec, members in sets:
        fg = feed_generator(members, spec, settings, contents, fallback)
        files[spec.rss] = feed_bytes(fg, spec, settings, "rss")
        files[spec.atom] = feed_bytes(fg, spec, settings, "atom")
    return files
