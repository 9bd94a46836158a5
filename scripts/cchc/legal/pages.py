"""The "Căn cứ pháp lý" pages: the register (``can-cu-phap-ly/``) and one page per cited
document (``can-cu-phap-ly/<slug>/``), plain HTML from ``rendering/templates/legal/``."""

from __future__ import annotations

from cchc.legal.register import CITER_KINDS, REGISTER_DIR, CitedDocument, Citer, Register
from cchc.rendering.page import GeneratedPage
from cchc.rendering.templates import render

TITLE = "Căn cứ pháp lý"
INTRO = (
    "Các luật, nghị định, quyết định, kế hoạch… được trích dẫn trong tin bài, văn bản và thủ tục "
    "hành chính của trang. Mỗi văn bản có một trang riêng ghi số, ký hiệu, loại, cơ quan ban hành, "
    "ngày ban hành và những nơi trích dẫn văn bản đó."
)


def _groups(doc: CitedDocument) -> list[tuple[str, list[Citer]]]:
    """The pages citing ``doc``, grouped by kind in the order of ``CITER_KINDS``."""
    return [
        (label, [c for c in doc.citers if c.kind == kind])
        for kind, label in CITER_KINDS.items()
        if any(c.kind == kind for c in doc.citers)
    ]


def register_pages(register: Register) -> list[GeneratedPage]:
    """The register's index and a page per cited document."""
    base = f"{REGISTER_DIR}/"
    docs = register.sorted
    index = render("legal/index.html", title=TITLE, intro=INTRO, docs=docs, here=base)
    pages = [GeneratedPage(f"{base}index.md", TITLE, index, INTRO)]
    for doc in docs:
        about = f"{doc.label}: {doc.issuer_name}" if doc.issuer_name else doc.label
        description = f"{about}. Được trích dẫn ở {len(doc.citers)} nơi trên trang."
        html = render("legal/document.html", doc=doc, here=doc.url, register=base, groups=_groups(doc))
        pages.append(GeneratedPage(f"{doc.url}index.md", doc.label, html, description))
    return pages
