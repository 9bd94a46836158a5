"""Escaped by default: no text from content or site data ever reaches a reader as markup.

One hostile fixture project puts a hostile string in EVERY text field that reaches a
reader (post front matter, the document header, procedure records, categories, authors
and the organisation in ``mkdocs.yml``), builds it once with the real ``mkdocs build``,
and then checks every output absolutely (never by comparing two renderings):

- the only ``<script>`` elements are the site's own, no element carries an ``on*``
  attribute, no ``<img src=x>`` exists;
- the hostile text is shown as text where a reader sees it (titles, meta tags, headings,
  listings, the document header, procedure pages, the about page);
- feeds, ``thu-tuc/index.json`` and the search index carry the text unchanged;
- ``{{ 7*7 }}`` never became ``49`` and ``{% raw %}`` is shown literally;
- in Chromium, no dialog opens and ``window.__pwned`` stays undefined, also in search.

Values that validation refuses (and the closest accepted form used instead) are listed
in ``REFUSED``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import lxml.html
import pytest
import yaml
from lxml import etree

from cchc.core.text import slugify
from conftest import FIXTURE, SUBPATH_URL, build_ok, make_project, run_build, serve

pytestmark = pytest.mark.slow

# --- the hostile strings -----------------------------------------------------------------

H = "<script>alert(1)</script> & \"q\" 'a' ]]> </title> {{ 7*7 }} {% raw %}"
# The same, starting with a word (a value that opens with "<" may be refused somewhere).
HW = 'Kiểm tra <script>alert(1)</script> & "ngoặc kép" ]]> </title> {{ 7*7 }} {% raw %}'
TAIL = "</title> {{ 7*7 }} {% raw %}"  # every hostile value ends with this


def hv(label: str) -> str:
    """``label`` followed by the script variant: each field gets its own words, so that a
    leak names the field it came from."""
    return f"{label} <script>alert(1)</script> & \"q\" 'a' ]]> {TAIL}"


def img(label: str, handler: str = "window.__pwned=1") -> str:
    """``label`` followed by an image whose error handler would run."""
    return f'{label} <img src=x onerror={handler}> & "q" {TAIL}'


# Values refused by validation, and what the fixture uses instead: (field, refused, used).
REFUSED: list[tuple[str, str, str]] = [
    (
        "document.number",
        H,
        "291/BC-UBND (the number must match NUMBER_RE; the hostile text goes in the other fields)",
    ),
    (
        "procedure ma_thu_tuc",
        H,
        "1.999999 (the code must match ^[1-9]\\.\\d{6}…)",
    ),
    (
        "procedure dich_vu_cong_url",
        H,
        'https://dichvucong.gov.vn/p/?x="><svg/onload=window.__pwned=1> (an http(s) URL without spaces)',
    ),
    (
        "extra.organisation.email (and contacts[].email)",
        'hop"thu<img src=x onerror=window.__pwned=1>@example.gov.vn',
        'hop"thu<svg/onload=window.__pwned=1>@example.gov.vn (an e-mail address may not contain spaces)',
    ),
    (
        "extra.organisation.website",
        H,
        'https://thuonglong.example.gov.vn/?x="><svg/onload=window.__pwned=1> (an http(s) URL without spaces)',
    ),
    (
        "site_name",
        H,
        "not set: site_name refuses «<» and «>» (Material prints it unescaped); the repo's name is kept",
    ),
    (
        "image alt text in the body",
        H,
        "no «]» in Markdown alt text: «]]>» dropped from the alt",
    ),
]

# --- post 1: an official document, every field hostile -----------------------------------

POST1_SLUG = "bai-kiem-tra"
POST1_URL = f"tin-tuc/{POST1_SLUG}/"
POST2_SLUG = "bai-kiem-tra-hai"
POST2_URL = f"tin-tuc/{POST2_SLUG}/"

P1 = {
    "title": H,
    "description": hv("Tóm tắt") + " " + img("ảnh"),
    "tags": [H, "Ảnh <img src=x onerror=alert(2)>", img("Thẻ")],
    "attachment": hv("Tệp đính kèm"),
    "alt": 'Ảnh minh họa <img src=x onerror=window.__pwned=1> <script>alert(1)</script> & "q" ' + TAIL,
}
CATEGORY = hv("Chuyên mục")  # configured in mkdocs.yml extra.categories
CATEGORY_IMG = img("Mục ảnh")
AUTHOR_NAME = hv("Tác giả")
AUTHOR_ROLE = img("Vai trò")

DOC = {
    "number": "291/BC-UBND",
    "type": hv("Loại"),
    "issued": "2026-11-20",
    "issuer": hv("Cơ quan"),
    "parent_issuer": hv("Cấp trên"),
    "place": hv("Nơi ban hành"),
    "abstract": hv("Trích yếu"),
    "effective": "2026-11-21",
    "signer": {
        # Decree 30 prefixes (TM., KT.) are required (documents/model.py); the rest is hostile.
        "authority": ["TM. " + hv("Thẩm quyền"), "KT. " + img("Quyền hai")],
        "title": hv("Chức vụ"),
        "name": hv("Người ký"),
    },
    "recipients": [hv("Nơi nhận"), img("Lưu trữ")],
}

# --- post 2: a plain post, title starting with a word, description derived ---------------

P2 = {
    "title": HW,
    # no description: derived from the first paragraph (raw HTML would be Markdown, not data)
    "first_paragraph": "Đoạn mở đầu & \"q\" 'a' ]]> {{ 7*7 }} {% raw %}",
    "tags": [HW],
}

# --- the procedure ------------------------------------------------------------------------

PROC_URL = "thu-tuc/kiem-tra/thu-tuc-kiem-tra/"
PROC = {
    "ma_thu_tuc": "1.999999",
    "ten_thu_tuc": H,
    "linh_vuc": hv("Lĩnh vực"),
    "cap_thuc_hien": hv("Cấp thực hiện"),
    "muc_do_truc_tuyen": "mot_phan",
    "dich_vu_cong_url": 'https://dichvucong.gov.vn/p/?x="><svg/onload=window.__pwned=1>',
    "trinh_tu": [hv("Bước một"), img("Bước hai")],
    "cach_thuc": [
        {
            "hinh_thuc": "Trực tiếp",
            "thoi_han": hv("Thời hạn trực tiếp"),
            "phi_le_phi": hv("Phí trực tiếp"),
            "mo_ta": img("Mô tả trực tiếp"),
        },
        {
            "hinh_thuc": "Trực tuyến",
            "thoi_han": hv("Thời hạn trực tuyến"),
            "phi_le_phi": hv("Phí trực tuyến"),
            "mo_ta": hv("Mô tả trực tuyến"),
        },
    ],
    "thanh_phan_ho_so": [
        {"ten": hv("Giấy tờ chung"), "ban_chinh": 1, "ban_sao": 0, "mau": "../mau/to-khai.pdf"},
        {
            "truong_hop": hv("Trường hợp"),
            "giay_to": [{"ten": img("Giấy tờ riêng"), "ban_chinh": 0, "ban_sao": 1}],
        },
    ],
    "so_luong_ho_so": hv("Số lượng"),
    "thoi_han_giai_quyet": hv("Thời hạn giải quyết"),
    "doi_tuong": hv("Đối tượng"),
    "co_quan_thuc_hien": hv("Cơ quan thực hiện"),
    "dia_chi_tiep_nhan": img("Địa chỉ tiếp nhận"),
    "ket_qua": hv("Kết quả"),
    "le_phi": hv("Lệ phí"),
    "mau_don": [{"ten": hv("Mẫu đơn"), "file": "../mau/to-khai.pdf"}],
    "yeu_cau_dieu_kien": hv("Yêu cầu điều kiện"),
    "can_cu_phap_ly": [
        {
            "so_ky_hieu": hv("Số ký hiệu"),
            "trich_yeu": hv("Trích yếu luật"),
            "ngay_ban_hanh": "2020-01-02",
            "co_quan_ban_hanh": img("Quốc hội"),
        }
    ],
    "quyet_dinh_cong_bo": hv("Quyết định công bố"),
    "ma_cu": [hv("Mã cũ")],
    "cap_nhat": "2026-11-20",
}
PROC_TEXT_FIELDS = (
    "ten_thu_tuc", "linh_vuc", "cap_thuc_hien", "so_luong_ho_so", "thoi_han_giai_quyet", "doi_tuong",
    "co_quan_thuc_hien", "dia_chi_tiep_nhan", "ket_qua", "le_phi", "yeu_cau_dieu_kien",
    "quyet_dinh_cong_bo",
)  # fmt: skip


def _proc_values() -> list[tuple[str, str]]:
    """(field, value) of every hostile text of the procedure record."""
    out = [(k, PROC[k]) for k in PROC_TEXT_FIELDS]
    out += [(f"trinh_tu[{i + 1}]", v) for i, v in enumerate(PROC["trinh_tu"])]
    for i, ch in enumerate(PROC["cach_thuc"]):
        out += [(f"cach_thuc[{i + 1}].{k}", ch[k]) for k in ("thoi_han", "phi_le_phi", "mo_ta")]
    out.append(("thanh_phan_ho_so[1].ten", PROC["thanh_phan_ho_so"][0]["ten"]))
    out.append(("thanh_phan_ho_so[2].truong_hop", PROC["thanh_phan_ho_so"][1]["truong_hop"]))
    out.append(("thanh_phan_ho_so[2].giay_to[1].ten", PROC["thanh_phan_ho_so"][1]["giay_to"][0]["ten"]))
    out.append(("mau_don[1].ten", PROC["mau_don"][0]["ten"]))
    legal = PROC["can_cu_phap_ly"][0]
    out += [(f"can_cu_phap_ly[1].{k}", legal[k]) for k in ("so_ky_hieu", "trich_yeu", "co_quan_ban_hanh")]
    return out


# --- site data (mkdocs.yml extra:) --------------------------------------------------------

ORG = {
    "name": hv("Tên cơ quan"),
    "parent": hv("Cơ quan cấp trên"),
    "address": hv("Địa chỉ"),
    "phone": "0234 3 000 000 " + hv("Điện thoại"),
    "email": 'hop"thu<svg/onload=window.__pwned=1>@example.gov.vn',
    "fax": hv("Fax"),
    "website": 'https://thuonglong.example.gov.vn/?x="><svg/onload=window.__pwned=1>',
    "hours": img("Giờ làm việc"),
    "contacts": [
        {
            "name": hv("Cán bộ"),
            "role": img("Chức danh"),
            "phone": "0234 3 000 001",
            "email": 'can"bo<svg/onload=window.__pwned=1>@example.gov.vn',
        },
        {"name": img("Cán bộ hai"), "role": hv("Chức danh hai"), "phone": "0234 3 000 002", "email": ""},
    ],
}
ORG_TEXT = ("name", "address")  # shown on the about page (hours checked too, see below)


def _front(meta: dict[str, Any], body: str) -> str:
    text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{text}---\n\n{body}"


def _post1(doc: dict[str, Any]) -> str:
    meta = {
        "title": P1["title"],
        "date": "2026-11-20 08:00",
        "slug": POST1_SLUG,
        "categories": [CATEGORY, CATEGORY_IMG],
        "tags": P1["tags"],
        "description": P1["description"],
        "authors": ["ke-xau"],
        "attachments": [{"file": "tep.pdf", "title": P1["attachment"]}],
        "document": doc,
    }
    body = f"Nội dung bài kiểm tra.\n\n![{P1['alt']}](anh.jpg)\n\n## Mục một\n\nĐoạn văn thường.\n"
    return _front(meta, body)


def _post2() -> str:
    meta = {
        "title": P2["title"],
        "date": "2026-11-19",
        "slug": POST2_SLUG,
        "categories": [H],
        "tags": P2["tags"],
    }
    return _front(meta, P2["first_paragraph"] + "\n\nĐoạn thứ hai.\n")


def _procedure(proc: dict[str, Any]) -> str:
    return _front(proc, "## Lưu ý\n\nGhi chú thường.\n")


def _mkdocs_yml(project: Path, org: dict[str, Any] = ORG, site_name: str | None = None) -> None:
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    if site_name is not None:
        line = yaml.safe_dump({"site_name": site_name}, allow_unicode=True, width=10_000).strip()
        text = re.sub(r"(?m)^site_name: .*$", lambda _: line, text, count=1)
    # mkdocs.yml uses !ENV; keep the file as it is and replace only the extra: block.
    head, sep, _ = text.partition("\nextra:\n")
    assert sep, "mkdocs.yml has an extra: block"
    extra = yaml.safe_load("extra:\n" + text.partition("\nextra:\n")[2])["extra"]
    extra["categories"] = [*extra["categories"], CATEGORY, CATEGORY_IMG, H]
    extra["organisation"] = org
    extra["authors"] = [*extra["authors"], {"id": "ke-xau", "name": AUTHOR_NAME, "role": AUTHOR_ROLE}]
    dumped = yaml.safe_dump({"extra": extra}, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(head + "\n" + dumped, encoding="utf-8")


def _project(root: Path, doc: dict[str, Any] = DOC, proc: dict[str, Any] = PROC) -> Path:
    form = (FIXTURE / "docs" / "thu-tuc" / "mau" / "to-khai-dang-ky-khai-sinh.pdf").read_bytes()
    posts: dict[str, str | bytes] = {
        "2026/bai-kiem-tra.md": _post1(doc),
        "2026/tep.pdf": (FIXTURE / "posts" / "2023" / "291-bc-ubnd-2023.pdf").read_bytes(),
        "2026/anh.jpg": (FIXTURE / "posts" / "2023" / "bo-phan-mot-cua.jpg").read_bytes(),
        "2026/bai-kiem-tra-hai.md": _post2(),
    }
    docs: dict[str, str | bytes] = {
        "thu-tuc/kiem-tra/thu-tuc-kiem-tra.md": _procedure(proc),
        "thu-tuc/mau/to-khai.pdf": form,
    }
    return make_project(root, posts, docs)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _project(tmp_path_factory.mktemp("hostile") / "site-src")
    _mkdocs_yml(project)
    return build_ok(project)


# The values REFUSED lists, each tried alone: validation stops the build and names the field.
REFUSAL_CASES = [
    ("document.number", {"doc": {**DOC, "number": H}}, "number"),
    ("ma_thu_tuc", {"proc": {**PROC, "ma_thu_tuc": H}}, "ma_thu_tuc"),
    ("dich_vu_cong_url", {"proc": {**PROC, "dich_vu_cong_url": H}}, "dich_vu_cong_url"),
    ("organisation.email", {"org": {**ORG, "email": "hop thu <img src=x>@example.gov.vn"}}, "email"),
    ("organisation.website", {"org": {**ORG, "website": H}}, "website"),
    ("site_name", {"site_name": H}, "site_name"),
]


@pytest.mark.parametrize(("what", "change", "field"), REFUSAL_CASES, ids=[c[0] for c in REFUSAL_CASES])
def test_refused_values_are_refused_by_validation(
    tmp_path: Path, what: str, change: dict[str, Any], field: str
) -> None:
    content = {k: v for k, v in change.items() if k in ("doc", "proc")}
    config = {k: v for k, v in change.items() if k in ("org", "site_name")}
    project = _project(tmp_path / "site-src", **content)
    _mkdocs_yml(project, **config)
    result = run_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{what} = {change!r} was accepted (then it must join the fixture)"
    assert field in output and "Traceback" not in output, f"{what}: refused without naming it:\n{output}"


# --- reading the built site ---------------------------------------------------------------

SITE_URL = SUBPATH_URL  # the site_url of every test build

TAG_URLS = {tag: f"tin-tuc/chu-de/{slugify(tag)}/" for tag in [*P1["tags"], *P2["tags"]]}
CATEGORY_URLS = {name: f"tin-tuc/chuyen-muc/{slugify(name)}/" for name in (CATEGORY, CATEGORY_IMG, H)}
FIELD_URL = f"thu-tuc/linh-vuc/{slugify(PROC['linh_vuc'])}/"
YEAR_URL = "tin-tuc/luu-tru/2026/"

# Every page a reader may open, with a name for messages.
PAGES: dict[str, str] = {
    "": "home page",
    "tin-tuc/": "news list",
    POST1_URL: "post page (document)",
    POST2_URL: "post page (plain)",
    "tin-tuc/chuyen-muc/": "category index",
    **{url: f"category page «{name[:20]}…»" for name, url in CATEGORY_URLS.items()},
    "tin-tuc/chu-de/": "tag index",
    **{url: f"tag page «{tag[:20]}…»" for tag, url in TAG_URLS.items()},
    "tin-tuc/luu-tru/": "year index",
    YEAR_URL: "year page 2026",
    "van-ban/": "documents register",
    "thu-tuc/": "procedure index",
    FIELD_URL: "procedure field page",
    PROC_URL: "procedure page",
    "gioi-thieu/": "about page",
    "404.html": "404 page",
}

# The site's own scripts: files under assets/javascripts/, and the inline ones of a normal
# build of the repository (Material's two).
OWN_SCRIPT_FILES = re.compile(
    r"^assets/javascripts/(?:bundle\.[0-9a-f]{8}\.min|cchc|search|thu-tuc"
    r"|material-scope|material-content"  # docs-dev/hosting.md
    r"|register|share|offline|scheme)\.js$"  # the documents register's filter, sharing, the offline guide
    r"|^admin/(?:init|cms|vendor/decap-cms)\.js$"  # the browser editor (docs-dev/cms.md)
)
_MD_SCOPE = (
    "__md_scope=new URL(BASE,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),"
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}'
)
_TABBED = (
    "var target=document.getElementById(location.hash.slice(1));"
    'target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))'
)
OWN_INLINE_SCRIPTS = frozenset({_MD_SCOPE, _TABBED})
_BASE_RE = re.compile(r'new URL\("(?:\.|\.\.(?:/\.\.)*|/cchc/)",location\)')
ATTRIBUTE_NAME_RE = re.compile(r"^[a-z][a-z0-9_.:-]*$")


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def html(site: Path) -> dict[str, lxml.html.HtmlElement]:
    """Every built HTML page, parsed, by URL ("" is the home page, "404.html" the 404)."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel_path = path.relative_to(site).as_posix()
        if rel_path.startswith("assets/"):
            continue
        url = rel_path.removesuffix("index.html")
        pages[url] = lxml.html.document_fromstring(path.read_bytes())
    return pages


def page(html: dict[str, lxml.html.HtmlElement], url: str) -> lxml.html.HtmlElement:
    assert url in html, f"page {url or '(home)'} was not built; pages: {sorted(html)}"
    return html[url]


def text_of(element: lxml.html.HtmlElement) -> str:
    """What a reader sees of ``element``: its text without scripts, styles, permalinks."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "template"):
            return
        if "headerlink" in (node.get("class") or "").split():
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return _norm("".join(parts))


def article(doc: lxml.html.HtmlElement, where: str) -> lxml.html.HtmlElement:
    found = doc.xpath("//article[contains(@class, 'md-content__inner')]")
    assert found, f"{where}: no <article class=md-content__inner>"
    return found[0]


def link_texts(element: lxml.html.HtmlElement) -> list[str]:
    return [text_of(a) for a in element.iter("a")]


def context_of(element: lxml.html.HtmlElement) -> str:
    """A leaked element and the text before it, which names the field it came from."""
    before = ""
    node = element.getprevious()
    if node is not None:
        before = _norm((node.text_content() or "") + (node.tail or ""))[-40:]
    elif element.getparent() is not None:
        before = _norm(element.getparent().text or "")[-40:]
    return f"«…{before}» then {lxml.html.tostring(element, encoding='unicode', with_tail=False)[:160]!r}"


# --- (a) (b) no foreign script, no handler, no hostile image: every page ---------------------


def _foreign_scripts(url: str, doc: lxml.html.HtmlElement) -> list[str]:
    problems = []
    page_url = urljoin(SITE_URL, url)
    for script in doc.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        text = script.text or ""
        src = script.get("src")
        if src is not None:
            target = urljoin(page_url, src)
            own = target.startswith(SITE_URL) and OWN_SCRIPT_FILES.match(target[len(SITE_URL) :])
            if not own or text.strip() or kind not in ("", "text/javascript", "module"):
                problems.append(f"script file not the site's own: {context_of(script)}")
        elif kind in ("", "text/javascript", "module"):
            if _BASE_RE.sub("new URL(BASE,location)", _norm(text)) not in OWN_INLINE_SCRIPTS:
                problems.append(f"inline script not the site's own: {context_of(script)}")
        elif kind == "application/json" and script.get("id") in ("__config", "cchc-cms"):  # data, not script
            try:
                json.loads(text)
            except ValueError:
                problems.append(f"Material's __config is not JSON: {text[:120]!r}")
        elif kind == "application/ld+json":
            try:
                json.loads(text)
            except ValueError:
                problems.append(f"JSON-LD that is not JSON: {text[:160]!r}")
        else:
            problems.append(f"script of unknown type {kind!r}: {context_of(script)}")
    return problems


def _handlers_and_hostile_elements(doc: lxml.html.HtmlElement) -> list[str]:
    problems = []
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"event handler attribute {name}={value!r}: {context_of(element)}")
            elif not ATTRIBUTE_NAME_RE.match(name):
                problems.append(
                    f"broken attribute name {name!r} (an attribute value was cut): {context_of(element)}"
                )
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith(
                "javascript:"
            ):
                problems.append(f"javascript: URL in {name}: {context_of(element)}")
        if element.tag == "img" and (element.get("src") or "").strip() == "x":
            problems.append(f"hostile <img src=x>: {context_of(element)}")
        if element.tag in ("svg", "iframe", "object", "embed") and element.get("onload") is not None:
            problems.append(f"hostile <{element.tag}>: {context_of(element)}")
    titles = doc.xpath("//title[not(ancestor::svg)]")  # an SVG chart's <title> is its caption
    if len(titles) != 1:
        problems.append(f"{len(titles)} <title> elements (expected one)")
    elif titles[0].getparent().tag != "head":
        problems.append(
            f"<title> pushed out of <head> into <{titles[0].getparent().tag}> (the head was broken)"
        )
    return problems


@pytest.mark.parametrize("url", list(PAGES), ids=[u or "home" for u in PAGES])
def test_only_the_sites_own_scripts(html: dict[str, lxml.html.HtmlElement], url: str) -> None:
    problems = _foreign_scripts(url, page(html, url))
    assert not problems, f"{PAGES[url]} ({url or 'home'}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("url", list(PAGES), ids=[u or "home" for u in PAGES])
def test_no_event_handler_no_hostile_element(html: dict[str, lxml.html.HtmlElement], url: str) -> None:
    problems = _handlers_and_hostile_elements(page(html, url))
    assert not problems, f"{PAGES[url]} ({url or 'home'}):\n  " + "\n  ".join(problems)


def test_every_other_page_is_clean_too(html: dict[str, lxml.html.HtmlElement]) -> None:
    problems = []
    for url, doc in html.items():
        if url not in PAGES:
            problems += [
                f"{url}: {p}" for p in _foreign_scripts(url, doc) + _handlers_and_hostile_elements(doc)
            ]
    assert not problems, "\n  ".join(problems)


# --- (c) the text shown as text ------------------------------------------------------------


def head_values(doc: lxml.html.HtmlElement) -> dict[str, str]:
    """<title> text and the meta tags a reader's browser or a social card shows."""
    values = {"title": _norm(doc.findtext(".//title") or "")}
    for meta in doc.iter("meta"):
        key = meta.get("name") or meta.get("property")
        if key:
            values[key] = meta.get("content", "")
    return values


def header_topic(doc: lxml.html.HtmlElement) -> str:
    found = doc.xpath("//*[@data-md-component='header-topic']//*[contains(@class, 'md-ellipsis')]")
    return text_of(found[0]) if found else ""


def h1(doc: lxml.html.HtmlElement, where: str) -> str:
    found = article(doc, where).xpath(".//h1")
    assert found, f"{where}: no <h1>"
    return text_of(found[0])


POST_HEADS = [
    (POST1_URL, "post page (document)", H, P1["description"]),
    (POST2_URL, "post page (plain)", HW, None),
]


@pytest.mark.parametrize(("url", "where", "title", "description"), POST_HEADS, ids=["post1", "post2"])
def test_post_title_and_description_in_head(
    html: dict[str, lxml.html.HtmlElement], url: str, where: str, title: str, description: str | None
) -> None:
    doc = page(html, url)
    head = head_values(doc)
    assert title in head["title"], f"{where}: <title> shows {head['title']!r}, not the post title as text"
    assert head.get("og:title") == title, f"{where}: og:title is {head.get('og:title')!r}"
    if description is not None:
        assert head.get("description") == description, (
            f"{where}: meta description is {head.get('description')!r}"
        )
        assert head.get("og:description") == description, (
            f"{where}: og:description is {head.get('og:description')!r}"
        )


@pytest.mark.parametrize(("url", "where", "title", "description"), POST_HEADS, ids=["post1", "post2"])
def test_post_title_in_header_topic_and_h1(
    html: dict[str, lxml.html.HtmlElement], url: str, where: str, title: str, description: str | None
) -> None:
    doc = page(html, url)
    assert header_topic(doc) == title, f"{where}: header topic shows {header_topic(doc)!r}"
    assert h1(doc, where) == title, f"{where}: <h1> shows {h1(doc, where)!r}"


def test_post_page_shows_every_field_as_text(html: dict[str, lxml.html.HtmlElement]) -> None:
    where = "post page (document)"
    body = article(page(html, POST1_URL), where)
    links = link_texts(body)
    problems = []
    for name in (CATEGORY, CATEGORY_IMG):
        if name not in links:
            problems.append(f"category {name!r} not shown as a link text")
    for tag in P1["tags"]:
        if tag not in links:
            problems.append(f"tag {tag!r} not shown as a link text")
    if P1["attachment"] not in links:
        problems.append(f"attachment title {P1['attachment']!r} not shown as a link text")
    if AUTHOR_NAME not in text_of(body):
        problems.append(f"author name {AUTHOR_NAME!r} not shown as text")
    alts = [img_.get("alt") for img_ in body.iter("img")]
    if P1["alt"] not in alts:
        problems.append(f"image alt text {P1['alt']!r} not kept as the alt attribute (alts: {alts})")
    assert not problems, f"{where}:\n  " + "\n  ".join(problems)


def _doc_values() -> list[tuple[str, str]]:
    values = [(k, DOC[k]) for k in ("type", "issuer", "parent_issuer", "place", "abstract")]
    values += [(f"signer.authority[{i + 1}]", a) for i, a in enumerate(DOC["signer"]["authority"])]
    values += [("signer.title", DOC["signer"]["title"]), ("signer.name", DOC["signer"]["name"])]
    values += [(f"recipients[{i + 1}]", r) for i, r in enumerate(DOC["recipients"])]
    return values


@pytest.mark.parametrize(("field", "value"), _doc_values(), ids=[f for f, _ in _doc_values()])
def test_document_field_shown_as_text(html: dict[str, lxml.html.HtmlElement], field: str, value: str) -> None:
    shown = text_of(article(page(html, POST1_URL), "post page"))
    assert value in shown or value.upper() in shown, (
        f"post page (document): document.{field} {value!r} is not shown as text"
    )


def test_document_register_lists_document_as_text(html: dict[str, lxml.html.HtmlElement]) -> None:
    where = "documents register (van-ban/)"
    cells = [text_of(td) for td in article(page(html, "van-ban/"), where).iter("td")]
    for field in ("type", "abstract", "issuer"):
        assert DOC[field] in cells, f"{where}: document.{field} {DOC[field]!r} is not a cell's text ({cells})"


LISTINGS = [
    ("", "home page latest block", [H, HW]),
    ("tin-tuc/", "news list", [H, HW]),
    (CATEGORY_URLS[CATEGORY], "category page", [H]),
    (CATEGORY_URLS[CATEGORY_IMG], "category page (img)", [H]),
    (CATEGORY_URLS[H], "category page (H)", [HW]),
    (TAG_URLS[H], "tag page (H)", [H]),
    (TAG_URLS["Ảnh <img src=x onerror=alert(2)>"], "tag page (img)", [H]),
    (TAG_URLS[HW], "tag page (HW)", [HW]),
    (YEAR_URL, "year page", [H, HW]),
]


@pytest.mark.parametrize(("url", "where", "titles"), LISTINGS, ids=[w for _, w, _ in LISTINGS])
def test_listing_shows_titles_and_descriptions_as_text(
    html: dict[str, lxml.html.HtmlElement], url: str, where: str, titles: list[str]
) -> None:
    body = article(page(html, url), where)
    links = link_texts(body)
    for title in titles:
        assert title in links, f"{where} ({url or 'home'}): post title {title!r} is not a link text"
    if H in titles:
        assert P1["description"] in text_of(body), f"{where}: post description is not shown as text"


LISTING_NAMES = [
    (CATEGORY_URLS[CATEGORY], "category page", CATEGORY),
    (CATEGORY_URLS[CATEGORY_IMG], "category page (img)", CATEGORY_IMG),
    (CATEGORY_URLS[H], "category page (H)", H),
    *[(url, f"tag page {url.split('/')[-2][:24]}", tag) for tag, url in TAG_URLS.items()],
]


@pytest.mark.parametrize(("url", "where", "name"), LISTING_NAMES, ids=[w for _, w, _ in LISTING_NAMES])
def test_listing_name_in_title_topic_and_h1(
    html: dict[str, lxml.html.HtmlElement], url: str, where: str, name: str
) -> None:
    doc = page(html, url)
    assert name in head_values(doc)["title"], f"{where}: <title> is {head_values(doc)['title']!r}"
    assert name in header_topic(doc), f"{where}: header topic is {header_topic(doc)!r}"
    assert name in h1(doc, where), f"{where}: <h1> is {h1(doc, where)!r}"


def test_indexes_list_categories_and_tags_as_text(html: dict[str, lxml.html.HtmlElement]) -> None:
    categories = link_texts(article(page(html, "tin-tuc/chuyen-muc/"), "category index"))
    tags = link_texts(article(page(html, "tin-tuc/chu-de/"), "tag index"))
    problems = [f"category index: {n!r} not a link text" for n in CATEGORY_URLS if n not in categories]
    problems += [f"tag index: {t!r} not a link text" for t in TAG_URLS if t not in tags]
    assert not problems, "\n  ".join(problems)


def test_category_feed_links_keep_their_title(html: dict[str, lxml.html.HtmlElement]) -> None:
    doc = page(html, POST1_URL)
    titles = [link.get("title", "") for link in doc.xpath("//link[@rel='alternate']")]
    for name in (CATEGORY, CATEGORY_IMG):
        assert any(name in t for t in titles), (
            f"post page: no <link rel=alternate> whose title attribute holds category {name!r}: {titles}"
        )


# --- the procedure -------------------------------------------------------------------------


def test_procedure_head_topic_and_h1(html: dict[str, lxml.html.HtmlElement]) -> None:
    where = "procedure page"
    doc = page(html, PROC_URL)
    head = head_values(doc)
    assert H in head["title"], f"{where}: <title> is {head['title']!r}"
    assert head.get("description", "").startswith(H), (
        f"{where}: meta description is {head.get('description')!r}"
    )
    assert header_topic(doc) == H, f"{where}: header topic is {header_topic(doc)!r}"
    assert h1(doc, where) == H, f"{where}: <h1> is {h1(doc, where)!r}"


@pytest.mark.parametrize(("field", "value"), _proc_values(), ids=[f for f, _ in _proc_values()])
def test_procedure_field_shown_as_text(
    html: dict[str, lxml.html.HtmlElement], field: str, value: str
) -> None:
    shown = text_of(article(page(html, PROC_URL), "procedure page"))
    assert value in shown, f"procedure page: {field} {value!r} is not shown as text"


def test_procedure_online_link_keeps_its_url(html: dict[str, lxml.html.HtmlElement]) -> None:
    hrefs = [a.get("href") for a in article(page(html, PROC_URL), "procedure page").iter("a")]
    assert PROC["dich_vu_cong_url"] in hrefs, f"procedure page: dich_vu_cong_url not kept as an href: {hrefs}"


def test_procedure_json_ld_holds_the_name_as_a_string(html: dict[str, lxml.html.HtmlElement]) -> None:
    blocks = page(html, PROC_URL).xpath("//script[@type='application/ld+json']")
    assert blocks, "procedure page: no JSON-LD"
    data = [json.loads(b.text) for b in blocks]
    assert H in set(_strings(data)), f"procedure page: JSON-LD has no string value equal to the name: {data}"


@pytest.mark.parametrize(
    ("url", "where"),
    [("thu-tuc/", "procedure index"), (FIELD_URL, "procedure field page")],
    ids=["index", "field"],
)
def test_procedure_indexes_show_name_and_field_as_text(
    html: dict[str, lxml.html.HtmlElement], url: str, where: str
) -> None:
    body = article(page(html, url), where)
    assert H in link_texts(body), f"{where}: procedure name {H!r} is not a link text"
    assert PROC["linh_vuc"] in text_of(body), f"{where}: linh_vuc is not shown as text"
    if url == FIELD_URL:
        assert PROC["linh_vuc"] in head_values(page(html, url))["title"], f"{where}: <title> lacks linh_vuc"


# --- the organisation ---------------------------------------------------------------------


def _org_values() -> list[tuple[str, str]]:
    values = [(k, ORG[k]) for k in ("name", "address", "phone", "email", "hours")]
    for i, contact in enumerate(ORG["contacts"]):
        values += [(f"contacts[{i + 1}].{k}", contact[k]) for k in ("name", "role", "email") if contact[k]]
    return values


@pytest.mark.parametrize(("field", "value"), _org_values(), ids=[f for f, _ in _org_values()])
def test_about_page_shows_organisation_as_text(
    html: dict[str, lxml.html.HtmlElement], field: str, value: str
) -> None:
    cells = [text_of(td) for td in article(page(html, "gioi-thieu/"), "about page").iter("td")]
    assert value in cells, f"about page: organisation.{field} {value!r} is not a table cell's text"


# --- (d) feeds ----------------------------------------------------------------------------


def _feed_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.xml") if p.name in ("rss.xml", "atom.xml"))


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_site_feed_titles_and_categories_are_the_text(site: Path, name: str) -> None:
    import feedparser

    feed = feedparser.parse((site / name).read_bytes())
    assert not feed.bozo, f"{name}: not well-formed: {feed.get('bozo_exception')}"
    titles = [e.title for e in feed.entries]
    assert sorted(titles) == sorted([H, HW]), f"{name}: entry titles {titles}"
    entry = next(e for e in feed.entries if e.title == H)
    terms = {t.term for t in entry.get("tags", [])}
    wanted = {CATEGORY, CATEGORY_IMG, *P1["tags"]}
    assert wanted <= terms, (
        f"{name}: categories of the post {sorted(terms)}, missing {sorted(wanted - terms)}"
    )
    summary = _norm(lxml.html.fromstring(f"<div>{entry.summary}</div>").text_content())
    assert summary == P1["description"], f"{name}: summary shows {summary!r}"


def _reader_text(detail: Any) -> str:
    """A feed text as a reader shows it: HTML (feedparser's ``text/html``) is rendered."""
    if detail is None:
        return ""
    if detail.type in ("text/html", "application/xhtml+xml"):
        return _norm(lxml.html.fromstring(f"<div>{detail.value}</div>").text_content())
    return _norm(detail.value)


FEED_CHANNELS = [
    (CATEGORY_URLS[CATEGORY], CATEGORY, [H]),
    (CATEGORY_URLS[CATEGORY_IMG], CATEGORY_IMG, [H]),
    (CATEGORY_URLS[H], H, [HW]),
    ("van-ban/", ORG["name"], [H]),
]


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
@pytest.mark.parametrize(
    ("folder", "text", "titles"), FEED_CHANNELS, ids=["cat", "cat-img", "cat-H", "van-ban"]
)
def test_feed_channel_title_and_description_hold_the_text(
    site: Path, folder: str, text: str, titles: list[str], name: str
) -> None:
    import feedparser

    where = folder + name
    feed = feedparser.parse((site / folder / name).read_bytes())
    assert not feed.bozo, f"{where}: {feed.get('bozo_exception')}"
    if folder != "van-ban/":
        title = _reader_text(feed.feed.get("title_detail"))
        assert text in title, f"{where}: channel title as a feed reader shows it: {title!r}"
    detail = feed.feed.get("subtitle_detail")
    subtitle = _reader_text(detail)
    assert text in subtitle, (
        f"{where}: channel description as a feed reader shows it ({detail and detail.type}): {subtitle!r}"
    )
    assert [e.title for e in feed.entries] == titles, f"{where}: entries {[e.title for e in feed.entries]}"


def test_feed_content_carries_no_markup_from_fields(site: Path) -> None:
    """The HTML inside every feed (content, summary) as a feed reader renders it."""
    problems = []
    for path in _feed_files(site):
        tree = etree.parse(str(path))
        for node in tree.iter():
            if not isinstance(node.tag, str) or not node.text or "<" not in node.text:
                continue
            qname = etree.QName(node)
            local = qname.localname
            if qname.namespace == "http://www.w3.org/2005/Atom":
                if local not in ("content", "summary", "title", "subtitle") or node.get("type") != "html":
                    continue  # Atom text constructs are text unless type="html"
            elif local not in ("description", "encoded"):
                continue  # RSS: description and content:encoded are HTML for feed readers
            fragment = lxml.html.fragment_fromstring(node.text, create_parent="div")
            for el in fragment.iter():
                if not isinstance(el.tag, str):
                    continue
                bad = [n for n in el.attrib if n.lower().startswith("on") or not ATTRIBUTE_NAME_RE.match(n)]
                if el.tag == "script" or bad or (el.tag == "img" and el.get("src") == "x"):
                    problems.append(
                        f"{path.relative_to(site)} <{local}> (HTML for feed readers): {context_of(el)}"
                    )
    assert not problems, "\n  ".join(problems)


# --- (e) JSON outputs ---------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def test_procedure_index_json_holds_the_text(site: Path) -> None:
    data = json.loads((site / "thu-tuc" / "index.json").read_text(encoding="utf-8"))
    records = [r for r in data["thu_tuc"] if r.get("ma_thu_tuc") == PROC["ma_thu_tuc"]]
    assert records, "thu-tuc/index.json: the procedure is missing"
    strings = set(_strings(records[0]))
    missing = [f"{field}: {value!r}" for field, value in _proc_values() if value not in strings]
    if PROC["dich_vu_cong_url"] not in strings:
        missing.append("dich_vu_cong_url")
    assert not missing, "thu-tuc/index.json lacks (as string values):\n  " + "\n  ".join(missing)
    assert data.get("co_quan") == ORG["name"], f"thu-tuc/index.json: co_quan is {data.get('co_quan')!r}"


def _search_docs(site: Path) -> dict[str, tuple[dict[str, Any], str]]:
    """URL -> (document record, excerpt text) from search/d/*.json and search/x/*.txt."""
    out = {}
    for path in sorted((site / "search" / "d").glob("*.json"), key=lambda p: int(p.stem)):
        for i, record in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            number = int(path.stem) * 16 + i
            text_path = site / "search" / "x" / f"{number}.txt"
            text = text_path.read_text(encoding="utf-8") if text_path.exists() else ""
            out[record["u"]] = (record, text)
    return out


def test_search_index_files_are_json(site: Path) -> None:
    bad = []
    for path in sorted((site / "search").rglob("*.json")):
        try:
            json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            bad.append(f"{path.relative_to(site)}: {exc}")
    assert not bad, "\n  ".join(bad)


def test_search_index_holds_titles_and_text(site: Path) -> None:
    docs = _search_docs(site)
    problems = []
    for url, title in ((POST1_URL, H), (POST2_URL, HW), (PROC_URL, H)):
        if url not in docs:
            problems.append(f"{url}: not in search/d/")
        elif docs[url][0].get("t") != title:
            problems.append(f"{url}: search title {docs[url][0].get('t')!r}")
    post_text = docs.get(POST1_URL, ({}, ""))[1]
    for what, value in (
        ("document.abstract", DOC["abstract"]),
        ("attachment title", P1["attachment"]),
        ("tag", H),
    ):
        if value not in post_text:
            problems.append(f"{POST1_URL}: search text lacks {what} {value!r}")
    proc_text = docs.get(PROC_URL, ({}, ""))[1]
    for field in ("doi_tuong", "ket_qua"):
        if PROC[field] not in proc_text:
            problems.append(f"{PROC_URL}: search text lacks {field} {PROC[field]!r}")
    assert not problems, "\n  ".join(problems)


# --- (f) {{ 7*7 }} never became 49, {% raw %} shown literally -----------------------------

_AFTER_TITLE = " {{ 7*7 }} {% raw %}"


def _template_problems(where: str, value: str) -> list[str]:
    """Every ``</title>`` of a hostile value is followed by `` {{ 7*7 }} {% raw %}``, unless
    the value was cut there (``…``)."""
    problems = []
    for match in re.finditer(re.escape("</title>"), value, re.IGNORECASE):
        rest = value[match.end() : match.end() + len(_AFTER_TITLE) + 1]
        if rest.upper().startswith(_AFTER_TITLE.upper()):
            continue
        cut = rest.split("…", 1)[0]
        if "…" in rest and _AFTER_TITLE.startswith(cut):
            continue
        problems.append(f"{where}: {value[max(0, match.start() - 30) : match.end() + 30]!r}")
    if re.search(r"</title>\s*49\b", value, re.IGNORECASE):
        problems.append(f"{where}: {{{{ 7*7 }}}} became 49")
    return problems


def _html_strings(doc: lxml.html.HtmlElement) -> Iterator[str]:
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script" and element.get("type") == "application/ld+json":
            yield from _strings(json.loads(element.text or "null"))
        elif element.text:
            yield element.text
        if element.tail:
            yield element.tail
        yield from element.attrib.values()


def test_no_template_ran_on_any_value(site: Path, html: dict[str, lxml.html.HtmlElement]) -> None:
    problems = []
    for url, doc in html.items():
        for value in _html_strings(doc):
            problems += _template_problems(url or "home", value)
    for path in sorted(site.rglob("*")):
        rel_path = path.relative_to(site).as_posix()
        if rel_path.startswith("assets/") or not path.is_file():
            continue
        if path.suffix == ".json":
            for value in _strings(json.loads(path.read_text(encoding="utf-8"))):
                problems += _template_problems(rel_path, value)
        elif path.suffix == ".txt":
            problems += _template_problems(rel_path, path.read_text(encoding="utf-8"))
        elif path.suffix == ".xml":
            for node in etree.parse(str(path)).iter():
                for value in (node.text, *node.attrib.values()) if isinstance(node.tag, str) else ():
                    if value:
                        problems += _template_problems(rel_path, value)
                        if "<" in value:  # HTML inside the feed
                            frag = lxml.html.fragment_fromstring(value, create_parent="div")
                            for inner in _html_strings(frag):
                                problems += _template_problems(rel_path + " (content)", inner)
    assert not problems, "\n  ".join(sorted(set(problems))[:60])


def test_raw_tag_and_braces_are_shown_literally(html: dict[str, lxml.html.HtmlElement]) -> None:
    shown = h1(page(html, POST1_URL), "post page")
    assert shown.endswith("{{ 7*7 }} {% raw %}"), f"post page: <h1> ends {shown[-30:]!r}"
    paragraphs = [text_of(p) for p in article(page(html, POST2_URL), "post page (plain)").iter("p")]
    assert P2["first_paragraph"] in paragraphs, f"post page (plain): body paragraph shown as {paragraphs[:3]}"


def test_derived_description_keeps_braces_and_raw_tag(html: dict[str, lxml.html.HtmlElement]) -> None:
    """A description derived from the first paragraph is that paragraph's text, braces and all."""
    head = head_values(page(html, POST2_URL))
    assert head.get("description") == P2["first_paragraph"], (
        f"post page (plain): derived meta description is {head.get('description')!r}"
    )
    listed = [
        text_of(p)
        for p in article(page(html, "tin-tuc/"), "news list").xpath(".//p[contains(@class, 'desc')]")
    ]
    assert P2["first_paragraph"] in listed, f"news list: derived description shown as {listed}"


# --- (g) in a real browser: nothing runs ------------------------------------------------------

BROWSER_PAGES = [
    (POST1_URL, "post page (document)", H),
    (POST2_URL, "post page (plain)", HW),
    (TAG_URLS["Ảnh <img src=x onerror=alert(2)>"], "tag page (img)", None),
    (CATEGORY_URLS[CATEGORY_IMG], "category page (img)", None),
    (PROC_URL, "procedure page", H),
    ("thu-tuc/", "procedure index", None),
    ("gioi-thieu/", "about page", None),
    ("", "home page", None),
]


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


class Tripwire:
    """A browser page that records every dialog (and dismisses it) and every page error."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message!r}")
        dialog.dismiss()

    def assert_nothing_ran(self, where: str) -> None:
        pwned = self.page.evaluate("typeof window.__pwned")
        assert not self.dialogs, f"{where}: dialogs opened: {self.dialogs}"
        assert pwned == "undefined", f"{where}: window.__pwned was set (an injected handler ran)"


@pytest.fixture
def tripwire(browser: Any) -> Iterator[Tripwire]:
    context = browser.new_context()
    yield Tripwire(context.new_page())
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("url", "where", "title"), BROWSER_PAGES, ids=[w for _, w, _ in BROWSER_PAGES])
def test_nothing_runs_in_the_browser(
    tripwire: Tripwire, base: str, url: str, where: str, title: str | None
) -> None:
    from playwright.sync_api import expect

    page = tripwire.page
    page.goto(base + url, wait_until="networkidle")  # every image, failed or not, has loaded
    expect(page.locator("article h1").first).to_be_visible()
    tripwire.assert_nothing_ran(where)
    if title is not None:  # the page is loaded: its text is final, no need to wait long
        expect(page.locator("article h1").first).to_have_text(title, timeout=1000)
        topic = page.locator("[data-md-component=header-topic] .md-ellipsis")
        expect(topic, f"{where}: header topic").to_have_text(title, timeout=1000)
        assert page.title().startswith(title), f"{where}: document.title is {page.title()!r}"


@pytest.mark.browser
@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_nothing_runs_in_the_feed_view(tripwire: Tripwire, base: str, name: str) -> None:
    tripwire.page.goto(base + name, wait_until="networkidle")
    tripwire.assert_nothing_ran(name)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "expected"),
    [("alert", [H, HW]), ("kiem tra", [HW]), ("pwned", [H])],
    ids=["alert", "kiem-tra", "pwned"],
)
def test_nothing_runs_in_search_results(
    tripwire: Tripwire, base: str, query: str, expected: list[str]
) -> None:
    from playwright.sync_api import expect

    page = tripwire.page
    page.goto(base + "gioi-thieu/", wait_until="networkidle")
    # only what the search shows counts here (the pages themselves have their own test)
    tripwire.dialogs.clear()
    page.evaluate("delete window.__pwned")
    box = page.locator("#cchc-search-input")
    if not box.is_visible():
        page.locator(".cchc-search-open").click()
    box.fill("")
    box.press_sequentially(query, delay=10)
    page.wait_for_function(
        "q => document.getElementById('cchc-search-list').dataset.settled === q", arg=query, timeout=10000
    )
    items = page.locator("#cchc-search-list li")
    if expected:
        expect(items.first).to_be_visible()
        # excerpts are in: the whole result, title and text, is on screen
        expect(page.locator("#cchc-search-list li .cchc-search-result__text").first).to_be_visible()
    titles = page.locator("#cchc-search-list .cchc-search-result__title").all_text_contents()
    for title in expected:
        assert title in [_norm(t) for t in titles], f"search {query!r}: result titles {titles}"
    tripwire.assert_nothing_ran(f"search results for {query!r}")
