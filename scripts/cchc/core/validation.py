"""Shared validation helpers: Vietnamese messages for schema errors, dates, local files.

Records (posts, procedures) are validated with pydantic; this module turns pydantic's
errors into ``Problem`` records an official can act on.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from cchc.core.frontmatter import Source
from cchc.core.problems import Problem
from cchc.core.settings import TIMEZONE

_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2})[:h](\d{2}))?$")
_REMOTE_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def invalid(message: str, fix: str = "") -> PydanticCustomError:
    """An error for a pydantic validator, carrying a Vietnamese message and fix."""
    return PydanticCustomError("cchc", "{message}", {"message": message, "fix": fix})


_TYPE_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("Thiếu trường bắt buộc.", "Thêm dòng «{key}: …» vào phần đầu bài."),
    "string_type": ("Giá trị phải là một đoạn chữ.", "Viết «{key}: nội dung»."),
    "list_type": (
        "Giá trị phải là một danh sách.",
        "Viết dạng [mục 1, mục 2] hoặc mỗi mục một dòng bắt đầu bằng «- ».",
    ),
    "tuple_type": (
        "Giá trị phải là một danh sách.",
        "Viết dạng [mục 1, mục 2] hoặc mỗi mục một dòng bắt đầu bằng «- ».",
    ),
    "bool_type": ("Giá trị phải là true hoặc false.", "Viết «{key}: true» hoặc «{key}: false»."),
    "bool_parsing": (
        "Giá trị phải là true hoặc false.",
        "Viết «{key}: true» hoặc «{key}: false».",
    ),
    "int_type": ("Giá trị phải là một số nguyên.", "Viết một số, ví dụ «{key}: 1»."),
    "int_parsing": ("Giá trị phải là một số nguyên.", "Viết một số, ví dụ «{key}: 1»."),
    "int_from_float": ("Giá trị phải là một số nguyên.", "Viết một số, ví dụ «{key}: 1»."),
    "dict_type": (
        "Giá trị phải là một nhóm các dòng «khóa: giá trị».",
        "Xem mẫu trong Hướng dẫn đăng bài.",
    ),
    "model_type": (
        "Giá trị phải là một nhóm các dòng «khóa: giá trị».",
        "Xem mẫu trong Hướng dẫn đăng bài.",
    ),
    "model_attributes_type": (
        "Giá trị phải là một nhóm các dòng «khóa: giá trị».",
        "Xem mẫu trong Hướng dẫn đăng bài.",
    ),
    "string_too_short": ("Không được để trống.", "Điền nội dung cho «{key}»."),
    "too_short": ("Danh sách không được để trống.", "Thêm ít nhất một mục cho «{key}»."),
    "string_too_long": (
        "Nội dung quá dài (tối đa {max_length} ký tự).",
        "Rút gọn «{key}».",
    ),
    "literal_error": ("Giá trị không hợp lệ; chỉ chấp nhận: {expected}.", "Chọn một giá trị được phép."),
    "enum": ("Giá trị không hợp lệ; chỉ chấp nhận: {expected}.", "Chọn một giá trị được phép."),
    "string_pattern_mismatch": ("Giá trị sai định dạng.", "Kiểm tra lại «{key}»."),
}


def as_text(value: Any) -> Any:
    """Undo a YAML slip: ``- Lưu: VT.`` in a list of strings parses as ``{"Lưu": "VT."}``.

    A one-pair mapping whose value is text is turned back into the line the official wrote.
    """
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if isinstance(key, str) and isinstance(inner, str | int | float):
            return f"{key}: {inner}"
    return value


def loc_key(loc: Sequence[int | str]) -> str:
    """Dotted key for line lookup: ``("categories", 1)`` -> ``categories.1``."""
    return ".".join(str(part) for part in loc)


def loc_label(loc: Sequence[int | str]) -> str:
    """Readable field name: ``("attachments", 0, "file")`` -> ``attachments[1].file``."""
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"[{part + 1}]"
        else:
            label += ("." if label else "") + part
    return label


_KEY_JUNK = "\u200b\u200c\u200d\u2060\ufeff\u00a0\u202f\u2007\u3000“”„‘’"


def _normal_key(key: str) -> str:
    return "".join(c for c in key if c not in _KEY_JUNK).strip().lower()


def key_variant(written: str, canonical: str) -> tuple[str, str] | None:
    """How a written key differs from the key meant: ``(message, fix)``, or ``None``.

    ``Categories`` -> "phải viết thường"; ``“title”``, ``title\u200b`` -> characters pasted from
    Word; ``titel`` (close spelling) -> "viết sai"."""
    if written == canonical:
        return None
    if _normal_key(written) == canonical:
        if written.lower() == canonical:
            return (
                f"Khóa «{written}» phải viết thường: «{canonical}».",
                f"Sửa «{written}:» thành «{canonical}:» (hoặc chạy «python -m cchc check --fix»).",
            )
        odd = ", ".join(sorted({f"U+{ord(c):04X}" for c in written if c in _KEY_JUNK}))
        return (
            f"Khóa «{canonical}» có ký tự thừa dán từ Word ({odd}) nên không được nhận ra.",
            f"Gõ lại «{canonical}:» bằng bàn phím (hoặc chạy «python -m cchc check --fix»).",
        )
    if difflib.get_close_matches(written.lower(), [canonical], n=1, cutoff=0.75):
        return (
            f"Khóa «{written}» viết sai: phải là «{canonical}».",
            f"Sửa «{written}:» thành «{canonical}:».",
        )
    return None


def _variants(source: Source, known: list[str]) -> dict[str, str]:
    """Keys meant (and absent) -> the key written instead: ``{"categories": "Categories"}``."""
    found: dict[str, str] = {}
    unknown = [k for k in source.meta if k not in known]
    for canonical in known:
        if canonical in source.meta:
            continue
        exact = [k for k in unknown if _normal_key(k) == canonical]
        close = exact or [k for k in unknown if key_variant(k, canonical) is not None]
        if close:
            found[canonical] = close[0]
    return found


def problems_from_error(exc: ValidationError, source: Source, known_keys: Iterable[str]) -> list[Problem]:
    """Translate every pydantic error into a Vietnamese ``Problem`` naming file, line, field.

    A key written with a capital, a typo or Word's characters (``Categories``, ``titel``,
    ``“title”``) is reported as such, once, not as a missing key plus an unknown one; a value
    YAML read as a comment (``title: #1 …``) was reported when the file was read."""
    problems = []
    known = list(known_keys)
    variants = _variants(source, known)
    written_for = {written: canonical for canonical, written in variants.items()}
    reported: set[str] = set()
    for error in exc.errors():
        loc = [p for p in error["loc"] if p not in ("function-after", "function-before")]
        key = loc_label(loc)
        last = next((str(p) for p in reversed(loc) if not isinstance(p, int)), "")
        ctx: dict[str, Any] = dict(error.get("ctx") or {})
        kind = error["type"]
        top = str(loc[0]) if loc else ""
        if top in source.commented:
            continue
        canonical = None
        if len(loc) == 1 and kind == "missing" and top in variants:
            canonical = top
        elif len(loc) == 1 and kind == "extra_forbidden" and top in written_for:
            canonical = written_for[top]
        if canonical is not None:
            if canonical not in reported:
                reported.add(canonical)
                written = variants[canonical]
                message, fix = key_variant(written, canonical) or ("", "")
                problems.append(
                    Problem(source.rel, message, field=written, line=source.line_of(written), fix=fix)
                )
            continue
        if kind == "cchc":
            message, fix = ctx["message"], ctx.get("fix") or None
        elif kind == "extra_forbidden":
            guess = difflib.get_close_matches(last, known, n=1)
            message = f"Khóa lạ «{last}» không có trong mẫu."
            fix = (
                f"Có phải ý bạn là «{guess[0]}»? Sửa lại tên khóa."
                if guess
                else "Xóa dòng này hoặc xem danh sách khóa trong Hướng dẫn đăng bài."
            )
        else:
            template = _TYPE_MESSAGES.get(kind)
            if template is None:
                message, fix = f"Giá trị không hợp lệ ({error['msg']}).", None
            else:
                fmt = {"key": last, **{k: str(v) for k, v in ctx.items()}}
                message, fix = template[0].format(**fmt), template[1].format(**fmt)
        problems.append(Problem(source.rel, message, field=key, line=source.line_of(loc_key(loc)), fix=fix))
    return problems


def unknown_keys(source: Source, allowed: Iterable[str]) -> list[Problem]:
    """Top-level keys the schema does not know: a warning for a typo such as ``tag:``; an
    error for a known key written with a capital or Word's characters (``Tags:``), unless the
    key is required (then the schema's error names it)."""
    fields = allowed if isinstance(allowed, dict) else {}
    allowed = list(allowed)
    problems = []
    for key in source.meta:
        if key in allowed:
            continue
        canonical = _normal_key(key)
        if canonical in allowed and canonical not in source.meta:
            info = fields.get(canonical)
            if info is not None and getattr(info, "is_required", lambda: False)():
                continue  # reported by problems_from_error
            message, fix = key_variant(key, canonical) or ("", "")
            problems.append(
                Problem(
                    source.rel,
                    message + " Giá trị của nó đang bị bỏ qua.",
                    field=key,
                    line=source.line_of(key),
                    fix=fix,
                )
            )
            continue
        guess = difflib.get_close_matches(key, allowed, n=1)
        fix = f"Có phải ý bạn là «{guess[0]}»?" if guess else "Xóa dòng này nếu không cần."
        problems.append(
            Problem(
                source.rel,
                f"Khóa «{key}» không có trong mẫu nên bị bỏ qua.",
                field=key,
                line=source.line_of(key),
                fix=fix,
                warning=True,
            )
        )
    return problems


def parse_local_date(value: Any, key: str, *, with_time: bool = True) -> datetime:
    """Parse ``YYYY-MM-DD`` / ``YYYY-MM-DD HH:MM`` (or a YAML date) as local time.

    Raises a pydantic error with a Vietnamese fix, e.g. for ``26/10/2023``.
    """
    example = "2023-10-26 08:30" if with_time else "2023-10-26"
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=TIMEZONE)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=TIMEZONE)
    text = str(value).strip() if value is not None else ""
    match = _ISO_DATE_RE.match(text)
    if match:
        y, m, d, hh, mm, ss = (int(g) if g else 0 for g in match.groups())
        if (hh or mm or ss) and not with_time:
            raise invalid(f"Ngày «{text}» không được kèm giờ.", f"Chỉ ghi ngày, ví dụ «{key}: 2023-10-26».")
        try:
            return datetime(y, m, d, hh, mm, ss, tzinfo=TIMEZONE)
        except ValueError:
            raise invalid(
                f"Ngày hoặc giờ «{text}» không tồn tại.",
                f"Kiểm tra lại ngày, tháng, giờ; dạng đúng: «{key}: {example}».",
            ) from None
    dmy = _DMY_RE.match(text)
    if dmy:
        d, m, y = (int(g) for g in dmy.groups()[:3])
        suggestion = f"{y:04d}-{m:02d}-{d:02d}"
        if dmy.group(4):
            suggestion += f" {int(dmy.group(4)):02d}:{dmy.group(5)}"
        raise invalid(
            f"Ngày «{text}» viết theo kiểu ngày/tháng/năm, chương trình không đọc được.",
            f"Dùng dạng năm-tháng-ngày: «{key}: {suggestion}».",
        )
    raise invalid(
        f"Ngày «{text}» không đúng định dạng.",
        f"Dùng dạng năm-tháng-ngày, ví dụ «{key}: {example}».",
    )


def is_remote(path: str) -> bool:
    return bool(_REMOTE_RE.match(path.strip()))


def check_local_file(value: Any, base: Path, root: Path, what: str) -> Path:
    """Resolve a path written relative to ``base``; it must be a local, existing file."""
    if not isinstance(value, str) or not value.strip():
        raise invalid(f"Phải ghi đường dẫn tới {what}.", "Ví dụ «anh-bia.jpg» (tệp đặt cạnh bài viết).")
    text = value.strip()
    if is_remote(text):
        raise invalid(
            f"{what.capitalize()} «{text}» là liên kết tới trang khác; trang chỉ dùng tệp đặt trong kho.",
            "Tải tệp về, đặt cạnh tệp bài viết rồi ghi tên tệp, ví dụ «anh-bia.jpg».",
        )
    path = (base / text).resolve()
    if not path.is_relative_to(root.resolve()):
        raise invalid(f"Đường dẫn «{text}» trỏ ra ngoài kho nội dung.", "Đặt tệp cạnh bài viết.")
    if not path.is_file():
        near = difflib.get_close_matches(
            Path(text).name, [p.name for p in path.parent.glob("*")] if path.parent.is_dir() else [], n=1
        )
        hint = f" Có phải ý bạn là «{near[0]}»?" if near else ""
        raise invalid(
            f"Không tìm thấy {what} «{text}».",
            "Kiểm tra tên tệp (phân biệt chữ hoa, chữ thường) và đặt tệp cạnh bài viết." + hint,
        )
    return path
