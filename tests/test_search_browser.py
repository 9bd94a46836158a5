"""Site search in a real browser: Debian's Chromium, a fixture site served under /cchc/.

Every query is typed into the search box in the header, key by key (NFD queries code
point by code point), and the expected page must be the FIRST result.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from cchc.core.text import slugify
from conftest import FIXTURE, PageWatch, build_ok, make_project, post, serve

pytestmark = [pytest.mark.slow, pytest.mark.browser]

NFD = "nfd"

# --- fixture content: distinct topics, one post stored in NFD ---------------------------------

POSTS: dict[str, str] = {
    "2024/ket-hon.md": post(
        "Đăng ký kết hôn: cả hai bên có cần có mặt?",
        "2024-04-02",
        "[Hỏi đáp]",
        body="Khi đăng ký kết hôn, hai bên nam, nữ cùng có mặt tại trụ sở Ủy ban nhân dân xã. "
        "Công chức tư pháp hỏi ý kiến hai bên; nếu tự nguyện thì cùng ký vào Giấy chứng nhận kết hôn.\n",
    ),
    "2025/ho-kinh-doanh.md": post(
        "Đăng ký hộ kinh doanh ở đâu từ ngày 01/7/2025?",
        "2025-06-20",
        "[Thông báo]",
        body="Từ ngày 01/7/2025, hồ sơ đăng ký hộ kinh doanh nộp tại Bộ phận Một cửa xã. "
        "Chủ hộ kinh doanh chuẩn bị giấy đề nghị và bản sao căn cước.\n",
    ),
    "2024/giay-phep-xay-dung.md": post(
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "2024-05-10",
        "[Tin tức]",
        body="Trước khi khởi công xây dựng nhà ở, hộ gia đình nộp đơn đề nghị cấp giấy phép xây dựng "
        "kèm bản vẽ thiết kế. Công trình xây dựng sai phép sẽ bị xử lý. Xây dựng đúng phép giúp "
        "dựng nhà an toàn, bền vững.\n",
    ),
    "2026/chung-thuc.md": post(
        "Chứng thực bản sao từ bản chính mất bao nhiêu tiền?",
        "2026-02-03",
        "[Hỏi đáp]",
        body="Lệ phí chứng thực bản sao từ bản chính là 2.000 đồng mỗi trang, từ trang thứ ba "
        "trở đi là 1.000 đồng mỗi trang.\n",
    ),
    "2025/thuong-tru.md": post(
        "Đăng ký thường trú cho người mới chuyển đến",
        "2025-03-14",
        "[Tin tức]",
        body="Công an xã tiếp nhận hồ sơ đăng ký thường trú. Người đăng ký nộp tờ khai thay đổi "
        "thông tin cư trú và giấy tờ chứng minh chỗ ở hợp pháp.\n",
    ),
    "2025/ly-lich-tu-phap.md": post(
        "Cấp phiếu lý lịch tư pháp số 1",
        "2025-09-09",
        "[Hỏi đáp]",
        body="Công dân có thể yêu cầu cấp Phiếu lý lịch tư pháp trực tuyến qua ứng dụng VNeID, "
        "nhận kết quả qua bưu chính.\n",
    ),
    "2024/cai-cach-hanh-chinh.md": post(
        "Đẩy mạnh cải cách hành chính năm 2024",
        "2024-01-15",
        "[Kế hoạch]",
        body="Ủy ban nhân dân xã ban hành kế hoạch cải cách hành chính năm 2024, tập trung vào "
        "cải cách thể chế, tinh gọn bộ máy và nâng cao chất lượng phục vụ.\n",
    ),
    "2024/dich-vu-cong.md": post(
        "Mở rộng dịch vụ công trực tuyến toàn trình",
        "2024-08-01",
        "[Tin tức]",
        body="Người dân nộp hồ sơ trên Cổng Dịch vụ công quốc gia, theo dõi tiến độ và nhận "
        "kết quả bản điện tử mà không phải đến trụ sở.\n",
    ),
    "2023/mot-cua-lien-thong.md": NFD,  # written below in NFD
    "2025/thuy-loi.md": post(
        "Nạo vét kênh mương thuỷ lợi nội đồng trước mùa mưa",
        "2025-08-18",
        "[Thông báo]",
        body="Các thôn ra quân nạo vét kênh mương, khơi thông dòng chảy cho công trình thuỷ lợi "
        "nội đồng trước mùa mưa bão.\n",
    ),
    "2025/tuyen-duong.md": post(
        "Tuyên dương chị Lê Thị Thúy, tổ trưởng tổ công nghệ số cộng đồng",
        "2025-11-02",
        "[Tin tức]",
        body="Chị Thúy đã hướng dẫn hơn 300 người cao tuổi cài đặt và sử dụng ứng dụng trên điện thoại.\n",
    ),
    "2026/my-quan.md": post(
        "Giữ gìn mỹ quan, không lấn chiếm vỉa hè",
        "2026-03-01",
        "[Thông báo]",
        body="Hộ kinh doanh không bày hàng hóa ra lòng đường; mỹ quan khu trung tâm được giữ sạch đẹp.\n",
    ),
    "2026/ky-hop.md": post(
        "Kỳ họp thứ năm Hội đồng nhân dân xã khóa mới",
        "2026-07-07",
        "[Tin tức]",
        body="Kỳ họp thảo luận báo cáo kinh tế xã hội sáu tháng đầu năm và thông qua các nghị quyết.\n",
    ),
    "2025/cat-dien.md": post(
        "Lịch tạm ngừng cấp điện tháng mười hai",
        "2025-11-28",
        "[Thông báo]",
        body="Điện lực thông báo tạm ngừng cấp điện để bảo dưỡng đường dây trung thế; "
        "bà con chủ động sắp xếp sinh hoạt.\n",
    ),
    "2024/vneid.md": post(
        "Hướng dẫn dùng tài khoản định danh điện tử VNeID",
        "2024-03-22",
        "[Hỏi đáp]",
        body="Người dân dùng tài khoản định danh điện tử mức 2 để đăng nhập Cổng Dịch vụ công "
        "và dùng ứng dụng thay giấy tờ khi cần.\n",
    ),
    "2026/dat-lich-hen.md": post(
        "Đặt lịch hẹn nộp hồ sơ trước khi đến trụ sở",
        "2026-05-05",
        "[Thông báo]",
        body="Người dân gọi điện hoặc nhắn tin để đặt lịch hẹn; công chức chuẩn bị sẵn hồ sơ mẫu.\n",
    ),
    # the same two words, next to each other in one post only (phrase ranking)
    "2026/ra-quan.md": post(
        "Đoàn viên ra quân đầu xuân",
        "2026-02-20",
        "[Tin tức]",
        body="Đoàn viên thanh niên trồng cây xanh dọc đường liên thôn.\n",
    ),
    "2026/hoi-cho.md": post(
        "Hội chợ nông sản cuối tuần",
        "2026-04-11",
        "[Tin tức]",
        body="Gian hàng bày cây giống, rau xanh, cây ăn quả; cây cảnh xanh mướt, cây nào cũng tốt. "
        "Rau xanh sạch.\n",
    ),
    "2023/bao-cao-291.md": post(
        "Báo cáo 291/BC-UBND về công tác tuyên truyền",
        "2023-10-26",
        "[Báo cáo]",
        body="Báo cáo số 291/BC-UBND tổng kết công tác tuyên truyền năm 2023.\n",
    ),
}
NFD_POST = post(
    "Bộ phận một cửa liên thông",
    "2023-06-12",
    "[Tin tức]",
    body="Bộ phận một cửa liên thông của Ủy ban nhân dân xã tiếp nhận và trả kết quả giải quyết "
    "thủ tục cho người dân, doanh nghiệp tại một nơi.\n",
)
PAGES: dict[str, str] = {
    "so-do-tru-so.md": "# Sơ đồ trụ sở Ủy ban nhân dân xã\n\n"
    "Tầng một: phòng tiếp công dân, quầy lấy số thứ tự. Tầng hai: phòng họp.\n",
}
# Real procedures (the fixture's), with the form files they link to.
PROCEDURES = ("ho-tich/dang-ky-khai-sinh.md", "dat-dai/hoa-giai-tranh-chap-dat-dai.md")

KHAI_SINH = "thu-tuc/ho-tich/dang-ky-khai-sinh/"
HOA_GIAI = "thu-tuc/dat-dai/hoa-giai-tranh-chap-dat-dai/"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# (query, expected URL of the first result, typed in NFD?)
QUERIES: list[tuple[str, str, bool]] = [
    # diacritics / no diacritics / case
    ("thủ tục đăng ký khai sinh", KHAI_SINH, False),
    ("thu tuc khai sinh", KHAI_SINH, False),
    ("khai sin", KHAI_SINH, False),
    ("Đăng Ký Kết Hôn", "tin-tuc/dang-ky-ket-hon-ca-hai-ben-co-can-co-mat/", False),
    ("DANG KY KET HON", "tin-tuc/dang-ky-ket-hon-ca-hai-ben-co-can-co-mat/", False),
    ("dang ky ho kinh doanh", "tin-tuc/dang-ky-ho-kinh-doanh-o-dau-tu-ngay-01-7-2025/", False),
    ("ĐĂNG KÝ HỘ KINH DOANH", "tin-tuc/dang-ky-ho-kinh-doanh-o-dau-tu-ngay-01-7-2025/", False),
    ("giay phep xay dung", "tin-tuc/cap-giay-phep-xay-dung-nha-o-rieng-le/", False),
    ("GIẤY PHÉP XÂY DỰNG", "tin-tuc/cap-giay-phep-xay-dung-nha-o-rieng-le/", False),
    ("chung thuc ban sao", "tin-tuc/chung-thuc-ban-sao-tu-ban-chinh-mat-bao-nhieu-tien/", False),
    ("thuong tru", "tin-tuc/dang-ky-thuong-tru-cho-nguoi-moi-chuyen-den/", False),
    ("thường tr", "tin-tuc/dang-ky-thuong-tru-cho-nguoi-moi-chuyen-den/", False),
    ("cải cách hành chính", "tin-tuc/day-manh-cai-cach-hanh-chinh-nam-2024/", False),
    ("dich vu cong truc tuyen", "tin-tuc/mo-rong-dich-vu-cong-truc-tuyen-toan-trinh/", False),
    # NFD typed queries, NFD-stored page
    ("giấy phép xây dựng", "tin-tuc/cap-giay-phep-xay-dung-nha-o-rieng-le/", True),
    ("một cửa liên thông", "tin-tuc/bo-phan-mot-cua-lien-thong/", True),
    ("một cửa liên thông", "tin-tuc/bo-phan-mot-cua-lien-thong/", False),
    ("mot cua lien thong", "tin-tuc/bo-phan-mot-cua-lien-thong/", False),
    ("đăng ký kết hôn", "tin-tuc/dang-ky-ket-hon-ca-hai-ben-co-can-co-mat/", True),
    # old / new tone placement
    ("hoà giải", HOA_GIAI, False),
    ("hòa giải tranh chấp", HOA_GIAI, False),
    ("thủy lợi", "tin-tuc/nao-vet-kenh-muong-thuy-loi-noi-dong-truoc-mua-mua/", False),
    ("thuỷ lợi nội đồng", "tin-tuc/nao-vet-kenh-muong-thuy-loi-noi-dong-truoc-mua-mua/", False),
    ("chị Thuý", "tin-tuc/tuyen-duong-chi-le-thi-thuy-to-truong-to-cong-nghe-so-cong-dong/", False),
    # y / i spellings
    ("đăng kí kết hôn", "tin-tuc/dang-ky-ket-hon-ca-hai-ben-co-can-co-mat/", False),
    ("dang ki ket hon", "tin-tuc/dang-ky-ket-hon-ca-hai-ben-co-can-co-mat/", False),
    ("li lich tu phap", "tin-tuc/cap-phieu-ly-lich-tu-phap-so-1/", False),
    ("lí lịch tư pháp", "tin-tuc/cap-phieu-ly-lich-tu-phap-so-1/", False),
    ("mĩ quan", "tin-tuc/giu-gin-my-quan-khong-lan-chiem-via-he/", False),
    ("mi quan via he", "tin-tuc/giu-gin-my-quan-khong-lan-chiem-via-he/", False),
    ("kì họp hội đồng", "tin-tuc/ky-hop-thu-nam-hoi-dong-nhan-dan-xa-khoa-moi/", False),
    # đ / d
    ("dat dai", HOA_GIAI, False),
    ("don de nghi xay dung", "tin-tuc/cap-giay-phep-xay-dung-nha-o-rieng-le/", False),
    ("cap dien", "tin-tuc/lich-tam-ngung-cap-dien-thang-muoi-hai/", False),
    ("dat lich hen", "tin-tuc/dat-lich-hen-nop-ho-so-truoc-khi-den-tru-so/", False),
    # exact spelling ranks above words that only fold the same
    ("dùng", "tin-tuc/huong-dan-dung-tai-khoan-dinh-danh-dien-tu-vneid/", False),
    ("dựng", "tin-tuc/cap-giay-phep-xay-dung-nha-o-rieng-le/", False),
    ("đặt lịch", "tin-tuc/dat-lich-hen-nop-ho-so-truoc-khi-den-tru-so/", False),
    # words next to each other rank above the same words apart
    ("cây xanh", "tin-tuc/doan-vien-ra-quan-dau-xuan/", False),
    ("cay xanh", "tin-tuc/doan-vien-ra-quan-dau-xuan/", False),
    # numbers, plain pages
    ("291/BC-UBND", "tin-tuc/bao-cao-291-bc-ubnd-ve-cong-tac-tuyen-truyen/", False),
    ("so do tru so", "so-do-tru-so/", False),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    posts: dict[str, str | bytes] = {k: v for k, v in POSTS.items() if v != NFD}
    posts["2023/mot-cua-lien-thong.md"] = nfd(NFD_POST).encode()
    docs: dict[str, str | bytes] = dict(PAGES)
    for rel in PROCEDURES:
        docs[f"thu-tuc/{rel}"] = (FIXTURE / "docs" / "thu-tuc" / rel).read_bytes()
    project = make_project(tmp_path_factory.mktemp("search") / "site-src", posts, docs)
    shutil.copytree(FIXTURE / "docs" / "thu-tuc" / "mau", project / "docs" / "thu-tuc" / "mau")
    return build_ok(project)


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def search_page(browser: Browser, base: str) -> Iterator[tuple[Page, PageWatch, list[str]]]:
    """One page on a post, with every request recorded (the queries share it)."""
    context = browser.new_context()
    page = context.new_page()
    watch = PageWatch(page, base)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + "tin-tuc/day-manh-cai-cach-hanh-chinh-nam-2024/", wait_until="networkidle")
    yield page, watch, requested
    context.close()


def search(page: Page, query: str, typed_nfd: bool = False) -> tuple[str, list[str]]:
    """Type ``query`` into the header search box; the status line and result URLs shown."""
    box = page.locator("#cchc-search-input")
    box.fill("")
    text = nfd(query) if typed_nfd else query
    box.press_sequentially(text, delay=10)
    assert box.input_value() == text  # an NFD query really stays NFD in the box
    page.wait_for_function(
        "q => document.getElementById('cchc-search-list').dataset.settled === q", arg=text, timeout=10000
    )
    status = page.inner_text("#cchc-search-status")
    links = page.eval_on_selector_all(
        "#cchc-search-list a", "links => links.map(a => a.getAttribute('href'))"
    )
    return status, links


def test_page_view_downloads_no_search_file(search_page: tuple[Page, PageWatch, list[str]]) -> None:
    _, watch, requested = search_page
    assert requested, "the page view was recorded"
    assert not [url for url in requested if "/search/" in url]
    watch.assert_clean()


@pytest.mark.parametrize(
    ("query", "expected", "typed_nfd"),
    QUERIES,
    ids=[f"{i:02d}-{slugify(q)}{'-nfd' if n else ''}" for i, (q, _, n) in enumerate(QUERIES)],
)
def test_query_finds_expected_page_first(
    search_page: tuple[Page, PageWatch, list[str]], base: str, query: str, expected: str, typed_nfd: bool
) -> None:
    page, watch, _ = search_page
    status, results = search(page, query, typed_nfd)
    assert results, f"no result for {query!r}"
    assert results[0] == base + expected, f"{query!r}: first results {results[:3]}"
    assert status.startswith("Tìm thấy "), f"{query!r}: not every word matched ({status})"
    watch.assert_clean()


def test_folding_in_the_browser_matches_python(search_page: tuple[Page, PageWatch, list[str]]) -> None:
    page, _, _ = search_page
    shared = json.loads((Path(__file__).parent / "search_vectors.json").read_text(encoding="utf-8"))
    vectors, buckets = shared["vectors"], shared["pair_buckets"]
    got = page.evaluate(
        """vectors => vectors.map(v => {
             const t = window.cchcSearchText;
             const words = t.words(v.input);
             return {input: v.input, fold: t.fold(v.input), words, exact_keys: words.map(t.exactKey)};
           })""",
        vectors,
    )
    assert got == vectors
    got = page.evaluate("cases => cases.map(c => window.cchcSearchText.bucketOf(c.pair, c.buckets))", buckets)
    assert got == [case["bucket"] for case in buckets]


def test_status_line_announces_results_in_vietnamese(search_page: tuple[Page, PageWatch, list[str]]) -> None:
    page, watch, _ = search_page
    status = page.locator("#cchc-search-status")
    assert status.get_attribute("role") == "status"
    text, results = search(page, "xyzw khai sinh")
    assert text.startswith("Không có trang nào chứa đủ các từ đã gõ;")
    assert results[0].endswith(KHAI_SINH)
    text, results = search(page, "qwxz")
    assert (text, results) == ("Không tìm thấy kết quả nào. Hãy thử bớt từ hoặc kiểm tra chính tả.", [])
    text, results = search(page, "dat dai")
    assert text == f"Tìm thấy {len(results)} kết quả"
    watch.assert_clean()


def test_results_show_title_and_highlighted_excerpt_in_original_vietnamese(
    search_page: tuple[Page, PageWatch, list[str]],
) -> None:
    page, watch, _ = search_page
    search(page, "hoa giai dat dai")
    first = page.locator("#cchc-search-list li").first
    assert (
        first.locator(".cchc-search-result__title").inner_text()
        == "Hòa giải tranh chấp đất đai thuộc thẩm quyền cấp xã"
    )
    assert first.locator(".cchc-search-result__kind").inner_text() == "Thủ tục hành chính"
    title_marks = first.locator(".cchc-search-result__title mark").all_inner_texts()
    assert title_marks == ["Hòa", "giải", "đất", "đai"]
    excerpt = first.locator(".cchc-search-result__text")
    assert {m.lower() for m in excerpt.locator("mark").all_inner_texts()} >= {"đất", "đai"}
    search(page, "tuyen duong")
    kind = page.locator("#cchc-search-list li .cchc-search-result__kind").first.inner_text()
    assert kind == "Tin tức · 02/11/2025"
    watch.assert_clean()


def test_a_query_with_diacritics_marks_the_spelling_typed(
    search_page: tuple[Page, PageWatch, list[str]],
) -> None:
    page, watch, _ = search_page
    excerpt = "#cchc-search-list li:first-child .cchc-search-result__text mark"
    search(page, "cửa liên thông")
    marks = {m.lower() for m in page.locator(excerpt).all_inner_texts()}
    assert marks == {"cửa", "liên", "thông"}  # not "của", which only folds alike
    search(page, "cua lien thong")
    marks = {m.lower() for m in page.locator(excerpt).all_inner_texts()}
    assert marks == {"cửa", "của", "liên", "thông"}
    watch.assert_clean()


def test_more_results_on_request(search_page: tuple[Page, PageWatch, list[str]]) -> None:
    page, watch, _ = search_page
    status, _ = search(page, "công")  # on most pages
    total = int(status.split()[2])
    assert total > 10
    items = "() => document.querySelectorAll('#cchc-search-list li').length"
    page.wait_for_function(f"() => ({items})() === 10")  # 5 at once, the rest of the page a moment later
    more = page.locator(".cchc-search__more")
    assert more.is_visible()
    assert more.inner_text().startswith("Xem thêm ")
    more.click()
    page.wait_for_function(f"() => ({items})() === {min(total, 20)}")
    focused = page.evaluate(
        "document.activeElement.closest('li') === document.querySelectorAll('#cchc-search-list li')[10]"
    )
    assert focused, "focus moves to the first new result"
    watch.assert_clean()


@pytest.fixture
def fresh(page_watch: Page, base: str) -> tuple[Page, PageWatch]:
    watch = PageWatch(page_watch, base)
    page_watch.goto(base + "gioi-thieu/", wait_until="networkidle")
    return page_watch, watch


def search_state(page: Page) -> tuple[bool, str]:
    """(is the search open, id of the focused element)."""
    return page.evaluate("[document.getElementById('__search').checked, document.activeElement.id]")


@pytest.mark.parametrize("shortcut", ["/", "s", "Control+k"])
def test_keyboard_shortcut_opens_search_and_escape_closes(
    fresh: tuple[Page, PageWatch], shortcut: str
) -> None:
    page, watch = fresh
    assert search_state(page) == [False, ""]
    page.keyboard.press(shortcut)
    assert search_state(page) == [True, "cchc-search-input"]
    assert page.locator("#cchc-search-input").input_value() == ""
    page.keyboard.press("Escape")
    assert search_state(page)[0] is False
    watch.assert_clean()


def test_arrow_keys_move_through_results_and_enter_opens_the_first(
    fresh: tuple[Page, PageWatch], base: str
) -> None:
    page, watch = fresh
    page.keyboard.press("/")
    search(page, "dang ky")
    links = page.eval_on_selector_all("#cchc-search-list a", "l => l.map(a => a.href)")
    assert len(links) >= 3
    focused = "document.activeElement.href || document.activeElement.id"
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == links[0]
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == links[1]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(focused) == "cchc-search-input"
    page.keyboard.press("Enter")
    page.wait_for_url(links[0])
    watch.assert_clean()


def test_tab_leaves_and_closes_the_search(fresh: tuple[Page, PageWatch]) -> None:
    page, watch = fresh
    page.keyboard.press("/")
    search(page, "qwxz")
    for _ in range(5):  # input, clear button, then out of the panel
        page.keyboard.press("Tab")
        if not page.evaluate("document.getElementById('cchc-search').contains(document.activeElement)"):
            break
    assert search_state(page)[0] is False
    watch.assert_clean()


def test_query_in_the_address_opens_search(page_watch: Page, base: str) -> None:
    watch = PageWatch(page_watch, base)
    page_watch.goto(base + "?q=li%20lich%20tu%20phap")
    page_watch.wait_for_function("() => document.getElementById('cchc-search-list').dataset.settled")
    first = page_watch.locator("#cchc-search-list a").first.get_attribute("href")
    assert first == base + "tin-tuc/cap-phieu-ly-lich-tu-phap-so-1/"
    watch.assert_clean()


def test_phone_width_search_button_opens_a_usable_panel(browser: Browser, base: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    watch = PageWatch(page, base)
    page.goto(base + "gioi-thieu/", wait_until="networkidle")
    button = page.get_by_role("button", name="Tìm kiếm", exact=True)
    assert button.is_visible()
    panel = page.locator(".md-search__inner")
    assert panel.bounding_box()["width"] == 0  # closed: Material collapses the panel on phones
    button.focus()
    page.keyboard.press("Enter")
    assert search_state(page) == [True, "cchc-search-input"]
    page.wait_for_function(  # Material's opening transition: full width, then slid into place
        "() => { const r = document.querySelector('.md-search__inner').getBoundingClientRect();"
        " return r.width === 320 && r.left === 0; }"
    )
    assert panel.bounding_box()["width"] == 320
    box = page.locator("#cchc-search-input").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
    _, results = search(page, "ket hon")
    assert results
    item = page.locator("#cchc-search-list li").first.bounding_box()
    assert item is not None and item["width"] <= 320 and item["y"] < 640
    page.get_by_role("button", name="Đóng tìm kiếm").click()
    assert search_state(page)[0] is False
    watch.assert_clean()
    context.close()


def test_without_javascript_the_search_is_hidden(browser: Browser, base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 700})
        page.goto(base + "gioi-thieu/")
        assert not page.locator(".cchc-search-open").is_visible()
        assert not page.locator("#cchc-search-input").is_visible()
    context.close()


def test_search_box_is_labelled(search_page: tuple[Page, PageWatch, list[str]]) -> None:
    page, _, _ = search_page
    box = page.get_by_role("textbox", name="Tìm tin tức, thủ tục, văn bản")
    assert box.count() == 1
    assert page.get_by_role("search").count() == 1
    hint = page.locator("#" + box.get_attribute("aria-describedby")).inner_text()
    assert "không dấu" in hint


def test_material_search_stays_off(site: Path) -> None:
    assert (site / "search" / "index.json").is_file()
    assert not (site / "search" / "search_index.json").exists()
    html = (site / "gioi-thieu" / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="search' not in html
    assert 'name="search"' not in html
