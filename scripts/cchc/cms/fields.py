"""Decap CMS fields made from the pydantic models of the content.

Every field of a model becomes a Decap field with the model's name, whether it is required,
and a widget chosen from its type: text → ``string``, ``bool`` → ``boolean``, ``int`` →
``number``, ``datetime``/``date`` → ``datetime`` (written ``YYYY-MM-DD HH:mm`` /
``YYYY-MM-DD``, as the checker reads them), ``Literal`` → ``select``, a sub-model →
``object``, a tuple → ``list`` (of objects, or of one widget). The model order is kept (the
national order for procedures). What the type does not say (Vietnamese labels and hints,
a multi-line ``text`` widget, file and image widgets, select options from the settings) comes
from a table keyed by dotted field name (``document.signer.authority``), merged last.

A field the table does not know still appears, labelled by its name: the editor never
loses a field the checker accepts. ``tests/test_cms.py`` asserts that the table and the
models name the same fields.
"""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

DATETIME_FORMAT = "YYYY-MM-DD HH:mm"
DATE_FORMAT = "YYYY-MM-DD"
SHOWN_DATE = "DD/MM/YYYY"  # how the date picker shows dates to an official

Table = Mapping[str, Mapping[str, Any]]


def _strip(annotation: Any) -> tuple[Any, bool]:
    """``annotation`` without ``Annotated`` and ``None``; and whether ``None`` was allowed."""
    optional = False
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(get_args(annotation))
            annotation = args[0] if len(args) == 1 else str
        else:
            return annotation, optional


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _shown(time_format: str | bool) -> dict[str, Any]:
    return {"date_format": SHOWN_DATE, "time_format": time_format}


def _widget(annotation: Any, key: str, table: Table) -> dict[str, Any]:
    """The widget (and its options) for a value of type ``annotation``."""
    if _is_model(annotation):
        return {"widget": "object", "fields": model_fields(annotation, table, key + ".")}
    origin = get_origin(annotation)
    if origin in (tuple, list):
        item, _ = _strip(get_args(annotation)[0])
        if _is_model(item):
            return {"widget": "list", "fields": model_fields(item, table, key + ".")}
        return {
            "widget": "list",
            "field": {"label": "", "name": key.rsplit(".", 1)[-1], **_widget(item, key, {})},
        }
    if origin is Literal:
        return {"widget": "select", "options": list(get_args(annotation))}
    if annotation is bool:
        return {"widget": "boolean"}
    if annotation is int:
        return {"widget": "number", "value_type": "int", "min": 0}
    if annotation is datetime:
        return {
            "widget": "datetime",
            "format": DATETIME_FORMAT,
            "date_format": SHOWN_DATE,
            "time_format": "HH:mm",
        }
    if annotation is date:
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": SHOWN_DATE, "time_format": False}
    return {"widget": "string"}


def decap_field(name: str, info: FieldInfo, table: Table, key: str) -> dict[str, Any]:
    annotation, _ = _strip(info.annotation)
    field: dict[str, Any] = {"label": name, "name": name, **_widget(annotation, key, table)}
    field["required"] = info.is_required()
    default = info.get_default()
    if isinstance(default, bool | int | str) and field["widget"] in ("boolean", "number", "string"):
        field["default"] = default
    choices = dict(table.get(key, {}))
    item = choices.pop("item", None)  # options of a list's single widget
    if item and "field" in field:
        field["field"] = {**field["field"], **item}
    field.update(choices)
    if field["widget"] == "list":
        field.setdefault("collapsed", False)
        if "field" in field:
            field["field"] = {**field["field"], "label": field["label"]}
    elif field["widget"] != "object":
        field.pop("field", None)  # a list the table shows as another widget (a multiple select)
    return field


def model_fields(model: type[BaseModel], table: Table, prefix: str = "") -> list[dict[str, Any]]:
    """The Decap fields of ``model``, in its order; ``prefix`` names nested fields in ``table``."""
    return [decap_field(name, info, table, prefix + name) for name, info in model.model_fields.items()]


def model_keys(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """Every dotted field name of ``model`` and its sub-models (``document.signer.title``)."""
    for name, info in model.model_fields.items():
        yield prefix + name
        annotation, _ = _strip(info.annotation)
        if get_origin(annotation) in (tuple, list):
            annotation, _ = _strip(get_args(annotation)[0])
        if _is_model(annotation):
            yield from model_keys(annotation, f"{prefix}{name}.")


def field_keys(fields: list[dict[str, Any]], prefix: str = "") -> Iterator[str]:
    """Every dotted field name of a list of Decap fields (the inverse of ``model_keys``)."""
    for field in fields:
        yield prefix + field["name"]
        yield from field_keys(field.get("fields", []), f"{prefix}{field['name']}.")
