/* Sharing a post (template posts/share.html): the phone's own share sheet (Web Share API:
   Zalo, Messenger, SMS…) and "copy link", shown only where the browser has them. The
   Zalo, Facebook and e-mail links work without this file. Nothing is loaded from another
   host. The confirmation goes to an aria-live region, so a screen reader announces it. */
(function () {
  "use strict";

  function say(block, text) {
    var status = block.querySelector("[data-cchc-share-status]");
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function show(button) {
    var item = button.closest("li");
    if (item) item.hidden = false;
  }

  function wire(block) {
    var url = block.getAttribute("data-cchc-share-url") || window.location.href;
    var title = block.getAttribute("data-cchc-share-title") || document.title;
    var share = block.querySelector("[data-cchc-share]");
    if (share && typeof navigator.share === "function") {
      show(share);
      share.addEventListener("click", function () {
        navigator.share({ title: title, url: url }).catch(function () {});
      });
    }
    var copy = block.querySelector("[data-cchc-copy]");
    if (copy && navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
      show(copy);
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          say(block, "Đã sao chép liên kết bài viết. Dán vào Zalo, Messenger hoặc tin nhắn để gửi.");
        }, function () {
          say(block, "Không sao chép được. Hãy chép địa chỉ trang trên thanh địa chỉ của trình duyệt.");
        });
      });
    }
  }

  function start() {
    var blocks = document.querySelectorAll("[data-cchc-share-url]");
    for (var i = 0; i < blocks.length; i++) wire(blocks[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
