"""Another commune adopts the repository, following HUONG-DAN-TIEP-NHAN.md on a copy.

The copy gets another commune's data in ``mkdocs.yml``, its own logo, categories, authors
and posts, the sample posts removed with ``python -m cchc adopt``; the build must then hold
no trace of the sample commune, in any file, compressed copies included.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from cchc.adoption.sample import SAMPLE_MARKERS
from conftest import NOW, REPO

pytestmark = pytest.mark.slow

GUIDE = REPO / "HUONG-DAN-TIEP-NHAN.md"
NAME = "Ủy ban nhân dân xã Tân Phước"

COMMUNE = f"""\
  organisation:
    name: {NAME}
    parent: Tỉnh Đồng Tháp
    address: Ấp Tân Hòa, xã Tân Phước, tỉnh Đồng Tháp
    phone: "0277 3 111 222"
    fax: "0277 3 111 223"
    email: ubnd.tanphuoc@example.gov.vn
    hours: "Thứ Hai đến Thứ Sáu: sáng 7 giờ – 11 giờ, chiều 13 giờ – 17 giờ"
    fee_authority: HĐND tỉnh Đồng Tháp
    responsible:
      name: Nguyễn Thị Mai
      role: Chủ tịch Ủy ban nhân dân xã
    contacts:
      - name: Võ Văn Tâm
        role: Công chức Văn phòng – Thống kê, Bộ phận Một cửa
        phone: "0277 3 111 224"
  categories:
    - Tin hoạt động
    - Thông báo
    - Văn bản chỉ đạo
  authors:
    - id: van-phong
      name: Văn phòng Ủy ban nhân dân xã
"""


def _replace_block(text: str, key: str, new: str) -> str:
    """Replace the ``  key:`` block under ``extra:`` (up to the next key of that indent)."""
    pattern = re.compile(rf"(?m)^  {key}:\n(?:(?:    |  - ).*\n|[ \t]*\n)*")
    assert pattern.search(text), key
    return pattern.sub(lambda _m: new, text, count=1)


def adopted_config(text: str) -> str:
    """``mkdocs.yml`` as the adoption guide has it rewritten for xã Tân Phước."""
    text = re.sub(r"(?m)^site_name: .*$", "site_name: Cải cách hành chính xã Tân Phước", text)
    text = re.sub(
        r"(?m)^site_description: >-\n(?:  .*\n)+",
        "site_description: Thông tin cải cách hành chính của xã Tân Phước.\n",
        text,
    )
    text = re.sub(
        r"(?m)^site_url: .*$", 'site_url: !ENV [CCHC_SITE_URL, "https://tanphuoc.example.gov.vn/"]', text
    )
    text = re.sub(r"(?m)^copyright: .*$", f"copyright: Bản quyền © {NAME}.", text)
    text = _replace_block(text, "organisation", "")
    text = _replace_block(text, "categories", "")
    text = _replace_block(text, "authors", "")
    return re.sub(r"(?m)^extra:\n", lambda _m: "extra:\n" + COMMUNE, text, count=1)


def _copy_repository(target: Path) -> None:
    """The repository's files as git has them (tracked and new), without caches or builds."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for raw in filter(None, listed):
        rel = raw.decode()
        source = REPO / rel
        if rel.startswith("tests/") or not source.is_file():
            continue
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(source.read_bytes())
    (target / ".venv").symlink_to(REPO / ".venv")


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CCHC_NOW=NOW, CCHC_SITE_URL="http://127.0.0.1:8000/", NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("adopt") / "tan-phuoc"
    _copy_repository(root)
    first = _run(root, "cchc", "adopt", "--yes")
    config = root / "mkdocs.yml"
    config.write_text(adopted_config(config.read_text(encoding="utf-8")), encoding="utf-8")
    for name, colour in (("logo.png", (0, 90, 60)), ("favicon.png", (0, 120, 80))):
        Image.new("RGB", (64, 64), colour).save(root / "overrides/assets/images" / name)
    (root / "posts/2026").mkdir(parents=True)
    (root / "posts/2026/mo-cua-bo-phan-mot-cua.md").write_text(
        "---\ntitle: Bộ phận Một cửa xã Tân Phước làm việc sáng thứ Bảy\ndate: 2026-10-05\n"
        "categories: [Tin hoạt động]\nauthors: [van-phong]\n---\n\n"
        "Từ tháng 10, Bộ phận Một cửa nhận hồ sơ cả sáng thứ Bảy.\n",
        encoding="utf-8",
    )
    return root, first


def test_adopt_removes_the_sample_posts_and_keeps_the_folder(adopted: tuple[Path, object]) -> None:
    root, first = adopted
    assert first.returncode in (0, 1), first.stdout + first.stderr  # 1: data still to change
    assert "Đã xóa" in first.stdout
    assert (root / "posts/.gitkeep").is_file()
    assert [p.relative_to(root).as_posix() for p in (root / "posts").rglob("*.md")] == [
        "posts/2026/mo-cua-bo-phan-mot-cua.md"
    ]


def test_after_the_guide_nothing_of_the_sample_is_left_in_the_sources(adopted: tuple[Path, object]) -> None:
    root, _ = adopted
    result = _run(root, "cchc", "adopt", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Không còn thông tin nào của xã mẫu.")
    checked = _run(root, "cchc", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "1 bài sẽ đăng" in checked.stdout


def test_adopt_check_names_file_and_line_of_what_is_left(tmp_path: Path) -> None:
    root = tmp_path / "x"
    _copy_repository(root)
    # The sample's logo as shipped (a copy in the tests: an adopted repository has its own).
    shutil.copy(REPO / "tests/fixtures/sample-logo.png", root / "overrides/assets/images/logo.png")
    config = root / "mkdocs.yml"
    text = adopted_config(config.read_text(encoding="utf-8")).replace(
        '    phone: "0277 3 111 222"', '    phone: "0234 3 000 000"'
    )
    config.write_text(text, encoding="utf-8")
    result = _run(root, "cchc", "adopt", "--check")
    assert result.returncode == 1
    line = text.splitlines().index('    phone: "0234 3 000 000"') + 1
    assert f"mkdocs.yml, dòng {line}: còn «0234 3 000» của xã mẫu" in result.stdout
    assert "overrides/assets/images/logo.png: vẫn là hình của xã mẫu" in result.stdout


def _output_texts(site: Path) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        texts[path.relative_to(site).as_posix()] = data.decode("utf-8", "replace")
    return texts


def test_the_adopted_site_builds_with_no_trace_of_the_sample(adopted: tuple[Path, object]) -> None:
    root, _ = adopted
    result = _run(root, "mkdocs", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    texts = _output_texts(root / "site")
    assert len(texts) > 100
    left = {(name, marker) for name, text in texts.items() for marker in SAMPLE_MARKERS if marker in text}
    assert not left, sorted(left)[:20]
    home = texts["index.html"]
    assert "Cải cách hành chính xã Tân Phước" in home and "0277 3 111 222" in home
    assert "Bộ phận Một cửa xã Tân Phước làm việc sáng thứ Bảy" in texts["rss.xml"]
    assert "tin-tuc/chuyen-muc/tin-hoat-dong/index.html" in texts
    fee = texts["thu-tuc/ho-tich/dang-ky-khai-sinh/index.html"]
    assert "HĐND tỉnh Đồng Tháp" in fee and "[[HĐND]]" not in fee


def test_the_adoption_guide_lists_the_steps() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    for words in (
        "python -m cchc adopt",
        "python -m cchc adopt --check",
        "site_name",
        "site_url",
        "organisation",
        "fee_authority",
        "categories",
        "authors",
        "overrides/assets/images/logo.png",
        "[[HĐND]]",
    ):
        assert words in guide, words
