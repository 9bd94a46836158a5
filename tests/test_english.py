"""The English page ``en/`` (Decree 42/2022/NĐ-CP, art. 7) and the language switch.

The page is made from ``extra.organisation`` (``name_en``, ``functions_en``, ``role_en`` of
each contact…): ``<html lang="en">``, hreflang alternates with the home page, a switch on
every page, a meaningful logo alt, and every value escaped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from cchc.core.problems import ContentError
from cchc.core.settings_model import validate_settings
from conftest import SUBPATH_URL, build_ok, make_project, post

pytestmark = pytest.mark.slow

HOSTILE = '<b>Ủy ban</b> & "xã" <script>alert(1)</script>'

# One page of each type (site-relative URL): the switch and the footer are on all of them.
PAGES = ("", "tin-tuc/", "tin-tuc/bai-thu/", "gioi-thieu/", "en/", "tin-tuc/chuyen-muc/", "404.html")


def _tree(site: Path, url: str) -> BeautifulSoup:
    path = site / (url if url.endswith(".html") else url + "index.html")
    return BeautifulSoup(path.read_bytes(), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(
        tmp_path_factory.mktemp("english") / "p", posts={"2024/a.md": post(extra="slug: bai-thu\n")}
    )
    return build_ok(project, site_url=SUBPATH_URL)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's settings with a hostile English name, role and function."""
    project = make_project(tmp_path_factory.mktemp("english-hostile") / "p", posts={"2024/a.md": post()})
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    org_start = text.index("  organisation:\n")
    fields = {
        "name_en": HOSTILE,
        "about_en": HOSTILE,
        "hours_en": HOSTILE,
    }
    extra = "".join(f"    {key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())
    text = text.replace("    name_en:", "    old_name_en:", 1).replace(
        "    about_en:", "    old_about_en:", 1
    )
    text = text.replace("    hours_en:", "    old_hours_en:", 1)
    text = text[: org_start + len("  organisation:\n")] + extra + text[org_start + len("  organisation:\n") :]
    # Drop the replaced keys (their values may span lines: about_en is a folded block).
    lines, skip = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith(("    old_name_en:", "    old_about_en:", "    old_hours_en:")):
            skip = True
            continue
        if skip and line.startswith("      "):
            continue
        skip = False
        lines.append(line)
    text = "".join(lines).replace(
        "role_en: Office and Statistics Officer, one-stop desk",
        f"role_en: {json.dumps(HOSTILE, ensure_ascii=False)}",
    )
    config.write_text(text, encoding="utf-8")
    return build_ok(project, site_url=SUBPATH_URL)


def test_english_page_is_lang_en_with_the_organisation(site: Path) -> None:
    tree = _tree(site, "en/")
    assert tree.html is not None and tree.html.get("lang") == "en"
    article = tree.select("article")[0]
    text = " ".join(article.get_text().split())
    for wanted in (
        "People's Committee of Thượng Long Commune",
        "Functions and duties",
        "Drafts and carries out the commune's yearly administrative reform plan.",
        "How to reach the one-stop desk",
        "Village 5, Thượng Long Commune",
        "Monday to Friday: 7:00 – 11:30 and 13:30 – 17:00",
        "0234 3 000 003",
        "ubndthuonglong@example.gov.vn",
        "Contact officials",
        "Lê Thị Hoa",
        "Culture and Information Officer, contact point for public information",
        "Responsible for the content: Phạm Văn Núi, Vice-Chairman",
    ):
        assert wanted in text, wanted
    # The Vietnamese frame of the English page says so.
    for frame in ("header.md-header", "footer.md-footer"):
        assert tree.select(frame)[0].get("lang") == "vi", frame
    assert tree.select("title")[0].get_text().startswith("English")


def test_home_and_english_page_are_hreflang_alternates(site: Path) -> None:
    for url in ("", "en/"):
        links = {
            link.get("hreflang"): link.get("href")
            for link in _tree(site, url).select("head link[rel=alternate][hreflang]")
        }
        assert links == {"vi": SUBPATH_URL, "en": SUBPATH_URL + "en/", "x-default": SUBPATH_URL}, url
    # A page without a translation claims none.
    assert not _tree(site, "tin-tuc/bai-thu/").select("head link[hreflang]")


@pytest.mark.parametrize("url", PAGES)
def test_language_switch_and_logo_alt_on_every_page(site: Path, url: str) -> None:
    tree = _tree(site, url)
    switch = tree.select("header a.cchc-lang")
    assert len(switch) == 1, url
    if url == "en/":
        assert switch[0].get("hreflang") == "vi" and "Tiếng Việt" in switch[0].get_text()
    else:
        assert switch[0].get("hreflang") == "en" and "English" in switch[0].get_text()
        href = switch[0].get("href")
        base = SUBPATH_URL + (url if url.endswith("/") else "")
        from urllib.parse import urljoin

        assert urljoin(base, href) == SUBPATH_URL + "en/", (url, href)
    alts = {img.get("alt") for img in tree.select("img[src*='logo']")}
    assert alts == {"Ủy ban nhân dân xã Thượng Long"}, (url, alts)
    assert 'alt="logo"' not in (site / (url if url.endswith(".html") else url + "index.html")).read_text(
        "utf-8"
    )


def test_english_values_are_escaped(hostile_site: Path) -> None:
    html = (hostile_site / "en" / "index.html").read_text(encoding="utf-8")
    tree = BeautifulSoup(html, "html.parser")
    assert not tree.select("article script, article b"), "a value became markup"
    assert "<script>alert(1)" not in html
    text = tree.select("article")[0].get_text()
    assert text.count(HOSTILE) >= 4  # the h1, the intro, the hours, a contact's position
    assert tree.select("h1")[0].get_text().strip() == HOSTILE
    assert HOSTILE in tree.select("title")[0].get_text()


def test_contact_without_english_position_is_marked_vietnamese(tmp_path: Path) -> None:
    from cchc.rendering.organisation import contacts_html_en

    settings = validate_settings(
        tmp_path,
        {
            "site_name": "CCHC",
            "extra": {"organisation": {"contacts": [{"name": "Lê Thị Hoa", "role": "Công chức Văn hóa"}]}},
        },
    )
    cell = BeautifulSoup(contacts_html_en(settings.organisation), "html.parser").select(
        "td[data-label=Position]"
    )[0]
    (span,) = cell.select("span[lang=vi]")
    assert isinstance(span, Tag) and span.get_text() == "Công chức Văn hóa"


@pytest.mark.parametrize(
    ("organisation", "field", "message"),
    [
        (
            {"responsible": {"name": "Phạm Văn Núi"}},
            "extra.organisation.responsible.role",
            "Thiếu khóa bắt buộc «role»",
        ),
        ({"responsible": "Phạm Văn Núi"}, "extra.organisation.responsible", "nhóm các dòng"),
        ({"functions_en": [12]}, "extra.organisation.functions_en[1]", "phải là chữ"),
        (
            {"contacts": [{"name": "A", "role": "B", "chuc_vu_en": "C"}]},
            "extra.organisation.contacts[1].chuc_vu_en",
            "role_en",
        ),
    ],
)
def test_new_organisation_keys_are_validated_in_vietnamese(
    tmp_path: Path, organisation: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(ContentError) as caught:
        validate_settings(tmp_path, {"site_name": "CCHC", "extra": {"organisation": organisation}})
    (problem,) = caught.value.problems
    assert problem.field == field
    assert message in problem.message + problem.fix


def test_responsible_and_english_fields_reach_the_settings(tmp_path: Path) -> None:
    org = validate_settings(
        tmp_path,
        {
            "site_name": "CCHC",
            "extra": {
                "organisation": {
                    "phone": "0234 1",
                    "responsible": {"name": "Phạm Văn Núi", "role": "Phó Chủ tịch"},
                    "functions_en": "One line",
                }
            },
        },
    ).organisation
    assert (org.responsible.name, org.responsible.role, org.responsible.role_en) == (
        "Phạm Văn Núi",
        "Phó Chủ tịch",
        "",
    )
    assert org.functions_en == ("One line",) and org.desk_phone == "0234 1"
