"""Site settings: the organisation, categories, authors and options, read from ``mkdocs.yml``.

Structured site data lives in one place, the ``extra:`` block of ``mkdocs.yml``, so that
MkDocs, ProperDocs and the plain CLI all see the same values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from cchc.core.text import nfc, slugify
from cchc.core.urls import category_url

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")

DEFAULT_CATEGORIES = ("Tin tức", "Thông báo", "Báo cáo", "Kế hoạch", "Văn bản", "Hỏi đáp")


@dataclass(frozen=True)
class Category:
    name: str
    slug: str

    @property
    def url(self) -> str:
        return category_url(self.name)


@dataclass(frozen=True)
class Author:
    id: str
    name: str
    role: str = ""


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Organisation:
    name: str = ""
    parent: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    hours: str = ""
    contacts: tuple[Contact, ...] = ()


@dataclass(frozen=True)
class Settings:
    """Everything the content core needs to know about the site."""

    root: Path
    site_url: str
    site_name: str
    description: str
    organisation: Organisation
    categories: tuple[Category, ...]
    authors: dict[str, Author] = field(default_factory=dict)
    per_page: int = 10
    feed_length: int = 50
    feed_full_content: bool = True
    logo: str = "assets/images/logo.png"  # theme.logo in mkdocs.yml; the feeds' channel image

    @property
    def posts_dir(self) -> Path:
        return self.root / "posts"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    def category(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.name == name), None)

    def absolute(self, path: str) -> str:
        """Absolute URL of a site-relative path, respecting a sub-path ``site_url``."""
        return self.site_url + path.lstrip("/")


def settings_from_config(root: Path, config: dict[str, Any]) -> Settings:
    """Build settings from a loaded ``mkdocs.yml`` (a dict or MkDocs' config object)."""
    extra: dict[str, Any] = dict(config.get("extra") or {})
    org: dict[str, Any] = dict(extra.get("organisation") or {})
    contacts = tuple(Contact(**{k: nfc(str(v)) for k, v in c.items()}) for c in org.pop("contacts", []) or [])
    organisation = Organisation(**{k: nfc(str(v)) for k, v in org.items()}, contacts=contacts)
    names = extra.get("categories") or list(DEFAULT_CATEGORIES)
    categories = tuple(Category(nfc(n), slugify(n)) for n in names)
    authors = {
        str(a["id"]): Author(str(a["id"]), nfc(str(a["name"])), nfc(str(a.get("role", ""))))
        for a in extra.get("authors") or []
    }
    feeds: dict[str, Any] = dict(extra.get("feeds") or {})
    site_url = str(config.get("site_url") or "http://127.0.0.1:8000/")
    if not site_url.endswith("/"):
        site_url += "/"
    return Settings(
        root=root,
        site_url=site_url,
        site_name=nfc(str(config.get("site_name") or "")),
        description=nfc(str(config.get("site_description") or "")),
        organisation=organisation,
        categories=categories,
        authors=authors,
        per_page=int(extra.get("per_page", 10)),
        feed_length=int(feeds.get("length", 50)),
        feed_full_content=bool(feeds.get("full_content", True)),
    )


def load_settings(root: Path) -> Settings:
    """Settings from ``root/mkdocs.yml``, loaded the way MkDocs loads it (``!ENV`` and all)."""
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"))
    return settings_from_config(root, config)


def now_local() -> datetime:
    """The current time in the site's time zone (``CCHC_NOW`` overrides it for tests)."""
    fixed = os.environ.get("CCHC_NOW")
    if fixed:
        value = datetime.fromisoformat(fixed)
        return value if value.tzinfo else value.replace(tzinfo=TIMEZONE)
    return datetime.now(TIMEZONE)
