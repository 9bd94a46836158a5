"""Validation of the site settings in ``mkdocs.yml``: pydantic models and ``validate_settings``.

Checked: ``site_name``, ``site_url``, ``site_description``, ``theme.logo`` and the keys of
``extra:`` the site owns (``organisation``, ``categories``, ``authors``, ``per_page``,
``feeds``, ``limits``, ``cms``). Other keys under ``extra:`` belong to Material (``generator``, ``social``,
``alternate``…) and are left alone; the owned ones are strict: unknown keys are refused
with the list of allowed keys, text must be text, numbers must be in range. Every mistake
becomes a ``Problem`` naming ``mkdocs.yml``, the line and the dotted key, with a fix
(``cchc.core.settings_problems``).

Imported lazily by ``cchc.core.settings`` (``cchc.core.validation`` imports that module).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator

from cchc.cms import options
from cchc.core import settings_fields as fields
from cchc.core.config_file import ConfigFile
from cchc.core.limits import DEFAULT_LIMITS, Limits
from cchc.core.problems import ContentError, Problem
from cchc.core.settings import (
    DEFAULT_CATEGORIES,
    Author,
    Category,
    CmsSettings,
    Contact,
    Organisation,
    Responsible,
    Settings,
)
from cchc.core.settings_fields import DEFAULT_SITE_URL, Email, OptionalText, RequiredText, WebAddress
from cchc.core.settings_problems import duplicates, misspelt_keys, problem, translate
from cchc.core.text import slugify
from cchc.core.validation import invalid

DEFAULT_LOGO = "assets/images/logo.png"
THEME_FILE_FOLDERS = ("docs", "overrides")  # docs_dir and theme.custom_dir of the project layout
OWNED_EXTRA_KEYS = ("organisation", "categories", "authors", "per_page", "feeds", "limits", "cms")
# YAML 1.1 booleans PyYAML reads as true/false; in owned keys they are kept as the text written.
_YAML11_BOOLEANS = {"y", "yes", "n", "no", "on", "off"}


class _Owned(BaseModel):
    """A group of keys the site owns: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ContactModel(_Owned):
    name: RequiredText
    role: RequiredText
    phone: OptionalText = ""
    email: Email = ""
    role_en: OptionalText = ""  # the position in English (the English page, Decree 42 art. 7)


class ResponsibleModel(_Owned):
    """``extra.organisation.responsible``: who answers for the content (shown in every footer)."""

    name: RequiredText
    role: RequiredText
    role_en: OptionalText = ""


def _text_list(value: Any) -> Any:
    """A list of lines (``functions_en``); one line written alone is a list of one."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return list(value)
    raise invalid(
        "Danh sách chức năng bằng tiếng Anh phải là các dòng văn bản.",
        "Viết «functions_en:» rồi mỗi chức năng một dòng «- …» thụt lề.",
    )


class OrganisationModel(_Owned):
    name: OptionalText = ""
    parent: OptionalText = ""
    address: OptionalText = ""
    phone: OptionalText = ""
    fax: OptionalText = ""  # Decree 42/2022/NĐ-CP lists fax among the contact details
    email: Email = ""
    website: WebAddress = ""
    hours: OptionalText = ""
    contacts: Annotated[tuple[ContactModel, ...], BeforeValidator(fields.none_as_empty_list)] = ()
    hotline: OptionalText = ""  # the one-stop desk's number (home page); ``phone`` when empty
    # Who sets the fees the procedures name, e.g. "HĐND thành phố Huế": ``[[HĐND]]`` in a text.
    fee_authority: OptionalText = ""
    responsible: Annotated[ResponsibleModel | None, BeforeValidator(fields.none_as_empty_dict)] = None
    # The English page (en/): each text falls back to the Vietnamese one when left out.
    name_en: OptionalText = ""
    address_en: OptionalText = ""
    hours_en: OptionalText = ""
    about_en: OptionalText = ""
    functions_en: Annotated[tuple[RequiredText, ...], BeforeValidator(_text_list)] = ()


class AuthorModel(_Owned):
    id: Annotated[str, BeforeValidator(fields.author_id)]
    name: RequiredText
    role: OptionalText = ""


class FeedsModel(_Owned):
    length: Annotated[int, BeforeValidator(fields.int_between(1, 1000, 50))] = 50
    full_content: Annotated[bool, BeforeValidator(fields.boolean)] = True


def _limit(low: int, high: int, example: int) -> Any:
    """An ``int`` field of ``extra.limits`` between ``low`` and ``high``."""
    return Annotated[int, BeforeValidator(fields.int_between(low, high, example))]


_D = DEFAULT_LIMITS
PostBytes = _limit(1_000, 100_000_000, _D.post_bytes)
Headings = _limit(1, 100_000, _D.headings)
Depth = _limit(1, 100, _D.nesting)
Tags = _limit(1, 1_000, _D.tags)
Pixels = _limit(1, 500_000_000, _D.image_pixels)
FileBytes = _limit(1_000, 2_000_000_000, _D.attachment_bytes)


class LimitsModel(_Owned):
    """``extra.limits``: sizes and counts over which content is refused (``cchc.core.limits``)."""

    post_bytes: PostBytes = _D.post_bytes  # type: ignore[valid-type]
    headings: Headings = _D.headings  # type: ignore[valid-type]
    nesting: Depth = _D.nesting  # type: ignore[valid-type]
    emphasis: Depth = _D.emphasis  # type: ignore[valid-type]
    tags: Tags = _D.tags  # type: ignore[valid-type]
    image_pixels: Pixels = _D.image_pixels  # type: ignore[valid-type]
    attachment_bytes: FileBytes = _D.attachment_bytes  # type: ignore[valid-type]


def _cms_backend(value: Any) -> str:
    return options.backend_name(fields.required_text(value))


def _repo(value: Any) -> str:
    return options.repo_name(fields.optional_text(value))


class CmsModel(_Owned):
    """``extra.cms``: the backend of the browser editor at ``/admin/`` (``cchc.cms``)."""

    backend: Annotated[str, BeforeValidator(_cms_backend)] = "local"
    repo: Annotated[str, BeforeValidator(_repo)] = ""
    branch: RequiredText = "main"
    app_id: OptionalText = ""
    api_root: WebAddress = ""
    base_url: WebAddress = ""
    auth_endpoint: OptionalText = ""
    local_port: Annotated[int, BeforeValidator(fields.int_between(1024, 65535, 8081))] = 8081
    editorial_workflow: Annotated[bool, BeforeValidator(fields.boolean)] = True

    @model_validator(mode="after")
    def _backend_needs(self) -> CmsModel:
        error = options.missing(self.backend, self.repo, self.app_id, self.base_url)
        if error is not None:
            raise error
        return self


Categories = Annotated[tuple[RequiredText, ...], BeforeValidator(fields.category_list)]


class ExtraModel(BaseModel):
    """``extra:``: Material's keys pass through, the site's own keys are strict."""

    model_config = ConfigDict(extra="allow", frozen=True)

    organisation: Annotated[OrganisationModel, BeforeValidator(fields.or_empty)] = OrganisationModel()
    categories: Annotated[tuple[RequiredText, ...], BeforeValidator(fields.category_list)] = (
        DEFAULT_CATEGORIES
    )
    authors: Annotated[tuple[AuthorModel, ...], BeforeValidator(fields.none_as_empty_list)] = ()
    per_page: Annotated[int, BeforeValidator(fields.int_between(1, 200, 20))] = 10
    feeds: Annotated[FeedsModel, BeforeValidator(fields.or_empty)] = FeedsModel()
    limits: Annotated[LimitsModel, BeforeValidator(fields.or_empty)] = LimitsModel()
    cms: Annotated[CmsModel, BeforeValidator(fields.or_empty)] = CmsModel()


class ThemeModel(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    logo: OptionalText = ""
    favicon: OptionalText = ""


class SiteModel(BaseModel):
    """The part of ``mkdocs.yml`` the content core reads; MkDocs checks the rest."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    site_name: Annotated[str, BeforeValidator(fields.site_name_text)]
    site_url: Annotated[str, BeforeValidator(fields.site_address)] = DEFAULT_SITE_URL
    site_description: OptionalText = ""
    theme: Annotated[ThemeModel, BeforeValidator(fields.theme_mapping)] = ThemeModel()
    extra: Annotated[ExtraModel, BeforeValidator(fields.or_empty)] = ExtraModel()


# The strict groups by path shape (list indexes as ``*``): messages list their allowed keys.
GROUPS: dict[str, type[BaseModel]] = {
    "extra.organisation": OrganisationModel,
    "extra.organisation.contacts.*": ContactModel,
    "extra.organisation.responsible": ResponsibleModel,
    "extra.authors.*": AuthorModel,
    "extra.feeds": FeedsModel,
    "extra.limits": LimitsModel,
    "extra.cms": CmsModel,
}


def _keep_written_booleans(value: Any, prefix: str, config: ConfigFile) -> Any:
    """Undo YAML 1.1 for the owned keys: ``yes`` stays the text ``yes``, not ``True``."""
    if isinstance(value, dict):
        return {k: _keep_written_booleans(v, f"{prefix}.{k}", config) for k, v in value.items()}
    if isinstance(value, list):
        return [_keep_written_booleans(v, f"{prefix}.{i}", config) for i, v in enumerate(value)]
    written = config.plain.get(prefix)
    if isinstance(value, bool) and written is not None and written.lower() in _YAML11_BOOLEANS:
        return written
    return value


# --- entry point ----------------------------------------------------------------------


def validate_settings(root: Path, data: Mapping[str, Any], config: ConfigFile | None = None) -> Settings:
    """``Settings`` from the top-level values of ``mkdocs.yml`` (``site_name``, ``extra``, ``theme``…).

    ``config`` (the parsed file) gives lines, the text as written and ``!ENV`` origins for
    messages; without it messages name ``mkdocs.yml`` but no line. Raises ``ContentError``.
    """
    values = {k: data.get(k) for k in ("site_name", "site_url", "site_description", "theme", "extra")}
    values = {k: v for k, v in values.items() if k == "site_name" or v is not None}
    extra = values.get("extra")
    problems: list[Problem] = []
    if isinstance(extra, Mapping):
        extra = dict(extra)
        if config is not None:
            for key in OWNED_EXTRA_KEYS:
                if key in extra:
                    extra[key] = _keep_written_booleans(extra[key], f"extra.{key}", config)
        values["extra"] = extra
        problems += duplicates(extra, config) + misspelt_keys(extra, config, OWNED_EXTRA_KEYS)
    try:
        model = SiteModel.model_validate(values)
    except ValidationError as exc:
        problems += translate(exc, config, GROUPS)
    else:
        problems += theme_file_problems(root, model.theme.logo, model.theme.favicon, config)
    if problems:
        raise ContentError(problems)
    return _to_settings(root, model)


def _default_logo(root: Path) -> str:
    """With no ``theme.logo``: the project's usual logo file when there is one (feeds, cards)."""
    found = any((root / folder / DEFAULT_LOGO).is_file() for folder in THEME_FILE_FOLDERS)
    return DEFAULT_LOGO if found else ""


def theme_file_problems(root: Path, logo: str, favicon: str, config: ConfigFile | None) -> list[Problem]:
    """``theme.logo`` and ``theme.favicon`` must name files of the site (``docs/`` or ``overrides/``):
    the header, the feeds' channel image and the share cards use them."""
    problems = []
    for key, value in (("logo", logo), ("favicon", favicon)):
        if not value or any((root / folder / value).is_file() for folder in THEME_FILE_FOLDERS):
            continue
        problems.append(
            problem(
                config,
                ["theme", key],
                f"Không thấy tệp «{value}» mà «theme.{key}» chỉ tới (tìm trong thư mục docs/ và overrides/).",
                f"Đặt tệp vào «overrides/{value}» hoặc «docs/{value}», hoặc sửa «{key}:» dưới «theme:» "
                "trong mkdocs.yml cho đúng tên tệp.",
            )
        )
    return problems


def _to_settings(root: Path, model: SiteModel) -> Settings:
    extra, org = model.extra, model.extra.organisation
    organisation = Organisation(
        name=org.name,
        parent=org.parent,
        address=org.address,
        phone=org.phone,
        email=org.email,
        hours=org.hours,
        contacts=tuple(Contact(c.name, c.role, c.phone, c.email, c.role_en) for c in org.contacts),
        fax=org.fax,
        website=org.website,
        hotline=org.hotline,
        fee_authority=org.fee_authority,
        responsible=Responsible(**org.responsible.model_dump()) if org.responsible else Responsible(),
        name_en=org.name_en,
        address_en=org.address_en,
        hours_en=org.hours_en,
        about_en=org.about_en,
        functions_en=org.functions_en,
    )
    return Settings(
        root=root,
        site_url=model.site_url,
        site_name=model.site_name,
        description=model.site_description,
        organisation=organisation,
        categories=tuple(Category(name, slugify(name)) for name in extra.categories),
        authors={a.id: Author(a.id, a.name, a.role) for a in extra.authors},
        per_page=extra.per_page,
        feed_length=extra.feeds.length,
        feed_full_content=extra.feeds.full_content,
        logo=model.theme.logo or _default_logo(root),
        limits=Limits(**extra.limits.model_dump()),
        cms=CmsSettings(**extra.cms.model_dump()),
    )
