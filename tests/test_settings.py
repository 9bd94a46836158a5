"""Site settings in ``mkdocs.yml``: read without MkDocs, validated, mistakes in Vietnamese.

Each case edits one place of the suite's ``mkdocs.yml`` (the repository's, with the commune
of ``tests/fixtures/sample-commune``) and checks the message an official gets: file, line,
dotted key, the wrong value and the fix. No MkDocs build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from cchc.core.config_file import Tagged, parse_config
from cchc.core.problems import ContentError, Problem
from cchc.core.settings import load_settings, settings_from_config
from conftest import FIXTURE_CONFIG_TEXT, FIXTURE_ROOT, REPO

YML = FIXTURE_CONFIG_TEXT  # the repository's mkdocs.yml with the fixture's commune
FEEDS = (
    "  feeds:\n"
    "    length: 50          # number of newest posts in each feed\n"
    "    full_content: true  # false: feeds carry the summary only\n"
)
CATEGORIES = "  categories:\n    - Tin tức\n    - Thông báo\n    - Báo cáo\n    - Kế hoạch\n    - Văn bản\n    - Hỏi đáp\n"
SITE_URL = 'site_url: !ENV [CCHC_SITE_URL, "https://thuonglong.example.gov.vn/cchc/"]'
ORG_PHONE = '    phone: "0234 3 000 000"\n'


def project(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    """A project whose ``mkdocs.yml`` is the repository's with ``old`` replaced by ``new``."""
    assert old in YML, old
    text = YML.replace(old, new, 1)
    root = tmp_path / "p"
    root.mkdir(exist_ok=True)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    if not (root / "overrides").exists():
        (root / "overrides").symlink_to(REPO / "overrides")  # the logo and favicon files
    return root, text


def line_of(text: str, needle: str, after: str = "") -> int:
    """1-based line of the first line containing ``needle`` (after the line containing ``after``)."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines) if i >= start and needle in line) + 1


def problems(tmp_path: Path, old: str, new: str) -> tuple[list[Problem], str]:
    root, text = project(tmp_path, old, new)
    with pytest.raises(ContentError) as caught:
        load_settings(root)
    return caught.value.problems, text


def only(tmp_path: Path, old: str, new: str) -> tuple[Problem, str]:
    found, text = problems(tmp_path, old, new)
    assert len(found) == 1, [p.format() for p in found]
    assert found[0].file == "mkdocs.yml"
    return found[0], text


def run_check(root: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cchc", "check", "--root", str(root)],
        cwd=REPO / "scripts",
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- the good configuration -----------------------------------------------------------


def test_repository_settings_load_without_mkdocs() -> None:
    code = "import sys; from pathlib import Path; from cchc.core.settings import load_settings; "
    code += f"s = load_settings(Path({str(FIXTURE_ROOT)!r})); print(s.per_page, 'mkdocs' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO / "scripts", capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["20", "False"]


def test_repository_settings_keep_their_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CCHC_SITE_URL", raising=False)
    s = load_settings(FIXTURE_ROOT)
    assert s.site_name == "Cải cách hành chính xã Thượng Long"
    assert s.site_url == "https://thuonglong.example.gov.vn/cchc/"
    assert s.description.startswith("Chuyên mục cải cách hành chính của Ủy ban nhân dân xã Thượng Long:")
    assert [(c.name, c.slug) for c in s.categories] == [
        ("Tin tức", "tin-tuc"),
        ("Thông báo", "thong-bao"),
        ("Báo cáo", "bao-cao"),
        ("Kế hoạch", "ke-hoach"),
        ("Văn bản", "van-ban"),
        ("Hỏi đáp", "hoi-dap"),
    ]
    assert list(s.authors) == ["vanhoa-thongtin", "vanphong-thongke", "tuphap-hotich"]
    assert s.authors["vanphong-thongke"].name == "Văn phòng – Thống kê"
    assert s.authors["tuphap-hotich"].role == "Hướng dẫn thủ tục"
    assert (s.per_page, s.feed_length, s.feed_full_content) == (20, 50, True)
    assert s.logo == "assets/images/logo.png"
    org = s.organisation
    assert org.name == "Ủy ban nhân dân xã Thượng Long" and org.parent == "Thành phố Huế"
    assert org.phone == "0234 3 000 000" and org.email == "ubndthuonglong@example.gov.vn"
    assert [c.name for c in org.contacts] == ["Phạm Văn Núi", "Lê Thị Hoa", "Trần Văn Minh"]
    assert org.contacts[1].phone == "0234 3 000 002" and org.fax == "0234 3 000 009"
    assert org.fee_authority == "HĐND thành phố Huế"


def test_mkdocs_config_object_gives_the_same_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.config import load_config

    monkeypatch.delenv("CCHC_SITE_URL", raising=False)
    assert settings_from_config(
        FIXTURE_ROOT, load_config(str(FIXTURE_ROOT / "mkdocs.yml"), hooks=[])
    ) == load_settings(FIXTURE_ROOT)


def test_plain_dict_config_and_defaults(tmp_path: Path) -> None:
    s = settings_from_config(tmp_path, {"site_name": "CCHC", "site_url": "https://example.gov.vn/cchc"})
    assert s.site_url == "https://example.gov.vn/cchc/"
    assert len(s.categories) == 6 and s.authors == {} and (s.per_page, s.feed_length) == (10, 50)
    with pytest.raises(ContentError) as caught:
        settings_from_config(tmp_path, {"site_name": "CCHC", "extra": {"per_page": 0}})
    (problem,) = caught.value.problems
    assert (problem.file, problem.field, problem.line) == ("mkdocs.yml", "extra.per_page", None)


def test_text_is_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Thành phố Huế")
    config = {"site_name": "CCHC", "extra": {"organisation": {"parent": nfd}, "categories": [nfd]}}
    s = settings_from_config(Path("."), config)
    assert s.organisation.parent == s.categories[0].name == unicodedata.normalize("NFC", nfd)


# --- per_page and feeds ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "part"),
    [
        ("0", "không phải 0."),
        ("-1", "không phải -1."),
        ("mười", "hiện đang là «mười»."),
        ('"20"', "hiện đang là «20»."),
    ],
)
def test_per_page_must_be_a_number_in_range(tmp_path: Path, written: str, part: str) -> None:
    problem, text = only(tmp_path, "per_page: 20 ", f"per_page: {written} ")
    assert problem.field == "extra.per_page"
    assert problem.line == line_of(text, "per_page:")
    assert problem.message.startswith("Giá trị phải là một số nguyên từ 1 đến 200")
    assert part in problem.message
    assert problem.fix == "Viết bằng chữ số, không đặt trong ngoặc kép, ví dụ «per_page: 20»."


def test_feeds_yes_is_not_a_group(tmp_path: Path) -> None:
    problem, text = only(tmp_path, FEEDS, "  feeds: yes\n")
    assert (problem.field, problem.line) == ("extra.feeds", line_of(text, "feeds: yes"))
    assert "nhóm các dòng «khóa: giá trị»" in problem.message and "«yes»" in problem.message
    assert problem.fix == "Viết «feeds:» rồi hai dòng thụt lề «length: 50» và «full_content: true»."


@pytest.mark.parametrize("written", ["yes", "on", '"true"'])
def test_full_content_accepts_only_true_or_false(tmp_path: Path, written: str) -> None:
    problem, text = only(tmp_path, "full_content: true", f"full_content: {written}")
    assert (problem.field, problem.line) == ("extra.feeds.full_content", line_of(text, "full_content:"))
    assert problem.message == f"Giá trị chỉ nhận true hoặc false, không phải «{written.strip(chr(34))}»."
    assert "«full_content: false»" in (problem.fix or "")


def test_full_content_false_is_read(tmp_path: Path) -> None:
    root, _ = project(tmp_path, "full_content: true", "full_content: false")
    assert load_settings(root).feed_full_content is False


def test_feed_length_zero(tmp_path: Path) -> None:
    problem, text = only(tmp_path, "length: 50", "length: 0")
    assert (problem.field, problem.line) == ("extra.feeds.length", line_of(text, "length: 0"))
    assert problem.message == "Giá trị phải là một số nguyên từ 1 đến 1000, không phải 0."
    assert problem.fix == "Viết bằng chữ số, không đặt trong ngoặc kép, ví dụ «length: 50»."


def test_feeds_unknown_key(tmp_path: Path) -> None:
    problem, _ = only(tmp_path, "    length: 50 ", "    lenght: 50 ")
    assert problem.field == "extra.feeds.lenght"
    assert (
        problem.message == "Khóa lạ «lenght» trong «extra.feeds»; các khóa được phép: length, full_content."
    )
    assert problem.fix == "Có phải ý bạn là «length»? Sửa lại tên khóa."


# --- authors --------------------------------------------------------------------------


def test_author_without_name(tmp_path: Path) -> None:
    problem, text = only(
        tmp_path,
        "    - id: vanphong-thongke\n      name: Văn phòng – Thống kê\n",
        "    - id: vanphong-thongke\n",
    )
    assert (problem.field, problem.line) == ("extra.authors[2].name", line_of(text, "id: vanphong-thongke"))
    assert problem.message == "Thiếu khóa bắt buộc «name» trong mục thứ 2 của «extra.authors»."
    assert (problem.fix or "").startswith("Thêm dòng «name: …» vào mục thứ 2 của «extra.authors»")


def test_duplicate_author_id(tmp_path: Path) -> None:
    problem, text = only(tmp_path, "id: tuphap-hotich", "id: vanhoa-thongtin")
    assert problem.field == "extra.authors[3].id"
    assert problem.line == line_of(text, "id: vanhoa-thongtin", after="role: Bộ phận Một cửa")
    assert problem.message == "Mã tác giả «vanhoa-thongtin» đã dùng cho tác giả thứ 1."


def test_author_id_format(tmp_path: Path) -> None:
    problem, _ = only(tmp_path, "id: tuphap-hotich", "id: Tư pháp")
    assert problem.field == "extra.authors[3].id"
    assert "chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang" in problem.message
    assert (problem.fix or "").startswith("Ví dụ «id: tu-phap»")


# --- organisation ---------------------------------------------------------------------


def test_fax_and_website_are_accepted(tmp_path: Path) -> None:
    extra = '    fax: "0234 3 000 009"\n    website: https://thuonglong.example.gov.vn/\n'
    root, _ = project(tmp_path, ORG_PHONE, ORG_PHONE + extra)
    org = load_settings(root).organisation
    assert (org.fax, org.website) == ("0234 3 000 009", "https://thuonglong.example.gov.vn/")


def test_unknown_organisation_key_lists_allowed_keys(tmp_path: Path) -> None:
    problem, text = only(tmp_path, ORG_PHONE, ORG_PHONE + '    faks: "0234 3 000 009"\n')
    assert (problem.field, problem.line) == ("extra.organisation.faks", line_of(text, "faks:"))
    assert problem.message == (
        "Khóa lạ «faks» trong «extra.organisation»; các khóa được phép: "
        "name, parent, address, phone, fax, email, website, hours, contacts, hotline, fee_authority, "
        "responsible, "
        "name_en, address_en, hours_en, about_en, functions_en."
    )
    assert problem.fix == "Có phải ý bạn là «fax»? Sửa lại tên khóa."


def test_unknown_contact_key(tmp_path: Path) -> None:
    problem, _ = only(tmp_path, '        phone: "0234 3 000 002"\n', '        dien_thoai: "0234 3 000 002"\n')
    assert problem.field == "extra.organisation.contacts[2].dien_thoai"
    assert "các khóa được phép: name, role, phone, email, role_en." in problem.message


def test_phone_given_as_a_number(tmp_path: Path) -> None:
    problem, text = only(tmp_path, ORG_PHONE, "    phone: 02343000000\n")
    assert (problem.field, problem.line) == ("extra.organisation.phone", line_of(text, "phone: 0234300"))
    assert problem.message == (
        "Giá trị phải là chữ, nhưng «02343000000» viết không có ngoặc kép nên được đọc thành "
        "một số (số 0 ở đầu có thể bị mất)."
    )
    assert problem.fix == 'Đặt giá trị trong ngoặc kép: «phone: "02343000000"».'


def test_bad_email(tmp_path: Path) -> None:
    problem, _ = only(
        tmp_path, "email: ubndthuonglong@example.gov.vn", "email: ubndthuonglong.example.gov.vn"
    )
    assert problem.field == "extra.organisation.email"
    assert problem.message == "Địa chỉ thư điện tử «ubndthuonglong.example.gov.vn» không đúng dạng."


def test_misspelt_owned_key_under_extra(tmp_path: Path) -> None:
    problem, text = only(tmp_path, "  organisation:", "  organization:")
    assert (problem.field, problem.line) == ("extra.organization", line_of(text, "organization:"))
    assert problem.fix == "Có phải ý bạn là «organisation»? Sửa lại tên khóa."


def test_material_keys_under_extra_are_left_alone(tmp_path: Path) -> None:
    social = "  social:\n    - icon: fontawesome/brands/facebook\n      link: https://facebook.com/x\n"
    root, _ = project(tmp_path, "  generator: false\n", "  generator: false\n  homepage: /\n" + social)
    assert load_settings(root).per_page == 20


# --- categories -----------------------------------------------------------------------


@pytest.mark.parametrize("written", ["  categories: []\n", "  categories:\n"])
def test_categories_must_not_be_empty(tmp_path: Path, written: str) -> None:
    problem, text = only(tmp_path, CATEGORIES, written)
    assert (problem.field, problem.line) == ("extra.categories", line_of(text, "categories:"))
    assert problem.message == "Danh sách đang để trống; cần ít nhất một mục."


def test_duplicate_categories_by_name_and_by_address(tmp_path: Path) -> None:
    found, text = problems(
        tmp_path, "    - Hỏi đáp\n", "    - Hỏi đáp\n    - Tin tức\n    - Tin tuc\n    - ''\n"
    )
    assert [(p.field, p.line) for p in found] == [
        ("extra.categories[7]", line_of(text, "- Tin tức", after="- Hỏi đáp")),
        ("extra.categories[8]", line_of(text, "- Tin tuc")),
        ("extra.categories[9]", line_of(text, "- ''")),
    ]
    assert found[0].message == "Chuyên mục «Tin tức» trùng với chuyên mục thứ 1 «Tin tức»."
    assert (
        found[1].message == "Chuyên mục «Tin tuc» có cùng địa chỉ «tin-tuc» với chuyên mục thứ 1 «Tin tức»."
    )
    assert found[2].message == "Mục trong danh sách đang để trống."


# --- site_name, site_url, !ENV --------------------------------------------------------


def test_site_name_with_markup(tmp_path: Path) -> None:
    name = "site_name: Cải cách hành chính xã Thượng Long"
    problem, text = only(tmp_path, name, name + " <script>alert(1)</script>")
    assert (problem.field, problem.line) == ("site_name", line_of(text, "site_name:"))
    assert "có ký tự «<» hoặc «>»" in problem.message and "Material in thẳng tên trang" in problem.message
    assert problem.fix == "Bỏ các ký tự «<» và «>» khỏi «site_name»."


@pytest.mark.parametrize("url", ["thuonglong.example.gov.vn/cchc/", "ftp://thuonglong.example.gov.vn/", "5"])
def test_bad_site_url(tmp_path: Path, url: str) -> None:
    found, text = problems(tmp_path, SITE_URL, f'site_url: "{url}"')
    (problem,) = found
    assert (problem.field, problem.line) == ("site_url", line_of(text, "site_url:"))
    assert problem.message == f"Địa chỉ trang «{url}» không phải một địa chỉ web đầy đủ."


def test_site_url_gets_a_trailing_slash(tmp_path: Path) -> None:
    root, _ = project(tmp_path, SITE_URL, "site_url: https://xa.example.gov.vn/cchc")
    assert load_settings(root).site_url == "https://xa.example.gov.vn/cchc/"


def test_env_tag_default_and_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CCHC_SITE_URL", raising=False)
    assert load_settings(FIXTURE_ROOT).site_url == "https://thuonglong.example.gov.vn/cchc/"
    monkeypatch.setenv("CCHC_SITE_URL", "http://127.0.0.1:8000/thu")
    assert load_settings(FIXTURE_ROOT).site_url == "http://127.0.0.1:8000/thu/"


def test_env_tag_wrong_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_SITE_URL", "thuonglong.example.gov.vn")
    with pytest.raises(ContentError) as caught:
        load_settings(FIXTURE_ROOT)
    (problem,) = caught.value.problems
    assert (problem.field, problem.line) == ("site_url", line_of(YML, "site_url:"))
    assert problem.message == (
        "Địa chỉ trang «thuonglong.example.gov.vn» không phải một địa chỉ web đầy đủ. "
        "(Giá trị lấy từ biến môi trường CCHC_SITE_URL.)"
    )


def test_env_tag_without_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "site_name: Cải cách hành chính xã Thượng Long"
    root, text = project(tmp_path, name, "site_name: !ENV CCHC_TEN_TRANG")
    monkeypatch.delenv("CCHC_TEN_TRANG", raising=False)
    with pytest.raises(ContentError) as caught:
        load_settings(root)
    (problem,) = caught.value.problems
    assert (problem.field, problem.line) == ("site_name", line_of(text, "site_name:"))
    assert problem.message == "Không được để trống. (Biến môi trường CCHC_TEN_TRANG chưa được đặt.)"
    monkeypatch.setenv("CCHC_TEN_TRANG", "Cải cách hành chính")
    assert load_settings(root).site_name == "Cải cách hành chính"


def test_env_tag_resolves_yaml_types_like_mkdocs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_SO", "20")
    config = parse_config(
        "a: !ENV CCHC_SO\nb: !ENV [CCHC_KHONG_CO, CCHC_SO, 5]\nc: !ENV [CCHC_KHONG_CO, 5]\n"
    )
    assert config.data == {"a": 20, "b": 20, "c": 5}
    assert config.env["c"] == "biến môi trường CCHC_KHONG_CO chưa được đặt nên dùng giá trị mặc định"


def test_other_tags_are_opaque() -> None:
    config = parse_config(
        "a: !relative $config_dir/x\nb: !!python/name:material.extensions.emoji.twemoji\nc: !ENV\n"
    )
    assert config.data["a"] == "!relative $config_dir/x" and isinstance(config.data["a"], Tagged)
    assert config.data["b"] == "!!python/name:material.extensions.emoji.twemoji"
    assert config.data["b"].tag == "!!python/name:material.extensions.emoji.twemoji"


# --- YAML syntax, and the command line ------------------------------------------------


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    problem, text = only(tmp_path, "  per_page: 20 ", "  per_page: 20\n   feeds: 1 ")
    assert problem.line == line_of(text, "   feeds: 1")
    assert problem.field is None
    assert problem.message.startswith("Tệp cấu hình sai cú pháp YAML: ")
    assert "mapping values" not in problem.message  # Vietnamese only, no parser English
    assert problem.fix  # the one fix that applies, in Vietnamese


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_settings(tmp_path)
    assert caught.value.problems[0].message.startswith("Không tìm thấy tệp cấu hình trang")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "per_page: 20 ",
            "per_page: 0 ",
            "trường «extra.per_page»: Giá trị phải là một số nguyên từ 1 đến 200",
        ),
        (FEEDS, "  feeds: yes\n", "trường «extra.feeds»: Giá trị phải là một nhóm"),
        (
            ORG_PHONE,
            "    phone: 02343000000\n",
            'Cách sửa: Đặt giá trị trong ngoặc kép: «phone: "02343000000"»',
        ),
        (
            "  per_page: 20 ",
            "  per_page: 20\n   feeds: 1 ",
            "Tệp cấu hình sai cú pháp YAML: ",
        ),
    ],
)
@pytest.mark.slow
def test_check_command_reports_settings_without_traceback(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    root, _ = project(tmp_path, old, new)
    result = run_check(root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "Kiểm tra nội dung: có 1 lỗi" in result.stderr
    assert expected in result.stderr, result.stderr


@pytest.mark.slow
def test_check_command_reports_a_wrong_env_variable(tmp_path: Path) -> None:
    root, _ = project(tmp_path, "per_page: 20 ", "per_page: 20 ")
    result = run_check(root, {"CCHC_SITE_URL": "ftp://x"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"mkdocs.yml, dòng {line_of(YML, 'site_url:')}, trường «site_url»" in result.stderr
    assert "biến môi trường CCHC_SITE_URL" in result.stderr


def test_yaml_anchors_and_aliases_in_mkdocs_yml_are_refused_before_expansion(tmp_path: Path) -> None:
    """An alias bomb in mkdocs.yml is refused at once, with its line (read by check and the
    build without hooks; MkDocs itself parses mkdocs.yml before any hook runs)."""
    bomb = 'a: &a ["x", "x"]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n'
    (tmp_path / "mkdocs.yml").write_text("site_name: Xã\n" + bomb, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_settings(tmp_path)
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("mkdocs.yml", 2)
    assert "neo hoặc bí danh YAML «&a»" in problem.message


# --- theme files ----------------------------------------------------------------------


@pytest.mark.parametrize("key", ["logo", "favicon"])
def test_a_missing_theme_file_names_its_key_and_line(tmp_path: Path, key: str) -> None:
    root, _ = project(tmp_path, "  font: false\n", "  font: false\n")
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(rf"(?m)^  {key}: .*$", f"  {key}: assets/images/logo-xa-moi.png", text)
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_settings(root)
    (problem,) = caught.value.problems
    assert (problem.file, problem.field, problem.line) == (
        "mkdocs.yml",
        f"theme.{key}",
        line_of(text, f"  {key}: "),
    )
    assert problem.message == (
        f"Không thấy tệp «assets/images/logo-xa-moi.png» mà «theme.{key}» chỉ tới "
        "(tìm trong thư mục docs/ và overrides/)."
    )
    assert problem.fix is not None and "overrides/assets/images/logo-xa-moi.png" in problem.fix


def test_the_fee_authority_is_site_data(tmp_path: Path) -> None:
    root, _ = project(tmp_path, "fee_authority: HĐND thành phố Huế", "fee_authority: HĐND tỉnh Quảng Trị")
    assert load_settings(root).organisation.fee_authority == "HĐND tỉnh Quảng Trị"
