"""Unit tests of the content core: reading, validating and deriving post records."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from cchc.core.problems import ContentError, Problem
from cchc.core.settings import TIMEZONE, Settings, settings_from_config
from cchc.posts.model import derive_description, derive_slug, load_posts

NOW = __import__("datetime").datetime(2026, 11, 25, 12, 0, tzinfo=TIMEZONE)
CONFIG = {
    "site_url": "https://example.gov.vn/cchc/",
    "site_name": "CCHC",
    "extra": {
        "categories": ["Tin tức", "Thông báo", "Báo cáo", "Kế hoạch", "Văn bản", "Hỏi đáp"],
        "authors": [{"id": "vanhoa-thongtin", "name": "Công chức Văn hóa – Thông tin"}],
    },
}
HEAD = "title: Bài thử\ndate: 2024-03-05\ncategories: [Tin tức]\n"


def jpeg(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def write(root: Path, files: dict[str, str | bytes]) -> Settings:
    for rel, content in files.items():
        path = root / "posts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return settings_from_config(root, CONFIG)


def problems_for(root: Path, files: dict[str, str | bytes]) -> list[Problem]:
    settings = write(root, files)
    with pytest.raises(ContentError) as caught:
        load_posts(settings, NOW)
    return caught.value.problems


def fm(text: str, body: str = "Nội dung bài viết.\n") -> str:
    return f"---\n{text}---\n\n{body}"


# Each case: (front matter or whole file, field the message must name, words it must contain).
INVALID: list[tuple[str, str | bytes, str, str]] = [
    ("missing-title", fm("date: 2024-03-05\ncategories: [Tin tức]\n"), "title", "Thiếu"),
    ("empty-title", fm('title: "  "\ndate: 2024-03-05\ncategories: [Tin tức]\n'), "title", "trống"),
    ("missing-date", fm("title: A\ncategories: [Tin tức]\n"), "date", "Thiếu"),
    ("dmy-date", fm("title: A\ndate: 26/10/2023\ncategories: [Tin tức]\n"), "date", "2023-10-26"),
    ("impossible-date", fm("title: A\ndate: 2023-02-30\ncategories: [Tin tức]\n"), "date", "không tồn tại"),
    ("word-date", fm("title: A\ndate: hôm qua\ncategories: [Tin tức]\n"), "date", "năm-tháng-ngày"),
    ("bad-hour", fm("title: A\ndate: 2023-10-26 25:00\ncategories: [Tin tức]\n"), "date", "không tồn tại"),
    ("missing-categories", fm("title: A\ndate: 2024-03-05\n"), "categories", "Thiếu"),
    ("empty-categories", fm("title: A\ndate: 2024-03-05\ncategories: []\n"), "categories", "ít nhất một"),
    ("unfolded-category", fm("title: A\ndate: 2024-03-05\ncategories: [Tin tuc]\n"), "categories", "Tin tức"),
    ("unknown-category", fm("title: A\ndate: 2024-03-05\ncategories: [Sự kiện]\n"), "categories", "Hỏi đáp"),
    ("number-category", fm("title: A\ndate: 2024-03-05\ncategories: [[1]]\n"), "categories", "đoạn chữ"),
    ("empty-tag", fm(HEAD + 'tags: ["Một cửa", ""]\n'), "tags", "không để trống"),
    ("bad-slug", fm(HEAD + "slug: Đăng Ký Khai Sinh\n"), "slug", "dang-ky-khai-sinh"),
    ("long-description", fm(HEAD + "description: " + "chữ " * 120 + "\n"), "description", "300"),
    ("remote-image", fm(HEAD + "image: https://example.com/a.jpg\n"), "image", "liên kết"),
    ("missing-image", fm(HEAD + "image: khong-co.jpg\n"), "image", "Không tìm thấy"),
    ("unknown-author", fm(HEAD + "authors: [ong-a]\n"), "authors", "vanhoa-thongtin"),
    ("draft-not-bool", fm(HEAD + "draft: có lẽ\n"), "draft", "true hoặc false"),
    (
        "missing-attachment",
        fm(HEAD + "attachments:\n  - file: bao-cao.pdf\n    title: Báo cáo\n"),
        "attachments",
        "Không tìm thấy",
    ),
    (
        "remote-attachment",
        fm(HEAD + "attachments: [{file: 'http://a.vn/x.pdf'}]\n"),
        "attachments",
        "liên kết",
    ),
    ("attachment-not-list-item", fm(HEAD + "attachments: [{tep: x.pdf}]\n"), "attachments[1]", "Khóa lạ"),
    (
        "document-no-number",
        fm(
            HEAD
            + "document:\n  type: Báo cáo\n  issued: 2023-10-26\n  issuer: UBND xã\n  place: Thượng Long\n  signer: {title: CHỦ TỊCH, name: A}\n"
        ),
        "document.number",
        "Thiếu",
    ),
    (
        "document-bad-number",
        fm(
            HEAD
            + "document:\n  number: BC-UBND 291\n  type: Báo cáo\n  issued: 2023-10-26\n  issuer: UBND xã\n  place: Thượng Long\n  signer: {title: CHỦ TỊCH, name: A}\n"
        ),
        "document.number",
        "291/BC-UBND",
    ),
    (
        "document-dmy-date",
        fm(
            HEAD
            + "document:\n  number: 291/BC-UBND\n  type: Báo cáo\n  issued: 26/10/2023\n  issuer: UBND xã\n  place: Thượng Long\n  signer: {title: CHỦ TỊCH, name: A}\n"
        ),
        "document.issued",
        "2023-10-26",
    ),
    (
        "document-no-signer-name",
        fm(
            HEAD
            + "document:\n  number: 291/BC-UBND\n  type: Báo cáo\n  issued: 2023-10-26\n  issuer: UBND xã\n  place: Thượng Long\n  signer: {title: CHỦ TỊCH}\n"
        ),
        "document.signer.name",
        "Thiếu",
    ),
    ("updated-bad", fm(HEAD + "updated: mai\n"), "updated", "năm-tháng-ngày"),
    (
        "body-remote-image",
        fm(HEAD, "Xem ảnh ![Ảnh](https://cdn.example.com/a.jpg)\n"),
        "nội dung",
        "trang khác",
    ),
    ("body-missing-image", fm(HEAD, "Xem ảnh:\n\n![Ảnh](anh-khong-co.jpg)\n"), "nội dung", "Không tìm thấy"),
    (
        "body-iframe",
        fm(HEAD, '<iframe src="https://www.youtube.com/embed/x"></iframe>\n'),
        "nội dung",
        "máy chủ ngoài",
    ),
    ("no-front-matter", "# Tiêu đề\n\nNội dung.\n", "", "front matter"),
    ("yaml-syntax", fm("title: A\ndate: 2024-03-05\ncategories:\n\t- Tin tức\n"), "", "YAML"),
    ("front-matter-list", fm("- a\n- b\n"), "", "khóa: giá trị"),
    ("utf16", "\ufeff" + fm(HEAD), "", "UTF-16"),
    (
        "windows-1258",
        b"---\ntitle: B\xe1o c\xe1o\ndate: 2024-03-05\ncategories: [Tin t\xf4c]\n---\n\nN\xf4i dung\n",
        "",
        "UTF-8",
    ),
    ("tcvn3", fm(HEAD, "Ñy ban nh©n d©n x· Th­îng Long b¸o c¸o kÕt qu¶ c«ng t¸c c¶i c¸ch.\n"), "", "TCVN3"),
    ("vni", fm(HEAD, "UÛy ban nhaân daân xaõ Thöôïng Long baùo caùo keát quaû.\n"), "", "VNI"),
]


@pytest.mark.parametrize(("name", "content", "field", "words"), INVALID, ids=[c[0] for c in INVALID])
def test_invalid_post_is_reported_with_file_and_field(
    tmp_path: Path, name: str, content: str | bytes, field: str, words: str
) -> None:
    if name == "utf16":
        content = str(content).encode("utf-16")
    problems = problems_for(tmp_path, {f"2024/{name}.md": content})
    mine = [p for p in problems if p.file == f"posts/2024/{name}.md"]
    assert mine, problems
    matching = [p for p in mine if (p.field or "").startswith(field) and words in p.format()]
    assert matching, [p.format() for p in mine]
    text = matching[0].format()
    assert text.startswith(f"posts/2024/{name}.md")
    if field:
        assert f"«{matching[0].field}»" in text


def test_image_problems_name_the_field(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "2024/not-image.md": fm(HEAD + "image: bao-cao.pdf\n"),
        "2024/bao-cao.pdf": b"%PDF-1.4\n",
        "2024/corrupt.md": fm(HEAD.replace("Bài thử", "Bài hai") + "image: hong.jpg\n"),
        "2024/hong.jpg": b"this is not a jpeg",
    }
    problems = problems_for(tmp_path, files)
    by_file = {p.file: p for p in problems}
    assert by_file["posts/2024/not-image.md"].field == "image"
    assert "không phải là ảnh" in by_file["posts/2024/not-image.md"].message
    assert by_file["posts/2024/corrupt.md"].field == "image"
    assert "không phải là ảnh hợp lệ" in by_file["posts/2024/corrupt.md"].message


def test_unquoted_colon_in_title_is_accepted(tmp_path: Path) -> None:
    settings = write(
        tmp_path,
        {"2024/a.md": fm("title: Thông báo: lịch tiếp dân\ndate: 2024-03-05\ncategories: [Tin tức]\n")},
    )
    (post,) = load_posts(settings, NOW).published
    assert post.title == "Thông báo: lịch tiếp dân"


def test_line_numbers_point_at_the_key(tmp_path: Path) -> None:
    text = fm("title: A\ndate: 2024-03-05\ncategories: [Tin tức]\ntags: [Một cửa]\nauthors: [khong-co]\n")
    (problem,) = problems_for(tmp_path, {"2024/a.md": text})
    assert problem.line == 6  # the opening --- is line 1


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    problems = problems_for(
        tmp_path,
        {
            "2024/a.md": fm("title: A\ndate: 26/10/2023\ncategories: [Khác]\n"),
            "2025/b.md": fm("date: 2025-01-01\ncategories: [Tin tức]\n"),
        },
    )
    assert {(p.file, p.field) for p in problems} >= {
        ("posts/2024/a.md", "date"),
        ("posts/2024/a.md", "categories"),
        ("posts/2025/b.md", "title"),
    }
    error = ContentError(problems)
    assert "có 3 lỗi trong 2 tệp" in error.report()
    assert "Traceback" not in error.report()


def test_duplicate_slugs_name_both_files(tmp_path: Path) -> None:
    problems = problems_for(
        tmp_path,
        {"2024/a.md": fm(HEAD + "slug: trung\n"), "2025/b.md": fm(HEAD + "slug: trung\n")},
    )
    assert {p.file for p in problems} == {"posts/2024/a.md", "posts/2025/b.md"}
    assert all(p.field == "slug" and "trùng" in p.message for p in problems)


def test_slug_of_a_listing_folder_is_refused(tmp_path: Path) -> None:
    (problem,) = problems_for(
        tmp_path, {"2024/a.md": fm("title: Lưu trữ\ndate: 2024-03-05\ncategories: [Tin tức]\n")}
    )
    assert problem.field == "slug" and "luu-tru-2024" in (problem.fix or "")


def test_unknown_key_is_a_warning_with_a_suggestion(tmp_path: Path) -> None:
    settings = write(tmp_path, {"2024/a.md": fm(HEAD + "tag: [Một cửa]\n")})
    postset = load_posts(settings, NOW)
    (warning,) = postset.warnings
    assert warning.field == "tag" and "tags" in (warning.fix or "")


def test_windows_notepad_file_with_bom_crlf_and_nfd_is_accepted(tmp_path: Path) -> None:
    import unicodedata

    text = fm(HEAD.replace("Bài thử", "Đăng ký khai sinh"), "Hướng dẫn thủ tục hộ tịch.\n")
    raw = b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode("utf-8")
    settings = write(tmp_path, {"2024/nfd.md": raw})
    (post,) = load_posts(settings, NOW).published
    assert post.title == "Đăng ký khai sinh"
    assert unicodedata.is_normalized("NFC", post.title + post.body)
    assert "\r" not in post.body
    assert post.slug == "dang-ky-khai-sinh"


def test_one_pair_mappings_from_yaml_colons_are_read_as_text(tmp_path: Path) -> None:
    head = HEAD + (
        "document:\n  number: 291/BC-UBND\n  type: Báo cáo\n  issued: 2023-10-26\n"
        "  issuer: UBND xã\n  place: Thượng Long\n  signer: {title: CHỦ TỊCH, name: A}\n"
        "  recipients:\n    - Như trên;\n    - Lưu: VT.\n"
    )
    settings = write(tmp_path, {"2024/a.md": fm(head)})
    (post,) = load_posts(settings, NOW).published
    assert post.document is not None
    assert post.document.recipients == ("Như trên;", "Lưu: VT.")


def test_drafts_and_future_posts_are_held_back(tmp_path: Path) -> None:
    settings = write(
        tmp_path,
        {
            "2024/a.md": fm(HEAD),
            "2024/b.md": fm(HEAD.replace("Bài thử", "Bản nháp") + "draft: true\n"),
            "2026/c.md": fm("title: Sắp đăng\ndate: 2026-11-25 12:30\ncategories: [Thông báo]\n"),
            "2026/d.md": fm("title: Vừa đăng\ndate: 2026-11-25 11:30\ncategories: [Thông báo]\n"),
        },
    )
    postset = load_posts(settings, NOW)
    assert [p.title for p in postset.published] == ["Vừa đăng", "Bài thử"]
    assert [p.title for p in postset.drafts] == ["Bản nháp"]
    assert [p.title for p in postset.scheduled] == ["Sắp đăng"]
    assert [p.title for p in postset.visible(preview=True)] == ["Sắp đăng", "Vừa đăng", "Bài thử", "Bản nháp"]


def test_dates_are_local_time_with_offset(tmp_path: Path) -> None:
    settings = write(tmp_path, {"2024/a.md": fm(HEAD.replace("2024-03-05", "2024-03-05 08:30"))})
    (post,) = load_posts(settings, NOW).published
    assert post.date.isoformat() == "2024-03-05T08:30:00+07:00"


def test_single_category_string_is_accepted(tmp_path: Path) -> None:
    settings = write(tmp_path, {"2024/a.md": fm("title: A\ndate: 2024-03-05\ncategories: Thông báo\n")})
    (post,) = load_posts(settings, NOW).published
    assert post.categories == ("Thông báo",)


@pytest.mark.slow
def test_large_photo_is_scaled_down_not_rejected(tmp_path: Path) -> None:
    import random

    rng = random.Random(1)
    noise = Image.frombytes("RGB", (3000, 2000), bytes(rng.getrandbits(8) for _ in range(3000 * 2000 * 3)))
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=98)
    assert len(out.getvalue()) > 2_000_000
    settings = write(tmp_path, {"2024/a.md": fm(HEAD + "image: anh.jpg\n"), "2024/anh.jpg": out.getvalue()})
    (post,) = load_posts(settings, NOW).published
    assert post.image is not None and post.image.data is not None
    assert post.image.size == len(post.image.data) < 1_500_000
    with Image.open(io.BytesIO(post.image.data)) as small:
        assert small.width == 1600


def test_assets_are_published_under_the_post_url(tmp_path: Path) -> None:
    settings = write(
        tmp_path,
        {
            "2024/a.md": fm(
                HEAD + "image: anh/bia.jpg\nattachments:\n  - file: ../tep/bao-cao.pdf\n    title: Báo cáo\n",
                "Ảnh: ![Hội nghị](anh/bia.jpg)\n",
            ),
            "2024/anh/bia.jpg": jpeg(),
            "tep/bao-cao.pdf": b"%PDF-1.4\n" + b"0" * 2000,
        },
    )
    (post,) = load_posts(settings, NOW).published
    assert post.url == "tin-tuc/bai-thu/"
    assert {a.dest for a in post.assets} == {"tin-tuc/bai-thu/anh/bia.jpg", "tin-tuc/bai-thu/bao-cao.pdf"}
    (attachment,) = post.attachments
    assert attachment.kind == "PDF" and attachment.asset.size == 2009


def test_slug_and_description_derivation() -> None:
    assert (
        derive_slug("Đăng ký khai sinh – Báo cáo số 291/BC-UBND")
        == "dang-ky-khai-sinh-bao-cao-so-291-bc-ubnd"
    )
    body = (
        "## Mở đầu\n\n![ảnh](a.jpg)\n\nNgày **26/10/2023**, UBND xã [ban hành](x.pdf) báo cáo.\n\nĐoạn hai."
    )
    assert derive_description(body) == "Ngày 26/10/2023, UBND xã ban hành báo cáo."
    long = "từ " * 200
    assert len(derive_description(long)) <= 300 and derive_description(long).endswith("…")
