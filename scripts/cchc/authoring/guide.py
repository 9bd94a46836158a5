"""The publishing guide (``HUONG-DAN-DANG-BAI.md`` at the project root) as a page of the site.

The page is for officials: marked so at the top, left out of the residents' menu (as every
generated page) and of the site search (``GeneratedPage.search``), and asks search engines
not to index it (``cchc_robots`` in its front matter, for the page's head template).
The examples in the guide are built by ``tests/test_guide.py``.
"""

from __future__ import annotations

from pathlib import Path

from cchc.core.text import nfc
from cchc.rendering.page import GeneratedPage

GUIDE_FILE = "HUONG-DAN-DANG-BAI.md"
GUIDE_SRC_URI = "huong-dan-dang-bai.md"  # published at huong-dan-dang-bai/
TITLE = "Hướng dẫn đăng bài"
BANNER = (
    '!!! warning "Trang dành cho cán bộ đăng bài"\n'
    "    Trang này hướng dẫn cán bộ, công chức đăng bài viết, văn bản và thủ tục hành chính lên\n"
    "    chuyên mục; không dành cho người dân và không có trong trình đơn hay kết quả tìm kiếm của trang.\n"
)


def guide_markdown(text: str) -> str:
    """The guide with the banner right below its first heading (at the top when it has none)."""
    lines = nfc(text.lstrip("\ufeff")).replace("\r\n", "\n").split("\n")
    if lines and lines[0].startswith("# "):
        return "\n".join([lines[0], "", BANNER, *lines[1:]])
    return BANNER + "\n" + "\n".join(lines)


def guide_page(root: Path) -> GeneratedPage | None:
    """The guide's page, or ``None`` when the project has no guide."""
    path = root / GUIDE_FILE
    if not path.is_file():
        return None
    markdown = guide_markdown(path.read_text(encoding="utf-8"))
    meta = {
        "title": TITLE,
        "description": "Hướng dẫn cán bộ đăng bài, văn bản và thủ tục hành chính lên chuyên mục.",
        "cchc_robots": "noindex, nofollow",
    }
    return GeneratedPage(GUIDE_SRC_URI, TITLE, markdown, kind="page", meta=meta, search=False)
