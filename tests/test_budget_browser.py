"""The bytes of a first visit (issue #13, item 2): what a phone downloads, gzipped, to show a
post with an image, served the way deploy/nginx.conf serves the site
(``scripts/bench_lighthouse.py``'s server: the build's ``.gz`` files, other text gzipped).

Bytes, not times: the same build gives the same bytes on any machine, so the budget is
exact. Every response the page itself asks for is counted (HTML, CSS, JavaScript, images,
the favicon), at 360 px and a device scale of 2 (the cover's 720 px variant). The
Lighthouse scores and timings are figures of the benchmark script, not of a test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bench_lighthouse import PAGES, serve_gzip
from conftest import build_ok
from test_gates import sample_project

pytestmark = [pytest.mark.slow, pytest.mark.browser]

# Issue #13's target: at most 80 KB gzipped for a first visit to a post with an image.
# 114 164 bytes before issue #13's fixes, 110 139 after the first round (2026-12-02), of
# which Material's JavaScript bundle was 34 973: the site no longer loads it
# (overrides/base.html), nor the procedure guide's and register's scripts on other pages.
POST_BUDGET = 80_000
# The same page's own parts, each kept to what it needs.
TYPE_BUDGETS = {"document": 8 * 1024, "image": 24 * 1024}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_ok(sample_project(tmp_path_factory.mktemp("budget") / "sample"))
    with serve_gzip(site) as url:
        yield url


def first_visit(browser: Any, url: str) -> list[tuple[str, str, int]]:
    """(resource type, URL, encoded body bytes) of every response the page asked for."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    responses: list[Any] = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(url, wait_until="networkidle")
    found = []
    for request in responses:
        assert not request.failure, request.url
        found.append((request.resource_type, request.url, request.sizes()["responseBodySize"]))
    encodings = [
        request.response().headers.get("content-encoding")
        for request in responses
        if request.resource_type in ("document", "stylesheet", "script")
        and request.sizes()["responseBodySize"] >= 1024
    ]
    context.close()
    assert encodings and all(e == "gzip" for e in encodings), encodings  # really served gzipped
    return found


def test_a_post_with_its_image_is_a_light_first_visit(browser: Any, base: str) -> None:
    found = first_visit(browser, base + PAGES["post"])
    total = sum(size for _, _, size in found)
    listing = "\n".join(f"{size:7d} {kind:<10} {url.removeprefix(base)}" for kind, url, size in found)
    print(f"first visit of a post: {total} bytes gzipped, {len(found)} requests\n{listing}")
    kinds = {kind for kind, _, _ in found}
    assert {"document", "stylesheet", "script", "image"} <= kinds, listing
    assert any(url.endswith("-720w.webp") for _, url, _ in found), listing  # the sized variant
    assert total <= POST_BUDGET, f"{total} bytes > {POST_BUDGET}:\n{listing}"
    scripts = [url.removeprefix(base) for kind, url, _ in found if kind == "script"]
    assert not [s for s in scripts if "bundle" in s or "thu-tuc" in s or "register" in s], scripts
    for kind, budget in TYPE_BUDGETS.items():
        size = sum(s for k, _, s in found if k == kind)
        assert size <= budget, f"{kind}: {size} bytes > {budget}:\n{listing}"
