"""``python -m cchc check [--fix]``: every rule explained without ``--fix``, repaired with it."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from PIL import Image

from cchc.__main__ import main
from cchc.core.legacy import TCVN3, VNI, encode
from cchc.posts.images import MAX_WIDTH
from conftest import FIXTURE, NOW, make_project, post
from test_legacy import _cp1258 as cp1258

HEAD = "title: Bài thử\ndate: 2024-03-05\ncategories: [Tin tức]\n"


@pytest.fixture(autouse=True)
def _now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_NOW", NOW)


def fm(head: str, body: str = "Nội dung.\n") -> str:
    return f"---\n{head}---\n\n{body}"


def run(capsys: pytest.CaptureFixture[str], project: Path, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--root", str(project), *args])
    out, err = capsys.readouterr()
    return code, out, err


def line_of(report: str, start: str) -> str:
    """The report lines (numbered errors, warnings, changes) about ``start`` (``file, dòng N``)."""
    found = [line for line in report.splitlines() if start in line]
    assert found, report
    return "\n".join(found)


# --- every rule: (name, file content, place in the report, words of the message,
#     the change --fix makes (None: explained only), the file after --fix (a part of it)) -------

T3_TITLE = encode("Cải cách hành chính", TCVN3)
RULES: list[tuple[str, str | bytes, str, str, str | None, str | None]] = [
    ("nfd", fm(HEAD, "Ho\u0300a gia\u0309i.\n"), "dòng 7", "NFC", "chuẩn hóa", "Hòa giải."),
    (
        "tcvn3-title",
        fm(HEAD.replace("Bài thử", T3_TITLE)),
        "dòng 2",
        "phông cũ TCVN3: «C¶i c¸ch hµnh chÝnh» phải là «Cải cách hành chính»",
        "chuyển chữ TCVN3 sang Unicode",
        "title: Cải cách hành chính\n",
    ),
    (
        "vni-description",
        fm(HEAD + "description: " + encode("Tóm tắt kết quả năm", VNI) + "\n"),
        "dòng 5",
        "phông cũ VNI",
        "chuyển chữ VNI sang Unicode",
        "description: Tóm tắt kết quả năm\n",
    ),
    (
        "tcvn3-mixed-body",
        fm(HEAD, "Ủy ban nhân dân xã " + encode("báo cáo kết quả công tác năm 2024.", TCVN3) + "\n"),
        "dòng 7",
        "phông cũ TCVN3",
        "chuyển chữ TCVN3",
        "Ủy ban nhân dân xã báo cáo kết quả công tác năm 2024.",
    ),
    (
        "tcvn3-nested",
        fm(
            HEAD + "document:\n  number: 01/BC-UBND\n  type: Báo cáo\n  issued: 2024-03-01\n"
            f"  issuer: {encode('Uỷ ban nhân dân xã Thượng Long', TCVN3)}\n  place: Thượng Long\n"
            "  signer: {title: CHỦ TỊCH, name: Nguyễn Văn A}\n"
        ),
        "dòng 9",
        "phông cũ TCVN3",
        "chuyển chữ TCVN3",
        "  issuer: Uỷ ban nhân dân xã Thượng Long\n",
    ),
    (
        "utf16",
        fm(HEAD).encode("utf-16"),
        "utf16.md:",
        "UTF-16",
        "lưu lại tệp bằng UTF-8 (trước là UTF-16)",
        HEAD,
    ),
    (
        "cp1258",
        cp1258(fm("title: Báo cáo năm\ndate: 2024-03-05\ncategories: [Tin tức]\n", "Nội dung đầy đủ.\n")),
        "cp1258.md:",
        "Windows-1258",
        "lưu lại tệp bằng UTF-8 (trước là Windows-1258)",
        "title: Báo cáo năm\n",
    ),
    (
        "tab",
        fm("title: A\ndate: 2024-03-05\ncategories:\n\t- Tin tức\n"),
        "dòng 5, trường «categories»",
        "Dòng này có ký tự Tab (cột 1)",
        "thay Tab",
        "categories:\n  - Tin tức\n",
    ),
    (
        "quote",
        fm('title: "Thông báo\ndate: 2024-03-05\ncategories: [Tin tức]\n'),
        "dòng 2, trường «title»",
        'Ngoặc «"» mở ở cột 8 chưa được đóng. Cách sửa: Thêm «"» vào cuối giá trị',
        None,
        None,
    ),
    (
        "bracket",
        fm("title: Ngoặc\ndate: 2024-03-05\ncategories: [Tin tức\n"),
        "dòng 4, trường «categories»",
        "Dấu «[» mở danh sách chưa được đóng",
        None,
        None,
    ),
    (
        "hash",
        fm("title: #1 Tin nổi bật\ndate: 2024-03-05\ncategories: [Tin tức]\n"),
        "dòng 2, trường «title»",
        'bị hiểu là ghi chú: «title» thành trống. Cách sửa: Đặt giá trị trong ngoặc kép: «title: "#1 Tin nổi bật"»',
        None,
        None,
    ),
    (
        "capital-key",
        fm("title: Hoa\ndate: 2024-03-05\nCategories: [Tin tức]\n"),
        "dòng 4, trường «Categories»",
        "Khóa «Categories» phải viết thường: «categories».",
        "viết thường tên khóa «Categories» thành «categories»",
        "categories: [Tin tức]\n",
    ),
    (
        "misspelt-key",
        fm("titel: Sai\ndate: 2024-03-05\ncategories: [Tin tức]\n"),
        "dòng 2, trường «titel»",
        "Khóa «titel» viết sai: phải là «title».",
        None,
        None,
    ),
    (
        "smart-quote-key",
        fm("“title”: Word\ndate: 2024-03-05\ncategories: [Tin tức]\n"),
        "dòng 2",
        "ký tự thừa dán từ Word (U+201C, U+201D)",
        "sửa tên khóa «title»",
        "title: Word\n",
    ),
    (
        "invisible-key",
        fm("title\u200b: Word\ndate\u00a0: 2024-03-05\ncategories: [Tin tức]\n"),
        "dòng 2",
        "U+200B",
        "sửa tên khóa «title» (bỏ ký tự U+200B",
        "title: Word\ndate: 2024-03-05\n",
    ),
    (
        "word-dashes",
        fm("title: Gạch\ndate:\t2024-03-05\ncategories:\n  – Tin tức\n  — Thông báo\n"),
        "dòng 5",
        "thay «–» ở đầu dòng",
        "thay «–» ở đầu dòng bằng dấu «-»",
        "categories:\n  - Tin tức\n  - Thông báo\n",
    ),
    (
        "smart-quoted-value",
        fm("title: “Thông báo: lịch tiếp dân”\ndate: 2024-03-05\ncategories: [Tin tức]\n"),
        "dòng 2",
        "ngoặc kép cong",
        "ngoặc kép thẳng",
        'title: "Thông báo: lịch tiếp dân"\n',
    ),
    (
        "comma-tag",
        fm(HEAD + "tags: [Chính quyền điện tử, chính quyền số]\n"),
        "dòng 5, trường «tags»",
        "«Chính quyền điện tử» và «chính quyền số» thành hai thẻ riêng. Nếu đây là một thẻ «Chính quyền điện tử, "
        'chính quyền số», phải đặt nó trong ngoặc kép. Cách sửa: Viết «tags: ["Chính quyền điện tử, chính quyền số"]»',
        None,
        None,
    ),
    (
        "no-alt",
        fm(HEAD, "![](anh.jpg)\n"),
        "dòng 7, trường «nội dung»",
        "Ảnh «anh.jpg» chưa có mô tả",
        None,
        None,
    ),
    (
        "remote-image",
        fm(HEAD, "![Ảnh](https://cdn.example.com/a.jpg)\n"),
        "dòng 7, trường «nội dung»",
        "Ảnh «https://cdn.example.com/a.jpg» được lấy từ trang khác",
        None,
        None,
    ),
    (
        "missing-link",
        fm(HEAD, "Xem [báo cáo](bao-cao-29.md) và [tệp](ke-hoach.pfd).\n"),
        "dòng 7, trường «nội dung»",
        "Liên kết tới bài hoặc trang không có: «bao-cao-29.md». Cách sửa: Có phải ý bạn là «bao-cao-291.md»?",
        None,
        None,
    ),
]
NEIGHBOURS: dict[str, str | bytes] = {
    "2024/bao-cao-291.md": fm(HEAD.replace("Bài thử", "Báo cáo 291")),
    "2024/anh.jpg": b"",
    "2024/ke-hoach.pdf": b"%PDF-1.4\n",
}


def _jpeg(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 90).convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()


@pytest.fixture
def anh() -> bytes:
    return _jpeg((40, 30))


@pytest.mark.parametrize(
    ("name", "content", "place", "words", "change", "after"), RULES, ids=[r[0] for r in RULES]
)
def test_rule_without_and_with_fix(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    anh: bytes,
    name: str,
    content: str | bytes,
    place: str,
    words: str,
    change: str | None,
    after: str | None,
) -> None:
    rel = f"posts/2024/{name}.md"
    project = make_project(
        tmp_path / "p", posts={**NEIGHBOURS, "2024/anh.jpg": anh, f"2024/{name}.md": content}
    )
    before = (project / rel).read_bytes()
    _, out, err = run(capsys, project)
    assert "xuất bản" not in out + err
    reported = line_of(err, f"{rel}, {place}" if not place.endswith(":") else rel)
    assert words in reported, reported
    assert (project / rel).read_bytes() == before  # a plain check changes nothing

    _, out, err = run(capsys, project, "--fix")
    if change is None:
        assert rel not in out
        assert (project / rel).read_bytes() == before
        assert words in line_of(err, rel)  # still explained
        return
    assert change in line_of(out, rel)
    fixed = (project / rel).read_bytes().decode("utf-8")
    assert after is not None and after in fixed
    assert unicodedata.is_normalized("NFC", fixed)
    assert rel not in err  # nothing left to say about this file
    assert run(capsys, project, "--fix")[1].startswith("Không có gì cần sửa tự động.")


@pytest.mark.slow
def test_big_photo_is_resized_and_the_original_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photo = _jpeg((3200, 2400))
    assert len(photo) > 1_000_000
    project = make_project(
        tmp_path / "p",
        posts={"2024/bai.md": post(body="![Ảnh hội nghị](hoi-nghi.jpg)\n"), "2024/hoi-nghi.jpg": photo},
    )
    _, out, err = run(capsys, project)
    assert "posts/2024/hoi-nghi.jpg: Có thể sửa tự động: thu nhỏ ảnh" in err
    code, out, err = run(capsys, project, "--fix")
    assert code == 0, err
    assert "posts/2024/hoi-nghi.jpg: đã thu nhỏ ảnh" in out and ".originals/posts/2024/hoi-nghi.jpg" in out
    assert (project / ".originals/posts/2024/hoi-nghi.jpg").read_bytes() == photo  # never lost
    with Image.open(project / "posts/2024/hoi-nghi.jpg") as image:
        assert image.width == MAX_WIDTH
    assert run(capsys, project, "--fix")[1].startswith("Không có gì cần sửa tự động.")


def test_photo_over_the_pixel_limit_is_resized(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photo = _jpeg((1200, 1000))
    project = make_project(
        tmp_path / "p", posts={"2024/bai.md": post(extra="image: so-do.jpg\n"), "2024/so-do.jpg": photo}
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "\nextra:\n", "\nextra:\n  limits:\n    image_pixels: 1000000\n", 1
        ),
        encoding="utf-8",
    )
    code, _, err = run(capsys, project)
    assert code == 1
    assert "posts/2024/bai.md, dòng 5, trường «image»" in err and "quá giới hạn" in err
    assert "posts/2024/so-do.jpg: Có thể sửa tự động: thu nhỏ ảnh" in err
    code, _, err = run(capsys, project, "--fix")
    assert code == 0, err
    with Image.open(project / "posts/2024/so-do.jpg") as image:
        assert image.width * image.height <= 1_000_000
    assert (project / ".originals/posts/2024/so-do.jpg").read_bytes() == photo


def test_a_fix_that_does_not_read_back_is_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Tab (repairable) and an unclosed quote (not): the file is left as it was, and said so."""
    content = fm('title: "Thông báo\ndate: 2024-03-05\ncategories:\n\t- Tin tức\n')
    project = make_project(tmp_path / "p", posts={"2024/hai-loi.md": content})
    code, out, err = run(capsys, project, "--fix")
    assert code == 1
    assert "posts/2024/hai-loi.md: không sửa tệp này vì sau khi sửa, phần đầu bài vẫn không đọc được" in out
    assert (project / "posts/2024/hai-loi.md").read_text(encoding="utf-8") == content
    assert "dòng 2, trường «title»" in err and "dòng 5, trường «categories»" in err  # both, in one run


def test_every_problem_of_a_file_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A YAML mistake no longer hides the value errors of the same file, nor its body's."""
    content = fm(
        "title: Nhiều lỗi\ndate: 26/10/2023\ncategories:\n\t- Tin tuc\n",
        "![](anh.jpg)\n\n[báo cáo](bao-cao-29.md)\n",
    )
    project = make_project(tmp_path / "p", posts={**NEIGHBOURS, "2024/nhieu-loi.md": content})
    _, _, err = run(capsys, project)
    rel = "posts/2024/nhieu-loi.md"
    assert "Tab" in line_of(err, f"{rel}, dòng 5")
    assert "năm-tháng-ngày" in line_of(err, f"{rel}, dòng 3, trường «date»")
    assert "Tin tức" in line_of(err, f"{rel}, dòng 4, trường «categories»")
    assert "chưa có mô tả" in line_of(err, f"{rel}, dòng 8")
    assert "bao-cao-291.md" in line_of(err, f"{rel}, dòng 10")


def test_plain_check_does_not_speak_of_publishing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path / "p", posts={"2024/loi.md": post(categories="[Tin tuc]")})
    code, _, err = run(capsys, project)
    assert code == 1
    assert err.startswith("Kiểm tra nội dung: có 1 lỗi trong 1 tệp. Hãy sửa các lỗi sau rồi chạy lại:\n")
    assert "xuất bản" not in err


# --- the whole sample content --------------------------------------------------------------


def _sample() -> tuple[dict[str, bytes], dict[str, bytes]]:
    posts = {
        p.relative_to(FIXTURE / "posts").as_posix(): p.read_bytes()
        for p in (FIXTURE / "posts").rglob("*")
        if p.is_file()
    }
    docs = {
        p.relative_to(FIXTURE / "docs").as_posix(): p.read_bytes()
        for p in (FIXTURE / "docs").rglob("*")
        if p.is_file()
    }
    return posts, docs


@pytest.mark.slow
def test_fix_is_idempotent_on_the_sample_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    posts, docs = _sample()
    project = make_project(tmp_path / "clean", posts=posts, docs=docs)
    assert run(capsys, project)[0] == 0
    _, out, _ = run(capsys, project, "--fix")
    assert out.startswith("Không có gì cần sửa tự động.")
    for rel, data in posts.items():
        assert (project / "posts" / rel).read_bytes() == data


@pytest.mark.slow
def test_fix_restores_the_sample_content_pasted_from_old_fonts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every post of the sample pasted in TCVN3 or VNI (alternately, whole files, front matter
    and body), one in NFD and one in UTF-16: --fix restores them, and a second run changes nothing."""
    posts, docs = _sample()
    damaged: dict[str, bytes] = dict(posts)
    markdown = sorted(rel for rel in posts if rel.endswith(".md"))
    for index, rel in enumerate(markdown):
        text = posts[rel].decode("utf-8")
        damaged[rel] = encode(text, (TCVN3, VNI)[index % 2]).encode("utf-8")
    damaged[markdown[0]] = unicodedata.normalize("NFD", posts[markdown[0]].decode("utf-8")).encode("utf-8")
    damaged[markdown[1]] = posts[markdown[1]].decode("utf-8").encode("utf-16")
    project = make_project(tmp_path / "pasted", posts=damaged, docs=docs)
    _, out, _ = run(capsys, project, "--fix")
    assert out.startswith("Đã sửa tự động")
    assert run(capsys, project, "--fix")[1].startswith("Không có gì cần sửa tự động.")
    restored = total = 0
    for rel in markdown:
        original = posts[rel].decode("utf-8").split("\n")
        now = (project / "posts" / rel).read_text(encoding="utf-8").split("\n")
        assert len(now) == len(original)
        total += len(original)
        restored += sum(a == b for a, b in zip(original, now, strict=True))
        assert [a.lower() for a in original] == [b.lower() for b in now], rel
    assert restored >= 0.9 * total  # the rest: capitals with a mark inside a sentence (see test_legacy)
