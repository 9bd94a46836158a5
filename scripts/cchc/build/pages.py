"""The pages a build makes from its records: a post's page, a page of ``docs/`` with its
placeholders filled, and the content dates the sitemap prints.

Used by ``cchc.build.pipeline.SiteBuild``; nothing here knows an engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import markdown as python_markdown
from markupsafe import escape

from cchc.core.frontmatter import Source
from cchc.core.settings import TIMEZONE, Settings
from cchc.posts import pages as news
from cchc.posts import variants
from cchc.posts.model import Post
from cchc.procedures import catalogue as procedures
from cchc.rendering import organisation, sanitize
from cchc.rendering.page import GeneratedPage
from cchc.rendering.templates import render
from cchc.search import index as search

# The front matter key of a page's content date, printed as <lastmod> by
# overrides/sitemap.xml (posts: ``updated`` or ``date``; procedures: ``cap_nhat``; other pages
# have none). Never the build date: two builds of the same content are byte-identical.
LASTMOD = "cchc_lastmod"


def content_date(post: Post) -> datetime:
    """When a post last changed, as its official wrote it (``updated``, else ``date``), local time."""
    return max(post.date, post.updated or post.date).astimezone(TIMEZONE)


def post_page(
    post: Post,
    settings: Settings,
    body: str,
    footnotes: bool,
    og: dict[str, str],
    cover: variants.ImageSet | None,
) -> GeneratedPage:
    """A post's page: the header and footer blocks around its Markdown body; ``og``: its
    social preview (``rendering.social``), ``cover``: its cover image with its variants."""
    marked = sanitize.wrap_body(body, footnotes)  # the body's HTML is sanitised (rendering.sanitize)
    picture = variants.picture_html(cover, post.url, "", first=True) if cover else ""
    header = news.post_header_html(post, settings, picture)
    footer = news.post_footer_html(post, settings)
    source = f"{header}\n\n{marked}\n\n{footer}\n"
    feeds_ = tuple(news.category_feeds(c) for c in post.categories)
    meta: dict[str, Any] = {"cchc_og": og, LASTMOD: content_date(post).date().isoformat()}
    if len(_SECTION_RE.findall(body)) < LONG_POST_SECTIONS:
        meta["hide"] = ["toc"]
    return GeneratedPage(post.src_uri, post.title, source, post.description, feeds_, kind="post", meta=meta)


# A post shows its table of contents only from this many "## " sections on: a news item or
# an answer of a few sections reads better across the full width than beside a docs-style
# contents column; a long guide keeps the column to jump between its parts.
LONG_POST_SECTIONS = 5
_SECTION_RE = re.compile(r"^##[ \t]", re.MULTILINE)


def docs_page(
    source: Source,
    marks: Mapping[str, Callable[[], str]],
    catalogue: procedures.Catalogue,
    settings: Settings,
) -> GeneratedPage:
    """A page of ``docs/`` with its placeholders filled and references linked."""
    src_uri = source.rel.removeprefix("docs/")
    markdown = source.body
    for mark, make in marks.items():
        if mark in markdown:
            markdown = markdown.replace(mark, make())
    markdown = procedures.page_markdown(markdown, src_uri, catalogue, settings)
    title = str(source.meta.get("title") or "") or first_heading(source.body)
    return GeneratedPage(src_uri, title, markdown, kind="page", meta=source.meta)


def placeholders(
    settings: Settings, posts: Sequence[Post], fields: Any, here: str, thumbnails: Mapping[str, str]
) -> dict[str, Callable[[], str]]:
    """What an official may put in a page of ``docs/``, and what replaces it: the site's
    data (names as text, never markup) and blocks made from the records."""
    org = settings.organisation
    return {
        "<!-- cchc:site-name -->": lambda: str(escape(settings.site_name)),
        "<!-- cchc:organisation-name -->": lambda: str(escape(org.name or settings.site_name)),
        "<!-- cchc:latest -->": lambda: news.latest_html(posts, here, thumbnails),
        "<!-- cchc:organisation -->": lambda: organisation.organisation_html(org),
        "<!-- cchc:contacts -->": lambda: organisation.contacts_html(org),
        "<!-- cchc:contacts-en -->": lambda: organisation.contacts_html_en(org),
        "<!-- cchc:one-stop -->": lambda: organisation.one_stop_html(org),
        "<!-- cchc:procedure-fields -->": lambda: render(
            "procedures/field-links.html", fields=fields, here=here
        ),
    }


_HEADING_RE = re.compile(r"^#[ \t]+(.+?)[ \t#]*(?:\{[^}\n]*\})?[ \t]*$", re.MULTILINE)


def first_heading(source: str) -> str:
    """A page's title when its front matter has none: its first ``# heading`` (as MkDocs
    takes it), in plain text."""
    match = _HEADING_RE.search(source)
    return search.plain_text(python_markdown.markdown(match.group(1))) if match else ""
