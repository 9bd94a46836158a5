"""What both scaffolds share: the preview address, copying a file in, checks of answers."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

from cchc.core.config_file import read_config
from cchc.core.problems import ContentError, Problem
from cchc.core.settings import Settings
from cchc.core.text import slugify
from cchc.core.validation import parse_local_date

from .prompts import Check, Refused, pydantic_check

DEV_ADDR = "127.0.0.1:8000"  # MkDocs' default, which scripts/preview uses


def preview_url(settings: Settings, page_url: str) -> str:
    """Where ``./scripts/preview`` (``mkdocs serve``) shows a page: its ``dev_addr`` and the
    path of ``site_url`` (``mkdocs serve`` mounts the site there)."""
    try:
        addr = str(read_config(settings.root / "mkdocs.yml").data.get("dev_addr") or DEV_ADDR)
    except ContentError:
        addr = DEV_ADDR
    mount = urlsplit(settings.site_url).path or "/"
    return f"http://{addr}{mount.rstrip('/')}/{page_url}"


def date_check(with_time: bool) -> Check:
    return pydantic_check(lambda value: parse_local_date(value, "date", with_time=with_time))


def file_check(value: str) -> str | None:
    path = Path(value).expanduser()
    return None if path.is_file() else f"Không tìm thấy tệp «{value}»."


def copy_beside(source: str, folder: Path, copied: list[Path]) -> str:
    """Copy ``source`` into ``folder`` under a URL-safe name (kept when already there);
    returns the name written in the front matter. ``copied`` collects new files."""
    path = Path(source).expanduser().resolve()
    if not path.is_file():
        raise Refused(f"Không tìm thấy tệp «{source}».")
    if path.parent == folder.resolve():
        return path.name
    name = (slugify(path.stem) or "tep") + path.suffix.lower()
    target = folder / name
    if target.exists():
        raise Refused(
            f"Đã có tệp «{target}» cạnh bài viết; không ghi đè. Đổi tên tệp cần đính kèm rồi chạy lại."
        )
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    copied.append(target)
    return name


def own_problems(problems: list[Problem], rel: str) -> list[Problem]:
    return [p for p in problems if p.file == rel]


def describe(problems: list[Problem]) -> list[str]:
    return [f"  {i}. {p.format()}" for i, p in enumerate(problems, 1)]
