"""Site settings: the organisation, categories, authors and options, read from ``mkdocs.yml``.

Structured site data lives in one place, the ``extra:`` block of ``mkdocs.yml``, so that
MkDocs, ProperDocs and the plain CLI all see the same values. The values are validated
by ``cchc.core.settings_model`` (pydantic); a mistake is a ``ContentError`` in Vietnamese
naming ``mkdocs.yml``, the line and the key. ``load_settings`` reads the file with
``cchc.core.config_file``, without MkDocs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from cchc.core.limits import DEFAULT_LIMITS, Limits
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
    role_en: str = ""  # the position in English, for the English page (Decree 42, art. 7)


@dataclass(frozen=True)
class Responsible:
    """Who is responsible for the site's content (Decree 42/2022/NĐ-CP): shown in every footer."""

    name: str = ""
    role: str = ""
    role_en: str = ""


@dataclass(frozen=True)
class Organisation:
    name: str = ""
    parent: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    hours: str = ""
    contacts: tuple[Contact, ...] = ()
    fax: str = ""  # Decree 42/2022/NĐ-CP lists fax among the contact details
    website: str = ""
    hotline: str = ""  # the one-stop desk's number; the organisation's phone when empty
    fee_authority: str = ""  # who sets the procedures' fees; ``[[HĐND]]`` in procedure texts
    responsible: Responsible = Responsible()
    # English texts of the English page (``en/``); each falls back to the Vietnamese one.
    name_en: str = ""
    address_en: str = ""
    hours_en: str = ""
    about_en: str = ""
    functions_en: tuple[str, ...] = ()

    @property
    def desk_phone(self) -> str:
        return self.hotline or self.phone


@dataclass(frozen=True)
class CmsSettings:
    """``extra.cms``: where the browser editor at ``/admin/`` saves (``cchc.cms``).

    ``backend``: ``local`` (``decap-server`` on a clone, the default), ``gitlab`` (PKCE
    sign-in with ``app_id``) or ``github`` (``base_url``: an OAuth proxy). The local server
    on ``local_port`` is used whenever the editor is opened at ``127.0.0.1``/``localhost``.
    """

    backend: str = "local"
    repo: str = ""
    branch: str = "main"
    app_id: str = ""
    api_root: str = ""
    base_url: str = ""
    auth_endpoint: str = ""
    local_port: int = 8081
    editorial_workflow: bool = True


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
    limits: Limits = DEFAULT_LIMITS  # extra.limits in mkdocs.yml
    cms: CmsSettings = CmsSettings()  # extra.cms in mkdocs.yml

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


def settings_from_config(root: Path, config: Mapping[str, Any]) -> Settings:
    """Validated settings from a loaded ``mkdocs.yml`` (a dict or MkDocs' config object).

    With MkDocs' config object, the file it was loaded from is read again (without MkDocs)
    only to give messages their line numbers. Raises ``ContentError``.
    """
    from cchc.core.config_file import ConfigFile, read_config
    from cchc.core.problems import ContentError
    from cchc.core.settings_model import validate_settings

    source: ConfigFile | None = None
    path = getattr(config, "config_file_path", None)
    if isinstance(path, str) and os.path.isfile(path):
        try:
            source = read_config(Path(path))
        except ContentError:
            source = None  # MkDocs did read it; messages then go without line numbers
    return validate_settings(root, config, source)


def load_settings(root: Path) -> Settings:
    """Validated settings from ``root/mkdocs.yml``, read without MkDocs (``!ENV`` as MkDocs reads it).

    Raises ``ContentError`` for a missing or unreadable file, a YAML syntax error or a wrong value.
    """
    from cchc.core.config_file import read_config
    from cchc.core.settings_model import validate_settings

    source = read_config(root / "mkdocs.yml")
    return validate_settings(root, source.data, source)


def now_local() -> datetime:
    """The current time in the site's time zone (``CCHC_NOW`` overrides it for tests)."""
    fixed = os.environ.get("CCHC_NOW")
    if fixed:
        value = datetime.fromisoformat(fixed)
        return value if value.tzinfo else value.replace(tzinfo=TIMEZONE)
    return datetime.now(TIMEZONE)
