"""Checks of ``extra.cms`` (used by ``cchc.core.settings_model``), messages in Vietnamese."""

from __future__ import annotations

import re

from pydantic_core import PydanticCustomError

from cchc.core.validation import invalid

BACKENDS = ("local", "gitlab", "github")
_REPO_RE = re.compile(r"^[\w.-]+(?:/[\w.-]+)+$")
GUIDE = "(xem HUONG-DAN-DANG-BAI.md, «Đăng bài trên trình duyệt»)"


def backend_name(text: str) -> str:
    """``text`` (already checked to be text) as a known backend name."""
    name = text.lower()
    if name not in BACKENDS:
        raise invalid(
            f"Kiểu lưu trữ «{text}» của trang quản trị không có.",
            "Chọn một trong: «local» (máy văn phòng, decap-server), «gitlab» hoặc «github».",
        )
    return name


def repo_name(text: str) -> str:
    if text and not _REPO_RE.match(text):
        raise invalid(
            f"Tên kho «{text}» không đúng dạng.",
            "Viết «chủ-sở-hữu/tên-kho» như trong địa chỉ kho, ví dụ «xa-thuong-long/cchc-site».",
        )
    return text


def missing(backend: str, repo: str, app_id: str, base_url: str) -> PydanticCustomError | None:
    """What a hosted backend lacks to sign in, or ``None``."""
    if backend in ("gitlab", "github") and not repo:
        return invalid(
            f"Trang quản trị dùng «{backend}» nhưng chưa ghi tên kho «repo».",
            f"Thêm «repo: chủ-sở-hữu/tên-kho» vào extra.cms {GUIDE}.",
        )
    if backend == "gitlab" and not app_id:
        return invalid(
            "Đăng nhập GitLab (PKCE) cần mã ứng dụng «app_id».",
            f"Tạo ứng dụng OAuth trên GitLab rồi chép Application ID vào «app_id» {GUIDE}.",
        )
    if backend == "github" and not base_url:
        return invalid(
            "Đăng nhập GitHub cần một máy chủ trung gian OAuth, ghi ở «base_url».",
            f"Ghi địa chỉ máy chủ OAuth, ví dụ «base_url: https://oauth.example.gov.vn» {GUIDE}.",
        )
    return None
