"""Posts of the CCHC news column: the front matter schema and the typed records.

``PostMeta`` validates what an official writes; ``Post`` is what the rest of the build
trusts: listing pages, feeds and the search index never look at front matter again.
Reading the files is ``cchc.posts.loading`` (``load_posts``, also importable from here),
links between posts and pages ``cchc.posts.links``, images ``cchc.posts.images``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from cchc.core.problems import Problem
from cchc.core.settings import Settings
from cchc.core.text import fold, nfc, slugify
from cchc.core.urls import NEWS_DIR, post_url
from cchc.core.validation import as_text, check_local_file, invalid, parse_local_date
from cchc.documents.model import Document

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DESCRIPTION_MAX = 300
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"}
ATTACHMENT_TYPES = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".odt": "Văn bản ODF",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".ods": "Bảng tính ODF",
    ".ppt": "PowerPoint",
    ".pptx": "PowerPoint",
    ".zip": "ZIP",
    ".rar": "RAR",
    ".jpg": "Ảnh JPEG",
    ".jpeg": "Ảnh JPEG",
    ".png": "Ảnh PNG",
    ".txt": "Văn bản",
}


# --- the schema as officials write it ----------------------------------------------


class AttachmentMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str
    title: str | None = None

    @field_validator("file", "title", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return nfc(value.strip()) if isinstance(value, str) else value


def _text_list(value: Any, key: str) -> Any:
    """Accept a single string where a list is expected (a common, harmless slip)."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list | tuple):
        cleaned = []
        for item in map(as_text, value):
            if not isinstance(item, str) or not item.strip():
                raise invalid(
                    f"Mỗi mục của «{key}» phải là một đoạn chữ, không để trống.",
                    f"Viết ví dụ «{key}: [Tin tức]».",
                )
            cleaned.append(nfc(item.strip()))
        return cleaned
    return value


class PostMeta(BaseModel):
    """Front matter of a post (contract section 1), validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    date: datetime
    updated: datetime | None = None
    categories: tuple[str, ...]
    tags: tuple[str, ...] = ()
    slug: str | None = None
    description: str | None = None
    image: str | None = None
    authors: tuple[str, ...] = ()
    draft: bool = False
    attachments: tuple[AttachmentMeta, ...] = ()
    document: Document | None = None

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> Any:
        if isinstance(value, int | float):
            value = str(value)
        if isinstance(value, str):
            value = nfc(" ".join(value.split()))
            if not value:
                raise invalid("Tiêu đề không được để trống.", "Viết «title: Tiêu đề bài viết».")
        return value

    @field_validator("date", "updated", mode="before")
    @classmethod
    def _date(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name == "updated":
            return None
        return parse_local_date(value, info.field_name or "date")

    @field_validator("categories", mode="before")
    @classmethod
    def _categories(cls, value: Any, info: ValidationInfo) -> Any:
        value = _text_list(value, "categories")
        if isinstance(value, list):
            if not value:
                raise invalid(
                    "Bài viết phải thuộc ít nhất một chuyên mục.", "Viết ví dụ «categories: [Tin tức]»."
                )
            allowed: list[str] = (info.context or {}).get("categories", [])
            for name in value:
                if allowed and name not in allowed:
                    raise invalid(
                        f"Chuyên mục «{name}» không có trong danh sách của trang.",
                        _suggest(name, allowed, "Chọn một trong: " + ", ".join(allowed) + "."),
                    )
        return value

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, value: Any) -> Any:
        return () if value is None else _text_list(value, "tags")

    @field_validator("authors", mode="before")
    @classmethod
    def _authors(cls, value: Any, info: ValidationInfo) -> Any:
        value = () if value is None else _text_list(value, "authors")
        known: list[str] = (info.context or {}).get("authors", [])
        for author in value if isinstance(value, list) else ():
            if author not in known:
                raise invalid(
                    f"Không có tác giả mã «{author}» trong danh sách tác giả của trang.",
                    "Dùng một mã có sẵn: "
                    + (", ".join(known) or "(chưa khai báo)")
                    + "; hoặc nhờ quản trị viên thêm tác giả vào mkdocs.yml (extra.authors).",
                )
        return value

    @field_validator("slug", mode="before")
    @classmethod
    def _slug(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        if not SLUG_RE.match(text):
            raise invalid(
                f"Đường dẫn «{text}» chỉ được gồm chữ thường không dấu, số và dấu gạch ngang.",
                f"Dùng «slug: {slugify(text) or 'tin-moi'}».",
            )
        return text

    @field_validator("description", mode="before")
    @classmethod
    def _description(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise invalid("Tóm tắt phải là một đoạn chữ.", "Viết «description: Tóm tắt ngắn».")
        text = nfc(" ".join(value.split()))
        if len(text) > DESCRIPTION_MAX:
            raise invalid(
                f"Tóm tắt dài {len(text)} ký tự, vượt quá {DESCRIPTION_MAX} ký tự.",
                "Rút gọn tóm tắt còn một hai câu.",
            )
        return text or None

    @field_validator("image", mode="before")
    @classmethod
    def _image(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            return None
        ctx = info.context or {}
        path = check_local_file(value, ctx["base"], ctx["root"], "ảnh bìa")
        if path.suffix.lower() not in IMAGE_EXTENSIONS:
            raise invalid(
                f"Tệp «{value}» không phải là ảnh.",
                "Dùng ảnh .jpg, .png hoặc .webp.",
            )
        return str(value).strip()

    @field_validator("attachments", mode="before")
    @classmethod
    def _attachments(cls, value: Any) -> Any:
        if value is None:
            return ()
        if isinstance(value, dict | str):
            value = [value]
        if isinstance(value, list):
            return [{"file": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("attachments", mode="after")
    @classmethod
    def _attachment_files(cls, value: tuple[AttachmentMeta, ...], info: ValidationInfo) -> Any:
        ctx = info.context or {}
        for index, item in enumerate(value):
            try:
                path = check_local_file(item.file, ctx["base"], ctx["root"], "tệp đính kèm")
            except Exception as exc:
                raise _at(exc, index) from None
            if path.suffix.lower() not in ATTACHMENT_TYPES:
                raise invalid(
                    f"Tệp đính kèm số {index + 1} «{item.file}» có kiểu không được hỗ trợ.",
                    "Dùng PDF, Word, Excel, ODF hoặc ZIP.",
                )
        return value


def _at(exc: Exception, index: int) -> Exception:
    """Prefix an attachment error with its position in the list."""
    ctx = getattr(exc, "context", None) or {}
    if "message" in ctx:
        return invalid(f"Tệp đính kèm số {index + 1}: {ctx['message']}", ctx.get("fix", ""))
    return exc


def _suggest(value: str, allowed: list[str], fallback: str) -> str:
    folded = fold(value)
    for candidate in allowed:
        if fold(candidate) == folded:
            return f"Viết đúng «{candidate}» (có dấu, đúng chữ hoa)."
    return fallback


# --- records -----------------------------------------------------------------------


@dataclass(frozen=True)
class Asset:
    """A local file published with a post (cover image, attachment, body image)."""

    source: Path
    dest: str  # site-relative path, e.g. "tin-tuc/<slug>/bao-cao.pdf"
    size: int  # bytes as published
    data: bytes | None = None  # re-encoded content when the original was too large

    @property
    def name(self) -> str:
        return PurePosixPath(self.dest).name


@dataclass(frozen=True)
class Attachment:
    asset: Asset
    title: str

    @property
    def kind(self) -> str:
        return ATTACHMENT_TYPES.get(self.asset.source.suffix.lower(), "Tệp")


@dataclass(frozen=True)
class Post:
    """A validated post. URLs are site-relative (no leading slash)."""

    source: str  # path relative to the project root, e.g. "posts/2023/bao-cao.md"
    title: str
    date: datetime
    updated: datetime | None
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    slug: str
    description: str
    authors: tuple[str, ...]
    draft: bool
    body: str
    body_line: int
    image: Asset | None = None
    attachments: tuple[Attachment, ...] = ()
    assets: tuple[Asset, ...] = ()
    document: Document | None = None
    scheduled: bool = field(default=False)

    @property
    def url(self) -> str:
        return post_url(self.slug)

    @property
    def src_uri(self) -> str:
        """Where MkDocs pretends the post lives inside ``docs/``."""
        return f"{NEWS_DIR}/{self.slug}/index.md"

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def public(self) -> bool:
        """Whether readers may see the post: neither a draft nor dated in the future. The
        one place this rule is written; the preview server also shows the others."""
        return not self.draft and not self.scheduled


@dataclass(frozen=True)
class PostSet:
    """The outcome of loading: what to publish, and what is held back."""

    published: tuple[Post, ...]
    drafts: tuple[Post, ...]
    scheduled: tuple[Post, ...]
    warnings: tuple[Problem, ...] = ()

    def visible(self, preview: bool) -> tuple[Post, ...]:
        """Posts to build: the published ones, plus drafts and scheduled in preview."""
        if not preview:
            return self.published
        return tuple(sorted(self.published + self.drafts + self.scheduled, key=sort_key))


def sort_key(post: Post) -> tuple[datetime, str]:
    """Newest first, ties broken by slug so that every build orders posts the same way."""
    return (-post.date.timestamp(), post.slug)  # type: ignore[return-value]


# --- derivations -------------------------------------------------------------------

_INLINE_MD = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links -> their text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # emphasis, code
    (re.compile(r"<[^>]+>"), ""),  # inline HTML tags
    (re.compile(r"\{:?[ \t]*(?:[#.][\w-]+|[\w-]+=\S+?)(?:[ \t]+(?:[#.][\w-]+|[\w-]+=\S+?))*[ \t]*\}"), ""),
    # attribute lists ({: .lead #id key=value }); other braces are text
]


def derive_description(body: str) -> str:
    """The first paragraph of the body as plain text, cut at ``DESCRIPTION_MAX``.

    Inline Markdown is stripped with a few patterns rather than a full render: this
    runs for every post on every build.
    """
    for block in re.split(r"\n\s*\n", body):
        text = block.strip()
        if not text or text.startswith(("#", "|", "<", "!", "```", "~~~", ">", "- ", "* ", "1.", "+ ")):
            continue
        for pattern, replacement in _INLINE_MD:
            text = pattern.sub(replacement, text)
        plain = " ".join(text.replace("\\", "").split())
        if plain:
            return shorten(plain, DESCRIPTION_MAX)
    return ""


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def derive_slug(title: str) -> str:
    slug = slugify(title)
    if len(slug) > 80:
        slug = slug[:80].rsplit("-", 1)[0]
    return slug or "bai-viet"


def post_files(posts_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in posts_dir.rglob("*.md")
        if not any(part.startswith((".", "_")) for part in p.relative_to(posts_dir).parts)
    )


def load_posts(settings: Settings, now: datetime) -> PostSet:
    """Read and validate every post (``cchc.posts.loading.load_posts``, kept here for importers)."""
    from cchc.posts.loading import load_posts as load  # not at the top: loading imports this module

    return load(settings, now)
