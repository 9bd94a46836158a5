"""``python -m cchc new-post``: a new post file ``posts/YYYY/<slug>.md``, valid as written.

Asks (or takes from flags) the title, the category (a numbered choice from ``mkdocs.yml``),
tags, authors, a summary, files to attach and, for an official document, its Decree 30
header (the issuer defaults to ``extra.organisation.name``). The file is checked with the
loaders of the build before the command says it is ready; a file that does not validate is
removed again, so the command never leaves a post the build would refuse.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cchc.build.content import load_content
from cchc.core.problems import ContentError, Problem
from cchc.core.settings import Settings, now_local
from cchc.core.urls import post_url
from cchc.core.validation import parse_local_date
from cchc.documents.model import NUMBER_RE
from cchc.posts.model import DESCRIPTION_MAX, SLUG_RE, derive_slug

from .common import copy_beside, date_check, describe, file_check, own_problems, preview_url
from .prompts import Asker, Refused
from .yamltext import FrontMatter, Raw

# The six reform areas of Resolution 76/NQ-CP, then two frequent topics (content contract).
SUGGESTED_TAGS = (
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Chính quyền điện tử, chính quyền số",
    "Một cửa",
    "Dịch vụ công trực tuyến",
)
DOCUMENT_TYPES = ("Báo cáo", "Kế hoạch", "Quyết định", "Thông báo", "Công văn", "Tờ trình", "Chỉ thị")
DOCUMENT_CATEGORIES = {"Văn bản", "Báo cáo", "Kế hoạch"}
BODY = (
    "Viết nội dung bài viết ở đây, thay cho đoạn này. Đoạn đầu tiên là phần mở đầu của bài.\n\n"
    "## Tiêu đề mục\n\n- Ý thứ nhất\n- Ý thứ hai\n"
)
_UNIT_RE = re.compile(r"^(?:ủy|uỷ) ban nhân dân\s+(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã)?\s*", re.I)


@dataclass
class Draft:
    """A post as answered, before it is written."""

    title: str
    date: str
    categories: list[str]
    slug: str
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    description: str | None = None
    image: str | None = None
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (file, title)
    document: dict[str, Any] | None = None
    body: str = BODY


def _number_check(value: str) -> str | None:
    text = value.replace(" ", "").removeprefix("Số:").removeprefix("số:")
    if NUMBER_RE.match(text):
        return None
    return (
        "Số, ký hiệu không đúng dạng: ghi theo Nghị định 30/2020/NĐ-CP, "
        "ví dụ «291/BC-UBND» hoặc «11/KH-UBND»."
    )


def _slug_check(value: str) -> str | None:
    if SLUG_RE.match(value):
        return None
    return "Đường dẫn chỉ gồm chữ thường không dấu, số và dấu gạch ngang, ví dụ «lich-tiep-dan-thang-12»."


def _description_check(value: str) -> str | None:
    if len(value) <= DESCRIPTION_MAX:
        return None
    return f"Tóm tắt dài {len(value)} ký tự, vượt quá {DESCRIPTION_MAX} ký tự: rút gọn còn một hai câu."


def default_place(issuer: str) -> str:
    """``Ủy ban nhân dân xã Thượng Long`` -> ``Thượng Long`` (the place name of the header)."""
    return _UNIT_RE.sub("", issuer).strip() or issuer


def ask(args: argparse.Namespace, settings: Settings, asker: Asker, now: datetime) -> Draft:
    """Every answer of a new post; ``Refused`` for a value that cannot be used."""
    asker.say("Tạo bài viết mới. Nhấn Enter để dùng giá trị trong [ngoặc vuông].")
    title = asker.text("Tiêu đề bài viết", args.title, required=True)
    assert title is not None
    when = asker.text(
        "Ngày đăng (năm-tháng-ngày giờ:phút)",
        args.date,
        default=now.strftime("%Y-%m-%d %H:%M"),
        check=date_check(with_time=True),
        hint="ngày trong tương lai: bài được giữ lại và tự đăng khi đến giờ",
    )
    assert when is not None
    names = [c.name for c in settings.categories]
    categories = asker.choose("Chuyên mục", names, args.category, many=True)
    tags = asker.choose(
        "Chủ đề (không bắt buộc)", SUGGESTED_TAGS, _tags(args), many=True, required=False, free=True
    )
    authors: list[str] = []
    if settings.authors:
        ids = list(settings.authors)
        labels = [f"{a.id} ({a.name})" for a in settings.authors.values()]
        given = args.author or None
        if given:
            authors = asker.choose("Người đăng", ids, given, many=True)
        else:
            picked = asker.choose("Người đăng (không bắt buộc)", labels, None, many=True, required=False)
            authors = [ids[labels.index(p)] for p in picked]
    slug = asker.text(
        "Đường dẫn của bài (chữ thường không dấu)", args.slug, default=derive_slug(title), check=_slug_check
    )
    assert slug is not None
    description = asker.text(
        "Tóm tắt ngắn (không bắt buộc, Enter để bỏ qua)", args.description, check=_description_check
    )
    draft = Draft(title, when, categories, slug, tags, authors, description)
    is_document = args.document or any(getattr(args, k) for k in DOCUMENT_FLAGS)
    default_doc = asker.interactive and bool(DOCUMENT_CATEGORIES & set(categories))
    if asker.yes_no(
        "Bài này là văn bản hành chính (có số, ký hiệu, người ký)?", is_document or None, default=default_doc
    ):
        draft.document = _document(args, settings, asker, title, when)
    return draft


DOCUMENT_FLAGS = (
    "document_number",
    "document_type",
    "issued",
    "issuer",
    "parent_issuer",
    "place",
    "signer_title",
    "signer_name",
)


def _tags(args: argparse.Namespace) -> list[str] | None:
    tags = list(args.tag or [])
    if args.tags:
        tags += [t for t in args.tags.split(";") if t.strip()]
    return tags or None


def _document(
    args: argparse.Namespace, settings: Settings, asker: Asker, title: str, when: str
) -> dict[str, Any]:
    asker.say("Thông tin văn bản (thể thức theo Nghị định 30/2020/NĐ-CP):")
    number = asker.text(
        "Số, ký hiệu (ví dụ 291/BC-UBND)", args.document_number, required=True, check=_number_check
    )
    kind = asker.choose(
        "Tên loại văn bản", DOCUMENT_TYPES, [args.document_type] if args.document_type else None, free=True
    )
    issued = asker.text(
        "Ngày ban hành (năm-tháng-ngày)", args.issued, default=when[:10], check=date_check(with_time=False)
    )
    org = settings.organisation.name or None
    issuer = asker.text("Cơ quan ban hành", args.issuer, default=org, required=True)
    assert issuer is not None and number is not None and issued is not None
    parent = asker.text("Cơ quan chủ quản (không bắt buộc)", args.parent_issuer)
    place = asker.text(
        "Địa danh (ghi trước ngày tháng)", args.place, default=default_place(issuer), required=True
    )
    abstract = asker.text("Trích yếu nội dung", args.abstract, default=title)
    effective = asker.text(
        "Ngày có hiệu lực (không bắt buộc)", args.effective, check=date_check(with_time=False)
    )
    authority = asker.lines(
        "Dòng thẩm quyền ký, ví dụ «TM. ỦY BAN NHÂN DÂN», «KT. CHỦ TỊCH»", args.signer_authority
    )
    signer_title = asker.text("Chức vụ người ký (ví dụ PHÓ CHỦ TỊCH)", args.signer_title, required=True)
    signer_name = asker.text("Họ và tên người ký", args.signer_name, required=True)
    recipients = asker.lines("Nơi nhận (không bắt buộc)", args.recipient, hint="ví dụ «Lưu: VT.»")
    document: dict[str, Any] = {
        "number": number.replace(" ", "").removeprefix("Số:").removeprefix("số:"),
        "type": kind[0],
        "issued": Raw(parse_local_date(issued, "issued", with_time=False).date().isoformat()),
        "issuer": issuer,
        "parent_issuer": parent,
        "place": place,
        "abstract": abstract if abstract and abstract != title else None,
        "effective": Raw(effective) if effective else None,
        "signer": {"authority": authority, "title": signer_title, "name": signer_name},
        "recipients": recipients,
    }
    return document


_DOCUMENT_COMMENTS = {
    "number": "Số, ký hiệu của văn bản.",
    "type": "Tên loại văn bản: Báo cáo, Kế hoạch, Quyết định, Thông báo, Công văn…",
    "issued": "Ngày ban hành, dạng năm-tháng-ngày.",
    "issuer": "Cơ quan ban hành (tên đầy đủ).",
    "parent_issuer": "Cơ quan chủ quản, ghi phía trên tên cơ quan ban hành (không bắt buộc).",
    "place": "Địa danh ghi trước ngày tháng: «<địa danh>, ngày … tháng … năm …».",
    "abstract": "Trích yếu nội dung; bỏ trống thì dùng tiêu đề bài.",
    "effective": "Ngày có hiệu lực (không bắt buộc).",
    "signer": "Người ký: các dòng thẩm quyền (TM., KT.…), chức vụ và họ tên.",
    "recipients": "Nơi nhận, mỗi nơi một dòng.",
}


def render(draft: Draft) -> str:
    """The file's text: front matter with a comment per key, then the body."""
    front = FrontMatter()
    front.key("title", draft.title, "Tiêu đề bài viết.")
    front.key("date", Raw(draft.date), "Ngày giờ đăng (giờ Việt Nam), dạng năm-tháng-ngày giờ:phút.")
    front.key("categories", draft.categories, "Chuyên mục, viết đúng như danh sách trong mkdocs.yml.")
    front.key(
        "tags", draft.tags, "Chủ đề, mỗi chủ đề một dòng trong ngoặc kép (giữ nguyên chủ đề có dấu phẩy)."
    )
    front.key("slug", draft.slug, "Đường dẫn của bài: chữ thường không dấu; không đổi sau khi đã đăng.")
    if draft.description:
        front.key("description", draft.description, f"Tóm tắt ngắn, tối đa {DESCRIPTION_MAX} ký tự.")
    else:
        front.comment(f"Tóm tắt ngắn (tối đa {DESCRIPTION_MAX} ký tự); bỏ trống thì dùng đoạn đầu bài:")
        front.comment('description: "…"')
    if draft.authors:
        front.key("authors", draft.authors, "Mã người đăng (danh sách trong mkdocs.yml, mục extra.authors).")
    if draft.image:
        front.key("image", draft.image, "Ảnh bìa, tệp đặt cạnh bài viết.")
    else:
        front.comment("Ảnh bìa (tệp .jpg, .png, .webp đặt cạnh bài viết):")
        front.comment('image: "anh-bia.jpg"')
    if draft.attachments:
        files = [{"file": name, "title": title} for name, title in draft.attachments]
        front.key("attachments", files, "Tệp đính kèm đặt cạnh bài viết: tên tệp và tên hiển thị.")
    else:
        front.comment("Tệp đính kèm (PDF, Word, Excel…) đặt cạnh bài viết:")
        front.comment("attachments:")
        front.comment('  - file: "ten-tep.pdf"')
        front.comment('    title: "Tên hiển thị của tệp"')
    front.key("draft", False, "true: bản nháp, chưa đăng (chỉ thấy khi xem trước).")
    if draft.document is not None:
        front.comment("Văn bản hành chính (thể thức theo Nghị định 30/2020/NĐ-CP).")
        front.lines.append("document:")
        for key, value in draft.document.items():
            if value is None or value == []:
                continue
            front.key(key, value, _DOCUMENT_COMMENTS.get(key, ""), indent=2, path="document")
    return f"{front.text()}\n{draft.body.rstrip()}\n"


def _attachments(
    args: argparse.Namespace, asker: Asker, folder: Path, draft: Draft, copied: list[Path]
) -> None:
    files = asker.lines(
        "Tệp đính kèm: đường dẫn tới tệp trên máy (PDF đã ký, Word, Excel), được chép vào cạnh bài",
        args.attachment,
    )
    titles = list(args.attachment_title or [])
    for index, source in enumerate(files):
        problem = file_check(source)
        if problem:
            raise Refused(problem)
        name = copy_beside(source, folder, copied)
        default = "Bản PDF có chữ ký" if draft.document and name.endswith(".pdf") else Path(name).stem
        title = (
            titles[index]
            if index < len(titles)
            else asker.text(f"Tên hiển thị của «{name}»", None, default=default)
        )
        draft.attachments.append((name, title or default))
    image = asker.text("Ảnh bìa: đường dẫn tới ảnh trên máy (không bắt buộc)", args.image, check=file_check)
    if image:
        draft.image = copy_beside(image, folder, copied)


def run(args: argparse.Namespace, settings: Settings, asker: Asker) -> int:
    now = now_local()
    copied: list[Path] = []
    try:
        draft = ask(args, settings, asker, now)
        year = draft.date[:4]
        folder = settings.posts_dir / year
        target = folder / f"{draft.slug}.md"
        existing = sorted(settings.posts_dir.glob(f"*/{draft.slug}.md"))
        if target.exists() or existing:
            shown = (target if target.exists() else existing[0]).relative_to(settings.root).as_posix()
            asker.say(
                f"Đã có tệp «{shown}»: không ghi đè. Đặt tiêu đề khác hoặc chọn đường dẫn khác bằng --slug."
            )
            return 1
        if args.body_file:
            draft.body = Path(args.body_file).read_text(encoding="utf-8")
        _attachments(args, asker, folder, draft, copied)
    except Refused as refused:
        for path in copied:
            path.unlink(missing_ok=True)
        asker.say(str(refused))
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as file:  # "x": never overwrites
        file.write(render(draft))
    rel = target.relative_to(settings.root).as_posix()
    problems = validate(settings, rel, now)
    if problems:
        target.unlink()
        for path in copied:
            path.unlink(missing_ok=True)
        asker.say("Không tạo được bài: tệp viết ra không hợp lệ (đã xóa lại).")
        for line in describe(problems):
            asker.say(line)
        return 1
    asker.say(f"Đã tạo bài viết: {rel}")
    if draft.document and not draft.attachments:
        asker.say("Nhớ đính kèm bản PDF đã ký: đặt tệp cạnh bài viết và ghi vào «attachments».")
    asker.say("Mở tệp để viết nội dung, rồi kiểm tra: ./scripts/check")
    asker.say(f"Xem trước (sau khi chạy ./scripts/preview): {preview_url(settings, post_url(draft.slug))}")
    return 0


def validate(settings: Settings, rel: str, now: datetime) -> list[Problem]:
    """The new file's errors, found by the loaders of the build (other files' problems are
    not the new post's)."""
    try:
        load_content(settings, now)
    except ContentError as error:
        return [p for p in own_problems(error.problems, rel) if not p.warning]
    return []
