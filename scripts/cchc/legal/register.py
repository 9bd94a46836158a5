"""The register of cited documents ("Căn cứ pháp lý"), and the links to it in every page.

``Register.build`` reads the pages the build made (posts' bodies, procedure pages, the pages
of ``docs/``) and the procedures' ``can_cu_phap_ly`` entries, finds every citation
(``citations.py``) outside code, links and headings (``markup.py``), and makes one
``CitedDocument`` per document cited, with everything known of it: number, type, issuer,
date (from the citations, the procedures' entries, the data file ``data/can-cu-phap-ly.yml``
and the commune's own document posts) and every page that cites it. ``Register.link`` then
turns each citation of a page into a link: to the commune's own post when the commune
published the document, else to the document's register page (``can-cu-phap-ly/<slug>/``).

Administrative numbers carry no year and restart every year (Decree 30, Điều 15):
``11/KH-UBND`` of 2023 and of 2024 are two documents. A citation with a date names the
document of that year; one without a date names the only dated one known, if there is one.
A post's citation of its own number stays plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from markupsafe import escape

from cchc.core.text import fold, slugify
from cchc.core.urls import rel
from cchc.legal.citations import Citation, find_citations, parse_number
from cchc.legal.data import KnownDocument
from cchc.legal.markup import BLANK, in_marked_regions, marked_regions, masked, replace_spans
from cchc.posts.model import Post
from cchc.procedures.model import Catalogue
from cchc.rendering.page import GeneratedPage
from cchc.rendering.sanitize import BODY_END, BODY_START
from cchc.rendering.templates import render

REGISTER_DIR = "can-cu-phap-ly"
CITER_KINDS = {
    "document": "Văn bản của xã",
    "post": "Bài viết",
    "procedure": "Thủ tục hành chính",
    "page": "Trang",
}
_LOCAL_ISSUERS = ("Ủy ban nhân dân", "Hội đồng nhân dân")
_SEGMENT_RE = re.compile(f"[^{BLANK}]+")


@dataclass(frozen=True)
class Citer:
    """A page that cites a document."""

    title: str
    url: str
    kind: str  # a key of CITER_KINDS

    @property
    def kind_label(self) -> str:
        return CITER_KINDS[self.kind]


@dataclass
class CitedDocument:
    """One document cited on the site, with everything known of it."""

    key: str
    number: str
    type: str
    issuer: str
    issued: date | None = None
    level: str = ""
    title: str = ""
    external: str = ""
    own: Post | None = None
    slug: str = ""
    citers: list[Citer] = field(default_factory=list)

    @property
    def url(self) -> str:
        """The document's register page."""
        return f"{REGISTER_DIR}/{self.slug}/"

    @property
    def target(self) -> str:
        """Where a citation of it links: the commune's own post, or the register page."""
        return self.own.url if self.own is not None else self.url

    @property
    def label(self) -> str:
        """``Nghị định số 61/2018/NĐ-CP``."""
        return f"{self.type} số {self.number}" if self.type else f"Văn bản số {self.number}"

    @property
    def issuer_name(self) -> str:
        if self.own is not None and self.own.document is not None:
            return self.own.document.issuer
        if self.level and self.issuer in _LOCAL_ISSUERS:
            return f"{self.issuer} {self.level}"
        return self.issuer

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None

    def add_citer(self, citer: Citer) -> None:
        if all(c.url != citer.url for c in self.citers):
            self.citers.append(citer)


@dataclass(frozen=True)
class _Found:
    citation: Citation
    page: GeneratedPage | None  # None: a procedure's can_cu_phap_ly entry without a page
    citer: Citer


def _base(citation: Citation) -> str:
    return citation.key


def _dated(citation: Citation, year: int | None) -> str:
    """The key of a document: its number; an administrative number also its year."""
    if citation.normative or year is None:
        return citation.key
    return f"{citation.key}@{year}"


def _region_texts(page: GeneratedPage) -> list[str]:
    """The parts of a page's source citations are read from: a post's body; a whole
    procedure page or page of ``docs/`` (template HTML included, markup masked)."""
    if page.kind == "post":
        return marked_regions(page.content, BODY_START, BODY_END)
    return [page.content] if page.kind in ("procedure", "page") else []


def citations_in(text: str) -> list[Citation]:
    """The citations of a page's source outside code, links, headings and markup (read in
    each run of text between masked parts that has a ``/``: every citation has one)."""
    if "/" not in text:
        return []
    found: list[Citation] = []
    for segment in _SEGMENT_RE.finditer(masked(text)):
        part = segment.group(0)
        if "/" in part:
            at = segment.start()
            found += [replace(c, start=c.start + at, end=c.end + at) for c in find_citations(part)]
    return found


class Register:
    """Every cited document of one build, by key."""

    def __init__(self, documents: dict[str, CitedDocument], resolve: Callable[[Citation], str]) -> None:
        self.documents = documents
        self._resolve = resolve

    @classmethod
    def build(
        cls,
        pages: Sequence[GeneratedPage],
        posts: Sequence[Post],
        catalogue: Catalogue,
        known: Sequence[KnownDocument] = (),
    ) -> Register:
        found = list(_found(pages, posts, catalogue))
        own: dict[str, list[Post]] = {}
        dated: dict[str, set[str]] = {}
        for post in posts:
            cited = parse_number(post.document.number) if post.document else None
            if cited is not None and post.document is not None:
                key = _dated(cited, post.document.issued.year)
                own.setdefault(key, []).append(post)
                dated.setdefault(_base(cited), set()).add(key)
        facts: list[tuple[Citation, date | None]] = [(f.citation, f.citation.issued) for f in found]
        facts += [(k.citation, k.ngay_ban_hanh) for k in known]
        for citation, issued in facts:
            if issued is not None and not citation.normative:
                dated.setdefault(_base(citation), set()).add(_dated(citation, issued.year))

        def resolve(citation: Citation) -> str:
            if citation.normative or citation.issued is not None:
                return _dated(citation, citation.issued.year if citation.issued else None)
            keys = dated.get(_base(citation), set())
            return next(iter(keys)) if len(keys) == 1 else citation.key

        documents: dict[str, CitedDocument] = {}
        for item in found:
            key = resolve(item.citation)
            doc = documents.get(key) or documents.setdefault(key, _document(key, item.citation, own))
            if doc.own is not None and item.page is not None and doc.own.src_uri == item.page.src_uri:
                continue  # a document's mention of its own number
            _learn(doc, item.citation)
            doc.add_citer(item.citer)
        documents = {k: d for k, d in documents.items() if d.citers}
        _enrich(documents, known, catalogue, resolve)
        _name(documents.values())
        return cls(documents, resolve)

    def find(self, citation: Citation) -> CitedDocument | None:
        return self.documents.get(self._resolve(citation))

    @property
    def sorted(self) -> list[CitedDocument]:
        return sorted(self.documents.values(), key=_order)

    # --- links ----------------------------------------------------------------------------

    def link(self, page: GeneratedPage, catalogue: Catalogue) -> GeneratedPage:
        """``page`` with its citations linked (posts: in the body only)."""
        here = page.url

        def change(text: str) -> str:
            return self._link_text(text, here, page.src_uri)

        if page.kind == "post":
            source = in_marked_regions(page.content, BODY_START, BODY_END, change)
        elif page.kind in ("procedure", "page"):
            source = change(self._link_legal_basis(page.content, here, page.src_uri, catalogue))
        else:
            return page
        return page if source == page.content else replace(page, html=source)

    def _anchor(self, doc: CitedDocument, text: str, here: str) -> str:
        tip = f"{doc.label} – {doc.issuer_name}" if doc.issuer_name else doc.label
        return render(
            "legal/link.html", href=rel(here, doc.target), text=text, tip=tip, own=doc.own is not None
        )

    def _link_text(self, text: str, here: str, src_uri: str) -> str:
        spans = []
        for citation in citations_in(text):
            doc = self.find(citation)
            if doc is None or (doc.own is not None and doc.own.src_uri == src_uri):
                continue
            spans.append((citation.start, citation.end, self._anchor(doc, citation.text, here)))
        return replace_spans(text, spans) if spans else text

    def _link_legal_basis(self, source: str, here: str, src_uri: str, catalogue: Catalogue) -> str:
        """The number cells of a procedure's "Căn cứ pháp lý" table as links."""
        procedure = catalogue.by_src.get(src_uri)
        for basis in procedure.meta.can_cu_phap_ly if procedure else ():
            cited = parse_number(basis.so_ky_hieu)
            doc = self.find(cited) if cited else None
            cell = re.compile(rf"(<td\b[^>]*>){re.escape(str(escape(basis.so_ky_hieu)))}(</td>)")
            if doc is not None:
                link = self._anchor(doc, basis.so_ky_hieu, here)
                source = cell.sub(lambda m: f"{m.group(1)}{link}{m.group(2)}", source, count=1)  # noqa: B023
        return source


# --- building ---------------------------------------------------------------------------------


def _citer(page: GeneratedPage, posts: dict[str, Post]) -> Citer:
    post = posts.get(page.src_uri)
    kind = page.kind if page.kind != "post" else ("document" if post and post.document else "post")
    return Citer(page.title, page.url, kind)


def _found(pages: Iterable[GeneratedPage], posts: Sequence[Post], catalogue: Catalogue) -> Iterable[_Found]:
    by_src = {p.src_uri: p for p in posts}
    for page in pages:
        texts = _region_texts(page)
        if not texts:
            continue
        citer = _citer(page, by_src)
        for text in texts:
            for citation in citations_in(text):
                yield _Found(citation, page, citer)
        procedure = catalogue.by_src.get(page.src_uri)
        for basis in procedure.meta.can_cu_phap_ly if procedure else ():
            cited = parse_number(basis.so_ky_hieu)
            if cited is not None:
                issued = cited.issued or basis.ngay_ban_hanh
                yield _Found(replace(cited, issued=issued), page, citer)


def _document(key: str, citation: Citation, own: dict[str, list[Post]]) -> CitedDocument:
    mine = [p for p in own.get(key, []) if _same_level(citation.level, p)]
    return CitedDocument(
        key=key,
        number=citation.number,
        type=citation.type,
        issuer=citation.issuer,
        issued=citation.issued,
        level=citation.level,
        own=mine[0] if len(mine) == 1 else None,
    )


def _same_level(level: str, post: Post) -> bool:
    """``… của UBND tỉnh`` is not the commune's document, whatever its number."""
    issuer = post.document.issuer if post.document else ""
    return not level or f" {fold(level)} " in f" {fold(issuer)} "


def _learn(doc: CitedDocument, citation: Citation) -> None:
    """What a later citation adds: a date, a type, a level the first did not give."""
    doc.issued = doc.issued or citation.issued
    doc.type = doc.type or citation.type
    doc.issuer = doc.issuer or citation.issuer
    doc.level = doc.level or citation.level


def _enrich(
    documents: dict[str, CitedDocument],
    known: Sequence[KnownDocument],
    catalogue: Catalogue,
    resolve: Callable[[Citation], str],
) -> None:
    """Titles, dates and issuers from the data file first, then the procedures' entries."""
    for entry in known:
        citation = entry.citation
        key = resolve(replace(citation, issued=citation.issued or entry.ngay_ban_hanh))
        doc = documents.get(key)
        if doc is not None:
            doc.title = doc.title or entry.ten or ""
            doc.external = doc.external or entry.url or ""
            doc.issued = entry.ngay_ban_hanh or doc.issued
            doc.type = entry.loai or doc.type
            doc.issuer = entry.co_quan_ban_hanh or doc.issuer
    for procedure in catalogue.procedures:
        for basis in procedure.meta.can_cu_phap_ly:
            cited = parse_number(basis.so_ky_hieu)
            doc = (
                documents.get(resolve(replace(cited, issued=cited.issued or basis.ngay_ban_hanh)))
                if cited
                else None
            )
            if doc is not None:
                doc.title = doc.title or basis.trich_yeu
                doc.issued = doc.issued or basis.ngay_ban_hanh
                doc.issuer = doc.issuer or basis.co_quan_ban_hanh or ""
    for doc in documents.values():
        if doc.own is not None and doc.own.document is not None:
            doc.title = doc.title or doc.own.document.abstract or doc.own.title
            doc.issued = doc.own.document.issued
            doc.type = doc.own.document.type or doc.type


def _name(documents: Iterable[CitedDocument]) -> None:
    """Each document's page slug: its number (``61-2018-nd-cp``), an administrative one with
    its year (``11-kh-ubnd-2023``); a clash gets ``-2``, ``-3``…"""
    taken: set[str] = set()
    for doc in sorted(documents, key=lambda d: d.key):
        year = doc.key.partition("@")[2]
        base = slugify(doc.number) + (f"-{year}" if year else "")
        slug, count = base, 1
        while slug in taken:
            count += 1
            slug = f"{base}-{count}"
        taken.add(slug)
        doc.slug = slug


TYPE_ORDER = (
    "Luật", "Bộ luật", "Pháp lệnh", "Nghị quyết", "Nghị định", "Quyết định", "Chỉ thị", "Thông tư",
    "Thông tư liên tịch", "Kế hoạch", "Chương trình", "Đề án", "Báo cáo", "Thông báo", "Hướng dẫn",
    "Công văn",
)  # fmt: skip


def _order(doc: CitedDocument) -> tuple[int, int, str]:
    rank = TYPE_ORDER.index(doc.type) if doc.type in TYPE_ORDER else len(TYPE_ORDER)
    return rank, -(doc.year or 0), doc.key
