/*
 * Browser view of the site's RSS 2.0 and Atom feeds (rss.xml, atom.xml).
 *
 * A resident who opens a feed address in a browser gets a Vietnamese page that explains
 * what a feed is, how to subscribe, and lists the entries with links, instead of raw XML.
 * The feed loads this file through an XHTML <script> element (feed readers ignore it) and
 * styles itself with feed.css through an xml-stylesheet instruction, which also keeps the
 * raw XML readable when scripts are off. No XSLT: browsers are removing it.
 * Plain ES5, no network request besides this file, the stylesheet and the favicon.
 */
(function () {
  "use strict";

  var XHTML = "http://www.w3.org/1999/xhtml";
  var doc = document;
  var script = doc.currentScript;
  var assets = script && script.src ? script.src.replace(/[^\/]*$/, "") : "";

  function el(name, attrs, children) {
    var node = doc.createElementNS(XHTML, name);
    var key;
    for (key in attrs || {}) {
      if (Object.prototype.hasOwnProperty.call(attrs, key)) {
        node.setAttribute(key, attrs[key]);
      }
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === "") {
        return;
      }
      node.appendChild(typeof child === "string" ? doc.createTextNode(child) : child);
    });
    return node;
  }

  /* Direct children of `parent` with local name `name` (any namespace). */
  function kids(parent, name) {
    var out = [];
    var nodes = parent ? parent.childNodes : [];
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].nodeType === 1 && nodes[i].localName === name) {
        out.push(nodes[i]);
      }
    }
    return out;
  }

  function text(parent, name) {
    var found = kids(parent, name)[0];
    return found ? found.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function atomLink(parent, rel) {
    var links = kids(parent, "link");
    for (var i = 0; i < links.length; i++) {
      if ((links[i].getAttribute("rel") || "alternate") === rel) {
        return links[i].getAttribute("href") || "";
      }
    }
    return "";
  }

  /* Summaries are escaped HTML in both formats: show their text, never their markup. */
  function plain(html) {
    if (!html || typeof DOMParser === "undefined") {
      return html;
    }
    var parsed = new DOMParser().parseFromString(html, "text/html");
    return (parsed.body ? parsed.body.textContent : html).replace(/\s+/g, " ").trim();
  }

  function localDate(value) {
    var date = new Date(value);
    if (!value || isNaN(date.getTime())) {
      return value;
    }
    try {
      return date.toLocaleDateString("vi-VN", {
        timeZone: "Asia/Ho_Chi_Minh",
        day: "2-digit",
        month: "2-digit",
        year: "numeric"
      });
    } catch (err) {
      return value;
    }
  }

  /* The feed as plain data: {kind, title, description, home, entries: [...]}. */
  function read(root) {
    if (root.localName === "rss") {
      var channel = kids(root, "channel")[0];
      return {
        kind: "RSS",
        title: text(channel, "title"),
        description: text(channel, "description"),
        home: text(channel, "link"),
        entries: kids(channel, "item").map(function (item) {
          return {
            title: text(item, "title"),
            link: text(item, "link"),
            date: text(item, "pubDate"),
            summary: plain(text(item, "description")),
            categories: kids(item, "category").map(function (c) { return c.textContent.trim(); })
          };
        })
      };
    }
    return {
      kind: "Atom",
      title: text(root, "title"),
      description: text(root, "subtitle"),
      home: atomLink(root, "alternate"),
      entries: kids(root, "entry").map(function (entry) {
        return {
          title: text(entry, "title"),
          link: atomLink(entry, "alternate"),
          date: text(entry, "published") || text(entry, "updated"),
          summary: plain(text(entry, "summary")),
          categories: kids(entry, "category").map(function (c) {
            return c.getAttribute("label") || c.getAttribute("term") || "";
          })
        };
      })
    };
  }

  function entryView(entry) {
    var meta = [el("time", { datetime: entry.date }, [localDate(entry.date)])];
    if (entry.categories.length) {
      meta.push(" · " + entry.categories.join(", "));
    }
    return el("li", { "class": "feed-entry" }, [
      el("h3", {}, [el("a", { href: entry.link }, [entry.title])]),
      el("p", { "class": "feed-entry__meta" }, meta),
      entry.summary ? el("p", {}, [entry.summary]) : null
    ]);
  }

  function copyBox() {
    var field = el("input", {
      id: "feed-address",
      type: "text",
      readonly: "readonly",
      value: location.href,
      "aria-describedby": "feed-address-help"
    });
    var status = el("span", { "class": "feed-copy__status", role: "status" }, []);
    var button = el("button", { type: "button", "class": "feed-button" }, ["Sao chép địa chỉ"]);
    button.addEventListener("click", function () {
      field.select();
      var done = function () { status.textContent = "Đã sao chép địa chỉ."; };
      var manual = function () {
        status.textContent = "Hãy bấm giữ vào ô địa chỉ rồi chọn «Sao chép».";
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(location.href).then(done, manual);
      } else {
        try {
          if (doc.execCommand("copy")) { done(); } else { manual(); }
        } catch (err) {
          manual();
        }
      }
    });
    return el("div", { "class": "feed-copy" }, [
      el("label", { "for": "feed-address" }, ["Địa chỉ nguồn tin này:"]),
      el("div", { "class": "feed-copy__row" }, [field, button]),
      status
    ]);
  }

  function page(feed) {
    var count = feed.entries.length;
    var head = el("head", {}, [
      el("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
      el("title", {}, ["Nguồn tin: " + feed.title]),
      assets ? el("link", { rel: "icon", href: assets + "images/favicon.png" }) : null
    ]);
    var list = count
      ? el("ol", { "class": "feed-entries" }, feed.entries.map(entryView))
      : el("p", {}, ["Nguồn tin này chưa có bài viết nào."]);
    var body = el("body", {}, [
      el("header", { "class": "feed-header" }, [
        el("p", { "class": "feed-kicker" }, ["Nguồn tin " + feed.kind]),
        el("h1", {}, [feed.title]),
        feed.description ? el("p", {}, [feed.description]) : null
      ]),
      el("main", { "class": "feed-main" }, [
        el("section", { "class": "feed-about", "aria-labelledby": "feed-what" }, [
          el("h2", { id: "feed-what" }, ["Nguồn tin là gì?"]),
          el("p", {}, [
            "Bạn đang xem một nguồn tin (RSS/Atom): danh sách các bài mới nhất của trang, viết theo ",
            "định dạng chung mà ứng dụng đọc tin hiểu được. Khi theo dõi nguồn tin, bạn nhận bài mới ",
            "ngay khi xã đăng mà không phải vào trang để kiểm tra."
          ]),
          el("h2", { id: "feed-how" }, ["Cách theo dõi"]),
          el("ol", { id: "feed-address-help" }, [
            el("li", {}, [
              "Cài một ứng dụng đọc tin (ví dụ Feeder trên điện thoại Android, NetNewsWire trên ",
              "iPhone, Thunderbird trên máy tính)."
            ]),
            el("li", {}, [
              "Sao chép địa chỉ dưới đây và dán vào mục «Thêm nguồn tin» (Add feed) của ứng dụng."
            ]),
            el("li", {}, ["Bài mới sẽ tự hiện trong ứng dụng; bấm vào tiêu đề để đọc toàn bài trên trang."])
          ]),
          copyBox(),
          el("p", {}, [
            "Cổng thông tin của huyện, tỉnh và các cơ quan khác cũng dùng địa chỉ này để tự động ",
            "đăng lại tin của xã."
          ])
        ]),
        el("section", { "class": "feed-list", "aria-labelledby": "feed-latest" }, [
          el("h2", { id: "feed-latest" }, ["Các bài mới nhất (" + count + " bài)"]),
          list
        ])
      ]),
      el("footer", { "class": "feed-footer" }, [
        feed.home ? el("a", { href: feed.home }, ["← Xem các bài này trên trang web của xã"]) : null
      ])
    ]);
    return el("html", { lang: "vi", "class": "feed-page" }, [head, body]);
  }

  function render() {
    var root = doc.documentElement;
    if (!root || root.namespaceURI === XHTML) {
      return;
    }
    doc.replaceChild(page(read(root)), root);
  }

  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
