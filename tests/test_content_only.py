"""Only the content is published (issue 17, item 4): nothing but the files of ``posts/`` and
``docs/`` reaches the site; symbolic links out of them, loops and dot-files never do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cchc.build.content import load_content
from cchc.core.problems import ContentError, Problem
from cchc.core.settings import TIMEZONE, settings_from_config
from conftest import make_project, post, run_build
from test_engines import build_plain_ok

NOW = __import__("datetime").datetime(2026, 11, 25, 12, 0, tzinfo=TIMEZONE)
CONFIG = {"site_url": "https://example.gov.vn/", "site_name": "CCHC", "extra": {}}
OUTSIDE = "trỏ ra ngoài thư mục posts/ và docs/; chỉ nội dung trong hai thư mục này được đăng lên trang."


def tree(root: Path, posts: dict[str, str] | None = None, docs: dict[str, str] | None = None) -> Path:
    for base, files in (("posts", posts or {}), ("docs", docs or {})):
        (root / base).mkdir(parents=True, exist_ok=True)
        for rel, text in files.items():
            path = root / base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return root


def problems(root: Path) -> list[Problem]:
    with pytest.raises(ContentError) as caught:
        load_content(settings_from_config(root, CONFIG), NOW)
    return caught.value.problems


def test_links_out_of_the_content_folders_are_refused_by_name(tmp_path: Path) -> None:
    root = tree(tmp_path, {"2024/a.md": post()})
    os.symlink("/proc/self/environ", root / "docs" / "env.txt")
    os.symlink("/etc/passwd", root / "docs" / "passwd.txt")
    os.symlink("/etc/passwd", root / "posts" / "2024" / "bai.md")
    os.symlink("/etc", root / "docs" / "he-thong")
    os.symlink("../mkdocs.yml", root / "docs" / "cau-hinh.yml")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    found = {p.file: p.message for p in problems(root)}
    assert found == {
        "docs/env.txt": f"Liên kết tượng trưng (symlink) «docs/env.txt» -> «/proc/self/environ» {OUTSIDE}",
        "docs/passwd.txt": f"Liên kết tượng trưng (symlink) «docs/passwd.txt» -> «/etc/passwd» {OUTSIDE}",
        "posts/2024/bai.md": f"Liên kết tượng trưng (symlink) «posts/2024/bai.md» -> «/etc/passwd» {OUTSIDE}",
        "docs/he-thong": f"Liên kết tượng trưng (symlink) «docs/he-thong» -> «/etc» {OUTSIDE}",
        "docs/cau-hinh.yml": f"Liên kết tượng trưng (symlink) «docs/cau-hinh.yml» -> «../mkdocs.yml» {OUTSIDE}",
    }


def test_loops_and_links_to_nothing_are_one_message_each(tmp_path: Path) -> None:
    root = tree(tmp_path, docs={"a/b/trang.md": "# Trang\n"})
    os.symlink("vong.txt", root / "docs" / "vong.txt")
    os.symlink("../..", root / "docs" / "a" / "b" / "len")
    os.symlink("khong-co.pdf", root / "docs" / "mat.pdf")
    found = {p.file: p.message for p in problems(root)}
    assert found == {
        "docs/vong.txt": "Liên kết tượng trưng (symlink) «docs/vong.txt» -> «vong.txt» tạo thành vòng lặp.",
        "docs/a/b/len": "Liên kết tượng trưng (symlink) «docs/a/b/len» -> «../..» trỏ tới thư mục chứa chính "
        "nó, tạo thành vòng lặp.",
        "docs/mat.pdf": "Liên kết tượng trưng (symlink) «docs/mat.pdf» -> «khong-co.pdf» trỏ tới tệp không có.",
    }


def test_links_inside_the_content_folders_are_allowed(tmp_path: Path) -> None:
    root = tree(tmp_path, {"2024/a.md": post(), "2024/mau.pdf": "%PDF"}, {"trang.md": "# Trang\n"})
    os.symlink("../posts/2024", root / "docs" / "mau-don")
    content = load_content(settings_from_config(root, CONFIG), NOW)
    assert root / "docs" / "mau-don" / "mau.pdf" in content.files.docs


@pytest.mark.parametrize("target", ["../../.git/config", "../../mkdocs.yml", "../../docs/.env"])
def test_a_body_linking_a_file_outside_the_content_folders_is_refused(tmp_path: Path, target: str) -> None:
    root = tree(tmp_path, {"2024/a.md": post(body=f"[cấu hình]({target})\n")}, {".env": "SECRET=1\n"})
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[remote]\nurl = https://token@example\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (found,) = [p for p in problems(root) if not p.warning]
    assert (found.file, found.field, found.line) == ("posts/2024/a.md", "nội dung", 7)
    assert found.message.startswith(f"«{target}»: Tệp này nằm ngoài thư mục posts/ và docs/")


def test_an_attachment_outside_the_content_folders_is_refused(tmp_path: Path) -> None:
    root = tree(tmp_path, {"2024/a.md": post(extra="attachments:\n  - file: ../../bi-mat.pdf\n")})
    (root / "bi-mat.pdf").write_text("%PDF bí mật", encoding="utf-8")
    (found,) = problems(root)
    assert (found.file, found.field, found.line) == ("posts/2024/a.md", "attachments", 6)
    assert "Tệp này nằm ngoài thư mục posts/ và docs/" in found.message


def test_dot_files_of_docs_are_skipped_with_a_warning(tmp_path: Path) -> None:
    root = tree(tmp_path, {"2024/a.md": post()}, {".env": "SECRET=1\n", ".an/x.txt": "x", ".gitkeep": ""})
    content = load_content(settings_from_config(root, CONFIG), NOW)
    assert [(w.file, w.warning) for w in content.warnings] == [("docs/.an", True), ("docs/.env", True)]
    assert content.warnings[1].message == (
        "Tệp có tên bắt đầu bằng dấu chấm không bao giờ được đăng lên trang (bị bỏ qua)."
    )
    assert all(".env" not in str(p) and ".an" not in str(p) for p in content.files.docs)


@pytest.mark.slow
def test_no_byte_of_a_linked_secret_reaches_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both engines refuse the links (the real ``mkdocs build`` and ``--engine plain``); once they
    are gone, a dot-file of ``docs/`` is in neither site."""
    marker = "CCHC-SECRET-4f1d2e"
    monkeypatch.setenv("CCHC_TEST_SECRET", marker)
    passwd = Path("/etc/passwd").read_bytes()[:16]
    projects = []
    for name in ("hooks", "plain"):
        project = make_project(
            tmp_path / name, posts={"2024/a.md": post()}, docs={".env": f"TOKEN={marker}\n"}
        )
        os.symlink("/proc/self/environ", project / "docs" / "env.txt")
        os.symlink("/etc/passwd", project / "docs" / "passwd.txt")
        os.symlink("/etc/passwd", project / "posts" / "2024" / "b.md")
        projects.append(project)
    result = run_build(projects[0])
    assert result.returncode != 0
    assert "«docs/env.txt» -> «/proc/self/environ» trỏ ra ngoài thư mục posts/ và docs/" in result.stderr
    with pytest.raises(AssertionError) as refused:
        build_plain_ok(projects[1])
    assert "«docs/passwd.txt» -> «/etc/passwd» trỏ ra ngoài" in str(refused.value)
    assert "Traceback" not in result.stderr + str(refused.value)
    for project in projects:
        assert not (project / "site").exists()
        for link in ("docs/env.txt", "docs/passwd.txt", "posts/2024/b.md"):
            (project / link).unlink()
    sites = [run_build(projects[0]), None]
    assert sites[0].returncode == 0, sites[0].stderr
    build_plain_ok(projects[1])
    for project in projects:
        outputs = [p for d in ("site", ".build") for p in (project / d).rglob("*") if p.is_file()]
        assert len(outputs) > 20
        assert not [p for p in outputs if p.name in (".env", "env.txt", "passwd.txt")]
        for path in outputs:
            data = path.read_bytes()
            assert marker.encode() not in data and passwd not in data, path
