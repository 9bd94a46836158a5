"""Social previews: the Open Graph and Twitter Card values of posts, documents and procedures.

A page's values are plain text in its front matter (``cchc_og``), printed escaped by
``overrides/partials/cchc-head.html``; every URL is absolute (Zalo and Facebook fetch them
from elsewhere). The image is the post's cover, or else the page's generated share card
(``cards.py``, published beside the page as ``the-chia-se.png``).
"""

from __future__ import annotations

from collections.abc import Set
from urllib.parse import urlsplit

from cchc.core.settings import Settings
from cchc.posts.model import Post
from cchc.posts.variants import ImageSet
from cchc.procedures.model import Procedure
from cchc.rendering import cards

LOCALE = "vi_VN"


def _host(settings: Settings) -> str:
    """The site's address as a card shows it: ``thuonglong.example.gov.vn/cchc``."""
    parts = urlsplit(settings.site_url)
    return (parts.netloc + parts.path).rstrip("/")


def _site(settings: Settings) -> str:
    return settings.organisation.name or settings.site_name


def _card(settings: Settings, url: str, title: str, label: str, taken: Set[str]) -> cards.Card | None:
    """The page's card (``None``: the font is not installed, or an official's file has its name)."""
    path = f"{url}{cards.FILE_NAME}"
    if not cards.available() or path in taken:
        return None
    return cards.Card(path, _site(settings), title, label, _host(settings))


def _image(og: dict[str, str], settings: Settings, card: cards.Card | None, cover: ImageSet | None) -> None:
    if cover is not None:
        og.update(
            image=settings.absolute(cover.dest),
            image_type=cover.mime,
            image_width=str(cover.width),
            image_height=str(cover.height),
        )
    elif card is not None:
        og.update(
            image=settings.absolute(card.path),
            image_type=cards.MIME,
            image_width=str(cards.WIDTH),
            image_height=str(cards.HEIGHT),
        )
    if "image" in og:
        og["image_alt"] = og["title"]


def post_og(
    post: Post, settings: Settings, cover: ImageSet | None, taken: Set[str]
) -> tuple[dict[str, str], cards.Card | None]:
    """A post's (or a document's) values, and its own card when it has no cover."""
    document = post.document
    if document is not None:
        label = f"{document.type} số {document.number}"
    else:
        label = f"Chuyên mục: {post.categories[0]}" if post.categories else ""
    og = {
        "type": "article",
        "title": post.title,
        "description": post.description,
        "url": settings.absolute(post.url),
        "published_time": post.date.isoformat(),
    }
    if post.updated:
        og["modified_time"] = post.updated.isoformat()
    if post.categories:
        og["section"] = post.categories[0]
    card = _card(settings, post.url, post.title, label, taken) if cover is None else None
    _image(og, settings, card, cover)
    return og, card


def procedure_og(
    procedure: Procedure, description: str, settings: Settings
) -> tuple[dict[str, str], cards.Card | None]:
    """A procedure page's values and its card (the field: lĩnh vực)."""
    field = procedure.meta.linh_vuc
    og = {
        "type": "article",
        "title": procedure.name,
        "description": description,
        "url": settings.absolute(procedure.url),
        "section": field,
    }
    card = _card(settings, procedure.url, procedure.name, f"Lĩnh vực: {field}", frozenset())
    _image(og, settings, card, None)
    return og, card
