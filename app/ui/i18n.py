"""Vietnamese for Streamlit's own widgets (uploader, table toolbar, "Page not found", status, menus).

Streamlit has no locale setting, so a small script in the page replaces its English strings (text, tooltip,
aria-label, title, placeholder) as they appear. ENGLISH is the list the Chromium test checks: none of
these may be readable on any page.
"""
from __future__ import annotations

import json

import streamlit.components.v1 as components

# exact strings (whole text of a node or attribute)
EXACT = {
    "Skip to main content": "Bỏ qua, đến nội dung chính",
    "Drag and drop file here": "Kéo và thả tệp vào đây",
    "Drag and drop files here": "Kéo và thả các tệp vào đây",
    "Drag and drop directories here": "Kéo và thả thư mục vào đây",
    "Browse files": "Chọn tệp",
    "Upload": "Chọn tệp",
    "Upload directories": "Chọn thư mục",
    "Download as CSV": "Tải về dạng CSV",
    "Download as PNG": "Tải về dạng PNG",
    "Download as WAV": "Tải về dạng WAV",
    "Search": "Tìm",
    "Fullscreen": "Toàn màn hình",
    "Close fullscreen": "Thoát toàn màn hình",
    "Toggle fullscreen": "Bật/tắt toàn màn hình",
    "Show/hide columns": "Ẩn/hiện cột",
    "Show data": "Xem dữ liệu",
    "Show chart": "Xem biểu đồ",
    "Add row": "Thêm dòng",
    "Delete row(s)": "Xóa dòng",
    "Clear selection": "Bỏ chọn",
    "Select all": "Chọn tất cả",
    "Clear all": "Xóa hết",
    "Choose an option": "Chọn một mục",
    "Choose options": "Chọn các mục",
    "No results": "Không có kết quả",
    "Page not found": "Không tìm thấy trang",
    "Running...": "Đang chạy…",
    "Stop": "Dừng",
    "Rerun": "Chạy lại",
    "Settings": "Cài đặt",
    "Print": "In",
    "About": "Giới thiệu",
    "Clear cache": "Xóa bộ nhớ đệm",
    "Connecting": "Đang kết nối",
    "Deploy": "Triển khai",
    "Cancel": "Hủy",
    "OK": "Đồng ý",
    "Copy to clipboard": "Sao chép",
    "Delete": "Xóa",
    "Remove file": "Gỡ tệp",
    "Collapse sidebar": "Thu gọn thanh bên",
    "Expand sidebar": "Mở thanh bên",
    "Main menu": "Trình đơn",
    "View fullscreen": "Xem toàn màn hình",
    "Exit fullscreen": "Thoát toàn màn hình",
    "Sort ascending": "Sắp xếp tăng dần",
    "Sort descending": "Sắp xếp giảm dần",
    "Autosize": "Tự chỉnh độ rộng",
    "Pin column": "Ghim cột",
    "Unpin column": "Bỏ ghim cột",
    "Hide column": "Ẩn cột",
    "Format": "Định dạng",
}
# patterns (JavaScript regular expressions) for strings with a number or a file name inside
PATTERNS = [
    (r"^Help for (.+)$", "Giải thích: $1"),
    (r"^Limit (\d+(?:\.\d+)?)\s?([KMG]B) per file(.*)$", "Tối đa $1 $2 mỗi tệp$3"),
    (r"^(\d+(?:\.\d+)?)\s?([KMG]B) per file(.*)$", "Tối đa $1 $2 mỗi tệp$3"),
    (r"^You have requested page /(.*), but no corresponding file was found in the app's pages/ directory\. "
     r"Running the app's main page\.$", "Không có trang /$1. Đang mở trang chủ."),
    (r"^The page that you have requested does not seem to exist\. Running the app's main page\.$",
     "Không tìm thấy trang bạn yêu cầu. Đang mở trang chủ."),
    (r"^Press Enter to (submit form|apply)$", "Bấm Enter để gửi"),
    (r"^Press (⌘|Ctrl)\+Enter to (submit form|apply)$", "Bấm $1+Enter để gửi"),
    (r"^Press Enter to submit form$", "Bấm Enter để gửi"),
]
# what the Chromium test looks for on every page (visible text and tooltips)
ENGLISH = ["Skip to main", "Help for", "Drag and drop", "Browse files", "per file", "Download as CSV", "Fullscreen", "Page not found",
           "Running the app", "Show/hide columns", "Press Enter", "Choose an option", "No results",
           "Upload", "Search", "None", "NaN", "Running..."]

_SCRIPT = """
<script>
(function () {
  const P = window.parent;
  if (!P || P.__bdI18n === VERSION) return;
  P.__bdI18n = VERSION;
  const exact = EXACT, patterns = PATTERNS.map(([re, to]) => [new RegExp(re), to]);
  const tr = (s) => {
    if (!s) return null;
    const t = s.trim();
    if (Object.prototype.hasOwnProperty.call(exact, t)) return s.replace(t, exact[t]);
    for (const [re, to] of patterns) { if (re.test(t)) return s.replace(t, t.replace(re, to)); }
    return null;
  };
  const ATTRS = ["aria-label", "title", "placeholder", "data-title"];
  const fix = (root) => {
    const doc = P.document;
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = walker.nextNode())) { const v = tr(n.nodeValue); if (v !== null) n.nodeValue = v; }
    const els = root.querySelectorAll ? root.querySelectorAll("[aria-label],[title],[placeholder],[data-title]") : [];
    for (const el of els) for (const a of ATTRS) {
      if (el.hasAttribute(a)) { const v = tr(el.getAttribute(a)); if (v !== null) el.setAttribute(a, v); }
    }
  };
  fix(P.document.body);
  new P.MutationObserver((records) => {
    for (const r of records) {
      if (r.type === "characterData") { const v = tr(r.target.nodeValue); if (v !== null) r.target.nodeValue = v; }
      else if (r.type === "attributes") {
        const v = tr(r.target.getAttribute(r.attributeName)); if (v !== null) r.target.setAttribute(r.attributeName, v);
      } else for (const node of r.addedNodes) {
        if (node.nodeType === 3) { const v = tr(node.nodeValue); if (v !== null) node.nodeValue = v; }
        else if (node.nodeType === 1) fix(node);
      }
    }
  }).observe(P.document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                               attributeFilter: ATTRS});
  P.document.documentElement.lang = "vi";
})();
</script>
"""
VERSION = "1"


def script() -> str:
    return (_SCRIPT.replace("VERSION", json.dumps(VERSION)).replace("EXACT", json.dumps(EXACT, ensure_ascii=False))
            .replace("PATTERNS", json.dumps(PATTERNS, ensure_ascii=False)))


def install() -> None:
    """Put the translator in the page (once per browser tab; later runs find it installed)."""
    components.html(script(), height=0)
