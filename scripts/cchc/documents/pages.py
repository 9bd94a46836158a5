"""Official documents (văn bản) as HTML: the header block of Decree 30/2020/NĐ-CP.

A document is shown the way the paper original looks: issuer and national motto side by
side, number, place and date, type and abstract, then the signature and recipients; a
facts table sums it up. The markup is in ``rendering/templates/documents/``.
"""

from __future__ import annotations

from datetime import date

from cchc.documents.model import Document
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


def render_footer(doc: Document) -> str:
    """HTML of the recipients (Nơi nhận) and signature block (Decree 30 boxes 7 and 9)."""
    return render("documents/footer.html", doc=doc)
