"""The flags of ``new-post`` and ``new-procedure`` (for scripts and the CMS), and running them.

Without ``--yes`` the command asks for every value its flags do not give; with ``--yes`` it
asks nothing (a missing required value of a post is refused; one of a procedure is written
empty under a comment ``# CẦN ĐIỀN: …``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cchc.core.problems import ContentError
from cchc.core.settings import load_settings

from . import post, procedure
from .prompts import Asker


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    yes = argparse.ArgumentParser(add_help=False)
    yes.add_argument("--yes", "-y", action="store_true", help="không hỏi: chỉ dùng các tham số đã cho")
    p = sub.add_parser("new-post", parents=[common, yes], help="tạo một bài viết mới (hỏi từng mục)")
    p.add_argument("--title", help="tiêu đề bài viết")
    p.add_argument("--date", help="ngày giờ đăng: 2026-12-01 hoặc «2026-12-01 08:30» (mặc định: bây giờ)")
    p.add_argument("--category", action="append", help="chuyên mục (lặp lại để chọn nhiều)")
    p.add_argument("--tags", help="các chủ đề, cách nhau bằng dấu chấm phẩy «;»")
    p.add_argument("--tag", action="append", help="một chủ đề (lặp lại được; chủ đề có dấu phẩy vẫn là một)")
    p.add_argument("--author", action="append", help="mã người đăng (extra.authors)")
    p.add_argument("--slug", help="đường dẫn của bài (mặc định: từ tiêu đề)")
    p.add_argument("--description", help="tóm tắt ngắn, tối đa 300 ký tự")
    p.add_argument("--image", help="ảnh bìa: tệp trên máy, được chép vào cạnh bài")
    p.add_argument(
        "--attachment", action="append", help="tệp đính kèm trên máy, được chép vào cạnh bài (lặp lại được)"
    )
    p.add_argument("--attachment-title", action="append", help="tên hiển thị của tệp đính kèm, theo thứ tự")
    p.add_argument("--body-file", help="tệp chứa nội dung bài (Markdown, UTF-8)")
    p.add_argument("--document", action="store_true", default=None, help="bài là văn bản hành chính")
    p.add_argument("--document-number", help="số, ký hiệu, ví dụ 291/BC-UBND")
    p.add_argument("--document-type", help="tên loại: Báo cáo, Kế hoạch, Quyết định…")
    p.add_argument("--issued", help="ngày ban hành, năm-tháng-ngày (mặc định: ngày đăng)")
    p.add_argument("--issuer", help="cơ quan ban hành (mặc định: extra.organisation.name)")
    p.add_argument("--parent-issuer", help="cơ quan chủ quản")
    p.add_argument("--place", help="địa danh (mặc định: từ tên cơ quan ban hành)")
    p.add_argument("--abstract", help="trích yếu (mặc định: tiêu đề)")
    p.add_argument("--effective", help="ngày có hiệu lực")
    p.add_argument(
        "--signer-authority", action="append", help="dòng thẩm quyền ký, ví dụ «TM. ỦY BAN NHÂN DÂN»"
    )
    p.add_argument("--signer-title", help="chức vụ người ký, ví dụ PHÓ CHỦ TỊCH")
    p.add_argument("--signer-name", help="họ và tên người ký")
    p.add_argument("--recipient", action="append", help="nơi nhận (lặp lại được)")
    q = sub.add_parser(
        "new-procedure", parents=[common, yes], help="tạo một thủ tục hành chính mới (hỏi từng mục)"
    )
    for key in procedure.COMMENTS:
        if key in ("mau_don",):
            continue
        flag = "--" + key.replace("_", "-")
        many = key in ("trinh_tu", "cach_thuc", "ma_cu")
        q.add_argument(flag, dest=key, action="append" if many else "store", help=procedure.COMMENTS[key])
    q.add_argument("--giay-to", action="append", help="tên một giấy tờ của thành phần hồ sơ (lặp lại được)")
    q.add_argument(
        "--can-cu", action="append", help="căn cứ pháp lý: «số ký hiệu|trích yếu|ngày ban hành|cơ quan»"
    )


def run(args: argparse.Namespace, root: Path) -> int:
    asker = Asker(interactive=not args.yes)
    try:
        settings = load_settings(root)
    except ContentError as error:
        print(error.report(mode="check"))
        return 1
    if args.command == "new-post":
        return post.run(args, settings, asker)
    return procedure.run(args, settings, asker)
