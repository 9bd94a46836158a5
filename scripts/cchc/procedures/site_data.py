"""Site data that procedure texts refer to instead of copying it: ``[[HĐND]]``.

The fee authority ("HĐND thành phố Huế") is the same for every procedure of a commune and
differs between communes, so it is written once, as ``extra.organisation.fee_authority`` in
``mkdocs.yml``, and a procedure says ``Theo Nghị quyết của [[HĐND]]``. The reference is
replaced in every text of the front matter and in the body before the record is validated;
``[[hđnd]]`` and ``[[HDND]]`` are read the same way. A reference with no value set is a
problem naming the file, the line and the field.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from cchc.core.frontmatter import Source
from cchc.core.problems import Problem
from cchc.core.settings import Settings

FEE_AUTHORITY_RE = re.compile(r"\[\[\s*H[ĐD]ND\s*\]\]", re.IGNORECASE)
FEE_AUTHORITY_KEY = "extra.organisation.fee_authority"


def _replace(value: Any, text: str, path: str, used: list[str]) -> Any:
    if isinstance(value, str):
        if FEE_AUTHORITY_RE.search(value):
            used.append(path)
            return FEE_AUTHORITY_RE.sub(lambda _m: text, value) if text else value
        return value
    if isinstance(value, dict):
        return {k: _replace(v, text, f"{path}.{k}" if path else str(k), used) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, text, f"{path}.{i}" if path else str(i), used) for i, v in enumerate(value)]
    return value


def resolve_site_data(source: Source, settings: Settings) -> tuple[Source, list[Problem]]:
    """``source`` with ``[[HĐND]]`` replaced by the fee authority of the settings."""
    authority = settings.organisation.fee_authority
    used: list[str] = []
    meta = _replace(source.meta, authority, "", used)
    body = source.body
    if FEE_AUTHORITY_RE.search(body):
        used.append("")
        body = FEE_AUTHORITY_RE.sub(lambda _m: authority, body) if authority else body
    if not used:
        return source, []
    if authority:
        return replace(source, meta=meta, body=body), []
    field = used[0].split(".")[0] or None
    line = source.line_of(used[0]) if field else source.body_line
    problem = Problem(
        source.rel,
        "Thủ tục ghi «[[HĐND]]» (cơ quan quyết định mức phí, lệ phí) nhưng trang chưa khai báo "
        f"cơ quan này trong mkdocs.yml («{FEE_AUTHORITY_KEY}»).",
        field=field,
        line=line,
        fix="Trong mkdocs.yml, dưới «extra:» → «organisation:», thêm một dòng như "
        "«fee_authority: HĐND tỉnh …» (tên Hội đồng nhân dân cấp tỉnh ban hành nghị quyết về phí, lệ phí).",
    )
    return source, [problem]
