"""The site's data files (``data/*.yml``): lists of records an official edits, validated.

``data/`` sits at the project root, beside ``posts/`` and ``docs/``: the build reads it and
publishes none of it. Each file is a YAML list of mappings; every entry is validated with a
pydantic model and every problem is reported at once, in Vietnamese, with file and line.
A missing file is an empty list.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from cchc.core.problems import ContentError, Problem
from cchc.core.text import decode_source

DATA_DIR = "data"
Model = TypeVar("Model", bound=BaseModel)


def _lines(text: str) -> list[int]:
    """The line of each entry of a YAML list (1-based), or nothing if it is not a list."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def _message(error: Any, example: str) -> tuple[str, str, str]:
    """``(field, message, fix)`` of one pydantic error, in Vietnamese."""
    field = ".".join(str(p) for p in error["loc"] if not isinstance(p, int)) or "mục"
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "cchc":
        return field, str(ctx.get("message", "")), str(ctx.get("fix", ""))
    if kind == "missing":
        return field, f"Thiếu trường «{field}».", f"Thêm dòng «{field}: …» vào mục này, ví dụ: {example}"
    if kind == "extra_forbidden":
        return (
            field,
            f"Trường «{field}» không dùng được ở đây.",
            f"Xóa dòng này hoặc sửa tên trường. {example}",
        )
    return field, f"Giá trị của «{field}» không hợp lệ.", f"Viết lại theo mẫu: {example}"


def load_list(root: Path, name: str, model: type[Model], example: str) -> tuple[Model, ...]:
    """The entries of ``data/<name>`` as ``model`` records; ``ContentError`` with every problem."""
    path = root / DATA_DIR / name
    rel = f"{DATA_DIR}/{name}"
    if not path.is_file():
        return ()
    try:
        text, _ = decode_source(path.read_bytes())
    except UnicodeError:
        fix = "Mở tệp bằng trình soạn thảo và lưu lại với mã hóa UTF-8."
        raise ContentError([Problem(rel, "Tệp không phải chữ UTF-8.", fix=fix)]) from None
    except OSError as error:
        raise ContentError([Problem(rel, f"Không đọc được tệp ({error.strerror}).")]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        fix = "Kiểm tra dấu «:», thụt lề và dấu «- » đầu mỗi mục."
        raise ContentError([Problem(rel, "Tệp YAML viết sai cú pháp.", line=line, fix=fix)]) from None
    if data is None:
        return ()
    if not isinstance(data, list):
        fix = f"Mỗi mục bắt đầu bằng «- », ví dụ: {example}"
        raise ContentError([Problem(rel, "Tệp phải là một danh sách các mục.", line=1, fix=fix)])
    return _validate(data, _lines(text), rel, model, example)


def _validate(
    data: Sequence[Any], lines: Sequence[int], rel: str, model: type[Model], example: str
) -> tuple[Model, ...]:
    records: list[Model] = []
    problems: list[Problem] = []
    for index, entry in enumerate(data):
        line = lines[index] if index < len(lines) else None
        if not isinstance(entry, dict):
            message = f"Mục thứ {index + 1} phải là một nhóm dòng «khóa: giá trị»."
            problems.append(Problem(rel, message, line=line, fix=f"Ví dụ: {example}"))
            continue
        try:
            records.append(model.model_validate(entry))
        except ValidationError as error:
            for item in error.errors():
                field, message, fix = _message(item, example)
                problems.append(Problem(rel, message, field=field, line=line, fix=fix or None))
    if problems:
        raise ContentError(problems)
    return tuple(records)
