"""Links in post bodies to other Markdown files, and damaged images published with posts."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from cchc.core.problems import ContentError, Problem
from cchc.posts import images
from cchc.posts.model import Post, load_posts
from conftest import FIXTURE, make_project, post, run_build
from test_posts import HEAD, NOW, fm, jpeg, problems_for, write

FORM = "thu-tuc/mau/to-khai-dang-ky-khai-sinh.pdf"  # the procedure's form
OTHER = "title: Báo cáo năm\ndate: 2023-12-20\ncategories: [Báo cáo]\nslug: bao-cao-nam\n"


def one_post(root: Path, files: dict[str, str | bytes], name: str = "2024/a.md") -> Post:
    """Load the posts in ``files`` (and ``docs/`` files, keys starting with ``docs/``)."""
    for rel, content in [(k, v) for k, v in files.items() if k.startswith("docs/")]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    posts = {k: v for k, v in files.items() if not k.startswith("docs/")}
    postset = load_posts(write(root, posts), NOW)
    return next(p for p in postset.visible(preview=True) if p.source == f"posts/{name}")


def only_problem(root: Path, files: dict[str, str | bytes]) -> Problem:
    (problem,) = problems_for(root, files)
    return problem


# --- links to Markdown files ------------------------------------------------------------


def test_link_to_another_post_becomes_its_url(tmp_path: Path) -> None:
    body = "Xem [báo cáo năm](../2023/bao-cao.md) và [bài này](a.md).\n"
    result = one_post(tmp_path, {"2024/a.md": fm(HEAD, body), "2023/bao-cao.md": fm(OTHER)})
    assert "[báo cáo năm](../bao-cao-nam/)" in result.body
    assert "[bài này](./)" in result.body
    assert ".md" not in result.body


def test_link_to_a_post_keeps_its_anchor_and_title(tmp_path: Path) -> None:
    body = (
        'Đầu bài.\n\nXem [kết quả](<../2023/bao-cao.md#ket-qua> "Báo cáo") nhé, [lại](../2023/bao-cao.md).\n'
    )
    result = one_post(tmp_path, {"2024/a.md": fm(HEAD, body), "2023/bao-cao.md": fm(OTHER)})
    assert '[kết quả](../bao-cao-nam/#ket-qua "Báo cáo") nhé, [lại](../bao-cao-nam/).' in result.body


def test_link_to_a_procedure_or_a_page_becomes_its_url(tmp_path: Path) -> None:
    body = (
        "[Khai sinh](../../docs/thu-tuc/ho-tich/khai-sinh.md#ho-so) · "
        "[Giới thiệu](../../docs/gioi-thieu.md) · [Trang chủ](../../docs/index.md)\n"
    )
    files: dict[str, str | bytes] = {
        "2024/a.md": fm(HEAD, body),
        "docs/thu-tuc/ho-tich/khai-sinh.md": "# Khai sinh\n",
        "docs/gioi-thieu.md": "# Giới thiệu\n",
        "docs/index.md": "# Trang chủ\n",
    }
    result = one_post(tmp_path, files)
    assert "[Khai sinh](../../thu-tuc/ho-tich/khai-sinh/#ho-so)" in result.body
    assert "[Giới thiệu](../../gioi-thieu/)" in result.body
    assert "[Trang chủ](../../)" in result.body


def test_link_to_a_missing_file_names_file_line_and_target(tmp_path: Path) -> None:
    body = "Đoạn một.\n\nXem [thủ tục](../../docs/thu-tuc/khong-co.md#a).\n"
    problem = only_problem(tmp_path, {"2024/a.md": fm(HEAD, body)})
    assert (problem.file, problem.line, problem.field) == ("posts/2024/a.md", 9, "nội dung")
    assert "Liên kết tới tệp không có: «../../docs/thu-tuc/khong-co.md#a»" in problem.message
    assert problem.fix and "xóa liên kết" in problem.fix and not problem.warning
    assert "dòng 9" in problem.format()


def test_link_to_a_missing_post_is_reported_with_the_other_problems(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "2024/a.md": fm(HEAD, "[A](../2023/bao-cao-cu.md)\n"),
        "2024/b.md": fm("title: B\ndate: 2024-03-06\ncategories: [Tin tức]\n", "[B](a.md)\n"),
        "2024/c.md": fm("title: C\ndate: 26/10/2023\ncategories: [Tin tức]\n"),
    }
    problems = problems_for(tmp_path, files)
    assert [(p.file, p.field) for p in problems] == [
        ("posts/2024/a.md", "nội dung"),
        ("posts/2024/c.md", "date"),
    ]


def test_link_to_an_unpublished_file_or_post(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "2024/a.md": fm(HEAD, "[Nháp](../_nhap/b.md)\n"),
        "_nhap/b.md": fm(OTHER),
    }
    problem = only_problem(tmp_path, files)
    assert problem.line == 7 and "_nhap/b.md" in problem.message and not problem.warning
    files = {"2024/a.md": fm(HEAD, "[Sắp đăng](c.md)\n"), "2024/c.md": fm(OTHER + "draft: true\n")}
    postset = load_posts(write(tmp_path, files), NOW)
    (warning,) = postset.warnings
    assert warning.warning and warning.file == "posts/2024/a.md" and "chưa được đăng" in warning.message
    assert "(../bao-cao-nam/)" in postset.published[0].body


def test_links_inside_code_are_left_alone(tmp_path: Path) -> None:
    body = (
        "Viết `[báo cáo](../2023/bao-cao.md)` hoặc `![ảnh](khong-co.jpg)`:\n\n"
        "```markdown\n[thủ tục](../../docs/khong-co.md)\n```\n\n"
        "Còn đây là liên kết thật: [báo cáo](../2023/bao-cao.md).\n"
    )
    result = one_post(tmp_path, {"2024/a.md": fm(HEAD, body), "2023/bao-cao.md": fm(OTHER)})
    assert result.body.startswith("\nViết `[báo cáo](../2023/bao-cao.md)` hoặc `![ảnh](khong-co.jpg)`:")
    assert "[thủ tục](../../docs/khong-co.md)\n```" in result.body
    assert result.body.endswith("liên kết thật: [báo cáo](../bao-cao-nam/).\n")


# --- damaged images ---------------------------------------------------------------------


def test_damaged_image_attachment_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "2024/a.md": fm(HEAD + "attachments:\n  - file: bao-cao.pdf\n  - file: anh.jpg\n    title: Ảnh\n"),
        "2024/bao-cao.pdf": b"%PDF-1.4\n",
        "2024/anh.jpg": b"\xff\xd8 not really a jpeg",
    }
    problem = only_problem(tmp_path, files)
    assert (problem.file, problem.line, problem.field) == ("posts/2024/a.md", 7, "attachments")
    assert problem.message.startswith("Tệp đính kèm số 2 «anh.jpg»: Tệp không phải là ảnh hợp lệ")
    assert problem.fix == images.IMAGE_FIX


def test_damaged_body_image_is_a_problem(tmp_path: Path) -> None:
    body = "Mở đầu.\n\n![Hội nghị](anh/hoi-nghi.png)\n"
    files: dict[str, str | bytes] = {"2024/a.md": fm(HEAD, body), "2024/anh/hoi-nghi.png": jpeg()[:50]}
    problem = only_problem(tmp_path, files)
    assert (problem.line, problem.field) == (9, "nội dung")
    assert "«anh/hoi-nghi.png»" in problem.message and "không phải là ảnh hợp lệ" in problem.message


def test_truncated_large_photo_is_a_problem(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(out, "JPEG", quality=95)
    assert len(out.getvalue()) > images.MAX_BYTES  # re-encoded: decoded in full
    files: dict[str, str | bytes] = {
        "2024/a.md": fm(HEAD + "image: anh.jpg\n"),
        "2024/anh.jpg": out.getvalue()[:-20000],
    }
    problem = only_problem(tmp_path, files)
    assert (problem.field, problem.line) == ("image", 5) and "Ảnh bìa «anh.jpg»" in problem.message


def test_non_image_attachments_are_never_opened_by_pillow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Pillow opened a file that is not an image")

    monkeypatch.setattr(Image, "open", refuse)
    files: dict[str, str | bytes] = {
        "2024/a.md": fm(HEAD + "attachments: [bao-cao.pdf, bang.xlsx, nen.zip]\n", "[Tải](bao-cao.pdf)\n"),
        "2024/bao-cao.pdf": jpeg(),  # a JPEG's bytes under a PDF name: still not opened
        "2024/bang.xlsx": b"PK\x03\x04",
        "2024/nen.zip": b"PK\x03\x04" + b"0" * (images.MAX_BYTES + 1),
    }
    result = one_post(tmp_path, files)
    assert [a.kind for a in result.attachments] == ["PDF", "Excel", "ZIP"]
    assert all(a.asset.data is None for a in result.attachments)


@pytest.mark.parametrize(("limit", "kind"), [(1000, "warning"), (500, "error")])
def test_decompression_bomb_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, kind: str
) -> None:
    # 40x30 = 1200 pixels: over the limit Pillow warns about, or twice over it (an error).
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", limit)
    files: dict[str, str | bytes] = {
        "2024/a.md": fm(HEAD + "attachments: [anh.jpg]\n", "![Ảnh](anh.jpg)\n"),
        "2024/anh.jpg": jpeg(),
    }
    problems = problems_for(tmp_path, files)
    assert [(p.field, p.line) for p in problems] == [("attachments", 5), ("nội dung", 8)]
    for problem in problems:
        assert f"hơn {limit:,} điểm ảnh".replace(",", ".") in problem.message
        assert problem.fix == images.BOMB_FIX


# --- in a real build ----------------------------------------------------------------------


@pytest.mark.slow
def test_built_post_links_to_the_pages_it_names(tmp_path: Path) -> None:
    procedure = "thu-tuc/ho-tich/dang-ky-khai-sinh.md"
    body = (
        "Xem [báo cáo năm](../2023/bao-cao.md#ket-qua) và "
        f"[thủ tục khai sinh](../../docs/{procedure}).\n\nMẫu: `[x](../2023/bao-cao.md)`.\n"
    )
    project = make_project(
        tmp_path / "p",
        posts={
            "2024/a.md": post(body=body),
            "2023/bao-cao.md": post(title="Báo cáo năm", date="2023-12-20", extra="slug: bao-cao-nam\n"),
        },
        docs={name: (FIXTURE / "docs" / name).read_bytes() for name in (procedure, FORM)},
    )
    result = run_build(project)  # not --strict: the home page links to fields this project lacks
    assert result.returncode == 0, result.stdout + result.stderr
    warnings = [line for line in (result.stdout + result.stderr).splitlines() if "WARNING" in line]
    assert not [line for line in warnings if "tin-tuc" in line or "bao-cao" in line], warnings
    site = project / "site"
    page = site / "tin-tuc/bai-thu/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article") or soup
    hrefs = {a.get_text(): a["href"] for a in article.select("a[href]")}
    assert hrefs["báo cáo năm"] == "../bao-cao-nam/#ket-qua"
    assert hrefs["thủ tục khai sinh"] == "../../thu-tuc/ho-tich/dang-ky-khai-sinh/"
    for name in ("báo cáo năm", "thủ tục khai sinh"):
        linked = (page.parent / hrefs[name].split("#")[0] / "index.html").resolve()
        assert linked.is_file() and linked.is_relative_to(site.resolve())
    assert "[x](../2023/bao-cao.md)" in article.get_text()
    assert not any(".md" in href for href in hrefs.values())


def test_load_errors_are_content_errors(tmp_path: Path) -> None:
    settings = write(tmp_path, {"2024/a.md": fm(HEAD + "attachments: [anh.png]\n"), "2024/anh.png": b""})
    with pytest.raises(ContentError) as caught:
        load_posts(settings, NOW)
    assert "Tệp đính kèm số 1 «anh.png»" in caught.value.report()
