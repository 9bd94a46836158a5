"""How dates and sizes are shown to Vietnamese readers."""

from __future__ import annotations

import functools
from datetime import date, datetime

from babel.dates import format_date, format_datetime

LOCALE = "vi"


@functools.lru_cache(maxsize=8192)
def display_date(value: datetime) -> str:
    """``Thứ Năm, 26/10/2023`` (with ``08:30, `` in front when the time is not midnight)."""
    if value.hour or value.minute:
        return format_datetime(value, "HH:mm, EEEE, dd/MM/y", locale=LOCALE)
    return format_date(value, "EEEE, dd/MM/y", locale=LOCALE)


def day(value: date) -> str:
    """``26/10/2023``."""
    return value.strftime("%d/%m/%Y")


def human_size(size: int) -> str:
    """``812 byte``, ``35 KB``, ``1,2 MB`` (decimal comma)."""
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB".replace(".", ",")
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
