"""Only the content is published: the files of ``posts/`` and ``docs/``, walked once, safely.

Git stores symbolic links, so one commit can put ``docs/env.txt -> /proc/self/environ`` or
``posts/bai.md -> /etc/passwd`` in the tree; MkDocs copies every file of ``docs/``
(following links) and posts publish the files they name. ``scan`` walks both folders
without following any link out of them, before anything is read or rendered, and refuses:

- a symbolic link (to a file or a folder) resolving outside ``posts/`` and ``docs/``;
- a link that points nowhere, or a loop (a link to itself, or to a folder containing it);
- anything that is not a plain file or folder (a named pipe, a device);
- a Markdown file whose name ends in ``.MD``, ``.markdown``, ``.mkd``… (read by no part of
  the site as a post or checked page, so refused by name rather than ignored).

Dot-files and dot-folders of ``docs/`` (``docs/.env``) are never published, by either
engine (MkDocs excludes them, ``cchc.build.generate`` skips them): each is named in a
warning. Those of ``posts/`` and its ``_folders`` are not posts. Links inside the content
folders (``docs/mau-don -> ../posts/2024/mau-don``) are allowed.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cchc.core.problems import Problem

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
QUIET_DOT_FILES = frozenset({".gitkeep", ".gitignore"})  # never published, not worth a warning
MAX_DEPTH = 64  # folders inside folders: deeper is refused rather than walked


@dataclass(frozen=True)
class ContentFiles:
    """The files of the content folders that may be published, and what is wrong with the rest."""

    posts: tuple[Path, ...] = ()  # post files (``*.md`` outside dot- and ``_``-folders)
    docs: tuple[Path, ...] = ()  # every file of ``docs/`` outside dot-folders
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.warning)

    def markdown(self, folder: Path) -> list[Path]:
        """The ``*.md`` files of ``docs/`` under ``folder``."""
        return [p for p in self.docs if p.suffix == ".md" and p.is_relative_to(folder)]


def _inside(path: str, folders: tuple[str, ...]) -> bool:
    return any(path == folder or path.startswith(folder + os.sep) for folder in folders)


class _Walk:
    """One walk of a content folder: the files found and the problems."""

    def __init__(self, root: Path, allowed: tuple[str, ...]) -> None:
        self.root = root
        self.allowed = allowed
        self.files: list[Path] = []
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def refuse(self, path: Path, message: str, fix: str) -> None:
        self.problems.append(Problem(self.rel(path), message, fix=fix))

    def link(self, path: Path, chain: tuple[str, ...]) -> str | None:
        """The real path a symbolic link leads to, or ``None`` (refused) when it is not safe."""
        target = os.readlink(path)
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.refuse(
                    path,
                    f"Liên kết tượng trưng (symlink) «{self.rel(path)}» -> «{target}» tạo thành vòng lặp.",
                    "Xóa liên kết này (lệnh «git rm») và đặt tệp thật vào đây.",
                )
            else:
                self.refuse(
                    path,
                    f"Liên kết tượng trưng (symlink) «{self.rel(path)}» -> «{target}» trỏ tới tệp không có.",
                    "Xóa liên kết này (lệnh «git rm») và đặt tệp thật vào đây.",
                )
            return None
        real = os.path.realpath(path)
        if not _inside(real, self.allowed):
            self.refuse(
                path,
                f"Liên kết tượng trưng (symlink) «{self.rel(path)}» -> «{target}» trỏ ra ngoài thư mục "
                "posts/ và docs/; chỉ nội dung trong hai thư mục này được đăng lên trang.",
                "Xóa liên kết này (lệnh «git rm»); nếu cần đăng tệp, "
                "chép chính tệp đó vào posts/ hoặc docs/.",
            )
            return None
        if os.path.isdir(real) and real in chain:
            self.refuse(
                path,
                f"Liên kết tượng trưng (symlink) «{self.rel(path)}» -> «{target}» trỏ tới thư mục chứa chính "
                "nó, tạo thành vòng lặp.",
                "Xóa liên kết này (lệnh «git rm»).",
            )
            return None
        return real

    def walk(self, top: Path, listed: bool) -> None:
        """Every entry under ``top``; ``listed``: its files are published (not in a dot-folder)."""
        stack = [(top, (os.path.realpath(top),), listed)]
        while stack:
            folder, chain, listing = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
            except OSError:
                self.refuse(folder, "Không đọc được thư mục này.", "Kiểm tra quyền đọc của thư mục.")
                continue
            for entry in entries:
                path = Path(entry.path)
                real = self.link(path, chain) if entry.is_symlink() else entry.path
                if real is None:
                    continue
                mode = os.stat(real).st_mode
                hidden = entry.name.startswith(".")
                if stat.S_ISDIR(mode):
                    if len(chain) >= MAX_DEPTH:
                        self.refuse(path, "Thư mục lồng nhau quá sâu.", "Đặt tệp ở thư mục nông hơn.")
                    else:
                        stack.append((path, (*chain, os.path.realpath(real)), listing and not hidden))
                elif not stat.S_ISREG(mode):
                    self.refuse(
                        path,
                        f"«{self.rel(path)}» không phải là một tệp thường (có thể là ống dẫn hoặc thiết bị).",
                        "Xóa nó khỏi kho nội dung.",
                    )
                elif listing and not hidden:
                    self.files.append(path)
            if listing:
                self.hidden(folder, entries)

    def hidden(self, folder: Path, entries: list[os.DirEntry[str]]) -> None:
        """Subclasses say what the dot-entries of a listed folder mean."""


class _DocsWalk(_Walk):
    def hidden(self, folder: Path, entries: list[os.DirEntry[str]]) -> None:
        for entry in reversed(entries):
            if entry.name.startswith(".") and entry.name not in QUIET_DOT_FILES:
                what = "Thư mục" if entry.is_dir(follow_symlinks=False) else "Tệp"
                self.problems.append(
                    Problem(
                        self.rel(Path(entry.path)),
                        f"{what} có tên bắt đầu bằng dấu chấm không bao giờ được đăng lên trang (bị bỏ qua).",
                        fix="Nếu cần đăng, đổi tên bỏ dấu chấm ở đầu; nếu không, xóa khỏi docs/ "
                        "(tệp như .env có thể chứa mật khẩu).",
                        warning=True,
                    )
                )


def _markdown_name(path: Path, walk: _Walk) -> bool:
    """Whether ``path`` is a Markdown file named ``*.md``; other Markdown suffixes are refused."""
    name = path.name
    lower = name.lower()
    if name.endswith(".md"):
        return True
    if lower.endswith(MARKDOWN_SUFFIXES):
        stem = name[: len(name) - len(next(s for s in MARKDOWN_SUFFIXES if lower.endswith(s)))]
        walk.refuse(
            path,
            f"Tệp «{name}» có đuôi khác «.md» nên không được đọc như một bài hay một trang.",
            f"Đổi tên tệp thành «{stem}.md».",
        )
    return False


def scan(root: Path, posts_dir: Path, docs_dir: Path) -> ContentFiles:
    """Walk ``posts_dir`` and ``docs_dir`` once, following no link out of them."""
    allowed = tuple(os.path.realpath(d) for d in (posts_dir, docs_dir) if d.is_dir())
    posts = _Walk(root, allowed)
    if posts_dir.is_dir():
        posts.walk(posts_dir, True)
    post_files = []
    for path in posts.files:
        parts = path.relative_to(posts_dir).parts
        if not any(part.startswith("_") for part in parts) and _markdown_name(path, posts):
            post_files.append(path)
    docs = _DocsWalk(root, allowed)
    if docs_dir.is_dir():
        docs.walk(docs_dir, True)
    for path in docs.files:
        _markdown_name(path, docs)
    return ContentFiles(
        tuple(sorted(post_files)), tuple(sorted(docs.files)), tuple(posts.problems + docs.problems)
    )


def content_folder(path: Path, posts_dir: Path, docs_dir: Path) -> bool:
    """Whether ``path`` (resolved: links followed) is a published file of ``posts/`` or ``docs/``:
    inside one of them, and in no dot-folder and not a dot-file."""
    real = Path(os.path.realpath(path))
    for folder in (posts_dir, docs_dir):
        base = Path(os.path.realpath(folder))
        if real.is_relative_to(base):
            return not any(part.startswith(".") for part in real.relative_to(base).parts)
    return False
