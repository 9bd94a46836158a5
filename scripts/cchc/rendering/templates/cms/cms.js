// The admin page's own script (scripts/cchc/cms): the Vietnamese strings of the pinned
// decap-cms-locales, the site's style sheets in the preview pane, a post preview laid out
// like the site's pages, and empty optional fields left out of the saved file; then
// Decap starts (window.CMS_MANUAL_INIT is set by index.html).
import vi from "./vendor/decap-cms-locale-vi.js";

const CMS = window.CMS;
const h = window.h;
const data = JSON.parse(document.getElementById("cchc-cms").textContent);

// Strings decap-cms-locales has not translated yet (English otherwise); theirs win when present.
const MORE = {
  collection: { collectionTop: { viewAsList: "Xem dạng danh sách", viewAsGrid: "Xem dạng lưới", groupBy: "Nhóm theo" },
    entries: { unpublishedHeader: "Bài chưa công bố" }, groups: { other: "Khác", negateLabel: "Không phải %{label}" } },
  editor: {
    editorControl: { field: { widgetLabel: "Trường %{widgetLabel}" } },
    editorInterface: { togglePreview: "Bật/tắt xem trước", toggleScrollSync: "Cuộn đồng bộ", toggleNotes: "Bật/tắt ghi chú" },
    editorNotesPane: { title: "Ghi chú", addNote: "Thêm ghi chú", save: "Lưu", cancel: "Hủy", edit: "Sửa", delete: "Xóa" },
    editorWidgets: {
      markdown: { bold: "Đậm", italic: "Nghiêng", strikethrough: "Gạch ngang", code: "Mã", link: "Liên kết",
        linkPrompt: "Nhập địa chỉ của liên kết", headings: "Tiêu đề mục", quote: "Trích dẫn",
        bulletedList: "Danh sách dấu chấm", numberedList: "Danh sách đánh số", addComponent: "Chèn thành phần",
        toggleMode: { rich: "Chuyển sang soạn thảo trực quan", markdown: "Chuyển sang Markdown" } },
      image: { chooseMultiple: "Chọn các hình", addMore: "Thêm hình", removeAll: "Xóa mọi hình" },
      file: { chooseMultiple: "Chọn các tập tin", addMore: "Thêm tập tin", removeAll: "Xóa mọi tập tin" },
      datetime: { setToNow: "Đặt %{fieldLabel} là bây giờ" },
      list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
      object: { expand: "Mở rộng", collapse: "Thu gọn" },
    },
  },
  mediaLibrary: { mediaLibraryModal: { close: "Đóng" },
    mediaLibraryCard: { copy: "Chép", copyPath: "Chép đường dẫn", copyName: "Chép tên", copied: "Đã chép" } },
};

function fill(target, extra) {
  for (const [key, value] of Object.entries(extra)) {
    if (typeof value === "object") fill((target[key] ??= {}), value);
    else target[key] ??= value;
  }
  return target;
}

CMS.registerLocale("vi", fill(structuredClone(vi), MORE));
for (const href of data.styles) {
  CMS.registerPreviewStyle(new URL(href, document.baseURI).href);
}
CMS.registerPreviewStyle(
  ".cchc-preview { padding: 0.5rem 1.2rem; } .cchc-preview__meta { color: var(--md-default-fg-color--light); }",
  { raw: true },
);

// Decap writes a field that was emptied as "" (or [] / {}); the checker reads "" as a
// value ("image: ''" is a missing file). Leave such values out, at every level.
function isEmpty(value) {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  return typeof value.toJS === "function" && value.size === 0;
}

function clean(value) {
  if (value && typeof value.toJS === "function") {
    return value.map(clean).filter((item) => !isEmpty(item));
  }
  return value;
}

CMS.registerEventListener({
  name: "preSave",
  handler: ({ entry }) => {
    const data = entry.get("data");
    const body = data.get("body");
    const cleaned = clean(data.delete("body"));
    return body === undefined ? cleaned : cleaned.set("body", body);
  },
});

function text(value) {
  if (value === undefined || value === null) return "";
  if (typeof value.toJS === "function") return value.toJS().join(", ");
  return String(value);
}

function PostPreview({ entry, widgetFor }) {
  const get = (key) => entry.getIn(["data", key]);
  const doc = get("document");
  const meta = [text(get("date")), text(get("categories"))].filter(Boolean).join(" · ");
  return h(
    "article",
    { className: "md-typeset cchc-preview" },
    h("h1", {}, text(get("title"))),
    h("p", { className: "cchc-preview__meta" }, meta),
    doc && doc.get("number")
      ? h("p", {}, h("strong", {}, `${text(doc.get("type"))} số ${text(doc.get("number"))}`), " — ",
          text(doc.get("abstract")) || text(get("title")))
      : null,
    widgetFor("body"),
  );
}

function ProcedurePreview({ entry, widgetFor }) {
  const get = (key) => entry.getIn(["data", key]);
  return h(
    "article",
    { className: "md-typeset cchc-preview" },
    h("h1", {}, text(get("ten_thu_tuc"))),
    h("p", { className: "cchc-preview__meta" }, [text(get("ma_thu_tuc")), text(get("linh_vuc"))].filter(Boolean).join(" · ")),
    h("h2", {}, "Trình tự thực hiện"),
    h("ol", {}, ...(get("trinh_tu") || []).map((step) => h("li", {}, text(step)))),
    h("p", {}, h("strong", {}, "Thời hạn giải quyết: "), text(get("thoi_han_giai_quyet"))),
    h("p", {}, h("strong", {}, "Lệ phí: "), text(get("le_phi"))),
    widgetFor("body"),
  );
}

CMS.registerPreviewTemplate("posts", PostPreview);
for (const collection of data.procedures || []) {
  CMS.registerPreviewTemplate(collection, ProcedurePreview);
}
CMS.init();
