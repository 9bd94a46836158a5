"""Procedure pages escape every value: hostile text in a record stays text (no build).

The page functions are called directly with a record whose every text field (and the
organisation's details) holds ``EVIL``; their output is parsed as HTML (lxml's parser,
which reads broken markup the way a browser does) and must hold no element, attribute or
script the templates did not write, with the hostile text shown as text.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup, Tag

from cchc.core.settings import Settings, settings_from_config
from cchc.procedures.data import index_json, json_ld
from cchc.procedures.index_pages import field_page, guide_home
from cchc.procedures.model import Catalogue, Procedure, ProcedureMeta
from cchc.procedures.pages import procedure_markdown

EVIL = "<script>alert(1)</script> & \"q\" 'a' ]]> </title> {{ 7*7 }} {% raw %}"
# A link may not hold spaces, but it may hold every character that matters in an attribute.
EVIL_URL = "https://dichvucong.gov.vn/?q=\"><script>alert(1)</script>&x='y'"
SRC_URI = "thu-tuc/ho-tich/dang-ky-khai-sinh.md"

# The tags and attributes the templates write; anything else was injected.
TAGS = {
    "html", "head", "body", "p", "strong", "br", "nav", "a", "h1", "h2", "h3", "div", "dl", "dt", "dd",
    "span", "button", "table", "thead", "tbody", "tr", "th", "td", "ol", "ul", "li", "input", "label",
    "img", "time", "script", "details", "summary", "form", "select", "option", "section",
}  # fmt: skip
ATTRIBUTES = {
    "class", "id", "href", "rel", "role", "aria-label", "aria-labelledby", "aria-live", "type", "hidden",
    "data-label",
    "download", "scope", "colspan", "for", "src", "width", "height", "alt", "datetime", "value",
    "autocomplete", "spellcheck", "placeholder", "data-tthc-print", "data-tthc-filter", "data-tthc-empty",
    "data-field", "data-level", "data-search", "target",
    "data-cchc-share-url", "data-cchc-share-title", "data-cchc-share", "data-cchc-copy", "data-cchc-share-status",
}  # fmt: skip


def hostile(text: str) -> str:
    return f"{text} {EVIL}"


def hostile_record() -> dict[str, Any]:
    """A valid record with ``EVIL`` in every text field (in lines and list items too)."""
    return {
        "ma_thu_tuc": "1.001193",
        "ten_thu_tuc": hostile("Đăng ký khai sinh"),
        "linh_vuc": hostile("Hộ tịch"),
        "cap_thuc_hien": hostile("Cấp xã"),
        "muc_do_truc_tuyen": "toan_trinh",
        "dich_vu_cong_url": EVIL_URL,
        "trinh_tu": [hostile("Bước 1"), f"Bước 2\n{EVIL}"],
        "cach_thuc": [
            {"hinh_thuc": "Trực tiếp", "thoi_han": hostile("Trong ngày"), "phi_le_phi": hostile("Miễn")},
            {
                "hinh_thuc": "Trực tuyến",
                "thoi_han": hostile("Trong ngày"),
                "phi_le_phi": hostile("Miễn"),
                "mo_ta": hostile("VNeID"),
            },
        ],
        "thanh_phan_ho_so": [
            {"ten": hostile("Tờ khai"), "ban_chinh": 1, "mau": "../mau/to-khai.pdf"},
            {"truong_hop": hostile("Trẻ bị bỏ rơi"), "giay_to": [{"ten": hostile("Biên bản")}]},
        ],
        "so_luong_ho_so": hostile("01 bộ"),
        "thoi_han_giai_quyet": hostile("Ngay trong ngày"),
        "doi_tuong": f"{EVIL}\n- {EVIL}\n- {EVIL}",
        "co_quan_thuc_hien": hostile("Ủy ban nhân dân xã"),
        "dia_chi_tiep_nhan": hostile("Bộ phận Một cửa"),
        "ket_qua": hostile("Giấy khai sinh"),
        "le_phi": hostile("Miễn lệ phí"),
        "mau_don": [{"ten": hostile("Tờ khai"), "file": "../mau/to-khai.pdf"}],
        "yeu_cau_dieu_kien": hostile("Trong 60 ngày"),
        "can_cu_phap_ly": [
            {
                "so_ky_hieu": hostile("60/2014/QH13"),
                "trich_yeu": hostile("Luật Hộ tịch"),
                "ngay_ban_hanh": "2014-11-20",
                "co_quan_ban_hanh": hostile("Quốc hội"),
            }
        ],
        "quyet_dinh_cong_bo": hostile("Quyết định 1"),
        "ma_cu": [hostile("2.000001")],
        "cap_nhat": "2026-07-01",
    }


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("escaping")
    (root / "docs" / "thu-tuc" / "mau").mkdir(parents=True)
    (root / "docs" / "thu-tuc" / "mau" / "to-khai.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "posts").mkdir()
    config = {
        "site_url": "https://example.gov.vn/cchc/",
        "site_name": "Cải cách hành chính",
        "docs_dir": "docs",
        "extra": {
            "organisation": {
                "name": hostile("Ủy ban nhân dân xã"),
                "address": hostile("Thôn 5"),
                "phone": hostile("0234"),
                "hours": hostile("Thứ Hai đến Thứ Sáu"),
            }
        },
    }
    return settings_from_config(root, config)


@pytest.fixture(scope="module")
def procedure(settings: Settings) -> Procedure:
    docs = settings.docs_dir
    context = {"base": docs / "thu-tuc" / "ho-tich", "docs": docs, "today": date(2026, 12, 1)}
    meta = ProcedureMeta.model_validate(hostile_record(), context=context)
    return Procedure(f"docs/{SRC_URI}", SRC_URI, meta, "")


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def text(soup: BeautifulSoup, selector: str, index: int = 0) -> str:
    return soup.select(selector)[index].get_text()


def page_html(procedure: Procedure, settings: Settings) -> str:
    """The procedure page as Python-Markdown renders it (with the site's extensions)."""
    source = procedure_markdown(procedure, "Nội dung thêm.", settings)
    return markdown.markdown(source, extensions=["attr_list", "tables", "toc", "footnotes", "admonition"])


def assert_only_template_markup(soup: BeautifulSoup, allowed_values: frozenset[str] = frozenset()) -> None:
    """No injected element, attribute or script; no attribute value with markup in it."""
    for element in soup.find_all(True):
        assert element.name in TAGS, f"injected element <{element.name}>"
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            assert name in ATTRIBUTES, f"injected attribute {name}={value!r} on <{element.name}>"
            if "<" in value or '"' in value:
                assert value in allowed_values, f"{name}={value!r}"
    assert all(s.get("type") == "application/ld+json" for s in soup.find_all("script"))
    shown = soup.get_text()
    assert "{{ 7*7 }}" in shown and "{% raw %}" in shown and "49" not in shown


def test_procedure_page_shows_hostile_text_as_text(procedure: Procedure, settings: Settings) -> None:
    soup = parse(page_html(procedure, settings))
    share = soup.select_one("[data-cchc-share-title]")
    assert isinstance(share, Tag) and share["data-cchc-share-title"] == hostile("Đăng ký khai sinh")
    assert_only_template_markup(soup, frozenset({EVIL_URL, hostile("Đăng ký khai sinh")}))
    assert len(soup.find_all("script")) == 1
    assert text(soup, "#tthc-ten") == hostile("Đăng ký khai sinh")
    online = soup.select_one(".tthc-online")
    assert isinstance(online, Tag) and online["href"] == EVIL_URL
    assert text(soup, ".tthc-crumbs a", 1) == hostile("Hộ tịch")
    steps = soup.select(".tthc-steps li")
    assert [li.get_text() for li in steps] == [hostile("Bước 1"), f"Bước 2{EVIL}"]
    assert len(steps[1].find_all("br")) == 1  # a line break is a <br>, the text around it is text
    assert [li.get_text() for li in soup.select(".tthc-text ul li")] == [EVIL, EVIL]
    assert text(soup, ".tthc-case th") == hostile("Trẻ bị bỏ rơi")
    labels = [label.get_text() for label in soup.select(".tthc-checklist label")]
    assert labels == [hostile("Tờ khai"), hostile("Biên bản")]
    assert text(soup, ".tthc-print-org strong") == hostile("Ủy ban nhân dân xã").upper()
    facts = {
        div.dt.get_text(): div.dd.get_text() for div in soup.select(".tthc-facts div") if div.dt and div.dd
    }
    assert facts["Giờ tiếp nhận"] == hostile("Thứ Hai đến Thứ Sáu")
    assert facts["Nơi nộp hồ sơ"] == hostile("Bộ phận Một cửa")
    assert text(soup, ".tthc-qr__text p") == f"Địa chỉ: {hostile('Thôn 5')}.Điện thoại: {hostile('0234')}."
    assert text(soup, ".tthc-count-line") == f"Số lượng hồ sơ: {hostile('01 bộ')}"
    assert soup.get_text().count(EVIL) >= 25


def test_json_ld_cannot_close_its_script_element(procedure: Procedure, settings: Settings) -> None:
    scripts = parse(procedure_markdown(procedure, "", settings)).find_all("script")
    assert len(scripts) == 1
    data_text = scripts[0].get_text()
    assert "<" not in data_text and ">" not in data_text and "&" not in data_text
    data = json.loads(data_text)
    assert data == json_ld(procedure, settings)
    assert data["name"] == hostile("Đăng ký khai sinh")
    assert data["alternateName"] == [f"Mã cũ {hostile('2.000001')}"]


def test_index_pages_show_hostile_text_as_text(procedure: Procedure, settings: Settings) -> None:
    catalogue = Catalogue((procedure,))
    field = catalogue.fields[0]
    for page in (guide_home(catalogue, settings), field_page(field, settings)):
        soup = parse(markdown.markdown(page.content, extensions=["attr_list", "tables", "toc"]))
        assert_only_template_markup(soup)
        assert not soup.find_all("script")
        item = soup.select_one(".tthc-item")
        assert isinstance(item, Tag)
        assert text(soup, ".tthc-item__name") == hostile("Đăng ký khai sinh")
        assert item["data-field"] == field.slug
        assert set(str(item["data-search"])) <= set("0123456789abcdefghijklmnopqrstuvwxyz. ")
        assert text(soup, "h1") == page.title
        assert hostile("Ủy ban nhân dân xã") in page.description or field.name in page.description
    home = parse(guide_home(catalogue, settings).content)
    assert text(home, "#tthc-linh-vuc option", 1) == hostile("Hộ tịch")
    assert text(home, ".tthc-fields a") == hostile("Hộ tịch")
    assert text(home, ".tthc-group h3").startswith(hostile("Hộ tịch"))
    assert hostile("Ủy ban nhân dân xã") in text(home, "p")


def test_index_json_keeps_the_text_unchanged(procedure: Procedure, settings: Settings) -> None:
    data = json.loads(index_json(Catalogue((procedure,)), settings))
    record = data["thu_tuc"][0]
    assert record["ten_thu_tuc"] == hostile("Đăng ký khai sinh")
    assert record["dich_vu_cong_url"] == EVIL_URL
    assert data["co_quan"] == hostile("Ủy ban nhân dân xã")


def test_markdown_source_has_no_raw_markup_from_values(procedure: Procedure, settings: Settings) -> None:
    """Before Python-Markdown: quotes and ampersands in attributes are entities too."""
    source = procedure_markdown(procedure, "", settings)
    assert "<script>alert" not in source and "</title>" not in source
    assert (
        'href="https://dichvucong.gov.vn/?q=&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;x=&#39;y&#39;"'
        in source
    )
