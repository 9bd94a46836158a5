"""Quality gates over every page of two built sites (issue #13, item 1): the suite's
sample content (``tests/fixtures/sample-commune``) and ``tests/fixtures/all-features`` (every content feature).

- the Nu HTML validator (npm ``vnu-jar``, run with Java): 0 errors, 0 warnings;
- internal links and ``#anchors`` in pages, feeds, the sitemap and the search records: 0 broken;
- a crawl of every page in Chromium: 0 requests to other hosts, 0 console errors or warnings;
- feeds: RSS 2.0 rules and the RFC 4287 RELAX NG schema (``tests/fixtures/atom.rng``), and
  still readable in a browser;
- determinism: two builds in different folders on different dates are byte-identical, and
  ``sitemap.xml``'s ``<lastmod>`` comes from the content.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from conftest import FIXTURE, REPO, build_ok, make_project

FIXTURES = REPO / "tests" / "fixtures"
ALL_FEATURES = FIXTURES / "all-features"


# --- the two sites -------------------------------------------------------------------------


def _png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG", optimize=True)
    return out.getvalue()


def _pdf(text: str) -> bytes:
    """A one-page PDF (valid enough for a browser; the site only links it)."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%" + text.encode("ascii") + b"\n%%EOF\n"
    )


def _office(name: str) -> bytes:
    """A minimal Office Open XML package (a zip), enough for a download link."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("[Content_Types].xml", (2020, 1, 1, 0, 0, 0)), f"<Types>{name}</Types>"
        )
    return out.getvalue()


def write_binaries(project: Path) -> None:
    """The fixture's images and attached files (kept out of the repository as binaries)."""
    post_dir = project / "posts" / "2025"
    (post_dir / "anh-bia.png").write_bytes(_png(1200, 630, (63, 81, 181)))
    (post_dir / "anh-trong-bai.png").write_bytes(_png(800, 450, (30, 120, 60)))
    (post_dir / "quyet-dinh.pdf").write_bytes(_pdf("quyet-dinh"))
    (post_dir / "phu-luc.docx").write_bytes(_office("phu-luc"))
    (post_dir / "bang-so-lieu.xlsx").write_bytes(_office("bang-so-lieu"))
    forms = project / "docs" / "thu-tuc" / "mau"
    forms.mkdir(parents=True, exist_ok=True)
    (forms / "to-khai-thu-nghiem.pdf").write_bytes(_pdf("to-khai"))
    (forms / "phieu-thu-nghiem.docx").write_bytes(_office("phieu"))


def fixture_project(root: Path) -> Path:
    """``tests/fixtures/all-features`` as a project (with the repository's config and code)."""
    project = make_project(root)
    shutil.copytree(ALL_FEATURES / "posts", project / "posts", dirs_exist_ok=True)
    shutil.copytree(ALL_FEATURES / "docs", project / "docs", dirs_exist_ok=True)
    write_binaries(project)
    return project


def sample_project(root: Path) -> Path:
    """The sample posts and pages of ``tests/fixtures/sample-commune``."""
    project = make_project(root)
    shutil.copytree(FIXTURE / "posts", project / "posts", dirs_exist_ok=True)
    shutil.copytree(FIXTURE / "docs", project / "docs", dirs_exist_ok=True)
    return project


def build_fixture(root: Path, **kwargs: object) -> Path:
    return build_ok(fixture_project(root), **kwargs)


# --- the built sites, once for the module ----------------------------------------------------

import email.utils  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from datetime import datetime  # noqa: E402
from functools import cache  # noqa: E402
from urllib.parse import unquote, urljoin, urlsplit  # noqa: E402

import lxml.etree  # noqa: E402
import lxml.html  # noqa: E402
import pytest  # noqa: E402
import yaml  # noqa: E402

from conftest import NOW, SUBPATH_URL  # noqa: E402

pytestmark = pytest.mark.slow

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ATOM_RNG = FIXTURES / "atom.rng"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample site and the all-features fixture, built under a sub-path."""
    root = tmp_path_factory.mktemp("gates")
    return {
        "sample": build_ok(sample_project(root / "sample")),
        "fixture": build_ok(fixture_project(root / "fixture")),
    }


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def site_path(url: str) -> str | None:
    """The site-relative path of an absolute URL of the site, or None for another address."""
    if not url.startswith(SUBPATH_URL):
        return None
    return unquote(urlsplit(url).path)[len(urlsplit(SUBPATH_URL).path) :]


def page_url(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return SUBPATH_URL + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


# --- 1. the Nu HTML validator ------------------------------------------------------------------


def test_nu_validator_finds_no_error_and_no_warning(sites: dict[str, Path]) -> None:
    """Every page of both sites, in one Java run: 0 errors, 0 warnings (info messages
    included: the validator's only "info" output is warnings' sub-type)."""
    assert VNU.is_file(), "vnu-jar is missing: run ./scripts/test (npm ci installs package-lock.json)"
    files = [f for site in sites.values() for f in html_files(site)]
    assert len(files) > 100
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stdout)["messages"]
    found = [
        f"{m.get('type')}/{m.get('subType', '')} {m.get('url', '')}:{m.get('lastLine', '')}: {m.get('message')}"
        f" [{(m.get('extract') or '').strip()[:120]}]"
        for m in messages
    ]
    assert found == [], f"{len(found)} messages over {len(files)} pages:\n" + "\n".join(found[:60])


# --- 2. internal links and anchors --------------------------------------------------------------

_URL_ATTRS = {
    "a": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "form": ("action",),
    "object": ("data",),
}


def _urls_in_html(tree: lxml.html.HtmlElement) -> Iterator[str]:
    for element in tree.iter(*_URL_ATTRS):
        for name in _URL_ATTRS[element.tag]:
            value = element.get(name)
            if value is None:
                continue
            if name == "srcset":
                yield from (part.split()[0] for part in value.split(",") if part.strip())
            else:
                yield value.strip()
    for meta in tree.iter("meta"):  # Open Graph: absolute URLs of the site
        content = meta.get("content") or ""
        if content.startswith(SUBPATH_URL):
            yield content


class LinkChecker:
    """Resolves every link against the built folder, and every #fragment against the ids
    (and ``name``s) of the page it points to."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.links = 0
        self.anchors = 0
        self.broken: list[str] = []

    @cache  # noqa: B019 (one checker per site and test)
    def ids(self, rel: str) -> frozenset[str]:
        tree = lxml.html.parse(str(self.site / rel)).getroot()
        return frozenset(e.get("id") or e.get("name") for e in tree.xpath("//*[@id or @name]"))

    def target(self, path: str) -> str | None:
        """The file a site path serves, as a static server would (no redirects)."""
        rel = path + "index.html" if path == "" or path.endswith("/") else path
        return rel if (self.site / rel).is_file() else None

    def check(self, where: str, base: str, value: str) -> None:
        if not value or value.startswith(("mailto:", "tel:", "data:", "javascript:", "blob:")):
            return
        url = urljoin(base, value)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            self.broken.append(f"{where}: {value} (scheme)")
            return
        if parts.netloc != urlsplit(SUBPATH_URL).netloc:
            return  # another host: not a link of the site (the crawl checks nothing is loaded from it)
        self.links += 1
        path = site_path(url.split("#", 1)[0])
        rel = self.target(path) if path is not None else None
        if rel is None:
            self.broken.append(f"{where}: {value} -> {url}")
            return
        if parts.fragment:
            self.anchors += 1
            if rel.endswith(".html") and unquote(parts.fragment) not in self.ids(rel):
                self.broken.append(f"{where}: {value} (no id {unquote(parts.fragment)!r} in {rel})")

    def check_pages(self) -> int:
        pages = html_files(self.site)
        for file in pages:
            rel = file.relative_to(self.site).as_posix()
            tree = lxml.html.parse(str(file)).getroot()
            base = page_url(self.site, file)
            for value in _urls_in_html(tree):
                if value.startswith("#"):  # same page
                    self.anchors += 1
                    if value != "#" and unquote(value[1:]) not in self.ids(rel):
                        self.broken.append(f"{rel}: {value} (no such id)")
                else:
                    self.check(rel, base, value)
        return len(pages)

    def check_feeds(self) -> int:
        feeds = [f for f in sorted(self.site.rglob("*.xml")) if f.name in ("rss.xml", "atom.xml")]
        for file in feeds:
            rel = file.relative_to(self.site).as_posix()
            base = SUBPATH_URL + rel
            data = file.read_bytes()
            for href in re.findall(rb'<\?xml-stylesheet [^>]*href="([^"]+)"', data):
                self.check(rel, base, href.decode())
            root = lxml.etree.fromstring(data)
            for element in root.iter():
                if not isinstance(element.tag, str):
                    continue
                name = lxml.etree.QName(element).localname
                for attr in ("href", "url", "src"):
                    if element.get(attr):
                        self.check(rel, base, element.get(attr))
                text = (element.text or "").strip()
                if name in ("link", "guid", "url", "id", "logo", "icon", "docs", "comments"):
                    if text.startswith(SUBPATH_URL):
                        self.check(rel, base, text)
                elif name in ("description", "encoded", "content", "summary") and "<" in text:
                    for value in _urls_in_html(lxml.html.fragment_fromstring(text, create_parent="div")):
                        self.check(f"{rel} <{name}>", base, value)
        return len(feeds)

    def check_sitemap(self) -> int:
        root = lxml.etree.parse(str(self.site / "sitemap.xml")).getroot()
        locs = [e.text or "" for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        for loc in locs:
            self.check("sitemap.xml", SUBPATH_URL, loc)
        robots = (self.site / "robots.txt").read_text(encoding="utf-8")
        for line in robots.splitlines():
            if line.startswith("Sitemap:"):
                self.check("robots.txt", SUBPATH_URL, line.split(":", 1)[1].strip())
        return len(locs)

    def check_data(self) -> int:
        """Search records (``u``: site-relative) and every absolute URL of the site in JSON."""
        records = 0
        for file in sorted(self.site.rglob("*.json")):
            rel = file.relative_to(self.site).as_posix()
            data = json.loads(file.read_text(encoding="utf-8"))
            if rel.startswith("search/d/"):
                for record in data:
                    records += 1
                    self.check(rel, SUBPATH_URL, record["u"] or "./")
            for value in _strings(data):
                if value.startswith(SUBPATH_URL):
                    self.check(rel, SUBPATH_URL, value)
        return records


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


@pytest.mark.parametrize("name", ["sample", "fixture"])
def test_no_broken_internal_link_or_anchor(sites: dict[str, Path], name: str) -> None:
    checker = LinkChecker(sites[name])
    pages, feeds, locs, records = (
        checker.check_pages(),
        checker.check_feeds(),
        checker.check_sitemap(),
        checker.check_data(),
    )
    print(f"{name}: {pages} pages, {feeds} feeds, {locs} sitemap URLs, {records} search records:"
          f" {checker.links} links, {checker.anchors} anchors")  # fmt: skip
    assert pages > 30 and feeds >= 4 and locs > 20 and records > 5
    assert checker.broken == [], f"{len(checker.broken)} broken:\n" + "\n".join(checker.broken[:60])


# --- 3. feeds: RSS 2.0 rules, RFC 4287's schema, the W3C validator's checks ---------------------

_RSS_CHANNEL = {
    "title", "link", "description", "language", "copyright", "managingEditor", "webMaster", "pubDate",
    "lastBuildDate", "category", "generator", "docs", "cloud", "ttl", "image", "rating", "textInput",
    "skipHours", "skipDays", "item",
}  # fmt: skip
_RSS_ITEM = {
    "title",
    "link",
    "description",
    "author",
    "category",
    "comments",
    "enclosure",
    "guid",
    "pubDate",
    "source",
}
_KNOWN_NS = {
    "http://www.w3.org/2005/Atom",  # atom:link rel="self"
    "http://purl.org/rss/1.0/modules/content/",  # content:encoded
    "http://purl.org/dc/elements/1.1/",
}
_SCRIPT_RE = re.compile(r"<\s*script\b|\bon[a-z]+\s*=|javascript:", re.IGNORECASE)


def _rfc822(value: str) -> datetime:
    parsed = email.utils.parsedate_to_datetime(value)
    assert re.match(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$", value), value
    return parsed


def rss_problems(data: bytes, url: str) -> list[str]:
    """RSS 2.0 (rssboard.org/rss-specification) and the W3C feed validator's RSS checks."""
    out: list[str] = []
    root = lxml.etree.fromstring(data)
    if root.tag != "rss" or root.get("version") != "2.0" or set(root.attrib) - {"version"}:
        out.append('root must be <rss version="2.0">')
    channels = root.findall("channel")
    if len(channels) != 1 or [c for c in root if isinstance(c.tag, str) and c.tag != "channel"]:
        return [*out, "exactly one <channel> and nothing else"]
    channel = channels[0]

    def check_children(parent: lxml.etree._Element, allowed: set[str], where: str) -> None:
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            qname = lxml.etree.QName(child)
            if qname.namespace is None and qname.localname not in allowed:
                out.append(f"{where}: undefined element <{qname.localname}>")
            elif qname.namespace is not None and qname.namespace not in _KNOWN_NS:
                out.append(f"{where}: element of an unknown namespace {qname.namespace}")

    check_children(channel, _RSS_CHANNEL, "channel")
    for name in ("title", "link", "description"):
        if len(channel.findall(name)) != 1 or not (channel.findtext(name) or "").strip():
            out.append(f"channel: one non-empty <{name}> required")
    for name in ("language", "lastBuildDate", "pubDate", "docs", "generator", "ttl"):
        if len(channel.findall(name)) > 1:
            out.append(f"channel: <{name}> more than once")
    if not re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$", channel.findtext("language") or "vi"):
        out.append("channel: <language> is not a language code")
    for name in ("lastBuildDate", "pubDate"):
        if channel.find(name) is not None:
            _rfc822(channel.findtext(name) or "")
    ttl = channel.findtext("ttl")
    if ttl is not None and not ttl.isdigit():
        out.append("channel: <ttl> must be an integer")
    selves = [e for e in channel.findall(f"{ATOM}link") if e.get("rel") == "self"]
    if len(selves) != 1 or selves[0].get("href") != url or selves[0].get("type") != "application/rss+xml":
        out.append(f"channel: atom:link rel=self must be this feed's address {url}")
    image = channel.find("image")
    if image is not None:
        check_children(image, {"url", "title", "link", "width", "height", "description"}, "image")
        for name in ("url", "title", "link"):
            if not (image.findtext(name) or "").strip():
                out.append(f"image: <{name}> required")
        if image.findtext("title") != channel.findtext("title") or image.findtext("link") != channel.findtext(
            "link"
        ):
            out.append("image: title and link should match the channel's")
        if int(image.findtext("width") or 88) > 144 or int(image.findtext("height") or 31) > 400:
            out.append("image: at most 144 × 400")
    guids = []
    for index, item in enumerate(channel.findall("item")):
        where = f"item {index}"
        check_children(item, _RSS_ITEM, where)
        if item.find("title") is None and item.find("description") is None:
            out.append(f"{where}: <title> or <description> required")
        for name in ("title", "link", "description", "guid", "pubDate", "author", "comments", "source"):
            if len(item.findall(name)) > 1:
                out.append(f"{where}: <{name}> more than once")
        guid = item.find("guid")
        if guid is None:
            out.append(f"{where}: no <guid> (W3C: items should contain a guid)")
        else:
            guids.append(guid.text)
            if guid.get("isPermaLink", "true") == "true" and not (guid.text or "").startswith(
                ("http://", "https://")
            ):
                out.append(f"{where}: permalink guid is not a URL")
        if not (item.findtext("link") or "").startswith(("http://", "https://")):
            out.append(f"{where}: <link> must be an absolute URL")
        if item.find("pubDate") is None:
            out.append(f"{where}: no <pubDate>")
        else:
            _rfc822(item.findtext("pubDate") or "")
        author = item.findtext("author")
        if author is not None and not re.match(r"^\S+@\S+( \(.+\))?$", author):
            out.append(f"{where}: <author> must be an e-mail address")
        for enclosure in item.findall("enclosure"):
            if (
                not (enclosure.get("url") or "").startswith("http")
                or not (enclosure.get("length") or "").isdigit()
            ):
                out.append(f"{where}: enclosure needs url and a byte length")
            if "/" not in (enclosure.get("type") or ""):
                out.append(f"{where}: enclosure needs a media type")
        for name in ("description", f"{{{'http://purl.org/rss/1.0/modules/content/'}}}encoded"):
            for text in item.findall(name):
                if _SCRIPT_RE.search(text.text or ""):
                    out.append(f"{where}: {name} should not contain a script")
    if len(guids) != len(set(guids)):
        out.append("two items share a guid")
    if any(True for _ in root.iter("{*}script")):
        out.append("the feed contains a script element")
    return out


@cache
def _atom_schema() -> lxml.etree.RelaxNG:
    return lxml.etree.RelaxNG(lxml.etree.parse(str(ATOM_RNG)))


def atom_problems(data: bytes, url: str) -> list[str]:
    """RFC 4287's RELAX NG schema, its two Schematron rules and the W3C validator's checks."""
    out: list[str] = []
    doc = lxml.etree.fromstring(data).getroottree()
    schema = _atom_schema()
    if not schema.validate(doc):
        out += [f"RELAX NG: line {e.line}: {e.message}" for e in schema.error_log]
    feed = doc.getroot()
    entries = feed.findall(f"{ATOM}entry")
    if feed.find(f"{ATOM}author") is None and any(e.find(f"{ATOM}author") is None for e in entries):
        out.append("Schematron: an atom:feed must have an atom:author unless all of its entries have one")
    selves = [e for e in feed.findall(f"{ATOM}link") if e.get("rel") == "self"]
    if len(selves) != 1 or selves[0].get("href") != url:
        out.append(f"W3C: the self link must be this feed's address {url}")
    ids = [feed.findtext(f"{ATOM}id")] + [e.findtext(f"{ATOM}id") for e in entries]
    if len(ids) != len(set(ids)) or not all(
        (i or "").startswith(("http://", "https://", "tag:", "urn:")) for i in ids
    ):
        out.append("W3C: ids must be unique absolute IRIs")
    for index, entry in enumerate(entries):
        links = entry.findall(f"{ATOM}link")
        alternates = [link for link in links if link.get("rel", "alternate") == "alternate"]
        if not alternates and entry.find(f"{ATOM}content") is None:
            out.append(f"Schematron: entry {index} needs an alternate link or content")
        pairs = [(link.get("type"), link.get("hreflang")) for link in alternates]
        if len(pairs) != len(set(pairs)):
            out.append(f"RFC 4287 4.1.1: entry {index} has two alternate links of one type and language")
        published, updated = entry.findtext(f"{ATOM}published"), entry.findtext(f"{ATOM}updated")
        if published and updated and datetime.fromisoformat(updated) < datetime.fromisoformat(published):
            out.append(f"W3C: entry {index} updated before it was published")
        for name in ("content", "summary"):
            for element in entry.findall(f"{ATOM}{name}"):
                if _SCRIPT_RE.search(element.text or ""):
                    out.append(f"W3C: entry {index} {name} should not contain a script")
    if any(True for _ in feed.iter("{*}script")):
        out.append("the feed contains a script element")
    return out


@pytest.mark.parametrize("name", ["sample", "fixture"])
def test_feeds_are_valid_rss_and_atom(sites: dict[str, Path], name: str) -> None:
    site = sites[name]
    found: list[str] = []
    feeds = sorted(site.rglob("rss.xml")) + sorted(site.rglob("atom.xml"))
    for file in feeds:
        rel = file.relative_to(site).as_posix()
        check = rss_problems if file.name == "rss.xml" else atom_problems
        found += [f"{rel}: {problem}" for problem in check(file.read_bytes(), SUBPATH_URL + rel)]
        # still readable in a browser: the stylesheet instruction points at the view's CSS
        pi = re.search(rb'<\?xml-stylesheet type="text/css" href="([^"]+)"\?>', file.read_bytes())
        assert pi and urljoin(SUBPATH_URL + rel, pi[1].decode()) == SUBPATH_URL + "assets/feed.css", rel
    assert len(feeds) >= 8
    assert found == [], "\n".join(found[:60])


def test_the_feed_checks_catch_what_they_are_for() -> None:
    """The gate itself: a script element, a foreign element after the entries and a wrong self
    link are found (so an empty list above means something)."""
    url = SUBPATH_URL + "atom.xml"
    good = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        b"<id>" + SUBPATH_URL.encode() + b"</id><title>T</title><updated>2025-01-01T00:00:00+07:00</updated>"
        b"<author><name>A</name></author>"
        b'<link href="' + url.encode() + b'" rel="self"/>'
        b"<entry><id>" + SUBPATH_URL.encode() + b"a/</id><title>E</title>"
        b"<updated>2025-01-01T00:00:00+07:00</updated>"
        b'<link href="' + SUBPATH_URL.encode() + b'a/" rel="alternate" type="text/html"/></entry>'
    )
    assert atom_problems(good + b"</feed>", url) == []
    script = b'<script xmlns="http://www.w3.org/1999/xhtml" src="assets/feed.js"/>'
    found = atom_problems(good + script + b"</feed>", url)
    assert any(p.startswith("RELAX NG") for p in found) and "the feed contains a script element" in found
    assert atom_problems(good + b"</feed>", SUBPATH_URL + "other.xml") != []
    rss = (
        b'<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>T</title>'
        b"<link>" + SUBPATH_URL.encode() + b"</link><description>D</description>"
        b'<atom:link href="' + SUBPATH_URL.encode() + b'rss.xml" rel="self" type="application/rss+xml"/>'
        b"<item><title>E</title><link>" + SUBPATH_URL.encode() + b"a/</link><guid>" + SUBPATH_URL.encode()
        + b"a/</guid><pubDate>Wed, 01 Jan 2025 00:00:00 +0700</pubDate></item>"
    )  # fmt: skip
    assert rss_problems(rss + b"</channel></rss>", SUBPATH_URL + "rss.xml") == []
    assert rss_problems(rss + script + b"</channel></rss>", SUBPATH_URL + "rss.xml") != []


# --- 4. every page in Chromium -------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("name", ["sample", "fixture"])
def test_crawl_every_page_in_chromium(sites: dict[str, Path], browser: object, name: str) -> None:
    """Every page and every feed: nothing from another host, no failed request, no console
    error or warning (the 404 page's own 404 status excepted)."""
    from conftest import serve

    site = sites[name]
    pages = [f.relative_to(site).as_posix() for f in html_files(site)]
    feeds = [
        f.relative_to(site).as_posix()
        for f in sorted(site.rglob("*.xml"))
        if f.name in ("rss.xml", "atom.xml")
    ]
    problems: list[str] = []
    # The editor at /admin/, opened on this machine (127.0.0.1 or localhost: this crawl), asks
    # decap-server on the official's own PC whether it runs (Decap's detectProxyServer, at the
    # local_backend address of admin/config.yml); on any other address it asks nothing. The
    # crawl opens the editor after every other page, waits for that request and lets it fail
    # quietly: no other page may make it, and nothing else of the editor's is let through.
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    probe = config["local_backend"]["url"]
    assert urlsplit(probe).hostname == "127.0.0.1"
    pages = [p for p in pages if p != "admin/index.html"] + ["admin/index.html"]
    with serve(site) as base:
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        current = {"url": ""}
        host = urlsplit(base).netloc
        admin = base + "admin/"

        def local_probe(url: str) -> bool:
            return url == probe and current["url"] == admin

        def route(route: object, request: object) -> None:
            url = request.url  # type: ignore[attr-defined]
            if local_probe(url):
                route.abort()  # type: ignore[attr-defined]
            elif urlsplit(url).scheme in ("data", "blob") or urlsplit(url).netloc == host:
                route.continue_()  # type: ignore[attr-defined]
            else:
                problems.append(f"{current['url']}: request to another host {url}")
                route.abort()  # type: ignore[attr-defined]

        def console(msg: object) -> None:
            if local_probe(msg.location.get("url", "")):  # type: ignore[attr-defined]
                return  # "Failed to load resource": the probe above, aborted
            if msg.type in ("error", "warning"):  # type: ignore[attr-defined]
                problems.append(f"{current['url']}: console {msg.type}: {msg.text}")  # type: ignore[attr-defined]

        def response(res: object) -> None:
            own_404 = res.url == current["url"] and current["url"].endswith("404.html")  # type: ignore[attr-defined]
            if res.status >= 400 and not own_404:  # type: ignore[attr-defined]
                problems.append(f"{current['url']}: {res.status} {res.url}")  # type: ignore[attr-defined]

        context.route("**/*", route)  # type: ignore[attr-defined]
        page.on("console", console)  # type: ignore[attr-defined]
        page.on("pageerror", lambda exc: problems.append(f"{current['url']}: page error {exc}"))  # type: ignore[attr-defined]

        def failed(request: object) -> None:
            # ERR_ABORTED: cut short by the next navigation (a favicon still loading after
            # "load"); a missing file shows as a 4xx response, another host in route().
            if local_probe(request.url):  # type: ignore[attr-defined]
                return
            if "ERR_ABORTED" not in (request.failure or ""):  # type: ignore[attr-defined]
                problems.append(f"{current['url']}: failed {request.url} {request.failure}")  # type: ignore[attr-defined]

        page.on("requestfailed", failed)  # type: ignore[attr-defined]
        page.on("response", response)  # type: ignore[attr-defined]
        try:
            for rel in feeds + pages:  # the editor last (above)
                current["url"] = base + (
                    rel.removesuffix("index.html") if rel.endswith("index.html") else rel
                )
                if current["url"] == admin:
                    with page.expect_request(probe, timeout=30_000):  # type: ignore[attr-defined]
                        page.goto(admin, wait_until="load")  # type: ignore[attr-defined]
                else:
                    page.goto(current["url"], wait_until="load")  # type: ignore[attr-defined]
            # a feed opened in a browser is a readable Vietnamese page (feed.css)
            page.goto(base + "rss.xml", wait_until="load")  # type: ignore[attr-defined]
            seen = page.evaluate(  # type: ignore[attr-defined]
                """() => ({
                    title: getComputedStyle(document.querySelector("channel > title")).display,
                    guid: getComputedStyle(document.querySelector("item > guid")).display,
                    help: getComputedStyle(document.querySelector("channel > description"), "::after").content,
                })"""
            )
            assert seen["title"] == "block" and seen["guid"] == "none" and "Cách theo dõi" in seen["help"]
        finally:
            context.close()  # type: ignore[attr-defined]
    print(f"{name}: crawled {len(pages)} pages and {len(feeds)} feeds")
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:60])


# --- 5. determinism --------------------------------------------------------------------------------


def _build_on(project: Path, day: str) -> Path:
    """``mkdocs build`` with the system clock set to ``day`` (libfaketime), everything else
    as the other tests build (same CCHC_NOW: which posts are public is content, not the clock)."""
    env = dict(os.environ, CCHC_NOW=NOW, CCHC_SITE_URL=SUBPATH_URL, NO_MKDOCS_2_WARNING="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    command = ["faketime", f"{day} 09:30:00", sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml"]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def _all_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", ["sample", "fixture"])
def test_two_builds_in_other_folders_on_other_days_are_byte_identical(tmp_path: Path, name: str) -> None:
    """Raw bytes, compressed files included (their headers carry a time), and
    ``sitemap.xml``'s ``<lastmod>`` from the content, never the day of the build."""
    assert shutil.which("faketime"), "libfaketime is missing: run ./scripts/test (apt: faketime)"
    make = sample_project if name == "sample" else fixture_project
    first = _all_bytes(_build_on(make(tmp_path / "a" / "one"), "2027-01-10"))
    second = _all_bytes(_build_on(make(tmp_path / "elsewhere" / "two"), "2027-03-20"))
    assert sorted(first) == sorted(second) and len(first) > 50
    assert [name for name in first if first[name] != second[name]] == []
    sitemap = first["sitemap.xml"].decode()
    assert "2027" not in sitemap
    lastmods = dict(re.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    if name == "sample":  # every post and procedure has one, from its front matter
        dated = [
            u for u in re.findall(r"<loc>([^<]+)</loc>", sitemap) if "/tin-tuc/" in u or "/thu-tuc/" in u
        ]
        assert len(lastmods) > 40 and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in lastmods.values())
        assert set(lastmods) <= set(dated)
        return
    assert lastmods == {
        SUBPATH_URL + "thu-tuc/thu-nghiem/khong/": "2025-04-01",
        SUBPATH_URL + "thu-tuc/thu-nghiem/mot-phan/": "2025-05-20",
        SUBPATH_URL + "thu-tuc/thu-nghiem/toan-trinh/": "2025-06-30",
        SUBPATH_URL + "tin-tuc/bai-co-ngay-cap-nhat-va-nhieu-the/": "2025-02-15",
        SUBPATH_URL + "tin-tuc/quyet-dinh-thu-nghiem-du-moi-thanh-phan-noi-dung/": "2025-03-10",
    }
