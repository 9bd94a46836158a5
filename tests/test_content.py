"""Posts and procedures are validated together: one run reports every mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.__main__ import main
from cchc.build.content import load_content
from cchc.core.problems import ContentError
from cchc.core.settings import TIMEZONE, load_settings
from conftest import make_project, post

NOW = __import__("datetime").datetime(2026, 11, 25, 12, 0, tzinfo=TIMEZONE)


def test_post_and_procedure_problems_are_reported_together(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "p",
        posts={"2024/a.md": post(date="26/10/2023")},
        docs={
            "thu-tuc/ho-tich/khai-sinh.md": "---\nma_thu_tuc: 1.001193\nten_thu_tuc: Đăng ký khai sinh\n---\n"
        },
    )
    with pytest.raises(ContentError) as caught:
        load_content(load_settings(project), NOW)
    files = {p.file for p in caught.value.problems}
    assert files == {"posts/2024/a.md", "docs/thu-tuc/ho-tich/khai-sinh.md"}


def test_check_command_reports_in_vietnamese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "p", posts={"2024/a.md": post(categories="[Tin tuc]")})
    assert main(["check", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert "posts/2024/a.md, dòng 4, trường «categories»" in err and "«Tin tức»" in err
    (project / "posts/2024/a.md").write_text(post(), encoding="utf-8")
    assert main(["check", "--root", str(project)]) == 0
    assert "Nội dung hợp lệ: 1 bài sẽ đăng" in capsys.readouterr().out
