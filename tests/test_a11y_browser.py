"""axe-core in Chromium over every page type, at a phone and a desktop width, in the light
and the dark scheme: 0 violations (issue #13, item 1).

axe-core comes from the pinned npm package (``node_modules/axe-core/axe.min.js``), injected
into each page after it has loaded and after the page's own state is set (a filter applied,
the search open with results). Rules: WCAG 2.0/2.1 A and AA plus axe's best practices, all
impact levels. One build, one browser; each page is audited in four contexts
(360 px and 1280 px, light and dark). The dark scheme is the one a reader whose system is
dark gets (``prefers-color-scheme``), checked to be really dark before it is audited.
The scheme toggle (remembered across pages and visits, no flash of the wrong scheme) is
tested here too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, PageWatch, build_ok, serve
from test_gates import sample_project

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = (360, 1280)
SCHEMES = ("light", "dark")

POST = "tin-tuc/chinh-quyen-dia-phuong-hai-cap-chinh-thuc-van-hanh-tu-ngay-01-7-2025/"
DOCUMENT = "tin-tuc/bao-cao-ket-qua-thuc-hien-cong-tac-tuyen-truyen-cai-cach-hanh-chinh-nam-2023/"
PROCEDURE = "thu-tuc/ho-tich/dang-ky-khai-sinh/"


def _filter_procedures(page: Any) -> None:
    page.get_by_label("Tìm theo tên hoặc mã").fill("ho tich")
    page.wait_for_function("() => document.querySelector('.tthc-filter__status').textContent.includes('/')")


def _open_search(page: Any) -> None:
    page.locator(".cchc-search-open").click()
    box = page.locator("#cchc-search-input")
    box.press_sequentially("khai sinh", delay=10)
    page.wait_for_function(
        "() => document.getElementById('cchc-search-list').dataset.settled === 'khai sinh'",
        timeout=10000,
    )
    assert page.locator("#cchc-search-list a").count() > 0


# name: (site-relative URL, what to do before the audit)
PAGES: dict[str, tuple[str, Callable[[Any], None] | None]] = {
    "home": ("", None),
    "post with an image": (POST, None),
    "official document": (DOCUMENT, None),
    "procedure": (PROCEDURE, None),
    "procedures index, filtered": ("thu-tuc/", _filter_procedures),
    "category": ("tin-tuc/chuyen-muc/thong-bao/", None),
    "documents register": ("van-ban/", None),
    "search results open": ("gioi-thieu/", _open_search),
    "404": ("404.html", None),
}

_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def audit(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(_RUN, TAGS)


def scheme_of(page: Any) -> str:
    """The scheme painted, "dark" or "light": the luminance of the body's background."""
    colour = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    r, g, b = (int(float(x)) for x in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])
    return "dark" if (0.2126 * r + 0.7152 * g + 0.0722 * b) < 128 else "light"


def audit_all(browser: Any, base: str) -> dict[str, list[dict[str, Any]]]:
    """Every page × width × scheme; maps "page @ width scheme" to its violations."""
    found: dict[str, list[dict[str, Any]]] = {}
    for scheme in SCHEMES:
        for width in WIDTHS:
            context = browser.new_context(
                viewport={"width": width, "height": 800 if width > 400 else 740},
                color_scheme=scheme,
            )
            page = context.new_page()
            watch = PageWatch(page, base)
            for name, (url, action) in PAGES.items():
                page.goto(base + url, wait_until="load")
                if action is not None:
                    action(page)
                assert scheme_of(page) == scheme, f"{name} @ {width}: not painted {scheme}"
                found[f"{name} @ {width} px {scheme}"] = audit(page)
            watch.failed = [f for f in watch.failed if not f.endswith("/404.html")]
            watch.assert_clean()
            context.close()
    return found


def report(found: dict[str, list[dict[str, Any]]]) -> str:
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(f"{where}: {v['id']} ({v['impact']}, {len(v['nodes'])} nodes) {v['help']}")
            for node in v["nodes"][:3]:
                lines.append(f"    {node['target']}: {node['summary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_ok(sample_project(tmp_path_factory.mktemp("a11y") / "sample"))


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


def test_axe_finds_no_violation_on_any_page_width_or_scheme(browser: Any, base: str) -> None:
    found = audit_all(browser, base)
    assert len(found) == len(PAGES) * len(WIDTHS) * len(SCHEMES)
    nodes = sum(len(v["nodes"]) for violations in found.values() for v in violations)
    assert nodes == 0, f"{nodes} violation nodes:\n{report(found)}"


def test_axe_is_really_auditing(browser: Any, base: str) -> None:
    """The same run finds a low-contrast text and a link told apart by colour alone."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base + "gioi-thieu/")
    page.evaluate(
        """() => {
      const p = document.createElement("p");
      p.innerHTML = 'Chữ <a href="#" style="text-decoration:none;color:#777">mờ</a> quá';
      p.style.color = "#aaa";
      document.querySelector(".md-content__inner").prepend(p);
    }"""
    )
    ids = {v["id"] for v in audit(page)}
    assert {"color-contrast", "link-in-text-block"} <= ids, ids
    context.close()


def _state(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
      const b = document.querySelector(".cchc-scheme");
      return {scheme: document.documentElement.getAttribute("data-md-color-scheme"),
              label: b && b.getAttribute("aria-label"), visible: !!b && b.checkVisibility()};
    }"""
    )


def test_scheme_toggle_is_remembered_and_never_flashes(browser: Any, base: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme="light")
    page = context.new_page()
    watch = PageWatch(page, base)
    painted: list[str] = []
    page.expose_function("cchcPainted", lambda scheme: painted.append(scheme))
    # The scheme of the first frame a page paints (requestAnimationFrame runs just before it).
    page.add_init_script(
        """requestAnimationFrame(() => window.cchcPainted(
             document.documentElement.getAttribute("data-md-color-scheme") || "none"));"""
    )
    page.goto(base)
    assert _state(page) == {"scheme": "default", "label": "Chuyển sang nền tối", "visible": True}
    assert scheme_of(page) == "light"
    page.locator(".cchc-scheme").click()
    assert _state(page) == {"scheme": "slate", "label": "Chuyển sang nền sáng", "visible": True}
    assert scheme_of(page) == "dark"
    painted.clear()
    page.goto(base + PROCEDURE)  # another page, another folder depth: still dark
    assert _state(page)["scheme"] == "slate" and scheme_of(page) == "dark"
    assert painted == ["slate"], painted
    page.reload()
    assert scheme_of(page) == "dark"
    page.locator(".cchc-scheme").press("Enter")  # the keyboard works too
    assert _state(page)["scheme"] == "default" and scheme_of(page) == "light"
    watch.assert_clean()
    context.close()

    # A reader whose system is dark gets the dark scheme without touching anything; their
    # choice of the light one is then remembered even though the system stays dark.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark")
    page = context.new_page()
    page.goto(base)
    assert _state(page) == {"scheme": "slate", "label": "Chuyển sang nền sáng", "visible": True}
    page.locator(".cchc-scheme").click()
    page.goto(base + "van-ban/")
    assert _state(page)["scheme"] == "default" and scheme_of(page) == "light"
    stored = page.evaluate("() => JSON.stringify(Object.entries(localStorage))")
    assert "cchc-scheme" in stored, json.loads(stored)
    context.close()


if __name__ == "__main__":  # counts on an already built site: python tests/test_a11y_browser.py SITE
    import sys

    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw, serve(Path(sys.argv[1])) as url:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        SCHEMES = tuple(sys.argv[2:]) or SCHEMES
        try:
            result = audit_all(chromium, url)
        except AssertionError as exc:
            print("assertion:", exc)
            raise
        print(report(result))
        per = {k: sum(len(v["nodes"]) for v in vs) for k, vs in result.items()}
        print(json.dumps(per, ensure_ascii=False, indent=1))
        print("total nodes", sum(per.values()), "rules", len({v["id"] for vs in result.values() for v in vs}))
