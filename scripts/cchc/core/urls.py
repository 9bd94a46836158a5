"""The site's URL layout: every site-relative URL the build makes is defined here.

URLs are site-relative directory URLs (``tin-tuc/<slug>/``) and links inside pages are
relative (``rel``), so the site works under any sub-path. Post URLs depend only on the
slug: re-categorising or re-tagging a post never breaks a link.
"""

from __future__ import annotations

import functools
import posixpath
from pathlib import PurePosixPath

from cchc.core.text import slugify

NEWS_DIR = "tin-tuc"
CATEGORY_DIR = "tin-tuc/chuyen-muc"
TAG_DIR = "tin-tuc/chu-de"
ARCHIVE_DIR = "tin-tuc/luu-tru"
DOCUMENTS_DIR = "van-ban"
PAGE_DIR = "trang"  # page 2… of a listing: <listing>/trang/2/
PROCEDURES_DIR = "thu-tuc"
FIELDS_DIR = f"{PROCEDURES_DIR}/linh-vuc"
SEARCH_DIR = "search"

# Folder names a post slug may not take: they are listing folders under tin-tuc/.
RESERVED_POST_SLUGS = frozenset({"chuyen-muc", "chu-de", "luu-tru", "trang"})


def post_url(slug: str) -> str:
    return f"{NEWS_DIR}/{slug}/"


def category_url(name: str) -> str:
    return f"{CATEGORY_DIR}/{slugify(name)}/"


def tag_url(name: str) -> str:
    return f"{TAG_DIR}/{slugify(name)}/"


def year_url(year: int | str) -> str:
    return f"{ARCHIVE_DIR}/{year}/"


def field_url(name: str) -> str:
    """The index page of one procedure field (lĩnh vực)."""
    return f"{FIELDS_DIR}/{slugify(name)}/"


def listing_page_uri(base: str, number: int) -> str:
    """Source URI of page ``number`` of the listing whose first page is at ``base``."""
    return f"{base}index.md" if number == 1 else f"{base}{PAGE_DIR}/{number}/index.md"


def url_of(src_uri: str) -> str:
    """The directory URL a page gets from its source URI (``use_directory_urls: true``)."""
    path = PurePosixPath(src_uri)
    target = path.parent if path.stem in ("index", "README") else path.with_suffix("")
    return "" if str(target) == "." else f"{target.as_posix()}/"


@functools.lru_cache(maxsize=8192)  # the links of a few pages: they repeat within a page
def rel(from_url: str, to_url: str) -> str:
    """Relative link from the page at directory URL ``from_url`` to ``to_url`` (a
    directory URL or a file path, both site-relative)."""
    start = "/" + from_url.rstrip("/")
    link = posixpath.relpath("/" + to_url, start if from_url else "/")
    if (to_url == "" or to_url.endswith("/")) and not link.endswith("/"):  # "": the home page
        link += "/"
    return link
