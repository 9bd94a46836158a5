"""The sample commune the repository ships with, and how to take it out.

The repository is the site of one commune (the sample, "xã Thượng Long"). Another commune
adopting it keeps the product (code, templates, the national procedures and legal data)
and replaces what is the sample's own:

- the posts (``posts/``): removed by ``remove_sample_posts``; ``posts/.gitkeep`` keeps the
  folder in git (the site builds with no posts at all, too);
- the commune's data in ``mkdocs.yml`` and its logo and favicon: written by the adopter,
  then looked for by ``traces`` (what still names the sample commune).
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

POSTS_DIR = "posts"
KEEP_FILE = ".gitkeep"

# Words that only the sample commune's data contains (its names, people, numbers, domain).
SAMPLE_MARKERS = (
    "Thượng Long",
    "thuonglong",
    "thuong-long",
    "Phạm Văn Núi",
    "Lê Thị Hoa",
    "Trần Văn Minh",
    "0234 3 000",
)
# The sample's logo and favicon (each version shipped), by SHA-256: a file still equal to
# one of them was not replaced.
SAMPLE_IMAGES = {
    "overrides/assets/images/logo.png": ("308e3149f42093dfa95c2ae2850947eae6727704e55c56b70e07c27d50eb205f",),
    "overrides/assets/images/favicon.png": (
        "0bab602473d9277bb786d65b79f476dd7520c6632e98eb33b7b2b3d368cb4195",
        "22c09a0253242ad00e2cd79ecf30f92fc7b55c94475818da978fcb03b9c6d3f8",
    ),
}
# Where the adopter's own data and pages live (the rest of the repository is the product).
SITE_FILES = ("mkdocs.yml", "docs", "data")
TEXT_SUFFIXES = (".md", ".yml", ".yaml")


@dataclass(frozen=True)
class Trace:
    """A place that still holds the sample commune's data."""

    file: str  # relative to the project root, with "/"
    line: int | None
    text: str  # what was found (a marker, or a note on an image)

    def format(self) -> str:
        where = f"{self.file}, dòng {self.line}" if self.line else self.file
        return f"{where}: {self.text}"


def remove_sample_posts(root: Path) -> list[str]:
    """Delete everything under ``posts/`` (keeping the folder); returns what was removed."""
    posts = root / POSTS_DIR
    removed: list[str] = []
    if posts.is_dir():
        for child in sorted(posts.iterdir()):
            if child.name == KEEP_FILE:
                continue
            removed.append(child.relative_to(root).as_posix())
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    posts.mkdir(exist_ok=True)
    (posts / KEEP_FILE).touch()
    return removed


def _text_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for name in (*SITE_FILES, POSTS_DIR):
        path = root / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.suffix in (".md", ".yml", ".yaml") and p.is_file()
            )
    return found


def traces(root: Path) -> list[Trace]:
    """Every line of the site's data and content that names the sample commune, and the
    sample's logo and favicon if they were not replaced."""
    found: list[Trace] = []
    for path in _text_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeError):
            continue
        for number, line in enumerate(lines, 1):
            for marker in SAMPLE_MARKERS:
                if marker in line:
                    found.append(Trace(rel, number, f"còn «{marker}» của xã mẫu: {line.strip()[:120]}"))
                    break
    for rel, digests in SAMPLE_IMAGES.items():
        path = root / rel
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() in digests:
            found.append(
                Trace(rel, None, "vẫn là hình của xã mẫu: thay bằng hình của xã mình (cùng tên tệp).")
            )
    return found
