"""Field types of the site settings: text, numbers, addresses and lists as ``mkdocs.yml`` writes them.

Each validator turns what YAML read into the typed value or raises an error whose Vietnamese
text ``cchc.core.settings_problems`` writes (knowing the key, the line and the source).
Used by the models in ``cchc.core.settings_model``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from cchc.core.config_file import Tagged
from cchc.core.text import nfc, slugify
from cchc.core.validation import as_text, invalid

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
_AUTHOR_ID_RE = re.compile(r"^[a-z0-9-]+$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def custom_error(kind: str, **ctx: Any) -> PydanticCustomError:
    """An error whose Vietnamese text is written by ``settings_problems`` (knowing key, line, source)."""
    return PydanticCustomError(f"cchc_{kind}", kind, ctx)


# --- field types ---------------------------------------------------------------------


def settings_text(value: Any, *, required: bool) -> str:
    if isinstance(value, Tagged):
        raise custom_error("tagged", tag=value.tag)
    if value is None:
        if required:
            raise custom_error("empty")
        return ""
    if isinstance(value, bool):
        raise custom_error("not_text", what="giá trị đúng/sai (true/false)", value=str(value).lower())
    if isinstance(value, int | float):
        raise custom_error("not_text", what="một số", value=str(value))
    if isinstance(value, date):
        raise custom_error("not_text", what="một ngày tháng", value=value.isoformat())
    if not isinstance(value, str):
        raise custom_error("text_type")
    text = nfc(value).strip()
    if required and not text:
        raise custom_error("empty")
    return text


def required_text(value: Any) -> str:
    return settings_text(value, required=True)


def optional_text(value: Any) -> str:
    return settings_text(value, required=False)


def int_between(low: int, high: int, example: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            shown = "" if value is None else str(value)
            raise custom_error("int", low=low, high=high, example=example, value=shown)
        if not low <= value <= high:
            raise custom_error("range", low=low, high=high, example=example, value=str(value))
        return value

    return check


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise custom_error("bool", value="" if value is None else str(value))
    return value


def email_address(value: Any) -> str:
    text = optional_text(value)
    if text and not _EMAIL_RE.match(text):
        raise invalid(
            f"Địa chỉ thư điện tử «{text}» không đúng dạng.",
            "Viết đủ dạng «ten@example.gov.vn», không có dấu cách.",
        )
    return text


def web_address(value: Any) -> str:
    text = optional_text(value)
    if text:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
            raise invalid(
                f"Địa chỉ trang web «{text}» không đúng dạng.",
                "Viết đủ dạng «https://ten-mien.gov.vn/».",
            )
    return text


def author_id(value: Any) -> str:
    text = required_text(value)
    if not _AUTHOR_ID_RE.match(text):
        suggestion = slugify(text) or "ten-tac-gia"
        raise invalid(
            f"Mã tác giả «{text}» chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang.",
            f"Ví dụ «id: {suggestion}»; bài viết ghi đúng mã này ở «author:».",
        )
    return text


def site_name_text(value: Any) -> str:
    text = required_text(value)
    if "<" in text or ">" in text:
        raise invalid(
            f"Tên trang «{text}» có ký tự «<» hoặc «>». Giao diện Material in thẳng tên trang vào mã "
            "HTML của mọi trang, nên ký tự này làm hỏng trang hoặc chạy mã lạ.",
            "Bỏ các ký tự «<» và «>» khỏi «site_name».",
        )
    return text


def site_address(value: Any) -> str:
    if value is None:
        return DEFAULT_SITE_URL
    text = required_text(value)
    parts = urlsplit(text)
    wrong = parts.scheme not in ("http", "https") or not parts.netloc or " " in text
    if wrong or parts.query or parts.fragment:
        raise invalid(
            f"Địa chỉ trang «{text}» không phải một địa chỉ web đầy đủ.",
            "Viết dạng «site_url: https://ten-mien.gov.vn/cchc/» (bắt đầu bằng https:// hoặc http://).",
        )
    return text if text.endswith("/") else text + "/"


def category_list(value: Any) -> Any:
    if value is None or (isinstance(value, list | tuple) and not value):
        raise custom_error("empty_list")
    if isinstance(value, list | tuple):
        return [as_text(item) for item in value]
    return value


def or_empty(value: Any) -> Any:
    """``authors:`` / ``organisation:`` / ``feeds:`` written with nothing under them."""
    return {} if value is None else value


def none_as_empty_list(value: Any) -> Any:
    return [] if value is None else value


def none_as_empty_dict(value: Any) -> Any:
    """``responsible:`` written with nothing under it: its keys are then reported missing."""
    return {} if value is None else value


def theme_mapping(value: Any) -> Any:
    """``theme: material`` (a name) or a mapping; MkDocs' ``Theme`` object is a mapping too."""
    if isinstance(value, str):
        return {"name": value}
    if isinstance(value, Mapping):
        return dict(value)
    return value


RequiredText = Annotated[str, BeforeValidator(required_text)]
OptionalText = Annotated[str, BeforeValidator(optional_text)]
Email = Annotated[str, BeforeValidator(email_address)]
WebAddress = Annotated[str, BeforeValidator(web_address)]
