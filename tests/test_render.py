"""Post-body rendering (``cchc.render``): skipped extensions change nothing, and the cache
file is reused, pruned, rebuilt when damaged and done without when it cannot be written."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

import bench  # scripts/bench.py: its synthetic posts
from cchc.core.text import markdown_slugify
from cchc.rendering import cache as render
from cchc.rendering import markdown as markdown_engine
from cchc.search.terms import Terms
from conftest import FIXTURE

EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "admonition", "footnotes", "pymdownx.details")
SETUP = markdown_engine.MarkdownSetup(
    EXTENSIONS,
    {"toc": {"permalink": True, "permalink_title": "Liên kết tới mục này", "slugify": markdown_slugify}},
)

# Bodies that use each skippable extension's syntax, alone and together.
SYNTAX = {
    "admonition": '!!! note "Lưu ý"\n    Mang theo **căn cước**.\n',
    "details": '??? info "Hồ sơ gồm"\n    - Tờ khai\n    - Giấy tờ\n',
    "footnote": "Theo Nghị định[^1].\n\n[^1]: Nghị định số 42/2022/NĐ-CP.\n",
    "table": "| Cột | Số |\n|---|---:|\n| Hộ tịch | 12 |\n",
    "attr_list": "## Kết quả {#ket-qua .lon}\n\nĐoạn văn.\n{: .ghi-chu }\n",
    "fenced": "```\n!!! không phải ghi chú\n| không | phải bảng |\n```\n",
    "inline pipe": "Giờ làm việc: sáng | chiều.\n",
    "all": "\n".join(
        ['!!! warning "A"\n    x [^a]', "??? note\n    y", "| a |\n|---|\n| b |", "[^a]: z", "`{kbd}` ~~~"]
    ),
    # One inline syntax per paragraph: no other one may make the paragraph take the full path.
    "one each": "\n\n".join(
        [
            "dòng một  \ndòng hai",
            "địa chỉ <https://x.vn> đây",
            "thư <a@b.vn> đây",
            "thẻ <b>đậm</b> đây",
            "ký hiệu &amp; đây",
            "mã `a` đây",
            "thoát \\# đây",
            "nhấn *mạnh* đây",
            "nhấn _mạnh_ đây",
            "liên kết [a](b) đây",
            "ảnh ![a](b.png) đây",
        ]
    ),
    "plain": "# Tiêu đề\n\nĐoạn văn *nghiêng* và **đậm**, [liên kết](../a/).\n\n- một\n- hai\n",
    "inline": (
        "Giờ **đậm** và `mã` và <b>thẻ</b> &amp; dòng  \nngắt \\* thoát [liên kết](a) ![ảnh](b.png) "
        "<https://x.vn> <a@b.vn> _nghiêng_ [tham chiếu][r] ![ảnh][r] [r]\n\n[r]: https://y.vn\n\n"
        "Không có gì đặc biệt ở đây.\n\n- mục *một*\n- mục hai\n\n> trích dẫn __đậm__\n"
    ),
}


def _bodies() -> dict[str, str]:
    bodies = dict(SYNTAX)
    for path in sorted((FIXTURE / "posts").rglob("*.md")) + sorted((FIXTURE / "docs").rglob("*.md")):
        bodies[str(path)] = path.read_text(encoding="utf-8")
    rng = random.Random(7)
    for index in range(20):
        bodies[f"synthetic {index}"] = bench.synthetic_post(rng, index)
    return bodies


def _outputs(result: dict[str, render.Rendered]) -> dict[str, tuple[str, object, str, bytes]]:
    return {name: (r.html(), r.toc_tokens, r.text(), r.terms()) for name, r in result.items()}


def test_each_syntax_renders_with_the_site_extensions() -> None:
    """What an official writes becomes the HTML a reader gets, heading ids folded."""
    bodies = dict(SYNTAX, heading="## Đăng ký khai sinh\n\nMang **căn cước**.\n")
    html = {name: r.html() for name, r in render.render_all(bodies, SETUP, None, workers=1).items()}
    assert html["heading"].startswith('<h2 id="dang-ky-khai-sinh">Đăng ký khai sinh')
    assert "<strong>căn cước</strong>" in html["heading"]
    assert '<div class="admonition note">' in html["admonition"]
    assert '<details class="info">' in html["details"]
    assert '<div class="footnote">' in html["footnote"]
    assert "<table>" in html["all"] and '<div class="admonition warning">' in html["all"]


def test_terms_and_text_are_those_of_the_html() -> None:
    result = render.render_all({"a": SYNTAX["table"]}, SETUP, None, workers=1)["a"]
    assert "<table>" in result.html() and "Hộ tịch" in result.text()
    assert Terms.from_bytes(result.terms()) == Terms.of(result.text())


@pytest.mark.slow
def test_the_pool_renders_what_one_process_renders(tmp_path: Path) -> None:
    rng = random.Random(3)
    bodies = {f"b{i}": bench.synthetic_post(rng, i) for i in range(render.PARALLEL_THRESHOLD)}
    pooled = render.render_all(bodies, SETUP, tmp_path / "cache.sqlite3", workers=2)
    alone = render.render_all(bodies, SETUP, None, workers=1)
    assert _outputs(pooled) == _outputs(alone)


def _rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM body").fetchone()[0])


def test_cache_renders_only_new_bodies_and_forgets_removed_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / ".cache" / "render.sqlite3"
    first = render.render_all({"a": "# A\n\nmột", "b": "# B\n\nhai"}, SETUP, cache, workers=1, now=1000.0)
    assert _rows(cache) == 2 and first["a"].store is not None
    rendered: list[str] = []
    original = render._Renderer.render

    def counting(self: render._Renderer, key: str, body: str) -> render.Rendered:
        rendered.append(body)
        return original(self, key, body)

    monkeypatch.setattr(render._Renderer, "render", counting)
    later = 1000.0 + render.KEEP_UNUSED_SECONDS / 2
    second = render.render_all({"a": "# A\n\nmột", "c": "# C\n\nba"}, SETUP, cache, workers=1, now=later)
    assert rendered == ["# C\n\nba"]
    assert _rows(cache) == 3  # b may still be read by another build (mkdocs serve beside a build)
    much_later = later + render.KEEP_UNUSED_SECONDS * 0.75
    third = render.render_all({"a": "# A\n\nmột", "c": "# C\n\nba"}, SETUP, cache, workers=1, now=much_later)
    assert rendered == ["# C\n\nba"]
    assert _rows(cache) == 2  # b's entry is gone, a's was used by the second build
    assert third["c"].html() == second["c"].html()
    assert second["a"].html() == first["a"].html() and "ba" in second["c"].html()
    assert second["a"].toc_tokens[0]["name"] == "A"


def test_a_cache_file_of_another_version_is_made_again(tmp_path: Path) -> None:
    cache = tmp_path / "render.sqlite3"
    with sqlite3.connect(cache) as connection:
        connection.execute("CREATE TABLE body (key TEXT, toc TEXT)")
        connection.execute("INSERT INTO body VALUES ('x', '[]')")
    result = render.render_all({"a": "# A\n\nmột"}, SETUP, cache, workers=1)
    assert result["a"].store is not None and "một" in result["a"].html()
    assert _rows(cache) == 1


def test_a_damaged_cache_file_is_made_again(tmp_path: Path) -> None:
    cache = tmp_path / "render.sqlite3"
    cache.write_bytes(b"not a database " * 100)
    result = render.render_all({"a": "# A\n\nmột"}, SETUP, cache, workers=1)
    assert "một" in result["a"].html()
    assert _rows(cache) == 1


def test_without_a_writable_cache_bodies_stay_in_memory(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file where the cache directory would be")
    result = render.render_all({"a": "# A\n\nmột"}, SETUP, tmp_path / "file" / "render.sqlite3", workers=1)
    assert result["a"].store is None and "một" in result["a"].html()


def test_bodies_that_could_not_be_stored_stay_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """E.g. a full disk: the build goes on with what it rendered."""
    monkeypatch.setattr(render.BodyStore, "put", lambda self, entries, now: False)
    result = render.render_all({"a": "# A\n\nmột"}, SETUP, tmp_path / "render.sqlite3", workers=1)
    assert result["a"].store is None and "một" in result["a"].html()
    assert _rows(tmp_path / "render.sqlite3") == 0


def test_a_forked_process_reads_the_cache(tmp_path: Path) -> None:
    """The search index worker is a forked child: it opens its own connection."""
    cache = tmp_path / "render.sqlite3"
    result = render.render_all({"a": "# A\n\nmột"}, SETUP, cache, workers=1)
    assert "một" in result["a"].html()  # the parent's connection is open before the fork
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.write(write, result["a"].text().encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    assert os.read(read, 1000).decode() == result["a"].text()
    assert result["a"].terms() == Terms.of(result["a"].text()).to_bytes()


def test_an_edited_or_damaged_entry_is_rendered_again_never_used(tmp_path: Path) -> None:
    """A damaged cache never changes what is published: every entry is verified against its
    digest before it is used; one that was changed since it was written is rendered again."""
    import sqlite3

    store = tmp_path / "render.sqlite3"
    body = "## Đăng ký khai sinh\n\nMang **căn cước**.\n"
    first = render.render_all({"a": body}, SETUP, store, workers=1)["a"].html()
    with sqlite3.connect(store) as connection:
        connection.execute("UPDATE body SET html = '<script>alert(1)</script>'")
    again = render.render_all({"a": body}, SETUP, store, workers=1)["a"]
    assert again.html() == first and "<script>" not in again.html()
    with sqlite3.connect(store) as connection:
        assert "<script>" not in connection.execute("SELECT html FROM body").fetchone()[0]


# --- tables in Material's scrolling frame (what its bundle did in the browser) -----------------

FRAME = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'


def test_class_less_tables_are_framed_and_the_site_s_own_tables_are_not() -> None:
    html = markdown_engine.frame_tables(
        '<p>&lt;table&gt; là chữ</p><table><tr><td><table class="cchc-x"><tr><td>1</td></tr></table>'
        '</td></tr></table><TABLE data-x="1"><tr><td>2</td></tr></TABLE>'
    )
    assert html == (
        f"<p>&lt;table&gt; là chữ</p>{FRAME}<table><tr><td>"
        '<table class="cchc-x"><tr><td>1</td></tr></table></td></tr></table></div></div>'
        f'{FRAME}<TABLE data-x="1"><tr><td>2</td></tr></TABLE></div></div>'
    )
    assert markdown_engine.frame_tables("</table>") == "</table>"  # a stray end tag stays alone
    assert markdown_engine.frame_tables(html) == html  # framed once, whatever passes it makes


def test_a_markdown_table_in_a_body_is_rendered_in_its_frame() -> None:
    setup = markdown_engine.MarkdownSetup((*EXTENSIONS, markdown_engine.EXTENSION), SETUP.configs)
    html, _ = markdown_engine.BodyMarkdown(setup).convert(SYNTAX["table"])
    assert html.startswith(FRAME + "<table>") and html.endswith("</table></div></div>")
