"""``python -m cchc new-procedure``: a procedure record ``docs/thu-tuc/<field>/<slug>.md``.

Every key of the content contract (section 2) is written, in the order of the national
TTHC database, each with a short comment. Each required value is asked for; one the official
leaves for later is written empty under a comment ``# CẦN ĐIỀN: …`` — the loaders refuse an empty
required value, so ``check`` (and the build) refuse the record until it is filled in.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from cchc.core.frontmatter import read_source
from cchc.core.settings import Settings, now_local
from cchc.core.text import slugify
from cchc.core.urls import PROCEDURES_DIR, url_of
from cchc.procedures.loading import markdown_files
from cchc.procedures.model import CHANNELS, CODE_RE, LEVEL_LABELS

from .common import date_check, describe, preview_url
from .post import validate
from .prompts import Asker, Refused
from .yamltext import Blank, FrontMatter, Raw

LEVEL_HELP = {
    "toan_trinh": "toàn trình: nộp hồ sơ, nộp phí và nhận kết quả trực tuyến",
    "mot_phan": "một phần: nộp hồ sơ trực tuyến, nhận kết quả trực tiếp",
    "khong": "không trực tuyến",
}
PORTAL = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc="
BODY = (
    "## Lưu ý\n\n"
    "- Ghi ở đây những điều người dân cần biết thêm (không bắt buộc; xóa mục này nếu không dùng).\n"
)

COMMENTS = {
    "ma_thu_tuc": 'Mã thủ tục trên Cổng Dịch vụ công quốc gia, trong ngoặc kép (ví dụ "1.001193").',
    "ten_thu_tuc": "Tên thủ tục, chép đúng như trên Cổng Dịch vụ công quốc gia.",
    "linh_vuc": "Lĩnh vực (viết giống hệt các thủ tục cùng lĩnh vực).",
    "cap_thuc_hien": "Cấp thực hiện.",
    "muc_do_truc_tuyen": "Mức độ dịch vụ công trực tuyến: toan_trinh, mot_phan hoặc khong.",
    "dich_vu_cong_url": "Liên kết tới trang nộp hồ sơ trực tuyến (không bắt buộc).",
    "trinh_tu": "Trình tự thực hiện: mỗi bước một dòng.",
    "cach_thuc": "Cách thức thực hiện: hình thức (Trực tiếp, Trực tuyến, Dịch vụ bưu chính), thời hạn, phí.",
    "thanh_phan_ho_so": "Thành phần hồ sơ: tên giấy tờ, số bản chính, số bản sao, tệp mẫu (không bắt buộc).",
    "so_luong_ho_so": "Số lượng hồ sơ.",
    "thoi_han_giai_quyet": "Thời hạn giải quyết.",
    "doi_tuong": "Đối tượng thực hiện.",
    "co_quan_thuc_hien": "Cơ quan thực hiện.",
    "dia_chi_tiep_nhan": "Địa chỉ tiếp nhận hồ sơ (không bắt buộc).",
    "ket_qua": "Kết quả thực hiện.",
    "le_phi": "Lệ phí; «Không» nếu miễn phí. Mức do HĐND quyết định thì ghi rõ như vậy.",
    "mau_don": "Mẫu đơn, tờ khai để tải về: tên và tệp (không bắt buộc).",
    "yeu_cau_dieu_kien": "Yêu cầu, điều kiện thực hiện (không bắt buộc).",
    "can_cu_phap_ly": "Căn cứ pháp lý: số ký hiệu, trích yếu, ngày ban hành, cơ quan ban hành.",
    "quyet_dinh_cong_bo": "Quyết định công bố thủ tục (không bắt buộc).",
    "ma_cu": "Mã cũ của thủ tục, nếu đã đổi mã (không bắt buộc).",
    "cap_nhat": "Ngày đối chiếu gần nhất với Cổng Dịch vụ công, dạng năm-tháng-ngày.",
}


def known_fields(settings: Settings) -> dict[str, str]:
    """Fields of the existing records -> the folder their files are in (``Hộ tịch`` -> ``ho-tich``)."""
    fields: dict[str, str] = {}
    base = settings.docs_dir / PROCEDURES_DIR
    for path in markdown_files(base):
        source, _ = read_source(path, settings.root, literal=True, limits=settings.limits)
        name = source.meta.get("linh_vuc") if source is not None else None
        if isinstance(name, str) and name.strip() and path.parent != base:
            fields.setdefault(name.strip(), path.parent.relative_to(base).as_posix())
    return fields


def known_codes(settings: Settings) -> dict[str, str]:
    codes: dict[str, str] = {}
    for path in markdown_files(settings.docs_dir / PROCEDURES_DIR):
        source, _ = read_source(path, settings.root, literal=True, limits=settings.limits)
        if source is not None and isinstance(source.meta.get("ma_thu_tuc"), str):
            codes[source.meta["ma_thu_tuc"].strip()] = source.rel
    return codes


def _code_check(codes: dict[str, str]) -> Any:
    def check(value: str) -> str | None:
        if not CODE_RE.match(value):
            return "Mã thủ tục phải là một chữ số, dấu chấm, sáu chữ số (ví dụ 1.001193 hoặc 1.012812.H19)."
        if value in codes:
            return f"Mã «{value}» đã có trong tệp {codes[value]}: sửa tệp đó thay vì tạo tệp mới."
        return None

    return check


def _url_check(value: str) -> str | None:
    if value.startswith(("https://", "http://")) and " " not in value and "." in value.split("/")[2]:
        return None
    return "Chép nguyên địa chỉ bắt đầu bằng «https://»."


def _or_blank(value: Any, what: str) -> Any:
    return Blank(what) if value in (None, "", []) else value


def ask(args: argparse.Namespace, settings: Settings, asker: Asker) -> tuple[dict[str, Any], str]:
    """The record (contract keys, national order) and the folder of its field."""
    asker.say("Tạo thủ tục hành chính mới. Nhấn Enter để dùng giá trị trong [ngoặc vuông];")
    asker.say("để trống một mục bắt buộc thì tệp đánh dấu «CẦN ĐIỀN» và chưa được đăng cho tới khi điền.")
    today = now_local().date()
    code = asker.text("Mã thủ tục (ma_thu_tuc)", args.ma_thu_tuc, check=_code_check(known_codes(settings)))
    name = asker.text("Tên thủ tục (ten_thu_tuc)", args.ten_thu_tuc, required=True)
    fields = known_fields(settings)
    field = asker.choose(
        "Lĩnh vực (linh_vuc)", sorted(fields), [args.linh_vuc] if args.linh_vuc else None, free=True
    )[0]
    level_keys = list(LEVEL_LABELS)
    given_level = [args.muc_do_truc_tuyen] if args.muc_do_truc_tuyen else None
    if given_level and given_level[0] not in level_keys:
        raise Refused(
            f"muc_do_truc_tuyen: «{given_level[0]}» không hợp lệ; chọn một trong: {', '.join(level_keys)}."
        )
    labels = [f"{k} ({LEVEL_HELP[k]})" for k in level_keys]
    picked = asker.choose(
        "Mức độ trực tuyến (muc_do_truc_tuyen)",
        labels,
        [labels[level_keys.index(given_level[0])]] if given_level else None,
        required=False,
    )
    level = level_keys[labels.index(picked[0])] if picked else None
    url_default = PORTAL + code if code and level in ("toan_trinh", "mot_phan") else None
    url = asker.text(
        "Liên kết nộp trực tuyến (dich_vu_cong_url)",
        args.dich_vu_cong_url,
        default=url_default,
        check=_url_check,
    )
    steps = asker.lines(
        "Trình tự thực hiện (trinh_tu)", args.trinh_tu, hint="ví dụ «Bước 1: Nộp hồ sơ tại …»"
    )
    deadline = asker.text("Thời hạn giải quyết (thoi_han_giai_quyet)", args.thoi_han_giai_quyet)
    fee = asker.text("Lệ phí (le_phi)", args.le_phi, hint="«Không» nếu miễn phí")
    default_channels = [c for c in CHANNELS if c != "Trực tuyến" or level in ("toan_trinh", "mot_phan")][:2]
    channels = asker.choose(
        "Cách thức nộp hồ sơ (cach_thuc)",
        CHANNELS,
        args.cach_thuc or (default_channels if not asker.interactive else None),
        many=True,
        required=False,
    )
    online = "Trực tuyến" in channels
    if level == "khong" and online:
        raise Refused("Mức độ «khong» (không trực tuyến) nhưng cách thức có «Trực tuyến»: bỏ một trong hai.")
    if level in ("toan_trinh", "mot_phan") and channels and not online:
        channels.append("Trực tuyến")
        asker.say("  Đã thêm hình thức «Trực tuyến» vào cách thức (thủ tục nộp trực tuyến được).")
    papers = asker.lines("Thành phần hồ sơ: tên từng giấy tờ (thanh_phan_ho_so)", args.giay_to)
    record: dict[str, Any] = {
        "ma_thu_tuc": code or Blank('mã thủ tục, ví dụ "1.001193"'),
        "ten_thu_tuc": name,
        "linh_vuc": field,
        "cap_thuc_hien": asker.text("Cấp thực hiện (cap_thuc_hien)", args.cap_thuc_hien, default="Cấp xã"),
        "muc_do_truc_tuyen": Raw(level) if level else Blank("toan_trinh, mot_phan hoặc khong"),
        "dich_vu_cong_url": url,
        "trinh_tu": steps or [Blank("bước 1"), Blank("bước 2")],
        "cach_thuc": [
            {
                "hinh_thuc": channel,
                "thoi_han": _or_blank(deadline, "thời hạn theo hình thức này"),
                "phi_le_phi": _or_blank(fee, "phí, lệ phí theo hình thức này"),
            }
            for channel in channels
        ]
        or [{"hinh_thuc": "Trực tiếp", "thoi_han": Blank("thời hạn"), "phi_le_phi": Blank("phí, lệ phí")}],
        "thanh_phan_ho_so": [{"ten": p, "ban_chinh": 1, "ban_sao": 0} for p in papers]
        or [{"ten": Blank("tên giấy tờ"), "ban_chinh": 1, "ban_sao": 0}],
        "so_luong_ho_so": asker.text("Số lượng hồ sơ (so_luong_ho_so)", args.so_luong_ho_so, default="01 bộ"),
        "thoi_han_giai_quyet": _or_blank(deadline, "thời hạn giải quyết"),
        "doi_tuong": _or_blank(
            asker.text("Đối tượng thực hiện (doi_tuong)", args.doi_tuong), "đối tượng thực hiện"
        ),
        "co_quan_thuc_hien": asker.text(
            "Cơ quan thực hiện (co_quan_thuc_hien)", args.co_quan_thuc_hien, default="Ủy ban nhân dân cấp xã"
        ),
        "dia_chi_tiep_nhan": asker.text(
            "Địa chỉ tiếp nhận hồ sơ (dia_chi_tiep_nhan, không bắt buộc)", args.dia_chi_tiep_nhan
        ),
        "ket_qua": _or_blank(asker.text("Kết quả thực hiện (ket_qua)", args.ket_qua), "kết quả thực hiện"),
        "le_phi": _or_blank(fee, "lệ phí, «Không» nếu miễn phí"),
        "mau_don": [],
        "yeu_cau_dieu_kien": asker.text(
            "Yêu cầu, điều kiện (yeu_cau_dieu_kien, không bắt buộc)", args.yeu_cau_dieu_kien
        ),
        "can_cu_phap_ly": _legal(args, asker),
        "quyet_dinh_cong_bo": asker.text(
            "Quyết định công bố (quyet_dinh_cong_bo, không bắt buộc)", args.quyet_dinh_cong_bo
        ),
        "ma_cu": asker.lines("Mã cũ (ma_cu, không bắt buộc)", args.ma_cu),
        "cap_nhat": Raw(
            asker.text(
                "Ngày đối chiếu (cap_nhat)", args.cap_nhat, default=today.isoformat(), check=date_check(False)
            )
            or today.isoformat()
        ),
    }
    folder = fields.get(field) or slugify(field) or "khac"
    return record, folder


def _legal(args: argparse.Namespace, asker: Asker) -> list[Any]:
    """``--can-cu "số|trích yếu|ngày|cơ quan"`` (repeated), or asked one document at a time."""
    entries: list[dict[str, Any]] = []
    for given in args.can_cu or []:
        parts = [p.strip() for p in given.split("|")]
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise Refused(f"--can-cu «{given}»: viết «số ký hiệu|trích yếu|ngày ban hành|cơ quan ban hành».")
        if len(parts) > 2 and parts[2] and date_check(False)(parts[2]):
            raise Refused(f"--can-cu «{given}»: ngày ban hành phải viết dạng năm-tháng-ngày.")
        entries.append(_basis(*parts, *[""] * (4 - len(parts))))
    if args.can_cu or not asker.interactive:
        return entries or [{"so_ky_hieu": Blank("số ký hiệu văn bản"), "trich_yeu": Blank("trích yếu")}]
    asker.say("Căn cứ pháp lý (can_cu_phap_ly): từng văn bản; Enter ở «Số ký hiệu» trống để kết thúc.")
    while True:
        number = asker.text(f"  Văn bản {len(entries) + 1}: số ký hiệu", None)
        if not number:
            break
        abstract = asker.text("    trích yếu", None) or ""
        issued = asker.text("    ngày ban hành (không bắt buộc)", None, check=date_check(False)) or ""
        issuer = asker.text("    cơ quan ban hành (không bắt buộc)", None) or ""
        entries.append(_basis(number, abstract, issued, issuer))
    return entries or [{"so_ky_hieu": Blank("số ký hiệu văn bản"), "trich_yeu": Blank("trích yếu")}]


def _basis(number: str, abstract: str, issued: str, issuer: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"so_ky_hieu": number, "trich_yeu": _or_blank(abstract, "trích yếu")}
    if issued:
        entry["ngay_ban_hanh"] = (
            Raw(date.fromisoformat(issued).isoformat()) if len(issued) == 10 else Raw(issued)
        )
    if issuer:
        entry["co_quan_ban_hanh"] = issuer
    return entry


def render(record: dict[str, Any]) -> tuple[str, list[str]]:
    """The file's text (every contract key, national order, a comment each) and its blanks."""
    front = FrontMatter()
    for key, value in record.items():
        comment = COMMENTS[key]
        if value is None:  # an optional key not given: shown, commented out
            front.comment(comment)
            front.comment(f"{key}: …")
        elif key == "mau_don" and not value:
            front.comment(comment)
            front.comment("mau_don:")
            front.comment('  - ten: "Tờ khai …"')
            front.comment('    file: "../mau/to-khai.pdf"')
        elif key == "ma_cu" and not value:
            front.comment(comment)
            front.comment('ma_cu: ["1.000000"]')
        elif key == "ma_thu_tuc" and isinstance(value, str):
            front.key(key, value, comment)  # quoted: 1.000650 must not become a number
        else:
            front.key(key, value, comment)
    return f"{front.text()}\n{BODY}", front.todo


def run(args: argparse.Namespace, settings: Settings, asker: Asker) -> int:
    try:
        record, folder = ask(args, settings, asker)
    except Refused as refused:
        asker.say(str(refused))
        return 1
    slug = slugify(record["ten_thu_tuc"])[:80].rstrip("-") or "thu-tuc"
    target = settings.docs_dir / PROCEDURES_DIR / folder / f"{slug}.md"
    rel = target.relative_to(settings.root).as_posix()
    if target.exists():
        asker.say(f"Đã có tệp «{rel}»: không ghi đè. Sửa tệp đó, hoặc đặt tên thủ tục khác.")
        return 1
    text, todo = render(record)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as file:
        file.write(text)
    problems = validate(settings, rel, now_local())
    if problems and not todo:
        target.unlink()
        asker.say("Không tạo được thủ tục: tệp viết ra không hợp lệ (đã xóa lại).")
        for line in describe(problems):
            asker.say(line)
        return 1
    asker.say(f"Đã tạo thủ tục: {rel}")
    if todo:
        asker.say(f"Còn {len(todo)} mục đánh dấu «CẦN ĐIỀN» phải điền trước khi đăng.")
        asker.say("Cho tới khi điền xong, ./scripts/check báo lỗi và trang chưa được xuất bản:")
        for line in describe(problems):
            asker.say(line)
    else:
        asker.say("Tệp hợp lệ. Kiểm tra lại toàn bộ: ./scripts/check")
    src_uri = target.relative_to(settings.docs_dir).as_posix()
    asker.say(f"Xem trước (sau khi chạy ./scripts/preview): {preview_url(settings, url_of(src_uri))}")
    return 0
