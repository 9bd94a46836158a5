"""Links in a post body to other Markdown files: another post, or a page of ``docs/``.

Officials link the way their editor does, to the file: ``[báo cáo](../2023/bao-cao.md)``
or ``[khai sinh](../../docs/thu-tuc/ho-tich/dang-ky-khai-sinh.md#ho-so)``. The site has no
``.md`` files, so each such link is rewritten to the built page's URL, relative to the
post's own URL, keeping the ``#anchor``.

A page of ``docs/`` has its URL as soon as its file is found (``page_link``). Another
post's URL depends on its slug, known only once every post is read: such a link is kept
as a ``PostLink`` (where it is in the body, and the line for messages) and rewritten by
a second pass over the loaded posts (``resolve_post_links``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

from cchc.core.problems import Problem
from cchc.core.settings import Settings
from cchc.core.urls import rel, url_of
from cchc.core.validation import is_remote
from cchc.posts.model import Post

_FIX_MISSING = "Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường) hoặc xóa liên kết."


@dataclass(frozen=True)
class PostLink:
    """A link to another post's file, to be rewritten once every post's URL is known."""

    start: int  # the link target's place in the post body
    end: int
    line: int
    target: str  # as written, e.g. "../2023/bao-cao.md#ket-qua"
    path: str  # the post file it names, relative to the project root
    anchor: str  # "#ket-qua", or ""


@dataclass(frozen=True)
class Origin:
    """The post a link is written in, and where the files it may link to are.

    Folders are resolved (symlinks followed), as the linked files are."""

    source: str  # the post file, relative to the project root
    folder: Path  # the post file's folder
    url: str  # the post's URL
    root: Path
    posts: Path
    docs: Path

    @classmethod
    def of(cls, source: str, path: Path, url: str, settings: Settings) -> Origin:
        folders = (settings.root, settings.posts_dir, settings.docs_dir)
        return cls(source, path.parent.resolve(), url, *(folder.resolve() for folder in folders))


def markdown_target(target: str) -> tuple[str, str] | None:
    """``("../a.md", "#muc")`` for a link to a Markdown file; ``None`` for any other target."""
    path, hash_, anchor = target.partition("#")
    if is_remote(target) or not path.lower().endswith(".md"):
        return None
    return path, hash_ + anchor


def page_link(target: str, start: int, line: int, origin: Origin) -> str | PostLink | Problem:
    """What the link ``target`` (to a ``.md`` file, at ``start`` in the body as published
    and on ``line`` of the file) becomes: a docs page's relative URL right away, a
    ``PostLink`` to another post, or the problem with it."""
    written, anchor = markdown_target(target) or (target, "")
    path = (origin.folder / unquote(written)).resolve()
    if not path.is_file():
        return _problem(origin.source, line, f"Liên kết tới tệp không có: «{target}».", _FIX_MISSING)
    if path.is_relative_to(origin.docs):
        return rel(origin.url, url_of(path.relative_to(origin.docs).as_posix())) + anchor
    if path.is_relative_to(origin.posts):
        source = path.relative_to(origin.root).as_posix()
        return PostLink(start, start + len(target), line, target, source, anchor)
    return _problem(
        origin.source,
        line,
        f"Liên kết «{target}» trỏ tới một tệp không thuộc trang web "
        "(chỉ liên kết được tới bài trong posts/ hoặc trang trong docs/).",
        "Liên kết tới một bài viết hoặc một trang của trang web, hoặc xóa liên kết.",
    )


def resolve_post_links(
    post: Post, links: Sequence[PostLink], posts: Mapping[str, Post], read: Collection[str]
) -> tuple[Post, list[Problem]]:
    """``post`` with each link to another post's file rewritten to that post's URL.

    ``posts`` are the loaded posts by source path, ``read`` the source paths of every file
    read as a post: one read but not loaded has its own problems reported already, so a
    link to it is left as written without another message.
    """
    body, problems = post.body, []
    for link in sorted(links, key=lambda link: link.start, reverse=True):  # later spans first
        target = posts.get(link.path)
        if target is None:
            if link.path not in read:
                problems.append(_not_a_post(post.source, link))
            continue
        if post.public and not target.public:
            problems.append(_unpublished(post.source, link, target))
        body = body[: link.start] + rel(post.url, target.url) + link.anchor + body[link.end :]
    return (replace(post, body=body) if body != post.body else post), problems


def _not_a_post(source: str, link: PostLink) -> Problem:
    return _problem(
        source,
        link.line,
        f"Liên kết «{link.target}» trỏ tới tệp {link.path}, tệp này không được đăng "
        "(nằm trong thư mục có tên bắt đầu bằng «_» hoặc «.»).",
        "Liên kết tới một bài đã đăng, hoặc xóa liên kết.",
    )


def _unpublished(source: str, link: PostLink, target: Post) -> Problem:
    return Problem(
        source,
        f"Liên kết «{link.target}» tới bài «{target.title}» chưa được đăng (bài nháp hoặc hẹn giờ đăng); "
        "người đọc sẽ gặp trang không có.",
        field="nội dung",
        line=link.line,
        fix="Đăng bài đó trước (bỏ «draft: true» hoặc chờ tới ngày đăng), hoặc xóa liên kết.",
        warning=True,
    )


def _problem(source: str, line: int, message: str, fix: str) -> Problem:
    return Problem(source, message, field="nội dung", line=line, fix=fix)
