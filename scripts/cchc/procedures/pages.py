"""The procedure guide as pages and data: each procedure's page, the index pages, JSON.

Pure functions from ``Procedure`` records to Markdown/HTML (escaped, with relative
links so the site works under any sub-path), schema.org JSON-LD and ``index.json``.
A procedure page shows the record in the order of the national TTHC database
(``SECTIONS``), after a summary box; printed, it becomes a one-page A4 checklist with
the commune's address and hours and a QR code back to the page (``thu-tuc.css``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from datetime import date
from html import escape
from importlib.metadata import version
from pathlib import Path
from typing import Any

import segno

from cchc.core.formatting import human_size
from cchc.core.settings import Settings
from cchc.core.text import fold
from cchc.core.urls import rel
from cchc.posts.model import shorten
from cchc.procedures.model import (
    FORM_TYPES,
    LEVEL_LABELS,
    PROCEDURES_DIR,
    Catalogue,
    Field,
    Procedure,
)
from cchc.rendering.page import GeneratedPage

LEVEL_NOTES = {
    "toan_trinh": "Nộp hồ sơ, nộp phí và nhận kết quả trực tuyến, không phải đến trụ sở.",
    "mot_phan": "Nộp hồ sơ trực tuyến được; một số bước vẫn phải đến trực tiếp.",
    "khong": "Chưa nộp trực tuyến được; nộp hồ sơ tại nơi tiếp nhận.",
}
KEEP = "tthc-keep"  # blocks kept on the printed checklist; everything else is hidden in print


# --- small helpers -------------------------------------------------------------------------


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines())


def _prose(text: str) -> str:
    """Plain text as HTML: one paragraph per line, ``- item`` lines as a list."""
    html: list[str] = []
    items: list[str] = []
    for line in [*text.splitlines(), ""]:
        bullet = re.match(r"^[-+*•]\s+(.*)$", line)
        if bullet:
            items.append(f"<li>{escape(bullet.group(1))}</li>")
            continue
        if items:
            html.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line:
            html.append(f"<p>{escape(line)}</p>")
    return "".join(html)


def _day(value: date) -> str:
    return f'<time datetime="{value.isoformat()}">{value.strftime("%d/%m/%Y")}</time>'


def badge(level: str) -> str:
    """The online-level badge: text and colour, never colour alone."""
    return f'<span class="tthc-badge tthc-badge--{level.replace("_", "-")}">{LEVEL_LABELS[level]}</span>'


def filing_place(procedure: Procedure) -> str:
    return procedure.meta.dia_chi_tiep_nhan or procedure.meta.co_quan_thuc_hien


def description(procedure: Procedure) -> str:
    meta = procedure.meta
    text = (
        f"{meta.ten_thu_tuc} (mã {meta.ma_thu_tuc}, lĩnh vực {meta.linh_vuc}): giấy tờ cần chuẩn bị, "
        f"cách nộp, thời hạn giải quyết ({meta.thoi_han_giai_quyet}), phí, lệ phí ({meta.le_phi})."
    )
    return shorten(" ".join(text.split()), 300)


def qr_image(url: str, cache_dir: Path | None = None) -> str:
    """A QR code of ``url`` as an inline PNG (built offline, no request at view time).

    4 px per module: about 150 dpi at the printed size (32 mm), sharp enough to scan.
    Encoding picks the best of eight masks (~15 ms a code), so codes are cached in memory
    (``mkdocs serve`` rebuilds every page on each change) and in ``cache_dir``.
    """
    return _qr_cached(url, cache_dir)


@functools.lru_cache(maxsize=1024)
def _qr_cached(url: str, cache_dir: Path | None) -> str:
    key = hashlib.sha256(f"{version('segno')}\n{url}".encode()).hexdigest()[:32]
    path = cache_dir / f"{key}.html" if cache_dir is not None else None
    if path is not None and path.is_file():
        return path.read_text(encoding="utf-8")
    qr = segno.make(url, error="m")
    scale, border = 4, 4
    size = qr.symbol_size(scale=scale, border=border)[0]
    html = (
        f'<img class="tthc-qr__code" src="{qr.png_data_uri(scale=scale, border=border)}" '
        f'width="{size}" height="{size}" alt="Mã QR dẫn tới trang hướng dẫn này">'
    )
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(html, encoding="utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs time
    return html


def _form_link(path: str, here: str, settings: Settings, text: str) -> str:
    file = settings.docs_dir / path
    kind = FORM_TYPES.get(file.suffix.lower(), "tệp")
    size = human_size(file.stat().st_size) if file.is_file() else ""
    return (
        f'<a href="{escape(rel(here, path))}" download>{escape(text)}</a> '
        f'<span class="tthc-file">({kind}{", " + size if size else ""})</span>'
    )


# --- the procedure page --------------------------------------------------------------------


def summary_box(procedure: Procedure, settings: Settings) -> str:
    meta = procedure.meta
    hours = settings.organisation.hours
    rows = [
        ("Thời hạn giải quyết", _lines(meta.thoi_han_giai_quyet)),
        ("Phí, lệ phí", _lines(meta.le_phi)),
        ("Nộp trực tuyến", f"{badge(meta.muc_do_truc_tuyen)} {escape(LEVEL_NOTES[meta.muc_do_truc_tuyen])}"),
        ("Nơi nộp hồ sơ", _lines(filing_place(procedure))),
    ]
    if hours:
        rows.append(("Giờ tiếp nhận", escape(hours)))
    facts = "".join(f"<div><dt>{label}</dt><dd>{value}</dd></div>" for label, value in rows)
    actions = []
    if meta.dich_vu_cong_url:
        label = "Nộp hồ sơ trực tuyến" if meta.muc_do_truc_tuyen != "khong" else "Xem trên Cổng Dịch vụ công"
        actions.append(
            f'<a class="md-button md-button--primary tthc-online" href="{escape(meta.dich_vu_cong_url)}" '
            f'rel="external">{label}</a>'
        )
    actions.append(
        '<button type="button" class="md-button tthc-print-button" data-tthc-print hidden>'
        "In danh sách giấy tờ</button>"
    )
    return (
        f'<div class="tthc-summary {KEEP}" role="group" aria-label="Tóm tắt thủ tục">'
        f'<dl class="tthc-facts">{facts}</dl><p class="tthc-actions">{" ".join(actions)}</p></div>'
    )


def _general(procedure: Procedure, settings: Settings) -> str:
    meta = procedure.meta
    here = procedure.url
    rows = [("Mã thủ tục", escape(meta.ma_thu_tuc))]
    if meta.quyet_dinh_cong_bo:
        rows.append(("Số quyết định công bố", _lines(meta.quyet_dinh_cong_bo)))
    rows += [
        ("Tên thủ tục", escape(meta.ten_thu_tuc)),
        ("Cấp thực hiện", escape(meta.cap_thuc_hien)),
        ("Lĩnh vực", f'<a href="{rel(here, procedure.field_url)}">{escape(meta.linh_vuc)}</a>'),
        ("Mức độ dịch vụ công trực tuyến", badge(meta.muc_do_truc_tuyen)),
    ]
    if meta.ma_cu:
        rows.append(("Mã thủ tục trước đây", escape(", ".join(meta.ma_cu))))
    body = "".join(f'<tr><th scope="row">{label}</th><td>{value}</td></tr>' for label, value in rows)
    return f"<table><tbody>{body}</tbody></table>"


def _steps(procedure: Procedure, settings: Settings) -> str:
    steps = "".join(f"<li>{_lines(step)}</li>" for step in procedure.meta.trinh_tu)
    return f'<ol class="tthc-steps">{steps}</ol>'


def _channels(procedure: Procedure, settings: Settings) -> str:
    rows = "".join(
        f"<tr><td>{escape(c.hinh_thuc)}</td><td>{_lines(c.thoi_han)}</td><td>{_lines(c.phi_le_phi)}</td>"
        f"<td>{_lines(c.mo_ta or '')}</td></tr>"
        for c in procedure.meta.cach_thuc
    )
    return (
        '<table><thead><tr><th scope="col">Hình thức nộp</th><th scope="col">Thời hạn giải quyết</th>'
        '<th scope="col">Phí, lệ phí</th><th scope="col">Mô tả</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def checklist(procedure: Procedure, settings: Settings) -> str:
    """The papers to bring, as a table with a check box per paper, grouped by case."""
    here = procedure.url
    with_forms = any(item.mau for _, item in procedure.documents())
    columns = 5 if with_forms else 4
    head = (
        '<thead><tr><th scope="col">Đã có</th><th scope="col">Tên giấy tờ</th>'
        '<th scope="col">Bản chính</th><th scope="col">Bản sao</th>'
        + ('<th scope="col" class="tthc-col-form">Mẫu đơn, tờ khai</th>' if with_forms else "")
        + "</tr></thead>"
    )
    groups: list[list[str]] = []  # table row groups: each case, and each run of plain papers
    after_case, number = True, 0
    for entry in procedure.meta.thanh_phan_ho_so:
        if entry.truong_hop:
            heading = f'<th scope="rowgroup" colspan="{columns}">{_lines(entry.truong_hop)}</th>'
            groups.append([f'<tr class="tthc-case">{heading}</tr>'])
        elif after_case:
            groups.append([])
        after_case = entry.truong_hop is not None
        for item in entry.items:
            number += 1
            box = f"tthc-giay-to-{number}"
            form = ""
            if with_forms:
                link = _form_link(item.mau, here, settings, "Tải mẫu") if item.mau else ""
                form = f'<td class="tthc-col-form">{link}</td>'
            groups[-1].append(
                f'<tr><td class="tthc-check"><input type="checkbox" id="{box}"></td>'
                f'<td><label for="{box}">{_lines(item.ten)}</label></td>'
                f'<td class="tthc-num">{item.ban_chinh}</td>'
                f'<td class="tthc-num">{item.ban_sao}</td>{form}</tr>'
            )
    body = "".join(f"<tbody>{''.join(rows)}</tbody>" for rows in groups)
    table = f'<div class="tthc-checklist {KEEP}"><table>{head}{body}</table></div>'
    if procedure.meta.so_luong_ho_so:
        amount = escape(procedure.meta.so_luong_ho_so)
        table += f'\n\n<p class="tthc-count-line {KEEP}">Số lượng hồ sơ: {amount}</p>'
    return table + "\n\n" + _print_footer(procedure, settings)


def _forms(procedure: Procedure, settings: Settings) -> str:
    items = "".join(
        f"<li>{_form_link(f.file, procedure.url, settings, f.ten)}</li>" for f in procedure.meta.mau_don
    )
    return f'<ul class="tthc-forms">{items}</ul>'


def _legal(procedure: Procedure, settings: Settings) -> str:
    rows = "".join(
        f"<tr><td>{escape(b.so_ky_hieu)}</td><td>{_lines(b.trich_yeu)}</td>"
        f"<td>{_day(b.ngay_ban_hanh) if b.ngay_ban_hanh else '—'}</td>"
        f"<td>{escape(b.co_quan_ban_hanh or '—')}</td></tr>"
        for b in procedure.meta.can_cu_phap_ly
    )
    return (
        '<table><thead><tr><th scope="col">Số ký hiệu</th><th scope="col">Trích yếu</th>'
        '<th scope="col">Ngày ban hành</th><th scope="col">Cơ quan ban hành</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _text_of(key: str) -> Callable[[Procedure, Settings], str]:
    def render(procedure: Procedure, settings: Settings) -> str:
        return f'<div class="tthc-text">{_prose(getattr(procedure.meta, key))}</div>'

    return render


Section = tuple[str, str, Callable[[Procedure, Settings], str], Callable[[Procedure], bool]]

# The order of the national TTHC database (dichvucong.gov.vn), with the time limit and the
# fee where the published decisions put them (reference §2.2/§2.3).
SECTIONS: tuple[Section, ...] = (
    ("thong-tin-chung", "Thông tin chung", _general, lambda p: True),
    ("trinh-tu-thuc-hien", "Trình tự thực hiện", _steps, lambda p: True),
    ("cach-thuc-thuc-hien", "Cách thức thực hiện", _channels, lambda p: True),
    ("thanh-phan-ho-so", "Thành phần hồ sơ", checklist, lambda p: True),
    ("mau-don-to-khai", "Mẫu đơn, tờ khai", _forms, lambda p: bool(p.meta.mau_don)),
    ("thoi-han-giai-quyet", "Thời hạn giải quyết", _text_of("thoi_han_giai_quyet"), lambda p: True),
    ("doi-tuong-thuc-hien", "Đối tượng thực hiện", _text_of("doi_tuong"), lambda p: True),
    ("co-quan-thuc-hien", "Cơ quan thực hiện", _text_of("co_quan_thuc_hien"), lambda p: True),
    (
        "dia-chi-tiep-nhan",
        "Địa chỉ tiếp nhận hồ sơ",
        _text_of("dia_chi_tiep_nhan"),
        lambda p: bool(p.meta.dia_chi_tiep_nhan),
    ),
    ("ket-qua-thuc-hien", "Kết quả thực hiện", _text_of("ket_qua"), lambda p: True),
    ("phi-le-phi", "Phí, lệ phí", _text_of("le_phi"), lambda p: True),
    ("can-cu-phap-ly", "Căn cứ pháp lý", _legal, lambda p: True),
    (
        "yeu-cau-dieu-kien",
        "Yêu cầu, điều kiện thực hiện",
        _text_of("yeu_cau_dieu_kien"),
        lambda p: bool(p.meta.yeu_cau_dieu_kien),
    ),
)


def _print_header(settings: Settings) -> str:
    org = settings.organisation
    lines = [f"<strong>{escape(org.name.upper())}</strong>", "Bộ phận Một cửa – Phiếu chuẩn bị hồ sơ"]
    return f'<p class="tthc-print-only tthc-print-org {KEEP}">{"<br>".join(lines)}</p>'


def _print_footer(procedure: Procedure, settings: Settings) -> str:
    org = settings.organisation
    url = settings.absolute(procedure.url)
    qr = qr_image(url, settings.root / ".cache" / "qr")
    contact = [f"Địa chỉ: {escape(org.address)}."] if org.address else []
    if org.phone:
        contact.append(f"Điện thoại: {escape(org.phone)}.")
    return (
        f'<div class="tthc-print-only tthc-qr {KEEP}">{qr}'
        f'<div class="tthc-qr__text"><p>{"<br>".join(contact)}</p>'
        f"<p>Quét mã QR để xem hướng dẫn đầy đủ, mới nhất: {escape(url)}</p>"
        f"<p>Thông tin kiểm tra ngày {procedure.meta.cap_nhat.strftime('%d/%m/%Y')}.</p></div></div>"
    )


def json_ld(procedure: Procedure, settings: Settings) -> dict[str, Any]:
    """schema.org ``GovernmentService`` describing the procedure."""
    meta = procedure.meta
    org = settings.organisation
    provider: dict[str, Any] = {"@type": "GovernmentOrganization", "name": org.name}
    if org.address:
        provider["address"] = org.address
    if org.phone:
        provider["telephone"] = org.phone
    if org.email:
        provider["email"] = org.email
    channels = []
    for channel in meta.cach_thuc:
        item: dict[str, Any] = {
            "@type": "ServiceChannel",
            "name": channel.hinh_thuc,
            "description": channel.thoi_han,
        }
        if channel.hinh_thuc == "Trực tuyến" and meta.dich_vu_cong_url:
            item["serviceUrl"] = meta.dich_vu_cong_url
        if channel.hinh_thuc == "Trực tiếp":
            item["serviceLocation"] = {
                "@type": "Place",
                "name": filing_place(procedure),
                "address": org.address,
            }
        channels.append(item)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": meta.ten_thu_tuc,
        "identifier": meta.ma_thu_tuc,
        "url": settings.absolute(procedure.url),
        "description": description(procedure),
        "serviceType": meta.linh_vuc,
        "category": meta.cap_thuc_hien,
        "provider": provider,
        "serviceOperator": {"@type": "GovernmentOrganization", "name": meta.co_quan_thuc_hien},
        "audience": {"@type": "Audience", "audienceType": meta.doi_tuong},
        "availableChannel": channels,
        "termsOfService": [f"{b.so_ky_hieu}: {b.trich_yeu}" for b in meta.can_cu_phap_ly],
    }
    if meta.ma_cu:
        data["alternateName"] = [f"Mã cũ {code}" for code in meta.ma_cu]
    return data


def _script_json(data: object) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, no HTML-significant characters."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def procedure_markdown(procedure: Procedure, body: str, settings: Settings) -> str:
    """The full Markdown of a procedure page: summary, the record in order, then the body."""
    here = procedure.url
    crumbs = (
        f'<nav class="tthc-crumbs" aria-label="Vị trí trang"><a href="{rel(here, PROCEDURES_DIR + "/")}">'
        f'Thủ tục hành chính</a> › <a href="{rel(here, procedure.field_url)}">'
        f"{escape(procedure.meta.linh_vuc)}</a></nav>"
    )
    blocks = [
        _print_header(settings),
        crumbs,
        f'<h1 class="{KEEP}" id="tthc-ten">{escape(procedure.name)}</h1>',
        summary_box(procedure, settings),
    ]
    for anchor, title, render, present in SECTIONS:
        if not present(procedure):
            continue
        keep = f" .{KEEP}" if render is checklist else ""
        blocks += [f"## {title} {{#{anchor}{keep}}}", render(procedure, settings)]
    blocks.append(
        f'<p class="tthc-checked">Thông tin được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính '
        f"ngày {_day(procedure.meta.cap_nhat)}.</p>"
    )
    if body.strip():
        if not body.lstrip().startswith("#"):  # the body's own heading, if any, titles it
            blocks.append("## Hướng dẫn thêm {#huong-dan-them}")
        blocks.append(body.strip())
    blocks.append(f'<script type="application/ld+json">{_script_json(json_ld(procedure, settings))}</script>')
    return "\n\n".join(blocks) + "\n"


# --- index pages -----------------------------------------------------------------------------


def _item(procedure: Procedure, here: str, field: Field) -> str:
    meta = procedure.meta
    words = re.findall(
        r"[0-9a-z.]+", fold(f"{meta.ten_thu_tuc} {meta.ma_thu_tuc} {meta.linh_vuc} {' '.join(meta.ma_cu)}")
    )
    search = " ".join(words)
    return (
        f'<li class="tthc-item" data-field="{field.slug}" data-level="{meta.muc_do_truc_tuyen}" '
        f'data-search="{escape(search)}">'
        f'<a class="tthc-item__name" href="{rel(here, procedure.url)}">{escape(meta.ten_thu_tuc)}</a>'
        '<span class="tthc-item__facts">'
        f"<span>Mã: {escape(meta.ma_thu_tuc)}</span>"
        f"<span>Thời hạn: {escape(' '.join(meta.thoi_han_giai_quyet.split()))}</span>"
        f"<span>Phí, lệ phí: {escape(' '.join(meta.le_phi.split()))}</span>"
        f"<span>Trực tuyến: {badge(meta.muc_do_truc_tuyen)}</span>"
        "</span></li>"
    )


def _list(field: Field, here: str) -> str:
    return f'<ul class="tthc-list">{"".join(_item(p, here, field) for p in field.procedures)}</ul>'


def _count(n: int) -> str:
    return f"{n} thủ tục"


def _filter_form(fields: Sequence[Field]) -> str:
    field_options = "".join(f'<option value="{f.slug}">{escape(f.name)}</option>' for f in fields)
    level_options = "".join(f'<option value="{k}">{escape(v)}</option>' for k, v in LEVEL_LABELS.items())
    return (
        '<form class="tthc-filter" data-tthc-filter hidden role="search" aria-label="Lọc thủ tục">'
        '<div class="tthc-filter__field tthc-filter__field--text">'
        '<label for="tthc-q">Tìm theo tên hoặc mã</label>'
        '<input id="tthc-q" type="search" autocomplete="off" spellcheck="false" '
        'placeholder="Ví dụ: khai sinh, dat dai, 1.001193"></div>'
        '<div class="tthc-filter__field"><label for="tthc-linh-vuc">Lĩnh vực</label>'
        f'<select id="tthc-linh-vuc"><option value="">Tất cả lĩnh vực</option>{field_options}</select></div>'
        '<div class="tthc-filter__field"><label for="tthc-muc-do">Nộp trực tuyến</label>'
        f'<select id="tthc-muc-do"><option value="">Mọi mức độ</option>{level_options}</select></div>'
        '<p class="tthc-filter__status" role="status" aria-live="polite"></p>'
        "</form>"
    )


def guide_home(catalogue: Catalogue, settings: Settings) -> GeneratedPage:
    """``thu-tuc/``: every field with its count, then every procedure, with the filter."""
    here = f"{PROCEDURES_DIR}/"
    total = len(catalogue.procedures)
    title = "Thủ tục hành chính"
    intro = (
        f"Hướng dẫn {_count(total)} hành chính thường gặp tại {settings.organisation.name}: giấy tờ cần mang "
        "theo, thời hạn, phí, lệ phí, nơi nộp và cách nộp trực tuyến."
    )
    fields = "".join(
        f'<li><a href="{rel(here, f.url)}">{escape(f.name)}</a> '
        f'<span class="tthc-count">{_count(len(f.procedures))}</span></li>'
        for f in catalogue.fields
    )
    groups = "".join(
        f'<section class="tthc-group" data-field="{f.slug}" aria-labelledby="linh-vuc-{f.slug}">'
        f'<h3 id="linh-vuc-{f.slug}">{escape(f.name)} '
        f'<span class="tthc-count">({_count(len(f.procedures))})</span></h3>'
        f"{_list(f, here)}</section>"
        for f in catalogue.fields
    )
    legend = "".join(f"<li>{badge(k)} {escape(LEVEL_NOTES[k])}</li>" for k in LEVEL_LABELS)
    content = (
        f"<h1>{title}</h1>\n\n<p>{escape(intro)}</p>\n\n"
        f'<h2 id="linh-vuc">Lĩnh vực</h2>\n\n<ul class="tthc-fields">{fields}</ul>\n\n'
        f'<h2 id="danh-sach">Danh sách thủ tục</h2>\n\n'
        '<details class="tthc-legend"><summary>Mức độ nộp trực tuyến nghĩa là gì?</summary>'
        f"<ul>{legend}</ul></details>\n\n"
        f"{_filter_form(catalogue.fields)}\n\n"
        f'<div class="tthc-results">{groups}</div>\n\n'
        '<p class="tthc-empty" data-tthc-empty hidden>Không có thủ tục phù hợp. Hãy thử từ khóa ngắn hơn '
        "hoặc chọn «Tất cả lĩnh vực».</p>\n\n"
        '<p class="tthc-data">Dữ liệu mở cho hệ thống khác: '
        f'<a href="{rel(here, PROCEDURES_DIR + "/index.json")}">'
        "index.json</a> (toàn bộ các trường của từng thủ tục).</p>\n"
    )
    return GeneratedPage(f"{here}index.md", title, content, intro)


def field_page(field: Field, settings: Settings) -> GeneratedPage:
    here = field.url
    title = f"Thủ tục lĩnh vực {field.name}"
    intro = f"{_count(len(field.procedures))} thuộc lĩnh vực {field.name}."
    content = (
        f'<nav class="tthc-crumbs" aria-label="Vị trí trang"><a href="{rel(here, PROCEDURES_DIR + "/")}">'
        "Thủ tục hành chính</a></nav>\n\n"
        f"<h1>{escape(title)}</h1>\n\n<p>{escape(intro)}</p>\n\n{_list(field, here)}\n"
    )
    return GeneratedPage(f"{here}index.md", title, content, intro)


def index_pages(catalogue: Catalogue, settings: Settings) -> list[GeneratedPage]:
    return [guide_home(catalogue, settings)] + [field_page(f, settings) for f in catalogue.fields]


# --- data for other systems ------------------------------------------------------------------


def record_data(procedure: Procedure, settings: Settings) -> dict[str, Any]:
    """One record with the contract's keys; files and pages as absolute URLs."""
    meta = procedure.meta

    def document(item: Any) -> dict[str, Any]:
        return {
            "ten": item.ten,
            "ban_chinh": item.ban_chinh,
            "ban_sao": item.ban_sao,
            "mau": settings.absolute(item.mau) if item.mau else None,
        }

    documents = [
        {"truong_hop": e.truong_hop, "giay_to": [document(i) for i in e.items]}
        if e.truong_hop
        else document(e)
        for e in meta.thanh_phan_ho_so
    ]
    return {
        "ma_thu_tuc": meta.ma_thu_tuc,
        "ten_thu_tuc": meta.ten_thu_tuc,
        "linh_vuc": meta.linh_vuc,
        "cap_thuc_hien": meta.cap_thuc_hien,
        "muc_do_truc_tuyen": meta.muc_do_truc_tuyen,
        "dich_vu_cong_url": meta.dich_vu_cong_url,
        "trinh_tu": list(meta.trinh_tu),
        "cach_thuc": [c.model_dump() for c in meta.cach_thuc],
        "thanh_phan_ho_so": documents,
        "so_luong_ho_so": meta.so_luong_ho_so,
        "thoi_han_giai_quyet": meta.thoi_han_giai_quyet,
        "doi_tuong": meta.doi_tuong,
        "co_quan_thuc_hien": meta.co_quan_thuc_hien,
        "dia_chi_tiep_nhan": meta.dia_chi_tiep_nhan,
        "ket_qua": meta.ket_qua,
        "le_phi": meta.le_phi,
        "mau_don": [{"ten": f.ten, "file": settings.absolute(f.file)} for f in meta.mau_don],
        "yeu_cau_dieu_kien": meta.yeu_cau_dieu_kien,
        "can_cu_phap_ly": [b.model_dump(mode="json") for b in meta.can_cu_phap_ly],
        "quyet_dinh_cong_bo": meta.quyet_dinh_cong_bo,
        "ma_cu": list(meta.ma_cu),
        "cap_nhat": meta.cap_nhat.isoformat(),
        "url": settings.absolute(procedure.url),
    }


def index_json(catalogue: Catalogue, settings: Settings) -> bytes:
    """``thu-tuc/index.json``: every record, sorted by code (no build time: reproducible)."""
    records = sorted(catalogue.procedures, key=lambda p: p.code)
    data = {
        "co_quan": settings.organisation.name,
        "trang": settings.absolute(f"{PROCEDURES_DIR}/"),
        "so_luong": len(records),
        "thu_tuc": [record_data(p, settings) for p in records],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
