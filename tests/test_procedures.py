"""The procedure (TTHC) guide: record validation, pages, index pages, data and links."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from cchc.core.problems import ContentError, Problem
from cchc.core.settings import Settings, settings_from_config
from cchc.procedures.catalogue import Catalogue, load_catalogue
from cchc.procedures.links import link_references
from conftest import NOW, REPO, SUBPATH_URL, build_ok, make_project, post, run_build

TODAY = datetime.fromisoformat(NOW)
FORM = b"%PDF-1.4\n% blank form\n"
DELETE = object()


# --- fixture records -------------------------------------------------------------------------


def base_record() -> dict[str, Any]:
    """A complete, valid record (Đăng ký khai sinh), as an official writes it."""
    return {
        "ma_thu_tuc": "1.001193",
        "ten_thu_tuc": "Đăng ký khai sinh",
        "linh_vuc": "Hộ tịch",
        "cap_thuc_hien": "Cấp xã",
        "muc_do_truc_tuyen": "toan_trinh",
        "dich_vu_cong_url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
        "trinh_tu": [
            "Bước 1: Nộp hồ sơ tại Bộ phận Một cửa hoặc trên Cổng Dịch vụ công quốc gia.",
            "Bước 2: Công chức tư pháp – hộ tịch kiểm tra hồ sơ.",
            "Bước 3: Nhận Giấy khai sinh.",
        ],
        "cach_thuc": [
            {"hinh_thuc": "Trực tiếp", "thoi_han": "Ngay trong ngày", "phi_le_phi": "Miễn lệ phí"},
            {
                "hinh_thuc": "Trực tuyến",
                "thoi_han": "Ngay trong ngày",
                "phi_le_phi": "Miễn lệ phí",
                "mo_ta": "Nộp bằng tài khoản định danh điện tử VNeID",
            },
        ],
        "thanh_phan_ho_so": [
            {
                "ten": "Tờ khai đăng ký khai sinh",
                "ban_chinh": 1,
                "ban_sao": 0,
                "mau": "../mau/to-khai-khai-sinh.pdf",
            },
            {"ten": "Giấy chứng sinh", "ban_chinh": 1, "ban_sao": 0},
            {
                "truong_hop": "Trẻ bị bỏ rơi",
                "giay_to": [{"ten": "Biên bản xác nhận việc trẻ bị bỏ rơi", "ban_chinh": 1}],
            },
        ],
        "so_luong_ho_so": "01 bộ",
        "thoi_han_giai_quyet": "Ngay trong ngày; hồ sơ nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo",
        "doi_tuong": "Công dân Việt Nam",
        "co_quan_thuc_hien": "Ủy ban nhân dân xã Thượng Long",
        "dia_chi_tiep_nhan": "Bộ phận Một cửa, Ủy ban nhân dân xã Thượng Long",
        "ket_qua": "Giấy khai sinh (bản chính)",
        "le_phi": "Miễn lệ phí khi đăng ký đúng hạn",
        "mau_don": [{"ten": "Tờ khai đăng ký khai sinh", "file": "../mau/to-khai-khai-sinh.pdf"}],
        "yeu_cau_dieu_kien": "Đăng ký trong 60 ngày kể từ ngày sinh.",
        "can_cu_phap_ly": [
            {
                "so_ky_hieu": "60/2014/QH13",
                "trich_yeu": "Luật Hộ tịch",
                "ngay_ban_hanh": date(2014, 11, 20),
                "co_quan_ban_hanh": "Quốc hội",
            },
            {"so_ky_hieu": "123/2015/NĐ-CP", "trich_yeu": "Quy định chi tiết Luật Hộ tịch"},
        ],
        "cap_nhat": date(2026, 7, 1),
    }


def record(**changes: Any) -> dict[str, Any]:
    """``base_record`` with keys replaced (``DELETE`` removes a key)."""
    data = base_record()
    for key, value in changes.items():
        if value is DELETE:
            data.pop(key)
        else:
            data[key] = value
    return data


def edited(edit: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    """``base_record`` changed in place by ``edit`` (for nested values)."""
    data = base_record()
    edit(data)
    return data


def text_of(meta: dict[str, Any], body: str = "") -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n" + body


def settings_for(root: Path) -> Settings:
    config = {
        "site_url": "https://example.gov.vn/cchc/",
        "site_name": "Cải cách hành chính xã Thượng Long",
        "extra": {
            "organisation": {
                "name": "Ủy ban nhân dân xã Thượng Long",
                "address": "Thôn 5, xã Thượng Long, thành phố Huế",
                "phone": "0234 3 000 000",
                "hours": "Thứ Hai đến Thứ Sáu: 7 giờ 00 – 11 giờ 30, 13 giờ 30 – 17 giờ 00",
            }
        },
    }
    return settings_from_config(root, config)


def write_project(root: Path, docs: dict[str, str | bytes], posts: dict[str, str] | None = None) -> Settings:
    for base, files in (("docs", docs), ("posts", posts or {})):
        for rel, content in files.items():
            path = root / base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    (root / "posts").mkdir(exist_ok=True)
    return settings_for(root)


FORMS = {"thu-tuc/mau/to-khai-khai-sinh.pdf": FORM, "thu-tuc/mau/anh.png": b"\x89PNG\r\n"}
RECORD_PATH = "thu-tuc/ho-tich/dang-ky-khai-sinh.md"
RECORD_FILE = f"docs/{RECORD_PATH}"


def load(root: Path, docs: dict[str, str | bytes], posts: dict[str, str] | None = None) -> Catalogue:
    return load_catalogue(write_project(root, {**FORMS, **docs}, posts), TODAY)


def problems_of(
    root: Path, docs: dict[str, str | bytes], posts: dict[str, str] | None = None
) -> list[Problem]:
    with pytest.raises(ContentError) as info:
        load(root, docs, posts)
    return info.value.problems


# --- unit: invalid records ---------------------------------------------------------------------

# (record or file text, field named in the problem, words of the message or fix, text on its line)
INVALID: dict[str, tuple[dict[str, Any] | str, str, str, str | None]] = {
    "thiếu mã": (record(ma_thu_tuc=DELETE), "ma_thu_tuc", "Thiếu trường bắt buộc", None),
    "mã sai định dạng": (record(ma_thu_tuc="1.1193"), "ma_thu_tuc", "sai định dạng", "ma_thu_tuc:"),
    "mã kiểu cũ": (record(ma_thu_tuc="B-BTP-129237-TT"), "ma_thu_tuc", "1.001193", "ma_thu_tuc:"),
    "tên trống": (record(ten_thu_tuc=""), "ten_thu_tuc", "Chưa điền nội dung", "ten_thu_tuc:"),
    "mức độ viết có dấu": (
        record(muc_do_truc_tuyen="Toàn trình"),
        "muc_do_truc_tuyen",
        "«muc_do_truc_tuyen: toan_trinh»",
        "muc_do_truc_tuyen:",
    ),
    "mức độ lạ": (record(muc_do_truc_tuyen="mức 4"), "muc_do_truc_tuyen", "«mot_phan» (Một phần)", "muc_do"),
    "hình thức nộp lạ": (
        edited(lambda d: d["cach_thuc"][0].update(hinh_thuc="Bưu điện")),
        "cach_thuc[1].hinh_thuc",
        "«Dịch vụ bưu chính»",
        "hinh_thuc: Bưu điện",
    ),
    "cách thức thiếu thời hạn": (
        edited(lambda d: d["cach_thuc"][1].pop("thoi_han")),
        "cach_thuc[2].thoi_han",
        "Thiếu trường bắt buộc",
        "hinh_thuc: Trực tuyến",
    ),
    "hồ sơ rỗng": (
        record(thanh_phan_ho_so=[]),
        "thanh_phan_ho_so",
        "không được để trống",
        "thanh_phan_ho_so:",
    ),
    "giấy tờ thiếu tên": (
        record(thanh_phan_ho_so=[{"ban_chinh": 1}]),
        "thanh_phan_ho_so[1]",
        "thiếu tên «ten»",
        "ban_chinh: 1",
    ),
    "trường hợp thiếu giấy tờ": (
        record(thanh_phan_ho_so=[{"truong_hop": "Trẻ bị bỏ rơi"}]),
        "thanh_phan_ho_so[1]",
        "chưa có danh sách giấy tờ «giay_to»",
        "truong_hop: Trẻ bị bỏ rơi",
    ),
    "số bản viết bằng chữ": (
        record(thanh_phan_ho_so=[{"ten": "Tờ khai", "ban_chinh": "một"}]),
        "thanh_phan_ho_so[1].ban_chinh",
        "số nguyên",
        "ban_chinh: một",
    ),
    "tệp mẫu không có": (
        record(thanh_phan_ho_so=[{"ten": "Tờ khai", "mau": "../mau/khong-co.pdf"}]),
        "thanh_phan_ho_so[1].mau",
        "Không tìm thấy tệp mẫu",
        "mau: ../mau/khong-co.pdf",
    ),
    "tệp mẫu trên trang khác": (
        record(mau_don=[{"ten": "Tờ khai", "file": "https://example.com/to-khai.pdf"}]),
        "mau_don[1].file",
        "liên kết tới trang khác",
        "file: https://example.com/to-khai.pdf",
    ),
    "tệp mẫu sai kiểu": (
        record(mau_don=[{"ten": "Tờ khai", "file": "../mau/anh.png"}]),
        "mau_don[1].file",
        "không được hỗ trợ",
        "file: ../mau/anh.png",
    ),
    "ngày ban hành kiểu ngày/tháng/năm": (
        edited(lambda d: d["can_cu_phap_ly"][0].update(ngay_ban_hanh="20/11/2014")),
        "can_cu_phap_ly[1].ngay_ban_hanh",
        "«ngay_ban_hanh: 2014-11-20»",
        "ngay_ban_hanh: 20/11/2014",
    ),
    "căn cứ thiếu số ký hiệu": (
        edited(lambda d: d["can_cu_phap_ly"][1].pop("so_ky_hieu")),
        "can_cu_phap_ly[2].so_ky_hieu",
        "Thiếu trường bắt buộc",
        "trich_yeu: Quy định chi tiết Luật Hộ tịch",
    ),
    "ngày kiểm tra ở tương lai": (
        record(cap_nhat=date(2052, 1, 1)),
        "cap_nhat",
        "nằm sau hôm nay",
        "cap_nhat:",
    ),
    "ngày không tồn tại": (
        text_of(record()).replace("cap_nhat: 2026-07-01", "cap_nhat: 2026-02-30"),
        "cap_nhat",
        "«2026-02-30» không tồn tại",
        "cap_nhat: 2026-02-30",
    ),
    "khóa gõ sai": (
        {("can_cu_phap_li" if k == "can_cu_phap_ly" else k): v for k, v in base_record().items()},
        "can_cu_phap_li",
        "«can_cu_phap_ly»",
        "can_cu_phap_li:",
    ),
    "liên kết dịch vụ công thiếu https": (
        record(dich_vu_cong_url="dichvucong.gov.vn/thu-tuc"),
        "dich_vu_cong_url",
        "https://",
        "dich_vu_cong_url:",
    ),
    "không trực tuyến mà có hình thức trực tuyến": (
        record(muc_do_truc_tuyen="khong"),
        "muc_do_truc_tuyen",
        "«Trực tuyến»",
        "muc_do_truc_tuyen: khong",
    ),
    "toàn trình mà không có hình thức trực tuyến": (
        edited(lambda d: d["cach_thuc"].pop(1)),
        "muc_do_truc_tuyen",
        "không có hình thức «Trực tuyến»",
        "muc_do_truc_tuyen: toan_trinh",
    ),
    "bước thực hiện không phải đoạn chữ": (
        record(trinh_tu=[["Bước 1", "Bước 2"]]),
        "trinh_tu[1]",
        "đoạn chữ",
        "- Bước 1",
    ),
}


@pytest.mark.parametrize("case", list(INVALID), ids=list(INVALID))
def test_invalid_record_names_file_field_and_fix(tmp_path: Path, case: str) -> None:
    meta, field, words, line_text = INVALID[case]
    text = meta if isinstance(meta, str) else text_of(meta)
    problems = problems_of(tmp_path, {RECORD_PATH: text})
    named = [p for p in problems if p.field == field]
    assert named, [p.format() for p in problems]
    problem = named[0]
    assert problem.file == RECORD_FILE
    assert words in f"{problem.message} {problem.fix}", problem.format()
    assert problem.fix, "every problem says how to fix it"
    if line_text is not None:
        assert problem.line is not None, problem.format()
        assert line_text in text.splitlines()[problem.line - 1], problem.format()
    report = ContentError(problems).report()
    assert RECORD_FILE in report and f"trường «{field}»" in report
    assert "Input should" not in report and "Field required" not in report and "Traceback" not in report


def test_duplicate_codes_name_both_files(tmp_path: Path) -> None:
    other = text_of(record(ten_thu_tuc="Đăng ký lại khai sinh"))
    problems = problems_of(
        tmp_path, {RECORD_PATH: text_of(record()), "thu-tuc/ho-tich/dang-ky-lai.md": other}
    )
    assert {p.file for p in problems} == {RECORD_FILE, "docs/thu-tuc/ho-tich/dang-ky-lai.md"}
    for problem in problems:
        assert problem.field == "ma_thu_tuc" and problem.line == 2
        assert "«1.001193» bị trùng" in problem.message and "dang-ky-lai.md" in problem.message


def test_field_spelled_two_ways_is_an_error(tmp_path: Path) -> None:
    other = text_of(record(ma_thu_tuc="1.000656", ten_thu_tuc="Đăng ký khai tử", linh_vuc="Hộ Tịch"))
    problems = problems_of(tmp_path, {RECORD_PATH: text_of(record()), "thu-tuc/ho-tich/khai-tu.md": other})
    assert {p.file for p in problems} == {RECORD_FILE, "docs/thu-tuc/ho-tich/khai-tu.md"}
    assert all(p.field == "linh_vuc" and "«Hộ Tịch», «Hộ tịch»" in p.message for p in problems)


def test_file_name_with_code_is_accepted(tmp_path: Path) -> None:
    (procedure,) = load(
        tmp_path, {"thu-tuc/ho-tich/1.001193-dang-ky-khai-sinh.md": text_of(record())}
    ).procedures
    assert procedure.url == "thu-tuc/ho-tich/1.001193-dang-ky-khai-sinh/"


def test_file_name_with_diacritics_is_refused(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, {"thu-tuc/hộ-tịch/khai sinh.md": text_of(record())})
    assert len(problems) == 1
    assert problems[0].file == "docs/thu-tuc/hộ-tịch/khai sinh.md"
    assert "«docs/thu-tuc/ho-tich/khai-sinh.md»" in (problems[0].fix or "")


def test_yaml_slip_and_missing_front_matter(tmp_path: Path) -> None:
    broken = text_of(record()).replace("doi_tuong: Công dân Việt Nam", "doi_tuong: [Công dân Việt Nam")
    problems = problems_of(tmp_path, {RECORD_PATH: broken, "thu-tuc/ho-tich/trong.md": "Chỉ có nội dung.\n"})
    by_file = {p.file: p for p in problems}
    assert "cú pháp YAML" in by_file[RECORD_FILE].message
    assert by_file[RECORD_FILE].line is not None
    missing = by_file["docs/thu-tuc/ho-tich/trong.md"]
    assert missing.line == 1 and "ma_thu_tuc" in (missing.fix or "") and "title" not in (missing.fix or "")


def test_unquoted_colon_in_a_value_is_read_as_written(tmp_path: Path) -> None:
    text = text_of(record()).replace("doi_tuong: Công dân Việt Nam", "doi_tuong: Công dân: cha, mẹ của trẻ")
    (procedure,) = load(tmp_path, {RECORD_PATH: text}).procedures
    assert procedure.meta.doi_tuong == "Công dân: cha, mẹ của trẻ"


# --- unit: valid records -------------------------------------------------------------------------


def test_valid_record_is_typed_and_keeps_what_the_official_wrote(tmp_path: Path) -> None:
    text = text_of(record(le_phi="50.000", ma_cu="2.000000")).replace(
        "ma_thu_tuc: '1.001193'", "ma_thu_tuc: 1.000650"
    )
    text = text.replace("le_phi: '50.000'", "le_phi: 50.000").replace("- 'Bước 1:", "- Bước 1:")
    text = text.replace("Dịch vụ công quốc gia.'", "Dịch vụ công quốc gia.")
    # unquoted, as typed: a number, a number with a thousands dot, a step "Bước 1: …" (a YAML mapping)
    assert "ma_thu_tuc: 1.000650\n" in text and "le_phi: 50.000\n" in text and "- Bước 1: Nộp" in text
    catalogue = load(tmp_path, {RECORD_PATH: text})
    (procedure,) = catalogue.procedures
    meta = procedure.meta
    assert meta.ma_thu_tuc == "1.000650"  # not the float 1.00065
    assert meta.le_phi == "50.000"  # not 50.0
    assert meta.ma_cu == ("2.000000",)
    assert meta.trinh_tu[0].startswith("Bước 1: Nộp hồ sơ")
    assert meta.thanh_phan_ho_so[0].mau == "thu-tuc/mau/to-khai-khai-sinh.pdf"
    assert [item.ten for _, item in procedure.documents()] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        "Biên bản xác nhận việc trẻ bị bỏ rơi",
    ]
    assert procedure.url == "thu-tuc/ho-tich/dang-ky-khai-sinh/"
    assert catalogue.by_code["2.000000"] is procedure  # an earlier code still finds it
    assert catalogue.warnings == ()


def test_online_procedure_without_link_is_a_warning(tmp_path: Path) -> None:
    catalogue = load(tmp_path, {RECORD_PATH: text_of(record(dich_vu_cong_url=DELETE))})
    (warning,) = catalogue.warnings
    assert warning.field == "dich_vu_cong_url" and warning.file == RECORD_FILE
    assert "Nộp hồ sơ trực tuyến" in warning.message


# --- unit: [[TTHC:…]] references -----------------------------------------------------------------


def test_unknown_references_are_reported_with_file_and_line(tmp_path: Path) -> None:
    body = (
        "Đoạn đầu.\n\nXem [[TTHC:1.001193]] và [[TTHC:1.001139]].\n\n"
        "Cú pháp: `[[TTHC:1.999999]]`.\n\n```\n[[TTHC:9.999999]]\n```\n\nSai: [[TTHC:khai-sinh]]\n"
    )
    posts = {"2024/bai.md": post(body=body)}
    problems = problems_of(tmp_path, {RECORD_PATH: text_of(record())}, posts)
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("posts/2024/bai.md", 9, "nội dung"),
        ("posts/2024/bai.md", 17, "nội dung"),
    ]
    assert "«1.001139»" in problems[0].message and "«[[TTHC:1.001193]]»" in (problems[0].fix or "")
    assert "sai định dạng" in problems[1].message


def test_references_become_relative_links(tmp_path: Path) -> None:
    catalogue = load(tmp_path, {RECORD_PATH: text_of(record(ma_cu=["1.000000"]))})
    markdown = "A [[TTHC:1.001193]], B [[ tthc : 1.000000 | thủ tục <khai sinh> ]], C `[[TTHC:1.001193]]`."
    html = link_references(markdown, "tin-tuc/bai-viet/index.md", catalogue)
    soup = BeautifulSoup(html, "lxml")
    links = soup.select("a.tthc-link")
    assert [a.get_text() for a in links] == ["Đăng ký khai sinh", "thủ tục <khai sinh>"]
    assert {a["href"] for a in links} == {"../../thu-tuc/ho-tich/dang-ky-khai-sinh/"}
    assert "`[[TTHC:1.001193]]`" in html  # code is left as written


# --- integration: a built site ---------------------------------------------------------------------


def fixture_docs() -> dict[str, str | bytes]:
    """Five procedures in three fields, every online level, forms, groups and old codes."""
    khai_tu = record(
        ma_thu_tuc="1.000656",
        ten_thu_tuc="Đăng ký khai tử",
        muc_do_truc_tuyen="mot_phan",
        dich_vu_cong_url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.000656",
        thanh_phan_ho_so=[
            {"ten": "Tờ khai đăng ký khai tử", "ban_chinh": 1},
            {"ten": "Giấy báo tử", "ban_sao": 1},
        ],
        mau_don=DELETE,
        yeu_cau_dieu_kien=DELETE,
        dia_chi_tiep_nhan=DELETE,
        so_luong_ho_so=DELETE,
    )
    hoa_giai = record(
        ma_thu_tuc="1.012812.H19",
        ten_thu_tuc="Hòa giải tranh chấp đất đai",
        linh_vuc="Đất đai",
        muc_do_truc_tuyen="khong",
        dich_vu_cong_url=DELETE,
        cach_thuc=[{"hinh_thuc": "Trực tiếp", "thoi_han": "30 ngày", "phi_le_phi": "Không"}],
        thanh_phan_ho_so=[{"ten": "Đơn yêu cầu hòa giải tranh chấp đất đai", "ban_chinh": 1}],
        thoi_han_giai_quyet="Không quá 30 ngày kể từ ngày nhận đơn",
        le_phi="Không",
        mau_don=DELETE,
    )
    cap_doi = record(
        ma_thu_tuc="1.012783",
        ten_thu_tuc="Cấp đổi Giấy chứng nhận quyền sử dụng đất",
        linh_vuc="Đất đai",
        muc_do_truc_tuyen="mot_phan",
        ma_cu=["1.001990"],
        le_phi="30.000 đồng/giấy",
        mau_don=DELETE,
    )
    ho_kinh_doanh = record(
        ma_thu_tuc="1.001612",
        ten_thu_tuc="Đăng ký thành lập hộ kinh doanh",
        linh_vuc="Hộ kinh doanh",
        thoi_han_giai_quyet="03 ngày làm việc",
        le_phi="100.000 đồng",
        mau_don=DELETE,
    )
    khai_sinh_body = (
        "Mang theo **căn cước** của người đi đăng ký. "
        "Nếu trẻ đã mất, xem [[TTHC:1.000656|thủ tục khai tử]].\n"
    )
    return {
        "thu-tuc/mau/to-khai-khai-sinh.pdf": FORM * 60,
        "thu-tuc/ho-tich/dang-ky-khai-sinh.md": text_of(record(), khai_sinh_body),
        "thu-tuc/ho-tich/dang-ky-khai-tu.md": text_of(khai_tu),
        "thu-tuc/dat-dai/hoa-giai-tranh-chap-dat-dai.md": text_of(
            hoa_giai, "## Lưu ý\n\nHai bên cùng có mặt.\n"
        ),
        "thu-tuc/dat-dai/cap-doi-giay-chung-nhan.md": text_of(cap_doi),
        "thu-tuc/ho-kinh-doanh/dang-ky-thanh-lap-ho-kinh-doanh.md": text_of(ho_kinh_doanh),
    }


FIXTURE_POSTS = {
    "2024/huong-dan.md": post(
        "Hướng dẫn giấy tờ khi đi đăng ký",
        body=(
            "Xem [[TTHC:1.001193]] trước khi đi.\n\n"
            "Sổ đỏ cũ: [[TTHC:1.001990|cấp đổi sổ đỏ]].\n\nCú pháp liên kết: `[[TTHC:mã]]`.\n"
        ),
    )
}
FIELD_ORDER = [
    ("thong-tin-chung", "Thông tin chung"),
    ("trinh-tu-thuc-hien", "Trình tự thực hiện"),
    ("cach-thuc-thuc-hien", "Cách thức thực hiện"),
    ("thanh-phan-ho-so", "Thành phần hồ sơ"),
    ("mau-don-to-khai", "Mẫu đơn, tờ khai"),
    ("thoi-han-giai-quyet", "Thời hạn giải quyết"),
    ("doi-tuong-thuc-hien", "Đối tượng thực hiện"),
    ("co-quan-thuc-hien", "Cơ quan thực hiện"),
    ("dia-chi-tiep-nhan", "Địa chỉ tiếp nhận hồ sơ"),
    ("ket-qua-thuc-hien", "Kết quả thực hiện"),
    ("phi-le-phi", "Phí, lệ phí"),
    ("can-cu-phap-ly", "Căn cứ pháp lý"),
    ("yeu-cau-dieu-kien", "Yêu cầu, điều kiện thực hiện"),
    ("huong-dan-them", "Hướng dẫn thêm"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("tthc") / "p", posts=FIXTURE_POSTS, docs=fixture_docs())
    return build_ok(project, site_url=SUBPATH_URL)


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "lxml")


def resolves(site: Path, page_url: str, href: str) -> bool:
    """A relative link from ``page_url`` points at a file of the built site."""
    target = urlsplit(urljoin("http://x/" + page_url, href)).path.lstrip("/")
    path = site / target
    return (path / "index.html").is_file() if target.endswith("/") or not target else path.is_file()


@pytest.mark.slow
def test_procedure_page_renders_fields_in_national_order(site: Path) -> None:
    soup = soup_of(site, "thu-tuc/ho-tich/dang-ky-khai-sinh")
    assert soup.title is not None and soup.title.get_text().startswith("Đăng ký khai sinh - ")
    article = soup.select_one("article")
    assert article is not None and article.h1 is not None
    assert article.h1.get_text() == "Đăng ký khai sinh"
    headings = [(h["id"], h.get_text().rstrip("¶")) for h in article.find_all("h2")]
    assert headings == FIELD_ORDER
    general = [th.get_text() for th in article.select("#thong-tin-chung + .md-typeset__scrollwrap table th")]
    assert general[:5] == [
        "Mã thủ tục",
        "Tên thủ tục",
        "Cấp thực hiện",
        "Lĩnh vực",
        "Mức độ dịch vụ công trực tuyến",
    ]
    steps = [li.get_text() for li in article.select("ol.tthc-steps li")]
    assert steps == base_record()["trinh_tu"]
    legal = [
        [td.get_text() for td in tr.find_all("td")]
        for tr in article.select("#can-cu-phap-ly + .md-typeset__scrollwrap table tbody tr")
    ]
    assert legal == [
        ["60/2014/QH13", "Luật Hộ tịch", "20/11/2014", "Quốc hội"],
        ["123/2015/NĐ-CP", "Quy định chi tiết Luật Hộ tịch", "—", "—"],
    ]
    checked = article.select_one(".tthc-checked time")
    assert checked is not None and checked["datetime"] == "2026-07-01" and checked.get_text() == "01/07/2026"
    body = article.select_one("#huong-dan-them").find_next_sibling("p")
    assert body.strong.get_text() == "căn cước"
    meta = soup.find("meta", attrs={"name": "description"})
    assert meta is not None and meta["content"].startswith(
        "Đăng ký khai sinh (mã 1.001193, lĩnh vực Hộ tịch)"
    )


@pytest.mark.slow
def test_optional_fields_are_left_out_and_a_body_heading_is_kept(site: Path) -> None:
    article = soup_of(site, "thu-tuc/dat-dai/hoa-giai-tranh-chap-dat-dai").select_one("article")
    ids = [h["id"] for h in article.find_all("h2")]
    assert "mau-don-to-khai" not in ids and "huong-dan-them" not in ids
    assert ids[-1] == "luu-y" and ids.index("yeu-cau-dieu-kien") < ids.index("luu-y")
    assert article.select_one(".tthc-online") is None  # no online service, no button


@pytest.mark.slow
def test_summary_box_badges_and_actions(site: Path) -> None:
    expected = {
        "thu-tuc/ho-tich/dang-ky-khai-sinh": ("tthc-badge--toan-trinh", "Toàn trình", "Nộp hồ sơ trực tuyến"),
        "thu-tuc/ho-tich/dang-ky-khai-tu": ("tthc-badge--mot-phan", "Một phần", "Nộp hồ sơ trực tuyến"),
        "thu-tuc/dat-dai/hoa-giai-tranh-chap-dat-dai": ("tthc-badge--khong", "Không trực tuyến", None),
    }
    for url, (css, label, button) in expected.items():
        summary = soup_of(site, url).select_one(".tthc-summary")
        assert summary is not None
        facts = {
            dt.get_text(): dd for dt, dd in zip(summary.find_all("dt"), summary.find_all("dd"), strict=True)
        }
        assert list(facts) == [
            "Thời hạn giải quyết",
            "Phí, lệ phí",
            "Nộp trực tuyến",
            "Nơi nộp hồ sơ",
            "Giờ tiếp nhận",
        ]
        badge = facts["Nộp trực tuyến"].select_one(".tthc-badge")
        assert badge is not None and css in badge["class"] and badge.get_text() == label
        online = summary.select_one("a.tthc-online")
        if button is None:
            assert online is None
        else:
            assert online is not None and online.get_text() == button
            assert online["href"].startswith("https://dichvucong.gov.vn/")
        printer = summary.select_one("button[data-tthc-print]")
        assert printer is not None and printer.has_attr("hidden")  # shown by JavaScript only
    summary = soup_of(site, "thu-tuc/ho-tich/dang-ky-khai-sinh").select_one(".tthc-summary")
    assert "Bộ phận Một cửa, Ủy ban nhân dân xã Thượng Long" in summary.get_text()
    assert "Thứ Hai đến Thứ Sáu" in summary.get_text()


@pytest.mark.slow
def test_documents_checklist_table(site: Path) -> None:
    url = "thu-tuc/ho-tich/dang-ky-khai-sinh/"
    checklist = soup_of(site, url).select_one(".tthc-checklist table")
    assert checklist is not None
    head = [th.get_text() for th in checklist.select("thead th")]
    assert head == ["Đã có", "Tên giấy tờ", "Bản chính", "Bản sao", "Mẫu đơn, tờ khai"]
    rows = checklist.select("tbody tr:not(.tthc-case)")
    names = [row.label.get_text() for row in rows]
    assert names == ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Biên bản xác nhận việc trẻ bị bỏ rơi"]
    for row in rows:
        box = row.select_one("input[type=checkbox]")
        assert box is not None and row.label["for"] == box["id"]
    assert [td.get_text() for td in rows[0].select(".tthc-num")] == ["1", "0"]
    case = checklist.select_one("tr.tthc-case th")
    assert case is not None and case.get_text() == "Trẻ bị bỏ rơi" and case["scope"] == "rowgroup"
    form = rows[0].select_one("a[download]")
    assert form is not None and form.get_text() == "Tải mẫu" and resolves(site, url, form["href"])
    assert "(PDF, 1 KB)" in rows[0].get_text()
    forms = soup_of(site, url).select(".tthc-forms a")
    assert [a.get_text() for a in forms] == ["Tờ khai đăng ký khai sinh"] and resolves(
        site, url, forms[0]["href"]
    )


@pytest.mark.slow
def test_guide_home_lists_fields_with_counts(site: Path) -> None:
    soup = soup_of(site, "thu-tuc")
    fields = [
        (li.a.get_text(), li.select_one(".tthc-count").get_text()) for li in soup.select(".tthc-fields li")
    ]
    assert fields == [("Đất đai", "2 thủ tục"), ("Hộ kinh doanh", "1 thủ tục"), ("Hộ tịch", "2 thủ tục")]
    for li in soup.select(".tthc-fields li"):
        assert resolves(site, "thu-tuc/", li.a["href"])
    items = soup.select(".tthc-results .tthc-item")
    assert len(items) == 5
    assert {i["data-level"] for i in items} == {"toan_trinh", "mot_phan", "khong"}
    form = soup.select_one("form[data-tthc-filter]")
    assert form is not None and not form.has_attr("hidden")  # there from the first paint with scripts
    css = (REPO / "overrides/assets/stylesheets/thu-tuc.css").read_text(encoding="utf-8")
    assert ".no-js .md-typeset .tthc-filter { display: none; }" in css  # no JavaScript: no controls
    for item in items:
        assert resolves(site, "thu-tuc/", item.a["href"])
    assert "Dữ liệu mở" in soup.select_one(".tthc-data").get_text()


@pytest.mark.slow
def test_field_page_lists_code_time_fee_and_level(site: Path) -> None:
    soup = soup_of(site, "thu-tuc/linh-vuc/dat-dai")
    assert soup.h1 is not None and soup.h1.get_text() == "Thủ tục lĩnh vực Đất đai"
    items = soup.select(".tthc-item")
    assert [i.a.get_text() for i in items] == [
        "Cấp đổi Giấy chứng nhận quyền sử dụng đất",
        "Hòa giải tranh chấp đất đai",
    ]
    facts = items[1].select_one(".tthc-item__facts").get_text(" ")
    for text in ("Mã: 1.012812.H19", "Thời hạn: Không quá 30 ngày kể từ ngày nhận đơn", "Phí, lệ phí: Không"):
        assert text in facts
    assert items[1].select_one(".tthc-badge--khong") is not None
    assert resolves(site, "thu-tuc/linh-vuc/dat-dai/", items[1].a["href"])


@pytest.mark.slow
def test_index_json_holds_every_record(site: Path) -> None:
    data = json.loads((site / "thu-tuc" / "index.json").read_text(encoding="utf-8"))
    assert data["so_luong"] == 5
    codes = [r["ma_thu_tuc"] for r in data["thu_tuc"]]
    assert codes == ["1.000656", "1.001193", "1.001612", "1.012783", "1.012812.H19"]
    khai_sinh = data["thu_tuc"][1]
    expected = base_record()
    for key in ("ten_thu_tuc", "linh_vuc", "muc_do_truc_tuyen", "trinh_tu", "le_phi", "yeu_cau_dieu_kien"):
        assert khai_sinh[key] == expected[key]
    assert khai_sinh["url"] == SUBPATH_URL + "thu-tuc/ho-tich/dang-ky-khai-sinh/"
    assert khai_sinh["cap_nhat"] == "2026-07-01"
    assert khai_sinh["can_cu_phap_ly"][0] == {
        "so_ky_hieu": "60/2014/QH13",
        "trich_yeu": "Luật Hộ tịch",
        "ngay_ban_hanh": "2014-11-20",
        "co_quan_ban_hanh": "Quốc hội",
    }
    first, _, case = khai_sinh["thanh_phan_ho_so"]
    assert first["mau"] == SUBPATH_URL + "thu-tuc/mau/to-khai-khai-sinh.pdf"
    assert case == {
        "truong_hop": "Trẻ bị bỏ rơi",
        "giay_to": [
            {"ten": "Biên bản xác nhận việc trẻ bị bỏ rơi", "ban_chinh": 1, "ban_sao": 0, "mau": None}
        ],
    }
    assert data["thu_tuc"][3]["ma_cu"] == ["1.001990"]


@pytest.mark.slow
def test_json_ld_describes_a_government_service(site: Path) -> None:
    soup = soup_of(site, "thu-tuc/ho-tich/dang-ky-khai-sinh")
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data = json.loads(scripts[0].string or "")
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentService"
    assert data["name"] == "Đăng ký khai sinh" and data["identifier"] == "1.001193"
    assert data["url"] == SUBPATH_URL + "thu-tuc/ho-tich/dang-ky-khai-sinh/"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["provider"]["name"] == "Ủy ban nhân dân xã Thượng Long"
    channels = {c["name"]: c for c in data["availableChannel"]}
    assert set(channels) == {"Trực tiếp", "Trực tuyến"}
    assert channels["Trực tuyến"]["serviceUrl"].startswith("https://dichvucong.gov.vn/")


@pytest.mark.slow
def test_link_syntax_in_posts_and_procedure_bodies(site: Path) -> None:
    url = "tin-tuc/huong-dan-giay-to-khi-di-dang-ky/"
    article = soup_of(site, url).select_one("article")
    links = article.select("a.tthc-link")
    assert [a.get_text() for a in links] == ["Đăng ký khai sinh", "cấp đổi sổ đỏ"]
    assert links[0]["href"] == "../../thu-tuc/ho-tich/dang-ky-khai-sinh/"
    assert links[1]["href"] == "../../thu-tuc/dat-dai/cap-doi-giay-chung-nhan/"  # found by its old code
    assert all(resolves(site, url, a["href"]) for a in links)
    assert article.code is not None and article.code.get_text() == "[[TTHC:mã]]"
    body_link = soup_of(site, "thu-tuc/ho-tich/dang-ky-khai-sinh").select_one(
        "#huong-dan-them ~ p a.tthc-link"
    )
    assert body_link is not None and body_link.get_text() == "thủ tục khai tử"
    assert resolves(site, "thu-tuc/ho-tich/dang-ky-khai-sinh/", body_link["href"])


@pytest.mark.slow
def test_procedure_pages_are_searchable(site: Path) -> None:
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (site / "search").rglob("*.json")]
    texts = [json.dumps(r, ensure_ascii=False) for r in records]
    assert any("thu-tuc/ho-tich/dang-ky-khai-sinh/" in t and "Đăng ký khai sinh" in t for t in texts)


@pytest.mark.slow
def test_links_are_relative_for_sub_paths(site: Path) -> None:
    for url in ("thu-tuc", "thu-tuc/linh-vuc/ho-tich", "thu-tuc/ho-tich/dang-ky-khai-sinh"):
        for a in soup_of(site, url).select("article a[href]"):
            assert not a["href"].startswith("/"), (url, a["href"])


@pytest.mark.slow
def test_unknown_code_fails_the_build_with_a_clear_message(tmp_path: Path) -> None:
    posts = {"2024/sai.md": post(body="Đoạn đầu.\n\nXem [[TTHC:1.000657]].\n")}
    project = make_project(tmp_path / "p", posts=posts, docs=fixture_docs())
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "posts/2024/sai.md, dòng 9, trường «nội dung»" in output
    assert "«[[TTHC:1.000657]]»" in output and "Có phải ý bạn là «[[TTHC:1.000656]]»" in output
    assert "Traceback" not in output
    assert not (project / "site").exists()


@pytest.mark.slow
def test_invalid_record_fails_the_build_naming_file_and_field(tmp_path: Path) -> None:
    docs = fixture_docs()
    docs["thu-tuc/ho-tich/dang-ky-khai-tu.md"] = text_of(record(ma_thu_tuc="1.000656", le_phi=DELETE))
    docs["thu-tuc/ho-tich/ban-sao.md"] = text_of(record())  # same code as khai sinh
    result = run_build(make_project(tmp_path / "p", docs=docs))
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "docs/thu-tuc/ho-tich/dang-ky-khai-tu.md, trường «le_phi»: Thiếu trường bắt buộc." in output
    assert "docs/thu-tuc/ho-tich/ban-sao.md, dòng 2, trường «ma_thu_tuc»" in output


# --- site data referenced from procedures -------------------------------------------------


def test_the_fee_authority_is_written_once_in_the_settings(tmp_path: Path) -> None:
    fee = "Theo Nghị quyết của [[HĐND]] (niêm yết tại Bộ phận Một cửa)"
    meta = edited(lambda d: d["cach_thuc"][0].update(phi_le_phi="quá hạn: theo [[hdnd]]"))
    meta["le_phi"] = fee
    settings = write_project(
        tmp_path, {**FORMS, RECORD_PATH: text_of(meta, "Mức phí do [[HDND]] quy định.\n")}
    )
    settings = replace(
        settings, organisation=replace(settings.organisation, fee_authority="HĐND tỉnh Quảng Trị")
    )
    (procedure,) = load_catalogue(settings, TODAY).procedures
    assert procedure.meta.le_phi == "Theo Nghị quyết của HĐND tỉnh Quảng Trị (niêm yết tại Bộ phận Một cửa)"
    assert procedure.meta.cach_thuc[0].phi_le_phi == "quá hạn: theo HĐND tỉnh Quảng Trị"
    assert procedure.body.strip() == "Mức phí do HĐND tỉnh Quảng Trị quy định."


def test_a_fee_authority_reference_without_the_setting_names_file_line_and_field(tmp_path: Path) -> None:
    meta = record(le_phi="Theo Nghị quyết của [[HĐND]]")
    text = text_of(meta)
    (problem,) = problems_of(tmp_path, {RECORD_PATH: text})
    assert (problem.file, problem.field) == (RECORD_FILE, "le_phi")
    assert problem.line == text.splitlines().index("le_phi: Theo Nghị quyết của [[HĐND]]") + 1
    assert "«[[HĐND]]»" in problem.message and "extra.organisation.fee_authority" in problem.message
    assert problem.fix is not None and "fee_authority: HĐND tỉnh" in problem.fix
