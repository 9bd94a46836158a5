"""A procedure's page: the record as Markdown with HTML blocks, made by templates.

A procedure page shows the record in the order of the national TTHC database
(``SECTIONS``), after a summary box; printed, it becomes a one-page A4 checklist with
the commune's address and hours and a QR code back to the page (``thu-tuc.css``). Every
piece of HTML comes from the autoescaped templates in
``rendering/templates/procedures/`` (``page.md.j2``, ``sections.html.j2``); this module
only gathers the values they show. Links are relative, so the site works under any sub-path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from markupsafe import Markup

from cchc.core.formatting import human_size
from cchc.core.settings import Organisation, Settings
from cchc.core.urls import PROCEDURES_DIR, rel
from cchc.procedures.data import filing_place, json_ld
from cchc.procedures.model import FORM_TYPES, LEVEL_LABELS, DocumentItem, Procedure, ProcedureMeta
from cchc.procedures.qr import qr_image
from cchc.rendering.sanitize import wrap_body
from cchc.rendering.templates import render

LEVEL_NOTES = {
    "toan_trinh": "Nộp hồ sơ, nộp phí và nhận kết quả trực tuyến, không phải đến trụ sở.",
    "mot_phan": "Nộp hồ sơ trực tuyến được; một số bước vẫn phải đến trực tiếp.",
    "khong": "Chưa nộp trực tuyến được; nộp hồ sơ tại nơi tiếp nhận.",
}
KEEP = "tthc-keep"  # blocks kept on the printed checklist; everything else is hidden in print
_BULLET_RE = re.compile(r"^[-+*•]\s+(.*)$")


@dataclass(frozen=True)
class Section:
    """One section of the page: its heading, and the macro of ``sections.html.j2`` that shows it."""

    anchor: str
    title: str
    macro: str
    field: str = ""  # the record's field a "text" section shows
    when: str = ""  # shown only when this field of the record is not empty
    keep: bool = False  # kept on the printed checklist

    def shown(self, meta: ProcedureMeta) -> bool:
        return not self.when or bool(getattr(meta, self.when))


# The order of the national TTHC database (dichvucong.gov.vn), with the time limit and the
# fee where the published decisions put them (reference §2.2/§2.3).
SECTIONS: tuple[Section, ...] = (
    Section("thong-tin-chung", "Thông tin chung", "general"),
    Section("trinh-tu-thuc-hien", "Trình tự thực hiện", "steps"),
    Section("cach-thuc-thuc-hien", "Cách thức thực hiện", "channels"),
    Section("thanh-phan-ho-so", "Thành phần hồ sơ", "checklist", keep=True),
    Section("mau-don-to-khai", "Mẫu đơn, tờ khai", "forms", when="mau_don"),
    Section("thoi-han-giai-quyet", "Thời hạn giải quyết", "text", "thoi_han_giai_quyet"),
    Section("doi-tuong-thuc-hien", "Đối tượng thực hiện", "text", "doi_tuong"),
    Section("co-quan-thuc-hien", "Cơ quan thực hiện", "text", "co_quan_thuc_hien"),
    Section("dia-chi-tiep-nhan", "Địa chỉ tiếp nhận hồ sơ", "text", "dia_chi_tiep_nhan", "dia_chi_tiep_nhan"),
    Section("ket-qua-thuc-hien", "Kết quả thực hiện", "text", "ket_qua"),
    Section("phi-le-phi", "Phí, lệ phí", "text", "le_phi"),
    Section("can-cu-phap-ly", "Căn cứ pháp lý", "legal"),
    Section(
        "yeu-cau-dieu-kien", "Yêu cầu, điều kiện thực hiện", "text", "yeu_cau_dieu_kien", "yeu_cau_dieu_kien"
    ),
)


# --- values the templates show -----------------------------------------------------------------


@dataclass(frozen=True)
class ProseBlock:
    """A paragraph (one text) or a list (``bullets``: one text per item)."""

    texts: tuple[str, ...]
    bullets: bool = False


def prose_blocks(text: str) -> list[ProseBlock]:
    """Plain text as blocks: one paragraph per line, runs of ``- item`` lines as a list."""
    blocks: list[ProseBlock] = []
    items: list[str] = []
    for line in [*text.splitlines(), ""]:
        bullet = _BULLET_RE.match(line)
        if bullet:
            items.append(bullet.group(1))
            continue
        if items:
            blocks.append(ProseBlock(tuple(items), bullets=True))
            items = []
        if line:
            blocks.append(ProseBlock((line,)))
    return blocks


@dataclass(frozen=True)
class FormLink:
    """A blank form to download: relative link, kind of file and size (empty if unknown)."""

    href: str
    kind: str
    size: str


def form_link(path: str, here: str, settings: Settings) -> FormLink:
    file = settings.docs_dir / path
    size = human_size(file.stat().st_size) if file.is_file() else ""
    return FormLink(rel(here, path), FORM_TYPES.get(file.suffix.lower(), "tệp"), size)


@dataclass(frozen=True)
class Paper:
    """A row of the checklist: the paper, its number (for the check box) and its form."""

    number: int
    item: DocumentItem
    form: FormLink | None


@dataclass(frozen=True)
class PaperGroup:
    """A row group of the checklist: one case (``truong_hop``), or a run of plain papers."""

    case: str | None
    papers: list[Paper]


@dataclass(frozen=True)
class ProcedurePage:
    """What the page templates show of one procedure (``v`` in the templates)."""

    procedure: Procedure
    settings: Settings
    keep: str = KEEP
    home: str = f"{PROCEDURES_DIR}/"

    @property
    def meta(self) -> ProcedureMeta:
        return self.procedure.meta

    @property
    def here(self) -> str:
        return self.procedure.url

    @property
    def org(self) -> Organisation:
        return self.settings.organisation

    @property
    def levels(self) -> dict[str, str]:
        return LEVEL_LABELS

    @property
    def notes(self) -> dict[str, str]:
        return LEVEL_NOTES

    @property
    def filing_place(self) -> str:
        return filing_place(self.procedure)

    @property
    def page_url(self) -> str:
        return self.settings.absolute(self.procedure.url)

    @property
    def qr(self) -> Markup:
        return qr_image(self.page_url, self.settings.root / ".cache" / "qr")

    @cached_property
    def with_forms(self) -> bool:
        return any(item.mau for _, item in self.procedure.documents())

    @property
    def forms(self) -> list[tuple[FormLink, str]]:
        return [(form_link(f.file, self.here, self.settings), f.ten) for f in self.meta.mau_don]

    @property
    def paper_groups(self) -> list[PaperGroup]:
        """The papers to bring: each case is a group, and so is each run of plain papers."""
        groups: list[PaperGroup] = []
        after_case, number = True, 0
        for entry in self.meta.thanh_phan_ho_so:
            if entry.truong_hop or after_case:
                groups.append(PaperGroup(entry.truong_hop, []))
            after_case = entry.truong_hop is not None
            for item in entry.items:
                number += 1
                form = form_link(item.mau, self.here, self.settings) if item.mau else None
                groups[-1].papers.append(Paper(number, item, form))
        return groups

    def prose(self, field: str) -> list[ProseBlock]:
        return prose_blocks(getattr(self.meta, field))


# --- the page ----------------------------------------------------------------------------------


def procedure_markdown(procedure: Procedure, body: str, settings: Settings) -> str:
    """The full Markdown of a procedure page: summary, the record in order, then the body."""
    page = ProcedurePage(procedure, settings)
    body = body.strip()
    blocks = [
        render(
            "procedures/page.md.j2",
            v=page,
            sections=[s for s in SECTIONS if s.shown(procedure.meta)],
            extra_heading=bool(body) and not body.startswith("#"),  # the body's own heading titles it
        )
    ]
    if body:
        blocks.append(wrap_body(body, footnotes=True))  # officials' Markdown: sanitised HTML
    address = settings.absolute(procedure.url)
    blocks.append(render("posts/share.html", address=address, title=procedure.name, what="thủ tục"))
    blocks.append(render("procedures/json_ld.html.j2", data=json_ld(procedure, settings)))
    return "\n\n".join(blocks) + "\n"
