"""Loading posts: every ``posts/**/*.md`` read once, validated, and turned into ``Post`` records.

``load_posts`` reads every file (the preview's ``LoadCache``: only those changed), reports *all*
problems at once (``ContentError``), then makes a second pass over the loaded records to
rewrite links between posts (``links.resolve_post_links``): a post's URL depends on its
slug, known only once its file is read.

Only files of ``posts/`` and ``docs/`` are published with a post (``safety.content_folder``):
an image, attachment or link naming ``../../.git/config`` or ``../../mkdocs.yml`` is refused.
Limits (``cchc.core.limits``): tags per post, size of each published file, image pixels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from cchc.core import limits as limit
from cchc.core.frontmatter import Source, read_source
from cchc.core.frontmatter_checks import slug_collisions
from cchc.core.problems import Problem, raise_if_any
from cchc.core.safety import content_folder
from cchc.core.settings import Settings
from cchc.core.urls import NEWS_DIR, RESERVED_POST_SLUGS, post_url
from cchc.core.validation import is_remote, problems_from_error, unknown_keys
from cchc.posts import images, links
from cchc.posts.load_cache import LoadCache
from cchc.posts.model import (
    IMAGE_EXTENSIONS,
    Asset,
    Attachment,
    Post,
    PostMeta,
    PostSet,
    derive_description,
    derive_slug,
    post_files,
    sort_key,
)
from cchc.procedures.links import _masked as masked_code

# Markdown images and links with a local target: ![alt](path "title") / [text](path)
_LOCAL_REF_RE = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(\s+\"[^\"]*\")?\s*\)")
_RAW_EMBED_RE = re.compile(r"<(?:img|script|iframe)\b[^>]*?(?:src)=[\"']?((?:https?:)?//[^\"'\s>]+)", re.I)


@dataclass(frozen=True)
class Loaded:
    """What reading one post file gave: the post (or ``None``), its links to other posts
    (resolved by ``load_posts`` once every post is read) and every problem found."""

    post: Post | None
    links: tuple[links.PostLink, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    tag_lines: tuple[int | None, ...] = ()  # the line of each of the post's tags


@dataclass
class _Body:
    """A post body being published (``_body_assets``): the post it belongs to, and what its
    local references brought: the files to publish, the links to other posts, problems."""

    source: Source
    slug: str
    settings: Settings
    cache: Path | None
    assets: list[Asset] = field(default_factory=list)
    links: list[links.PostLink] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# --- local files ---------------------------------------------------------------------


_OUTSIDE = (
    "Tệp này nằm ngoài thư mục posts/ và docs/ (hoặc trong một thư mục có tên bắt đầu bằng dấu chấm); "
    "chỉ tệp nội dung mới được đăng lên trang."
)
_OUTSIDE_FIX = "Chép tệp cần đăng vào cạnh tệp bài viết rồi ghi tên tệp, ví dụ «bao-cao.pdf»."


def _asset(path: Path, slug: str, written: str, cache: Path | None, settings: Settings) -> tuple[Asset, str]:
    """Publish ``path`` under the post's URL; returns the asset and the link to use.

    Raises ``images.ImageProblem`` for a file that cannot be published: outside the content
    folders, over the size limit, or an image that is damaged or has too many pixels. Only
    files named as images are ever opened (with Pillow): a PDF or a Word file is copied as it is.
    """
    if not content_folder(path, settings.posts_dir, settings.docs_dir):
        raise images.ImageProblem(_OUTSIDE, _OUTSIDE_FIX)
    too_big = limit.attachment_problem(path.stat().st_size, settings.limits)
    if too_big:
        raise images.ImageProblem(too_big, limit.ATTACHMENT_FIX)
    rel = PurePosixPath(written)
    if ".." in rel.parts or rel.is_absolute():
        rel = PurePosixPath(path.name)
    dest = f"{NEWS_DIR}/{slug}/{rel.as_posix()}"
    if path.suffix.lower() in IMAGE_EXTENSIONS:
        images.check(path, settings.limits.image_pixels)
        if images.needs_resize(path):
            data = images.web_version(path, cache)
            return Asset(path, dest, len(data), data), rel.as_posix()
    return Asset(path, dest, path.stat().st_size), rel.as_posix()


def _front_assets(
    meta: PostMeta, source: Source, slug: str, cache: Path | None, settings: Settings
) -> tuple[Asset | None, list[Attachment], list[Problem]]:
    """The cover image and the attachments; a damaged image among them is a problem."""
    problems: list[Problem] = []

    def publish(written: str, what: str, key: str) -> Asset | None:
        try:
            return _asset((source.path.parent / written).resolve(), slug, written, cache, settings)[0]
        except images.ImageProblem as exc:
            message = f"{what} «{written}»: {exc}"
            field, line = key.partition(".")[0], source.line_of(key)
            problems.append(Problem(source.rel, message, field=field, line=line, fix=exc.fix))
            return None

    image = publish(meta.image, "Ảnh bìa", "image") if meta.image else None
    attachments = []
    for index, item in enumerate(meta.attachments):
        asset = publish(item.file, f"Tệp đính kèm số {index + 1}", f"attachments.{index}")
        if asset is not None:
            attachments.append(Attachment(asset, item.title or asset.name))
    return image, attachments, problems


# --- the body ------------------------------------------------------------------------


def _outside_code(text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str], int], str]) -> str:
    """``pattern.sub(replace, text)`` skipping code spans and fenced code blocks.

    ``replace`` also gets the position its result will have in the returned text.
    """
    parts, last, size = [], 0, 0
    for masked in pattern.finditer(masked_code(text)):
        match = pattern.fullmatch(text, masked.start(), masked.end())
        if match is None:  # a code span inside the link text, hiding a "]": not a plain link
            continue
        head = text[last : match.start()]
        new = replace(match, size + len(head))
        parts += [head, new]
        size += len(head) + len(new)
        last = match.end()
    return "".join(parts) + text[last:]


def _body_assets(body: _Body) -> str:
    """Check local images and links in the body (outside code), collect them as assets and
    fix their paths; rewrite links to Markdown files to the pages' URLs (``links``)."""
    source = body.source
    origin = links.Origin.of(source.rel, source.path, post_url(body.slug), body.settings)

    def replace(match: re.Match[str], at: int) -> str:
        bang, text, target, title = match.groups()
        line = source.body_line + source.body.count("\n", 0, match.start())
        if not bang and links.markdown_target(target):
            new = _page_link(body, target, at + len(text) + 3, line, origin)
        else:
            new = _file_link(body, bool(bang), target, line)
        return match.group(0) if new is None else f"{bang}[{text}]({new}{title or ''})"

    return _outside_code(source.body, _LOCAL_REF_RE, replace)


def _page_link(body: _Body, target: str, at: int, line: int, origin: links.Origin) -> str | None:
    """The new target of a link to a ``.md`` file at ``at`` in the published body."""
    found = links.page_link(target, at, line, origin)
    if isinstance(found, Problem):
        body.problems.append(found)
        return None
    if isinstance(found, links.PostLink):
        body.links.append(found)  # rewritten once every post is read
        return found.target
    return found


def _file_link(body: _Body, image: bool, target: str, line: int) -> str | None:
    """The new target of an image or a link to a local file (``None``: leave as written)."""
    source = body.source
    target_path = target.split("#", 1)[0].split("?", 1)[0]
    if is_remote(target) or target.startswith("#") or not target_path:
        if image and is_remote(target):
            body.problems.append(
                Problem(
                    source.rel,
                    f"Ảnh «{target}» được lấy từ trang khác; trang không được tải gì từ máy chủ ngoài.",
                    field="nội dung",
                    line=line,
                    fix="Tải ảnh về, đặt cạnh tệp bài viết rồi ghi tên tệp, ví dụ ![Mô tả](anh.jpg).",
                )
            )
        return None
    if target_path.lower().endswith(".md"):
        return None  # an image "of" a Markdown file: left as written
    path = (source.path.parent / target_path).resolve()
    if path.is_file() and not content_folder(path, body.settings.posts_dir, body.settings.docs_dir):
        body.problems.append(
            Problem(source.rel, f"«{target}»: {_OUTSIDE}", field="nội dung", line=line, fix=_OUTSIDE_FIX)
        )
        return None
    if not path.is_file():
        what = "ảnh" if image else "tệp liên kết"
        body.problems.append(
            Problem(
                source.rel,
                f"Không tìm thấy {what} «{target}».",
                field="nội dung",
                line=line,
                fix="Kiểm tra tên tệp và đặt tệp cạnh bài viết.",
            )
        )
        return None
    try:
        asset, link = _asset(path, body.slug, target_path, body.cache, body.settings)
    except images.ImageProblem as exc:
        what = "Ảnh" if image else "Tệp liên kết"
        body.problems.append(
            Problem(source.rel, f"{what} «{target}»: {exc}", field="nội dung", line=line, fix=exc.fix)
        )
        return None
    body.assets.append(asset)
    return link


def _raw_html_problems(source: Source) -> list[Problem]:
    return [
        Problem(
            source.rel,
            f"Nội dung nhúng «{match.group(1)}» từ trang khác; trang không được tải gì từ máy chủ ngoài.",
            field="nội dung",
            line=source.body_line + source.body[: match.start()].count("\n"),
            fix="Tải tệp về đặt cạnh bài viết, hoặc thay bằng một liên kết thường.",
        )
        for match in _RAW_EMBED_RE.finditer(source.body)
    ]


# --- one post ------------------------------------------------------------------------


def build_post(source: Source, settings: Settings, now: datetime) -> Loaded:
    """Validate one source into a ``Post`` (or return the problems that prevent it)."""
    context = {
        "categories": [c.name for c in settings.categories],
        "authors": list(settings.authors),
        "base": source.path.parent,
        "root": settings.root,
    }
    problems = unknown_keys(source, PostMeta.model_fields)
    known = {k: v for k, v in source.meta.items() if k in PostMeta.model_fields}
    try:
        meta = PostMeta.model_validate(known, context=context)
    except ValidationError as exc:
        return Loaded(None, (), problems + problems_from_error(exc, source, PostMeta.model_fields))
    slug = meta.slug or derive_slug(meta.title)
    cache = settings.root / ".cache" / "images"
    body = _Body(source, slug, settings, cache)
    text = _body_assets(body)
    image, attachments, front_problems = _front_assets(meta, source, slug, cache, settings)
    problems += body.problems + _raw_html_problems(source) + front_problems
    tags = tuple(dict.fromkeys(meta.tags))
    too_many = limit.tags_problem(source.rel, len(tags), source.line_of("tags"), settings.limits)
    problems += [too_many] if too_many else []
    assets = [*body.assets, *([image] if image else []), *(a.asset for a in attachments)]
    post = Post(
        source=source.rel,
        title=meta.title,
        date=meta.date,
        updated=meta.updated,
        categories=tuple(dict.fromkeys(meta.categories)),
        tags=tags,
        slug=slug,
        description=meta.description or derive_description(text) or meta.title,
        authors=meta.authors,
        draft=meta.draft,
        body=text,
        body_line=source.body_line,
        image=image,
        attachments=tuple(attachments),
        assets=tuple({a.dest: a for a in assets}.values()),
        document=meta.document,
        scheduled=meta.date > now,
    )
    tag_lines = tuple(source.line_of(f"tags.{meta.tags.index(t)}") or source.line_of("tags") for t in tags)
    return Loaded(post, tuple(body.links), problems, tag_lines)


def load_one(path: Path, settings: Settings, now: datetime) -> Loaded:
    """Read and validate one post file."""
    source, problems = read_source(path, settings.root, limits=settings.limits)
    if source is None:
        return Loaded(None, (), problems)
    loaded = build_post(source, settings, now)
    return Loaded(loaded.post, loaded.links, problems + loaded.problems, loaded.tag_lines)


# --- every post ----------------------------------------------------------------------


def _duplicate_slugs(posts: list[Post]) -> list[Problem]:
    by_slug: dict[str, list[Post]] = {}
    problems = [
        Problem(
            post.source,
            f"Đường dẫn «{post.slug}» trùng với tên một trang danh sách của chuyên mục tin tức.",
            field="slug",
            fix=f"Đặt «slug: {post.slug}-{post.year}» hoặc một đường dẫn khác.",
        )
        for post in posts
        if post.slug in RESERVED_POST_SLUGS
    ]
    for post in posts:
        by_slug.setdefault(post.slug, []).append(post)
    for slug, group in by_slug.items():
        if len(group) > 1:
            others = ", ".join(p.source for p in group)
            for post in group:
                problems.append(
                    Problem(
                        post.source,
                        f"Đường dẫn «{slug}» bị trùng giữa các bài: {others}.",
                        field="slug",
                        fix="Đặt «slug: …» khác nhau cho từng bài (ví dụ thêm năm vào cuối).",
                    )
                )
    return problems


def _load_all(paths: list[Path], settings: Settings, now: datetime, cache: LoadCache | None) -> list[Loaded]:
    """``load_one`` of every path, in order (what ``cache`` kept is not read again)."""
    if cache is None:
        return [load_one(path, settings, now) for path in paths]
    cache.start(settings)
    cache.keep_only(set(paths))
    loaded = []
    for path in paths:
        stat = cache.stat(path)
        item = cache.get(path, stat, now)
        if item is None:
            item = load_one(path, settings, now)
            cache.put(path, stat, item)
        loaded.append(item)
    return loaded


def _linked(loaded: list[Loaded], read: set[str]) -> tuple[list[Post], list[Problem]]:
    """The second pass: every post with its links to other posts rewritten."""
    by_source = {item.post.source: item.post for item in loaded if item.post is not None}
    posts, problems = [], []
    for item in loaded:
        if item.post is not None:
            post, found = links.resolve_post_links(item.post, item.links, by_source, read)
            posts.append(post)
            problems += found
    return posts, problems


def _tag_collisions(loaded: list[Loaded]) -> list[Problem]:
    """Tags spelt differently with one URL (``Một cửa`` / ``một cửa`` / ``Mot cua``)."""
    entries = [
        (tag, item.post.source, line)
        for item in loaded
        if item.post is not None
        for tag, line in zip(item.post.tags, item.tag_lines, strict=False)
    ]
    return slug_collisions("Thẻ", "tags", entries)


def load_posts(
    settings: Settings,
    now: datetime,
    paths: Sequence[Path] | None = None,
    cache: LoadCache | None = None,
) -> PostSet:
    """Read and validate every post (``paths``: the post files found by ``cchc.core.safety.scan``,
    by default ``post_files``; ``cache``: the preview's, see ``load_cache``); raise
    ``ContentError`` listing all problems."""
    paths = list(post_files(settings.posts_dir) if paths is None else paths)
    loaded = _load_all(paths, settings, now, cache)
    read = {path.relative_to(settings.root).as_posix() for path in paths}
    posts, problems = _linked(loaded, read)
    problems = [p for item in loaded for p in item.problems] + problems + _duplicate_slugs(posts)
    problems += _tag_collisions(loaded)
    raise_if_any(problems)
    posts.sort(key=sort_key)
    return PostSet(
        published=tuple(p for p in posts if p.public),
        drafts=tuple(p for p in posts if p.draft),
        scheduled=tuple(p for p in posts if p.scheduled and not p.draft),
        warnings=tuple(p for p in problems if p.warning),
    )
