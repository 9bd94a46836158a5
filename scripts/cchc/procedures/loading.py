"""Loading procedure records: every ``docs/thu-tuc/**/*.md`` read once, validated and checked.

``load_records`` reads every file, reports *all* problems at once (``ContentError``) and
returns the ``Procedure`` records sorted in a ``Catalogue``. Besides the schema
(``cchc.procedures.model``), checked here: file names usable as URLs, the online level
against the ways of filing, and codes, fields and URLs that collide across files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from cchc.core.frontmatter import Source, read_source
from cchc.core.problems import Problem, raise_if_any
from cchc.core.settings import Settings
from cchc.core.text import fold, slugify
from cchc.core.urls import FIELDS_DIR, PROCEDURES_DIR, field_url
from cchc.core.validation import problems_from_error
from cchc.procedures.model import GUIDE, Catalogue, Procedure, ProcedureMeta
from cchc.procedures.site_data import resolve_site_data

_SLUG_PART_RE = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")  # e.g. 1.001193-dang-ky-khai-sinh


def _sort_key(procedure: Procedure) -> tuple[str, str, str]:
    return (fold(procedure.meta.linh_vuc), fold(procedure.name), procedure.code)


def markdown_files(directory: Path) -> list[Path]:
    """Every ``*.md`` under ``directory`` that MkDocs publishes (hidden ``.files`` are not)."""
    if not directory.is_dir():
        return []
    return sorted(
        p
        for p in directory.rglob("*.md")
        if not any(part.startswith(".") for part in p.relative_to(directory).parts)
    )


def build_procedure(
    source: Source, settings: Settings, today: date
) -> tuple[Procedure | None, list[Problem]]:
    """Validate one source (read with ``read_source(..., literal=True)``) into a ``Procedure``,
    or return the problems that prevent it."""
    src_uri = source.path.relative_to(settings.docs_dir).as_posix()
    source, problems = resolve_site_data(source, settings)
    problems += _path_problems(source, src_uri)
    context = {"base": source.path.parent, "docs": settings.docs_dir, "today": today}
    try:
        meta = ProcedureMeta.model_validate(source.meta, context=context)
    except ValidationError as exc:
        return None, problems + problems_from_error(exc, source, ProcedureMeta.model_fields)
    problems += _level_problems(meta, source)
    return Procedure(source.rel, src_uri, meta, source.body, source.lines), problems


def _level_problems(meta: ProcedureMeta, source: Source) -> list[Problem]:
    """The online level must agree with the ways of filing and the online-service link."""
    online = any(c.hinh_thuc == "Trực tuyến" for c in meta.cach_thuc)
    level = meta.muc_do_truc_tuyen
    line = source.line_of("muc_do_truc_tuyen")
    if level == "khong" and online:
        return [
            Problem(
                source.rel,
                "Mức độ là «khong» (không trực tuyến) nhưng «cach_thuc» có hình thức «Trực tuyến».",
                field="muc_do_truc_tuyen",
                line=line,
                fix="Sửa thành «muc_do_truc_tuyen: mot_phan» hoặc «toan_trinh», "
                "hoặc bỏ hình thức «Trực tuyến».",
            )
        ]
    if level != "khong" and not online:
        return [
            Problem(
                source.rel,
                f"Mức độ là «{level}» nhưng «cach_thuc» không có hình thức «Trực tuyến».",
                field="muc_do_truc_tuyen",
                line=line,
                fix="Thêm vào «cach_thuc» một mục «- hinh_thuc: Trực tuyến» (kèm thời hạn, phí), "
                "hoặc sửa thành «muc_do_truc_tuyen: khong».",
            )
        ]
    if level != "khong" and meta.dich_vu_cong_url is None:
        return [
            Problem(
                source.rel,
                "Thủ tục nộp trực tuyến được nhưng chưa có liên kết tới dịch vụ công; "
                "trang sẽ không có nút «Nộp hồ sơ trực tuyến».",
                field="dich_vu_cong_url",
                line=line,
                fix="Thêm «dich_vu_cong_url: https://…» (trang thủ tục trên Cổng Dịch vụ công).",
                warning=True,
            )
        ]
    return []


def _path_problems(source: Source, src_uri: str) -> list[Problem]:
    """File names become URLs: they must be plain ASCII, like post slugs."""
    parts = PurePosixPath(src_uri).with_suffix("").parts
    if all(_SLUG_PART_RE.match(part) for part in parts):
        return []
    suggestion = "/".join(slugify(part) or "thu-tuc" for part in parts) + ".md"
    return [
        Problem(
            source.rel,
            "Tên tệp hoặc thư mục dùng làm đường dẫn trang nên chỉ gồm chữ thường không dấu, số, "
            "dấu chấm và dấu gạch ngang.",
            fix=f"Đổi tên tệp thành «docs/{suggestion}».",
        )
    ]


def _duplicates(procedures: list[Procedure]) -> list[Problem]:
    """One code, one record; one field, one spelling; no page on a generated page's URL."""
    problems = []
    by_code: dict[str, list[Procedure]] = {}
    for procedure in procedures:
        by_code.setdefault(procedure.code, []).append(procedure)
    for code, group in by_code.items():
        if len(group) > 1:
            files = ", ".join(p.source for p in group)
            problems += [
                Problem(
                    p.source,
                    f"Mã thủ tục «{code}» bị trùng giữa các tệp: {files}.",
                    field="ma_thu_tuc",
                    line=p.lines.get("ma_thu_tuc"),
                    fix="Mỗi thủ tục một tệp: kiểm tra lại mã, hoặc gộp các tệp trùng làm một.",
                )
                for p in group
            ]
    spellings: dict[str, set[str]] = {}
    for procedure in procedures:
        spellings.setdefault(slugify(procedure.meta.linh_vuc), set()).add(procedure.meta.linh_vuc)
    for procedure in procedures:
        names = spellings[slugify(procedure.meta.linh_vuc)]
        if len(names) > 1:
            listed = ", ".join(f"«{n}»" for n in sorted(names))
            problems.append(
                Problem(
                    procedure.source,
                    f"Lĩnh vực được viết theo nhiều cách: {listed}.",
                    field="linh_vuc",
                    line=procedure.lines.get("linh_vuc"),
                    fix="Viết tên lĩnh vực giống hệt nhau ở mọi tệp (cùng dấu, cùng chữ hoa).",
                )
            )
    reserved = {f"{PROCEDURES_DIR}/"} | {field_url(p.meta.linh_vuc) for p in procedures}
    for procedure in procedures:
        if procedure.url in reserved or procedure.url.startswith(f"{FIELDS_DIR}/"):
            problems.append(
                Problem(
                    procedure.source,
                    f"Đường dẫn «{procedure.url}» trùng với trang danh sách do chương trình tự tạo.",
                    fix="Đặt tệp thủ tục trong một thư mục lĩnh vực, "
                    "ví dụ «docs/thu-tuc/ho-tich/ten-thu-tuc.md».",
                )
            )
    return problems


def load_records(settings: Settings, today: date, paths: Sequence[Path] | None = None) -> Catalogue:
    """Read and validate every procedure (``paths``: the files found by ``cchc.core.safety.scan``,
    by default every ``*.md`` of ``docs/thu-tuc/``); raise ``ContentError`` listing all problems."""
    problems: list[Problem] = []
    procedures: list[Procedure] = []
    if paths is None:
        paths = markdown_files(settings.docs_dir / PROCEDURES_DIR)
    for path in paths:
        source, read_problems = read_source(path, settings.root, literal=True, limits=settings.limits)
        problems += [_procedure_fix(p) for p in read_problems]
        if source is None:
            continue
        procedure, record_problems = build_procedure(source, settings, today)
        problems += record_problems
        if procedure is not None:
            procedures.append(procedure)
    problems += _duplicates(procedures)
    raise_if_any(problems)
    procedures.sort(key=_sort_key)
    return Catalogue(tuple(procedures), tuple(p for p in problems if p.warning))


def _procedure_fix(problem: Problem) -> Problem:
    """``read_source`` explains a missing front matter with a post's keys; use a procedure's."""
    if problem.line == 1 and not problem.field and "«---»" in problem.message:
        return replace(
            problem,
            fix="Bắt đầu tệp bằng dòng «---», các dòng «ma_thu_tuc: …», «ten_thu_tuc: …», … "
            "rồi một dòng «---». " + GUIDE,
        )
    return problem
