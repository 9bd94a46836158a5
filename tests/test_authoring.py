"""The scaffolds (``python -m cchc new-post`` / ``new-procedure``) and the pre-commit hooks.

Every file a scaffold writes is checked with ``python -m cchc check`` (the loaders of the
build); the slow tests also build the site and find the pages, and run pre-commit offline.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cchc.authoring import hooks
from cchc.authoring.common import preview_url
from cchc.authoring.post import default_place
from cchc.core.settings import load_settings
from cchc.procedures.model import ProcedureMeta
from conftest import FIXTURE, NOW, REPO, build_ok, make_project, post


def cchc(project: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CCHC_NOW=NOW, PYTHONPATH=str(REPO / "scripts"))
    env.pop("CCHC_SITE_URL", None)
    command = [sys.executable, "-m", "cchc", *args, "--root", str(project)]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, env=env, timeout=120)


def check_ok(project: Path) -> str:
    result = cchc(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def front(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


# --- new-post ----------------------------------------------------------------------------

POST_ANSWERS = "\n".join(
    [
        "Thông báo: lịch tiếp công dân tháng 12",  # title (a colon, unquoted by the official)
        "",  # date: now
        "2",  # Thông báo
        "6, 7",  # Chính quyền điện tử, chính quyền số; Một cửa
        "2",  # vanphong-thongke
        "",  # slug from the title
        "",  # no description
        "k",  # not an official document
        "",  # no attachment
        "",  # no cover image
    ]
)


@pytest.mark.slow
def test_new_post_interactive_writes_a_valid_post(project: Path) -> None:
    make_project(project)
    result = cchc(project, "new-post", stdin=POST_ANSWERS + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tiêu đề bài viết" in result.stdout and "  2. Thông báo" in result.stdout
    path = project / "posts/2026/thong-bao-lich-tiep-cong-dan-thang-12.md"
    meta = front(path)
    assert meta["title"] == "Thông báo: lịch tiếp công dân tháng 12"
    assert meta["categories"] == ["Thông báo"]
    assert meta["tags"] == ["Chính quyền điện tử, chính quyền số", "Một cửa"]  # one tag, not two
    assert meta["authors"] == ["vanphong-thongke"] and meta["draft"] is False
    assert str(meta["date"]).startswith("2026-11-25 12:00")
    text = path.read_text(encoding="utf-8")
    assert "# Tiêu đề bài viết." in text and "# Chuyên mục" in text  # a comment per field
    assert "http://127.0.0.1:8000/cchc/tin-tuc/thong-bao-lich-tiep-cong-dan-thang-12/" in result.stdout
    assert "1 bài sẽ đăng" in check_ok(project)


@pytest.mark.slow
def test_new_post_asks_again_after_a_wrong_answer(project: Path) -> None:
    make_project(project)
    answers = ["Lịch tiếp dân", "01/12/2026", "2026-11-01", "9", "Thong bao", "1", "", "", "", "", "", "", ""]
    result = cchc(project, "new-post", stdin="\n".join(answers) + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "viết theo kiểu ngày/tháng/năm" in result.stdout  # the loaders' own message
    assert "Hãy gõ" in result.stdout
    meta = front(project / "posts/2026/lich-tiep-dan.md")
    assert str(meta["date"]) == "2026-11-01" and meta["categories"] == ["Tin tức"]
    check_ok(project)


@pytest.mark.slow
def test_new_post_by_flags_an_official_document_with_its_pdf(project: Path, tmp_path: Path) -> None:
    make_project(project)
    pdf = tmp_path / "Báo cáo 291.PDF"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    args = [
        "new-post", "--yes", "--title", "Báo cáo kết quả tuyên truyền cải cách hành chính",
        "--category", "Báo cáo", "--tags", "Cải cách thủ tục hành chính; Chính quyền điện tử, chính quyền số",
        "--date", "2026-11-20 08:30", "--document-number", "291/BC-UBND", "--document-type", "Báo cáo",
        "--signer-authority", "TM. ỦY BAN NHÂN DÂN", "--signer-authority", "KT. CHỦ TỊCH",
        "--signer-title", "PHÓ CHỦ TỊCH", "--signer-name", "Phạm Văn Núi", "--recipient", "Lưu: VT.",
        "--attachment", str(pdf),
    ]  # fmt: skip
    result = cchc(project, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    path = project / "posts/2026/bao-cao-ket-qua-tuyen-truyen-cai-cach-hanh-chinh.md"
    meta = front(path)
    document = meta["document"]
    assert isinstance(document, dict)
    assert document["issuer"] == "Ủy ban nhân dân xã Thượng Long"  # extra.organisation.name
    assert document["place"] == "Thượng Long" and str(document["issued"]) == "2026-11-20"
    assert document["signer"] == {
        "authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
        "title": "PHÓ CHỦ TỊCH",
        "name": "Phạm Văn Núi",
    }
    assert document["recipients"] == ["Lưu: VT."]
    assert meta["tags"] == ["Cải cách thủ tục hành chính", "Chính quyền điện tử, chính quyền số"]
    assert meta["attachments"] == [{"file": "bao-cao-291.pdf", "title": "Bản PDF có chữ ký"}]
    assert (path.parent / "bao-cao-291.pdf").read_bytes() == pdf.read_bytes()
    check_ok(project)


@pytest.mark.slow
def test_new_post_never_overwrites(project: Path) -> None:
    make_project(project, posts={"2026/lich-tiep-dan.md": post(title="Lịch tiếp dân")})
    before = (project / "posts/2026/lich-tiep-dan.md").read_text(encoding="utf-8")
    result = cchc(project, "new-post", "--yes", "--title", "Lịch tiếp dân", "--category", "Tin tức")
    assert result.returncode == 1
    assert "không ghi đè" in result.stdout
    assert (project / "posts/2026/lich-tiep-dan.md").read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--category", "Tin tức"], "Thiếu «Tiêu đề bài viết»"),
        (["--title", "Tin", "--category", "Thong bao"], "không có trong danh sách"),
        (["--title", "Tin", "--category", "Tin tức", "--date", "01/12/2026"], "ngày/tháng/năm"),
        (["--title", "Tin", "--category", "Tin tức", "--document-number", "so 12"], "Số, ký hiệu"),
    ],
)
@pytest.mark.slow
def test_new_post_refuses_wrong_flags_and_writes_nothing(
    project: Path, args: list[str], message: str
) -> None:
    make_project(project)
    result = cchc(project, "new-post", "--yes", *args)
    assert result.returncode == 1 and message in result.stdout, result.stdout
    assert not list((project / "posts").rglob("*.md"))


def test_preview_url_and_default_place(project: Path) -> None:
    make_project(project)
    settings = load_settings(project)
    assert preview_url(settings, "tin-tuc/a/") == "http://127.0.0.1:8000/cchc/tin-tuc/a/"
    assert default_place("Ủy ban nhân dân xã Thượng Long") == "Thượng Long"
    assert default_place("Ủy ban nhân dân phường Phú Hội") == "Phú Hội"


# --- new-procedure -----------------------------------------------------------------------

PROCEDURE_ANSWERS = "\n".join(
    [
        "1.000656",  # ma_thu_tuc
        "Đăng ký khai tử",
        "Hộ tịch",  # a new field, typed
        "1",  # toan_trinh
        "",  # dich_vu_cong_url: the national portal's page
        "Bước 1: Nộp hồ sơ tại Bộ phận Một cửa.",
        "Bước 2: Nhận Trích lục khai tử.",
        "",
        "Ngay trong ngày tiếp nhận hồ sơ hợp lệ",  # thoi_han_giai_quyet
        "Miễn lệ phí",  # le_phi
        "1, 2",  # Trực tiếp, Trực tuyến
        "Tờ khai đăng ký khai tử",
        "",
        "",  # cap_thuc_hien: Cấp xã
        "",  # so_luong_ho_so: 01 bộ
        "Người thân thích của người chết",
        "",  # co_quan_thuc_hien
        "",  # dia_chi_tiep_nhan
        "Trích lục khai tử",
        "",  # yeu_cau_dieu_kien
        "60/2014/QH13",
        "Luật Hộ tịch",
        "2014-11-20",
        "Quốc hội",
        "",  # no more legal basis
        "",  # quyet_dinh_cong_bo
        "",  # ma_cu
        "",  # cap_nhat: today
    ]
)


def _keys_in_order(path: Path) -> list[str]:
    """Every top-level key of the front matter, commented-out ones included, in file order."""
    head = path.read_text(encoding="utf-8").split("---\n")[1]
    return [m.group(1) for m in re.finditer(r"^(?:# )?([a-z_]+):", head, re.MULTILINE)]


@pytest.mark.slow
def test_new_procedure_interactive_writes_every_field_in_the_national_order(project: Path) -> None:
    make_project(project)
    result = cchc(project, "new-procedure", stdin=PROCEDURE_ANSWERS + "\n")
    assert result.returncode == 0, result.stdout + result.stderr
    path = project / "docs/thu-tuc/ho-tich/dang-ky-khai-tu.md"
    assert _keys_in_order(path) == list(ProcedureMeta.model_fields)
    meta = front(path)
    assert meta["ma_thu_tuc"] == "1.000656" and meta["muc_do_truc_tuyen"] == "toan_trinh"
    assert meta["dich_vu_cong_url"].endswith("ma_thu_tuc=1.000656")  # type: ignore[union-attr]
    assert [c["hinh_thuc"] for c in meta["cach_thuc"]] == ["Trực tiếp", "Trực tuyến"]  # type: ignore[union-attr,index]
    assert "Tệp hợp lệ" in result.stdout
    assert "http://127.0.0.1:8000/cchc/thu-tuc/ho-tich/dang-ky-khai-tu/" in result.stdout
    assert "1 thủ tục hành chính" in check_ok(project)


@pytest.mark.slow
def test_new_procedure_blanks_are_marked_and_refused_by_check(project: Path) -> None:
    make_project(project)
    result = cchc(
        project, "new-procedure", "--yes", "--ten-thu-tuc", "Đăng ký khai tử", "--linh-vuc", "Hộ tịch"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    path = project / "docs/thu-tuc/ho-tich/dang-ky-khai-tu.md"
    blanks = path.read_text(encoding="utf-8").count("# CẦN ĐIỀN: ")
    assert blanks >= 10 and f"Còn {blanks} mục đánh dấu «CẦN ĐIỀN»" in result.stdout
    assert _keys_in_order(path) == list(ProcedureMeta.model_fields)
    checked = cchc(project, "check")
    assert checked.returncode == 1
    report = checked.stdout + checked.stderr
    lines = [line for line in report.splitlines() if "dang-ky-khai-tu.md" in line]
    assert len(lines) == blanks  # every blank is one problem, all in one run
    assert "Chưa điền nội dung" in report


@pytest.mark.slow
def test_new_procedure_uses_the_folder_of_an_existing_field(project: Path) -> None:
    record = (FIXTURE / "docs/thu-tuc/xay-dung/cap-giay-phep-xay-dung-nha-o-rieng-le.md").read_text(
        encoding="utf-8"
    )
    form = (FIXTURE / "docs/thu-tuc/mau/don-de-nghi-cap-giay-phep-xay-dung.pdf").read_bytes()
    make_project(
        project,
        docs={
            "thu-tuc/xay-dung/cap-giay-phep.md": record,
            "thu-tuc/mau/don-de-nghi-cap-giay-phep-xay-dung.pdf": form,
        },
    )
    existing = front(project / "docs/thu-tuc/xay-dung/cap-giay-phep.md")
    result = cchc(
        project,
        "new-procedure",
        "--yes",
        "--ten-thu-tuc",
        "Thủ tục mới",
        "--linh-vuc",
        str(existing["linh_vuc"]),
    )
    assert result.returncode == 0, result.stdout
    assert (project / "docs/thu-tuc/xay-dung/thu-tuc-moi.md").is_file()
    taken = cchc(
        project,
        "new-procedure",
        "--yes",
        "--ma-thu-tuc",
        str(existing["ma_thu_tuc"]),
        "--ten-thu-tuc",
        "X",
        "--linh-vuc",
        "Y",
    )
    assert taken.returncode == 1 and "đã có trong tệp" in taken.stdout


@pytest.mark.slow
def test_scaffolded_files_are_published_by_a_real_build(project: Path) -> None:
    make_project(project)
    assert cchc(project, "new-post", stdin=POST_ANSWERS + "\n").returncode == 0
    assert cchc(project, "new-procedure", stdin=PROCEDURE_ANSWERS + "\n").returncode == 0
    site = build_ok(project)
    page = (site / "tin-tuc/thong-bao-lich-tiep-cong-dan-thang-12/index.html").read_text(encoding="utf-8")
    assert "Thông báo: lịch tiếp công dân tháng 12" in page
    assert "Chính quyền điện tử, chính quyền số" in page
    assert (site / "thu-tuc/ho-tich/dang-ky-khai-tu/index.html").is_file()


# --- pre-commit --------------------------------------------------------------------------


def test_yaml_hook_names_the_line_in_vietnamese(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("a:\n\tb: 1\n", encoding="utf-8")
    assert (
        hooks.yaml_problem(bad)
        == f"{bad}, dòng 2, cột 1: YAML sai cú pháp: có ký tự Tab; thụt lề bằng dấu cách."
    )
    assert hooks.yaml_problem(REPO / "mkdocs.yml") is None  # its !ENV tag is accepted
    assert hooks.check_yaml([str(REPO / ".pre-commit-config.yaml"), str(REPO / ".gitlab-ci.yml")]) == 0


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = ["git", "-c", "user.name=Cán bộ", "-c", "user.email=canbo@example.gov.vn", *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow
def test_pre_commit_refuses_a_broken_post_offline(tmp_path: Path) -> None:
    repo = make_project(tmp_path / "repo", posts={"2026/tin.md": post(title="Tin tốt", date="2026-11-01")})
    shutil.copy(REPO / ".pre-commit-config.yaml", repo / ".pre-commit-config.yaml")
    (repo / ".venv").symlink_to(REPO / ".venv")
    (repo / ".gitignore").write_text(".venv\n.cache/\nsite/\n", encoding="utf-8")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), CCHC_NOW=NOW)
    env.pop("CCHC_SITE_URL", None)
    pre_commit = str(REPO / ".venv/bin/pre-commit")
    assert _git(repo, "init", "-q").returncode == 0
    installed = subprocess.run([pre_commit, "install"], cwd=repo, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert _git(repo, "add", "-A").returncode == 0
    good = subprocess.run(
        [pre_commit, "run", "--all-files"], cwd=repo, env=env, capture_output=True, text=True
    )
    assert good.returncode == 0, good.stdout + good.stderr
    (repo / "posts/2026/loi.md").write_text(post(title="Lịch tiếp dân", date="01/12/2026"), encoding="utf-8")
    _git(repo, "add", "-A")
    commit = subprocess.run(
        ["git", "-c", "user.name=Cán bộ", "-c", "user.email=canbo@example.gov.vn", "commit", "-qm", "Bài mới"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    output = commit.stdout + commit.stderr
    assert commit.returncode != 0, output
    assert "posts/2026/loi.md" in output and "viết theo kiểu ngày/tháng/năm" in output
    assert _git(repo, "log", "--oneline").stdout == ""  # nothing was committed
    assert not (tmp_path / "pre-commit-home" / "repos").exists()  # nothing fetched
