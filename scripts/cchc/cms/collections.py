"""The Decap collections: posts and procedures, generated from their pydantic models.

``POSTS`` and ``PROCEDURES`` hold only what a model's types do not say: the Vietnamese
label and hint of each field, and a few widget choices (multi-line text, file and image
widgets, selects, the checker's own patterns so that Decap refuses the same values before
saving). Options that depend on the site (categories, authors) come from the settings.

Posts are one folder collection (``posts/<year>/<slug>.md``, media beside the post).
Procedures are one folder collection per field folder of ``docs/thu-tuc/`` (``ho-tich/``…),
each entry saved beside the others of its field, forms in ``docs/thu-tuc/mau/``: an
official picks the field first, as in the guide's menu, and cannot save a procedure into
the wrong folder. A new field needs its folder (one procedure written by hand or copied):
its collection appears with the next build.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from typing import Any

from cchc.authoring.post import default_place
from cchc.cms.fields import Table, model_fields
from cchc.core.settings import Settings
from cchc.documents.model import NUMBER_RE
from cchc.posts.model import DESCRIPTION_MAX, SLUG_RE, PostMeta
from cchc.procedures.model import _URL_RE, CHANNELS, CODE_RE, LEVEL_LABELS, Catalogue, ProcedureMeta

PROCEDURES_DIR = "docs/thu-tuc"
FORMS = "../mau"  # form files, relative to a procedure file (docs/thu-tuc/mau/)


def _text(label: str, hint: str = "", **more: Any) -> dict[str, Any]:
    """A multi-line text field."""
    return {"label": label, "widget": "text", **({"hint": hint} if hint else {}), **more}


def _f(label: str, hint: str = "", **more: Any) -> dict[str, Any]:
    return {"label": label, **({"hint": hint} if hint else {}), **more}


def _file(label: str, hint: str = "") -> dict[str, Any]:
    return _f(label, hint, widget="file", choose_url=False)


POSTS: Table = {
    "title": _f("Tiêu đề"),
    "date": _f(
        "Ngày giờ đăng",
        "Giờ Việt Nam. Chọn một thời điểm sau này để hẹn giờ: bài hiện lên ở lần xây dựng trang đầu tiên "
        "sau giờ đó.",
        default="{{now}}",
    ),
    "updated": _f("Ngày giờ cập nhật", "Chỉ điền khi sửa nội dung một bài đã đăng."),
    "categories": _f("Chuyên mục", "Chọn ít nhất một chuyên mục.", widget="select", multiple=True, min=1),
    "tags": _f("Thẻ chủ đề", "Ví dụ: Một cửa; Dịch vụ công trực tuyến; Cải cách thủ tục hành chính."),
    "slug": _f(
        "Đường dẫn",
        "Để trống: đường dẫn được tạo từ tiêu đề.",
        pattern=[SLUG_RE.pattern, "Chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ «tin-moi»."],
    ),
    "description": _text(
        "Tóm tắt",
        f"Một hai câu, tối đa {DESCRIPTION_MAX} ký tự. Để trống: lấy đoạn đầu của bài.",
        pattern=[f"^[\\s\\S]{{0,{DESCRIPTION_MAX}}}$", f"Tóm tắt dài quá {DESCRIPTION_MAX} ký tự."],
    ),
    "image": _f(
        "Ảnh bìa", "Ảnh .jpg, .png hoặc .webp; được lưu cạnh bài viết.", widget="image", choose_url=False
    ),
    "authors": _f("Tác giả"),
    "draft": _f("Bản nháp (chưa đăng cho người dân xem)"),
    "attachments": _f(
        "Tệp đính kèm",
        "PDF, Word, Excel, ODF hoặc ZIP; được lưu cạnh bài viết.",
        label_singular="tệp đính kèm",
    ),
    "attachments.file": _file("Tệp"),
    "attachments.title": _f("Tên hiển thị", "Ví dụ: Báo cáo số 291/BC-UBND (bản PDF)."),
    "document": _f(
        "Văn bản chính thức (chỉ điền khi bài là một văn bản)",
        "Phần đầu văn bản theo Nghị định 30/2020/NĐ-CP. Bài thường thì để trống cả mục này.",
        collapsed=True,
    ),
    "document.number": _f(
        "Số, ký hiệu",
        "Ví dụ: 291/BC-UBND.",
        pattern=[
            NUMBER_RE.pattern,
            "Số, ký hiệu không đúng dạng: ghi theo Nghị định 30/2020/NĐ-CP, "
            "ví dụ «291/BC-UBND» hoặc «11/KH-UBND».",
        ],
    ),
    "document.type": _f("Loại văn bản", "Ví dụ: Báo cáo, Kế hoạch, Quyết định, Thông báo, Công văn."),
    "document.issued": _f("Ngày ban hành"),
    "document.issuer": _f("Cơ quan ban hành", "Tên đầy đủ, ví dụ: Ủy ban nhân dân xã …"),
    "document.parent_issuer": _f("Cơ quan chủ quản"),
    "document.place": _f("Địa danh", "Địa danh ghi trước ngày tháng của văn bản."),
    "document.abstract": _text("Trích yếu", "Để trống: dùng tiêu đề bài."),
    "document.effective": _f("Ngày có hiệu lực"),
    "document.signer": _f("Người ký"),
    "document.signer.authority": _f(
        "Thẩm quyền ký",
        "Mỗi dòng một mục, ví dụ «TM. ỦY BAN NHÂN DÂN» rồi «KT. CHỦ TỊCH».",
        label_singular="dòng",
    ),
    "document.signer.title": _f("Chức vụ", "Ví dụ: PHÓ CHỦ TỊCH."),
    "document.signer.name": _f("Họ và tên"),
    "document.recipients": _f("Nơi nhận", label_singular="nơi nhận"),
}

_PAPER = {
    "ten": _text("Tên giấy tờ"),
    "ban_chinh": _f("Số bản chính"),
    "ban_sao": _f("Số bản sao"),
    "mau": _file("Mẫu (tệp)", "Tờ khai mẫu, lưu trong docs/thu-tuc/mau/."),
}

PROCEDURES: Table = {
    "ma_thu_tuc": _f(
        "Mã thủ tục",
        "Chép từ Cổng Dịch vụ công quốc gia, ví dụ 1.001193.",
        pattern=[
            CODE_RE.pattern,
            "Mã gồm một chữ số, dấu chấm, sáu chữ số (có thể thêm hậu tố), ví dụ 1.001193.",
        ],
    ),
    "ten_thu_tuc": _f("Tên thủ tục"),
    "linh_vuc": _f("Lĩnh vực"),
    "cap_thuc_hien": _f("Cấp thực hiện", default="Cấp xã"),
    "muc_do_truc_tuyen": _f(
        "Mức độ dịch vụ công trực tuyến",
        options=[{"label": label, "value": value} for value, label in LEVEL_LABELS.items()],
    ),
    "dich_vu_cong_url": _f(
        "Địa chỉ nộp trực tuyến",
        "Trang của thủ tục trên dichvucong.gov.vn hoặc cổng của tỉnh.",
        pattern=[_URL_RE.pattern, "Chép nguyên địa chỉ bắt đầu bằng https://."],
    ),
    "trinh_tu": _f("Trình tự thực hiện", "Mỗi bước một mục.", label_singular="bước", item={"widget": "text"}),
    "cach_thuc": _f("Cách thức thực hiện", label_singular="cách thức"),
    "cach_thuc.hinh_thuc": _f("Hình thức nộp", widget="select", options=list(CHANNELS)),
    "cach_thuc.thoi_han": _text("Thời hạn giải quyết"),
    "cach_thuc.phi_le_phi": _text("Phí, lệ phí"),
    "cach_thuc.mo_ta": _text("Mô tả"),
    "thanh_phan_ho_so": _f(
        "Thành phần hồ sơ",
        "Mỗi mục là một giấy tờ (điền «Tên giấy tờ»), hoặc một trường hợp (điền «Trường hợp» và "
        "«Giấy tờ của trường hợp», để trống «Tên giấy tờ»).",
        label_singular="giấy tờ hoặc trường hợp",
    ),
    **{f"thanh_phan_ho_so.{k}": v for k, v in _PAPER.items()},
    "thanh_phan_ho_so.truong_hop": _f("Trường hợp"),
    "thanh_phan_ho_so.giay_to": _f("Giấy tờ của trường hợp", label_singular="giấy tờ"),
    **{f"thanh_phan_ho_so.giay_to.{k}": v for k, v in _PAPER.items()},
    "so_luong_ho_so": _f("Số lượng hồ sơ", "Ví dụ: 01 bộ."),
    "thoi_han_giai_quyet": _text("Thời hạn giải quyết"),
    "doi_tuong": _text("Đối tượng thực hiện"),
    "co_quan_thuc_hien": _text("Cơ quan thực hiện"),
    "dia_chi_tiep_nhan": _text("Địa chỉ tiếp nhận hồ sơ"),
    "ket_qua": _text("Kết quả thực hiện"),
    "le_phi": _text("Lệ phí", "Ghi «Không» khi không thu lệ phí."),
    "mau_don": _f("Mẫu đơn, tờ khai", label_singular="mẫu"),
    "mau_don.ten": _f("Tên mẫu"),
    "mau_don.file": _file("Tệp mẫu", "Lưu trong docs/thu-tuc/mau/."),
    "yeu_cau_dieu_kien": _text("Yêu cầu, điều kiện"),
    "can_cu_phap_ly": _f("Căn cứ pháp lý", label_singular="văn bản"),
    "can_cu_phap_ly.so_ky_hieu": _f("Số, ký hiệu"),
    "can_cu_phap_ly.trich_yeu": _text("Trích yếu"),
    "can_cu_phap_ly.ngay_ban_hanh": _f("Ngày ban hành"),
    "can_cu_phap_ly.co_quan_ban_hanh": _f("Cơ quan ban hành"),
    "quyet_dinh_cong_bo": _text("Quyết định công bố"),
    "ma_cu": _f("Mã cũ", label_singular="mã"),
    "cap_nhat": _f("Ngày đối chiếu lần cuối", "Ngày đã đối chiếu với Cổng Dịch vụ công.", default="{{now}}"),
}


def _site_choices(settings: Settings) -> dict[str, dict[str, Any]]:
    """Post fields whose options are the site's own lists."""
    choices: dict[str, dict[str, Any]] = {"categories": {"options": [c.name for c in settings.categories]}}
    if settings.authors:
        authors = [{"label": a.name, "value": a.id} for a in settings.authors.values()]
        choices["authors"] = {"widget": "select", "multiple": True, "options": authors}
    issuer = settings.organisation.name
    if issuer:  # the commune's own names as examples, from the settings
        choices["document.issuer"] = {"hint": f"Ví dụ: {issuer}."}
        choices["document.place"] = {"hint": f"Ví dụ: {default_place(issuer)}."}
    return choices


def _merge(table: Table, more: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    merged = {key: dict(value) for key, value in table.items()}
    for key, value in more.items():
        merged.setdefault(key, {}).update(value)
    return merged


def posts_collection(settings: Settings) -> dict[str, Any]:
    fields = model_fields(PostMeta, _merge(POSTS, _site_choices(settings)))
    fields.append({"label": "Nội dung", "name": "body", "widget": "markdown", "required": False})
    return {
        "name": "posts",
        "label": "Bài viết",
        "label_singular": "bài viết",
        "description": "Tin tức, thông báo, báo cáo và văn bản của chuyên mục cải cách hành chính.",
        "folder": "posts",
        "path": "{{year}}/{{slug}}",
        "slug": "{{slug}}",
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "media_folder": "",
        "public_folder": "",
        "summary": "{{title}} — {{day}}/{{month}}/{{year}}",
        "sortable_fields": ["date", "title"],
        "fields": fields,
    }


def field_folders(catalogue: Catalogue) -> dict[str, str]:
    """``{folder under docs/thu-tuc/: field name}`` from the procedures there now."""
    folders: dict[str, str] = {}
    for procedure in sorted(catalogue.procedures, key=lambda p: p.source):
        folder = posixpath.dirname(procedure.source)
        if posixpath.dirname(folder) == PROCEDURES_DIR:
            folders.setdefault(posixpath.basename(folder), procedure.meta.linh_vuc)
    return dict(sorted(folders.items(), key=lambda item: item[1]))


def procedure_collections(catalogue: Catalogue) -> list[dict[str, Any]]:
    collections = []
    for folder, field_name in field_folders(catalogue).items():
        table = _merge(PROCEDURES, {"linh_vuc": {"default": field_name}})
        fields = model_fields(ProcedureMeta, table)
        fields.append({"label": "Hướng dẫn thêm", "name": "body", "widget": "markdown", "required": False})
        collections.append(
            {
                "name": f"thu-tuc-{folder}",
                "label": f"Thủ tục: {field_name}",
                "label_singular": f"thủ tục {field_name}",
                "folder": f"{PROCEDURES_DIR}/{folder}",
                "slug": "{{slug}}",
                "identifier_field": "ten_thu_tuc",
                "extension": "md",
                "format": "frontmatter",
                "create": True,
                "media_folder": FORMS,
                "public_folder": FORMS,
                "summary": "{{ma_thu_tuc}} — {{ten_thu_tuc}}",
                "sortable_fields": ["ten_thu_tuc", "ma_thu_tuc", "cap_nhat"],
                "fields": fields,
            }
        )
    return collections
