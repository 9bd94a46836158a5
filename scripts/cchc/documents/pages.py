"""Official documents (văn bản) as HTML: the blocks of Decree 30/2020/NĐ-CP around the body.

A document is shown the way the paper original looks: issuer and national motto side by
side, number, place and date, type and abstract, then the signature and recipients. Above
them on the web (never on paper: ``print.css``): the document's own file with a download
button, a facts table and the page's schema.org data. The markup is in
``rendering/templates/documents/``.
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from cchc.core.settings import Settings
from cchc.documents import data
from cchc.documents.model import Document
from cchc.posts.model import Post
from cchc.rendering.templates import render


def official_date(place: str, day: date) -> str:
    """``Thượng Long, ngày 05 tháng 12 năm 2023`` (Decree 30: 0-padded day < 10, month 1–2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def render_header(doc: Document, title: str) -> str:
    """HTML of the document header (Decree 30 boxes 1–5) above the body."""
    return render("documents/header.html", doc=doc, title=title, date=official_date(doc.place, doc.issued))


def render_facts(doc: Document) -> str:
    """A compact table of the document's metadata (Decree 42: type, issuer, number, dates)."""
    return render("documents/facts.html", doc=doc)


def render_top(post: Post, settings: Settings) -> str:
    """What a document page shows above the Decree 30 header: its file (type, size, a
    download button), the facts table and its schema.org JSON-LD; one HTML line each."""
    doc = post.document
    assert doc is not None
    main = data.signed_file(post)
    blocks = [render("documents/file.html", main=main, post=post)] if main else []
    blocks.append(render_facts(doc))
    blocks.append(render("documents/json_ld.html", data=data.json_ld(post, settings)))
    return Markup("\n".join(blocks))


def render_footer(doc: Document) -> str:
    """HTML of the recipients (Nơi nhận) and signature block (Decree 30 boxes 7 and 9)."""
    return render("documents/footer.html", doc=doc)
