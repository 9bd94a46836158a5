"""Plain text of rendered page content for the search index, and what is left out of it."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from cchc.core.text import nfc

_SPACE_RE = re.compile(r"\s+")


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Elements whose text is never searched: code that is not prose, decoration, controls,
# navigation (breadcrumbs, pagers, the post's tag list: tags are added from the record).
_SKIP_TAGS = _names("script style template svg button noscript iframe object nav h1")
# Classes of generated chrome inside the content: heading permalinks, the post meta line,
# the print button, lists of posts (the home page's latest news), print-only headers.
_SKIP_CLASSES = _names("headerlink cchc-meta cchc-actions cchc-preview-note cchc-list tthc-print-only")
_BLOCK_TAGS = _names(
    "address article aside blockquote dd details div dl dt figcaption figure footer h2 h3 h4 h5 h6 "
    "header li main ol p pre section summary table td th tr ul"
)


def _skipped(element: etree._Element) -> bool:
    """Whether a subtree is chrome, hidden or marked out of search (``_SKIP_*``)."""
    if element.tag in _SKIP_TAGS:
        return True
    attrs = element.attrib
    if "hidden" in attrs or "data-search-exclude" in attrs or attrs.get("aria-hidden") == "true":
        return True
    if attrs.get("type") == "application/ld+json":
        return True
    return bool(_SKIP_CLASSES.intersection((attrs.get("class") or "").split()))


def _collect(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        if not isinstance(child.tag, str):  # comments and processing instructions
            pass
        elif child.tag == "br":
            parts.append(" ")
        elif not _skipped(child):
            block = child.tag in _BLOCK_TAGS
            if block:
                parts.append("\n")
            if child.text:
                parts.append(child.text)
            _collect(child, parts)
            if block:
                parts.append("\n")
        if child.tail:
            parts.append(child.tail)


def plain_text(html: str) -> str:
    """The searchable prose of rendered page content, as one NFC line of text.

    Skipped: the ``<h1>`` (the title is indexed on its own), heading permalinks (``¶``),
    scripts (JSON-LD included), styles, SVG, buttons, ``<nav>``, hidden elements, the post
    meta line, print-only blocks and anything marked ``data-search-exclude``. Parsed with lxml.
    """
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    parts = [root.text or ""]
    _collect(root, parts)
    return nfc(_SPACE_RE.sub(" ", "".join(parts)).strip())
