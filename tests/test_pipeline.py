"""The engine-neutral build (``cchc.build.pipeline``) on the suite's sample content:
which pages it makes, which it searches, what a build without hooks is given. No engine
runs here (fast tier)."""

from __future__ import annotations

import re
from datetime import datetime

import lxml.html
import markdown
import pytest
import yaml

from cchc.build import commands, generate
from cchc.build.pipeline import SiteBuild
from cchc.core.settings import TIMEZONE, load_settings
from conftest import FIXTURE_ROOT

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=TIMEZONE)


@pytest.fixture(scope="module")
def build() -> SiteBuild:
    settings = load_settings(FIXTURE_ROOT)
    setup = commands.setup_from_config(generate.read_config(FIXTURE_ROOT))
    site = SiteBuild(settings, setup, now=NOW)
    site.render(None)
    return site


@pytest.mark.slow
def test_every_published_post_has_a_page_and_nothing_else_does(build: SiteBuild) -> None:
    posts = {p.src_uri for p in build.pages.values() if p.kind == "post"}
    assert posts == {p.src_uri for p in build.content.posts.published}
    held = build.content.posts.drafts + build.content.posts.scheduled
    assert held and not posts & {p.src_uri for p in held}
    assert build.held_back == len(held)


def test_the_preview_also_shows_drafts_and_scheduled_posts() -> None:
    settings = load_settings(FIXTURE_ROOT)
    setup = commands.setup_from_config(generate.read_config(FIXTURE_ROOT))
    preview = SiteBuild(settings, setup, now=NOW, preview=True)
    held = preview.content.posts.drafts + preview.content.posts.scheduled
    assert {p.src_uri for p in held} <= set(preview.pages)
    assert preview.held_back == 0


def test_listing_sources_are_html_that_markdown_returns_unchanged(build: SiteBuild) -> None:
    """A listing's source is given to MkDocs as its content (hooks) and rendered by
    Markdown (an engine without hooks): both must be the same bytes."""
    setup = build.markdown
    md = markdown.Markdown(extensions=list(setup.extensions), extension_configs=setup.configs)
    listings = [p for p in build.pages.values() if p.plain_html]
    assert len(listings) > 20
    for page in listings:
        md.reset()
        assert md.convert(page.content) == build.page_html(page.src_uri), page.src_uri


def test_search_covers_posts_procedures_and_pages_but_not_listings(build: SiteBuild) -> None:
    kinds = {p.url: p.kind for p in build.pages.values()}
    records = []
    for name, data in build.outputs().items():
        if re.fullmatch(r"search/d/\d+\.json", name):
            records += yaml.safe_load(data)
    searched = {r["u"]: r["k"] for r in records}
    assert "gioi-thieu/" in searched and searched["gioi-thieu/"] == "page"
    assert searched["thu-tuc/ho-tich/dang-ky-khai-sinh/"] == "procedure"
    assert all(kinds[url] == "post" for url, kind in searched.items() if kind == "post")
    listings = {url for url, kind in kinds.items() if kind == "listing"}
    assert "tin-tuc/" in listings and "van-ban/" in listings and "thu-tuc/" in listings
    assert not listings & set(searched)
    assert len(searched) == len([p for p in build.pages.values() if p.searchable])
    assert "huong-dan-dang-bai/" not in searched  # the officials' guide is not for residents


def test_the_home_page_links_every_procedure_field_from_the_records(build: SiteBuild) -> None:
    home = build.pages["index.md"].content
    assert "<!-- cchc:" not in home
    fields = build.content.procedures.fields
    assert len(fields) >= 5
    links = lxml.html.fragment_fromstring(markdown.markdown(home), create_parent="div").xpath("//a")
    found = {a.text_content(): a.get("href") for a in links}
    for field in fields:
        assert found[field.name] == field.url, field.name


def test_outputs_are_the_site_files_that_are_not_pages(build: SiteBuild) -> None:
    outputs = build.outputs()
    for name in ("rss.xml", "atom.xml", "robots.txt", "thu-tuc/index.json", "search/index.json"):
        assert name in outputs
    assert "tin-tuc/chuyen-muc/bao-cao/rss.xml" in outputs and "van-ban/atom.xml" in outputs
    assert (
        outputs["robots.txt"]
        .decode()
        .endswith("Sitemap: https://thuonglong.example.gov.vn/cchc/sitemap.xml\n")
    )


def test_front_matter_is_plain_data_an_engine_reads_back(build: SiteBuild) -> None:
    for page in build.pages.values():
        text = page.file_text()
        front = yaml.safe_load(text.split("---\n", 2)[1])
        assert front == page.front_matter(), page.src_uri
        assert page.kind == "page" or front["title"] == page.title


def test_a_page_without_front_matter_is_titled_by_its_first_heading(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_project

    project = make_project(
        tmp_path / "p", docs={"so-do.md": "Mở đầu.\n\n# Sơ đồ *trụ sở* {#so-do}\n\nNội dung.\n"}
    )
    setup = commands.setup_from_config(generate.read_config(project))
    site = SiteBuild(load_settings(project), setup, now=NOW)
    page = site.pages["so-do.md"]
    assert (page.title, page.kind, page.front_matter()) == ("Sơ đồ trụ sở", "page", {})
    assert page.file_text().startswith("---\n{}\n---\n\nMở đầu.")


def test_a_broken_post_and_a_wrong_procedure_reference_are_reported_in_one_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """No rounds: a reference to a missing procedure is reported beside a broken post."""
    import pytest

    from cchc.build.content import load_content
    from cchc.core.problems import ContentError
    from conftest import make_project, post

    docs = {"trang.md": "# Trang\n\nXem [[TTHC:1.999999]].\n"}
    broken = {"2024/loi.md": post("Bài lỗi", "2024-03-05", "[Không có]")}
    project = make_project(tmp_path / "p", posts=broken, docs=docs)
    with pytest.raises(ContentError) as caught:
        load_content(load_settings(project), NOW)
    found = {(p.file, p.field) for p in caught.value.problems}
    assert ("posts/2024/loi.md", "categories") in found
    assert ("docs/trang.md", "nội dung") in found
