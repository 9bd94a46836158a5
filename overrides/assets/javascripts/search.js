/*
 * Site search (cchc): finds Vietnamese pages whether the query is typed with or without
 * diacritics, in NFC or NFD, with old or new tone placement, ký/kí, đ/d.
 *
 * Nothing is downloaded until the search box is used. Then, as the user types:
 * search/index.json (the vocabulary, once), one shard per query word (search/t/<key>.json,
 * or the group file of a rare word: search/t/_g<n>.json), the phrase buckets of adjacent
 * words (search/p/<n>.json) and titles of the first results (search/d/<n>.json, several
 * documents a file); when typing pauses, their texts for the excerpts (search/x/<n>.txt).
 * The index is written by scripts/cchc/search.py; fold(), exactKey() and bucketOf() repeat
 * the Python functions step by step, and tests/search_vectors.json keeps them in sync.
 * Design notes and measurements: docs-dev/search.md.
 */
(() => {
  "use strict";

  const box = document.getElementById("cchc-search");
  const toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  const scriptSrc = document.currentScript ? document.currentScript.src : location.href;

  const DEBOUNCE_MS = 80;
  const SETTLE_MS = 600; // a pause this long: excerpts, the full first page, the last phrase
  const FIRST = 5; // results shown while typing (titles only)
  const PAGE = 10; // results shown once typing pauses, and per "show more"
  const MAX_EXPANSIONS = 3; // completions fetched for the word being typed
  const MIN_PREFIX = 3; // a shorter unfinished word is not completed, only matched whole
  const PREFIX_FACTOR = 0.8; // a completion weighs less than the word itself
  const FOLDED_FACTOR = 0.5; // with a marked query, another spelling weighs less
  const EXCERPT_CHARS = 220;
  const KINDS = { post: "Tin tức", procedure: "Thủ tục hành chính", page: "Trang" };
  const TEXT = {
    idle: "Gõ từ cần tìm, có dấu hay không dấu đều được",
    short: "Gõ thêm ít nhất một chữ nữa",
    loading: "Đang tải dữ liệu tìm kiếm…",
    none: "Không tìm thấy kết quả nào. Hãy thử bớt từ hoặc kiểm tra chính tả.",
    error: "Không tải được dữ liệu tìm kiếm. Hãy kiểm tra kết nối mạng rồi thử lại.",
  };

  /* --- Vietnamese text: the same steps as scripts/cchc/text.py ---------------------------- */

  const MARKS = /[\u0300-\u036f]/g;
  const TONES = { "\u0300": "f", "\u0301": "s", "\u0303": "x", "\u0309": "r", "\u0323": "j" };
  let WORD;
  try {
    WORD = new RegExp("[\\p{L}\\p{N}]+", "gu");
  } catch (error) { // browsers without Unicode property escapes: Latin and Vietnamese letters
    WORD = /[0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+/g;
  }

  /** Search folding: lower case, no diacritics, đ->d, y->i (text.fold). */
  const fold = (text) =>
    text.toLowerCase().normalize("NFD").replace(MARKS, "")
      .replace(/đ/g, "d").replace(/y/g, "i").normalize("NFC");

  /** Spelling key: vowel marks and đ kept, tone moved to the end, hoà = hòa = "hoa:f" (text.exact_key). */
  const exactKey = (word) => {
    let base = "";
    let tones = "";
    for (const ch of word.toLowerCase().normalize("NFD")) {
      if (TONES[ch]) tones += TONES[ch];
      else base += ch;
    }
    base = base.normalize("NFC").replace(/y/g, "i");
    return tones ? `${base}:${tones}` : base;
  };

  const hasMarks = (word) => /[\u0300-\u036fđ]/.test(word.toLowerCase().normalize("NFD"));

  /** Word tokens of NFC text with their positions (text.words). */
  const tokens = (text) => {
    const found = [];
    WORD.lastIndex = 0;
    let match;
    while ((match = WORD.exec(text)) !== null) {
      found.push({ word: match[0], start: match.index, end: match.index + match[0].length });
    }
    return found;
  };

  /** FNV-1a (32 bit) of the UTF-8 text, modulo n (search.pair_bucket). */
  const bucketOf = (text, n) => {
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    return hash % n;
  };

  window.cchcSearchText = { // for tests/test_search_browser.py
    fold, exactKey, bucketOf, words: (text) => tokens(text.normalize("NFC")).map((t) => t.word),
  };

  /* --- the query -------------------------------------------------------------------------- */

  /** Terms of a query; the last word is a prefix while the user is still typing it. */
  const parse = (raw) => {
    const query = raw.normalize("NFC");
    const list = tokens(query);
    const typing = list.length > 0 && list[list.length - 1].end === query.length;
    const terms = [];
    const seen = new Set();
    list.forEach((token, i) => {
      const key = fold(token.word);
      if (seen.has(key)) return;
      seen.add(key);
      terms.push({ key, exact: exactKey(token.word), prefix: typing && i === list.length - 1 });
    });
    return { terms, marked: list.some((t) => hasMarks(t.word)) };
  };

  /** Does a posting variant (an exact key) spell what the user typed? */
  const spelledAsTyped = (term, variant) => {
    if (!term.prefix) return variant === term.exact;
    const [base, tones = ""] = variant.split(":");
    const [typedBase, typedTones = ""] = term.exact.split(":");
    return base.startsWith(typedBase) && (!typedTones || typedTones === tones);
  };

  const matchesTerm = (folded, term) => folded === term.key || (term.prefix && folded.startsWith(term.key));

  /* --- loading the index ------------------------------------------------------------------ */

  const base = (() => {
    try {
      const config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(`${(config.base || ".").replace(/\/$/, "")}/`, location.href);
    } catch (error) {
      return new URL("../../", scriptSrc);
    }
  })();

  /** A cached fetch; a failed one is forgotten so that a later attempt may succeed. */
  const requests = new Map();
  const get = (path, as, fresh) => {
    const url = new URL(path, base).href;
    if (!requests.has(url)) {
      const request = fetch(url, fresh ? { cache: "no-cache" } : {}).then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${url}`);
        return as === "text" ? response.text() : response.json();
      });
      request.catch(() => requests.delete(url));
      requests.set(url, request);
    }
    return requests.get(url);
  };

  let vocabulary = null;
  const loadVocabulary = () => {
    vocabulary = vocabulary || get("search/index.json", "json", true).then((v) => {
      v.df = new Map(v.keys.map((key, i) => [key, v.df[i]]));
      v.decoded = new Map(); // key -> postings, decoded once
      return v;
    });
    vocabulary.catch(() => { vocabulary = null; });
    return vocabulary;
  };

  /** Ascending document numbers from their gaps ([3, 1, 5] -> [3, 4, 9]). */
  const undoGaps = (gaps, count) => {
    const ids = new Int32Array(count);
    let doc = 0;
    for (let i = 0; i < count; i += 1) {
      doc += gaps[i];
      ids[i] = doc;
    }
    return ids;
  };

  /** Keys in few documents share group files (hashed like the pairs); the others have their own. */
  const isSmall = (v, key) => v.df.get(key) <= v.small;
  const shardFile = (v, key) => (isSmall(v, key) ? `_g${bucketOf(key, v.groups)}` : v.files[key] || key);

  /** Postings of a folded key: [{variant, ids, weights, titles}]. */
  const loadShard = async (v, key) => {
    if (!v.decoded.has(key)) {
      const file = await get(`search/t/${encodeURIComponent(shardFile(v, key))}.json?v=${v.build}`, "json");
      const raw = isSmall(v, key) ? file[key] : file;
      v.decoded.set(key, Object.keys(raw).map((variant) => {
        const flat = raw[variant];
        const n = flat.length / 2;
        const weights = new Float64Array(n);
        const titles = new Uint8Array(n);
        for (let i = 0; i < n; i += 1) {
          weights[i] = flat[n + i] >> 1; // stored as weight * 2 + (1 if in the title)
          titles[i] = flat[n + i] & 1;
        }
        return { variant, ids: undoGaps(flat, n), weights, titles };
      }));
    }
    return v.decoded.get(key);
  };

  /** Documents where two words stand next to each other ("khai sinh"). */
  const loadPair = (v, pair) => get(`search/p/${bucketOf(pair, v.buckets)}.json?v=${v.build}`, "json")
    .then((bucket) => (bucket[pair] ? undoGaps(bucket[pair], bucket[pair].length) : new Int32Array(0)));

  const loadDoc = (v, number) => get(`search/d/${Math.floor(number / v.per_file)}.json?v=${v.build}`, "json")
    .then((records) => records[number % v.per_file]);
  const loadText = (v, number) => get(`search/x/${number}.txt?v=${v.build}`, "text");

  /** Index keys a term stands for: itself, and completions of a word being typed. */
  const keysFor = (v, term) => {
    if (!term.prefix || term.key.length < MIN_PREFIX) return v.df.has(term.key) ? [term.key] : [];
    const found = v.keys.filter((key) => key.startsWith(term.key));
    found.sort((a, b) => (b === term.key) - (a === term.key) || v.df.get(b) - v.df.get(a) || (a < b ? -1 : 1));
    return found.slice(0, MAX_EXPANSIONS);
  };

  /** Adjacent query words as index pairs; the word being typed only once typing pauses. */
  const pairsOf = (v, terms, settled) => {
    const found = [];
    for (let i = 0; i + 1 < terms.length; i += 1) {
      const [a, b] = [terms[i], terms[i + 1]];
      if ((settled || !b.prefix) && v.df.has(a.key) && v.df.has(b.key)) found.push(`${a.key} ${b.key}`);
    }
    return found;
  };

  /* --- ranking ---------------------------------------------------------------------------- */

  /**
   * Documents ordered by: query words matched; words matched with the exact spelling typed
   * (only when the query has diacritics); words in the title plus adjacent query words found
   * next to each other; then the sum of BM25 weights. Documents with every word come first;
   * when there are none, those with the most words.
   */
  const rank = (v, query, shards, pairDocs) => {
    const n = v.docs;
    const matched = new Uint8Array(n);
    const exactCount = new Uint8Array(n);
    const closeness = new Uint8Array(n); // words in the title + phrases found
    const score = new Float64Array(n);
    const keyHit = new Uint8Array(n);
    const keyExact = new Uint8Array(n);
    const keyTitle = new Uint8Array(n);
    const keyScore = new Float64Array(n);
    const termHit = new Uint8Array(n);
    const termExact = new Uint8Array(n);
    const termTitle = new Uint8Array(n);
    const termScore = new Float64Array(n);
    const found = [];
    query.terms.forEach((term, t) => {
      const touched = [];
      for (const key of query.keys[t]) { // a word being typed: its best completion counts
        const factor = key === term.key ? 1 : PREFIX_FACTOR;
        const keyTouched = [];
        for (const { variant, ids, weights, titles } of shards.get(key)) {
          const exact = query.marked && spelledAsTyped(term, variant) ? 1 : 0;
          const scale = factor * (exact || !query.marked ? 1 : FOLDED_FACTOR);
          for (let i = 0; i < ids.length; i += 1) {
            const d = ids[i];
            if (!keyHit[d]) {
              keyHit[d] = 1;
              keyTouched.push(d);
            }
            keyScore[d] += weights[i] * scale;
            keyExact[d] |= exact;
            keyTitle[d] |= titles[i];
          }
        }
        for (const d of keyTouched) {
          if (!termHit[d]) {
            termHit[d] = 1;
            touched.push(d);
          }
          if (keyExact[d] > termExact[d] || (keyExact[d] === termExact[d] && keyScore[d] > termScore[d])) {
            termExact[d] = keyExact[d];
            termScore[d] = keyScore[d];
          }
          termTitle[d] |= keyTitle[d];
          keyHit[d] = 0;
          keyExact[d] = 0;
          keyTitle[d] = 0;
          keyScore[d] = 0;
        }
      }
      for (const d of touched) {
        if (!matched[d]) found.push(d);
        matched[d] += 1;
        exactCount[d] += termExact[d];
        closeness[d] += termTitle[d];
        score[d] += termScore[d];
        termHit[d] = 0;
        termExact[d] = 0;
        termTitle[d] = 0;
        termScore[d] = 0;
      }
    });
    for (const ids of pairDocs) for (const d of ids) closeness[d] += 1;
    found.sort((a, b) => matched[b] - matched[a] || exactCount[b] - exactCount[a]
      || closeness[b] - closeness[a] || score[b] - score[a] || a - b);
    if (!found.length) return { docs: [], partial: false };
    const most = matched[found[0]];
    return { docs: found.filter((d) => matched[d] === most), partial: most < query.terms.length };
  };

  /* --- rendering -------------------------------------------------------------------------- */

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };

  const folds = new Map(); // word -> fold(word), for excerpts and highlighting
  const foldWord = (word) => {
    let folded = folds.get(word);
    if (folded === undefined) {
      if (folds.size > 20000) folds.clear();
      folded = fold(word);
      folds.set(word, folded);
    }
    return folded;
  };

  /**
   * Which query term a word of a result stands for (-1: none). Words match by their fold;
   * with a query typed with diacritics, a term the result contains as typed marks only that
   * spelling (“cửa” is not marked in “của”).
   */
  const matcher = (query, texts) => {
    const asTyped = new Set();
    if (query.marked) {
      for (const text of texts) {
        for (const { word } of tokens(text)) {
          const folded = foldWord(word);
          query.terms.forEach((term, i) => {
            if (matchesTerm(folded, term) && spelledAsTyped(term, exactKey(word))) asTyped.add(i);
          });
        }
      }
    }
    return (word) => {
      const folded = foldWord(word);
      return query.terms.findIndex((term, i) => matchesTerm(folded, term)
        && (!asTyped.has(i) || spelledAsTyped(term, exactKey(word))));
    };
  };

  /** ``text`` with <mark> around each word that stands for a query term. */
  const highlight = (text, termOf) => {
    const out = document.createDocumentFragment();
    let last = 0;
    for (const token of tokens(text)) {
      if (termOf(token.word) >= 0) {
        out.append(text.slice(last, token.start), element("mark", "", token.word));
        last = token.end;
      }
    }
    out.append(text.slice(last));
    return out;
  };

  /** The part of ``text`` (about EXCERPT_CHARS long) with the most distinct query terms. */
  const excerpt = (text, termOf) => {
    const hits = [];
    for (const token of tokens(text)) {
      const term = termOf(token.word);
      if (term >= 0) hits.push({ start: token.start, term });
    }
    let from = 0;
    let bestCount = 0;
    for (const hit of hits) {
      const seen = new Set();
      for (const other of hits) {
        if (other.start >= hit.start && other.start < hit.start + EXCERPT_CHARS - 40) seen.add(other.term);
      }
      if (seen.size > bestCount) {
        bestCount = seen.size;
        from = hit.start;
      }
    }
    let start = Math.max(0, from - 40);
    if (start > 0) {
      const space = text.indexOf(" ", start);
      start = space >= 0 && space < from ? space + 1 : from;
    }
    let end = Math.min(text.length, start + EXCERPT_CHARS);
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end);
      if (space > start) end = space;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  };

  const displayDate = (iso) => {
    const [y, m, d] = iso.split("-");
    return `${d}/${m}/${y}`;
  };

  const excerptNode = (text, termOf) => {
    const node = element("p", "cchc-search-result__text");
    node.append(highlight(excerpt(text, termOf), termOf));
    return node;
  };

  /** One result in Material's markup; ``text`` (for the excerpt) may come later. */
  const resultItem = (doc, text, query) => {
    const termOf = matcher(query, text === null ? [doc.t] : [doc.t, text]);
    const item = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = new URL(doc.u, base).href;
    const article = element("article", "md-search-result__article md-typeset");
    const title = element("div", "cchc-search-result__title");
    title.append(highlight(doc.t, termOf));
    const kind = element("p", "cchc-search-result__kind", KINDS[doc.k] || KINDS.page);
    if (doc.d) kind.append(" · ", element("time", "", displayDate(doc.d)));
    article.append(element("div", "md-search-result__icon md-icon"), title, kind);
    if (text !== null) article.append(excerptNode(text, termOf));
    link.append(article);
    item.append(link);
    return item;
  };

  /* --- the search box ---------------------------------------------------------------------- */

  const form = document.getElementById("cchc-search-form");
  const input = document.getElementById("cchc-search-input");
  const status = document.getElementById("cchc-search-status");
  const list = document.getElementById("cchc-search-list");
  const more = box.querySelector(".cchc-search__more");
  const opener = document.querySelector(".cchc-search-open");
  const back = box.querySelector(".cchc-search__back");

  let serial = 0; // the newest query; an older one stops at its next step
  let timer = 0;
  let settleTimer = 0;
  let current = null; // the results on screen: {raw, v, query, shards, pairs, docs, shown, chain}

  const say = (message) => {
    if (status.textContent !== message) status.textContent = message;
  };

  const countText = (n) => n.toLocaleString("vi-VN");

  const clear = (message) => {
    serial += 1;
    current = null;
    clearTimeout(settleTimer);
    list.replaceChildren();
    delete list.dataset.query;
    delete list.dataset.settled;
    more.hidden = true;
    say(message);
  };

  const updateMore = (state) => {
    const rest = state.docs.length - state.shown;
    more.hidden = rest <= 0 || !list.dataset.settled;
    more.textContent = `Xem thêm ${countText(Math.min(PAGE, rest))} kết quả (còn ${countText(rest)})`;
  };

  /** Run ``task`` after the list's earlier updates, and only while ``ticket`` is current. */
  const queue = (state, ticket, task) => {
    const job = state.chain.then(() => (ticket === serial ? task() : false));
    state.chain = job.catch(() => false);
    return job;
  };

  /** Append the next ``count`` results, with excerpts when ``withText``. */
  const append = (state, ticket, count, withText) => queue(state, ticket, async () => {
    const next = state.docs.slice(state.shown, state.shown + count);
    const [docs, texts] = await Promise.all([
      Promise.all(next.map((n) => loadDoc(state.v, n))),
      withText ? Promise.all(next.map((n) => loadText(state.v, n))) : null,
    ]);
    if (ticket !== serial) return false;
    docs.forEach((doc, i) => {
      const item = resultItem(doc, texts ? texts[i] : null, state.query);
      item.dataset.doc = next[i];
      list.append(item);
    });
    state.shown += next.length;
    updateMore(state);
    return true;
  });

  /** Typing paused: add the last phrase, re-rank, show a full page with excerpts. */
  const settle = (state, ticket) => queue(state, ticket, async () => {
    const { v, query } = state;
    const pairs = pairsOf(v, query.terms, true);
    const extra = pairs.filter((pair) => !state.pairs.includes(pair));
    const focusInList = list.contains(document.activeElement);
    if (extra.length && !focusInList) { // never reorder under the keyboard focus
      const extraDocs = await Promise.all(extra.map((pair) => loadPair(v, pair)));
      if (ticket !== serial) return false;
      state.pairs = [...state.pairs, ...extra];
      state.pairDocs = [...state.pairDocs, ...extraDocs];
      state.docs = rank(v, query, state.shards, state.pairDocs).docs;
    }
    const shown = focusInList ? state.docs.slice(0, state.shown) : state.docs.slice(0, PAGE);
    const [texts, docs] = await Promise.all([
      Promise.all(shown.map((n) => loadText(v, n))),
      Promise.all(shown.map((n) => loadDoc(v, n))),
    ]);
    if (ticket !== serial) return false;
    if (focusInList) { // add the excerpts in place
      [...list.children].forEach((item, i) => {
        const title = item.querySelector(".cchc-search-result__title").textContent;
        item.querySelector("article").append(excerptNode(texts[i], matcher(query, [title, texts[i]])));
      });
    } else {
      list.replaceChildren(...docs.map((doc, i) => {
        const item = resultItem(doc, texts[i], query);
        item.dataset.doc = shown[i];
        return item;
      }));
      state.shown = shown.length;
    }
    list.dataset.settled = state.raw;
    updateMore(state);
    if (focusInList && state.shown < PAGE) return append(state, ticket, PAGE - state.shown, true);
    return true;
  });

  const run = async (raw) => {
    const ticket = ++serial;
    clearTimeout(settleTimer);
    const parsed = parse(raw);
    if (!parsed.terms.length) return clear(TEXT.idle);
    const slow = setTimeout(() => ticket === serial && say(TEXT.loading), 400);
    try {
      const v = await loadVocabulary();
      // An unfinished short word that is not a whole word yet is left out for now.
      const terms = parsed.terms.filter((t) => !(t.prefix && t.key.length < MIN_PREFIX && !v.df.has(t.key)));
      if (!terms.length) return ticket === serial ? clear(TEXT.short) : undefined;
      const query = { terms, marked: parsed.marked, keys: terms.map((term) => keysFor(v, term)) };
      const needed = [...new Set(query.keys.flat())];
      const pairs = pairsOf(v, terms, false);
      const [loaded, pairDocs] = await Promise.all([
        Promise.all(needed.map((key) => loadShard(v, key))),
        Promise.all(pairs.map((pair) => loadPair(v, pair))),
      ]);
      if (ticket !== serial) return undefined;
      const shards = new Map(needed.map((key, i) => [key, loaded[i]]));
      const found = rank(v, query, shards, pairDocs);
      const state = {
        raw, v, query, shards, pairs, pairDocs, docs: found.docs, shown: 0, chain: Promise.resolve(true),
      };
      const docs = await Promise.all(found.docs.slice(0, FIRST).map((n) => loadDoc(v, n)));
      if (ticket !== serial) return undefined;
      current = state;
      list.replaceChildren(...docs.map((doc, i) => {
        const item = resultItem(doc, null, query);
        item.dataset.doc = found.docs[i];
        return item;
      }));
      state.shown = docs.length;
      delete list.dataset.settled;
      list.dataset.query = raw; // which query the list shows (tests wait for these)
      updateMore(state);
      const n = countText(found.docs.length);
      if (!found.docs.length) say(TEXT.none);
      else if (found.partial) say(`Không có trang nào chứa đủ các từ đã gõ; ${n} trang chứa một phần`);
      else say(`Tìm thấy ${n} kết quả`);
      settleTimer = setTimeout(() => settle(state, ticket).catch(() => undefined), SETTLE_MS);
    } catch (error) {
      if (ticket === serial) clear(TEXT.error);
    } finally {
      clearTimeout(slow);
    }
    return undefined;
  };

  const schedule = () => {
    serial += 1; // whatever the older text was still loading is no longer wanted
    clearTimeout(settleTimer);
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), DEBOUNCE_MS);
  };

  /* --- opening, closing, keyboard ----------------------------------------------------------- */

  const isOpen = () => toggle.checked;
  const setOpen = (value) => {
    if (toggle.checked !== value) toggle.click(); // a click, so Material's listeners see it
  };
  const sync = () => {
    if (opener) opener.setAttribute("aria-expanded", String(isOpen()));
  };
  const visible = (node) => node && node.offsetParent !== null;

  const openAndFocus = () => {
    setOpen(true);
    input.focus();
    input.select();
  };

  const close = () => {
    setOpen(false);
    if (document.activeElement && box.contains(document.activeElement)) document.activeElement.blur();
    if (visible(opener)) opener.focus();
  };

  toggle.addEventListener("change", sync);
  input.addEventListener("focus", () => {
    setOpen(true);
    loadVocabulary().catch(() => undefined);
  });
  input.addEventListener("input", schedule);
  if (opener) opener.addEventListener("click", openAndFocus);
  if (back) back.addEventListener("click", close);

  more.addEventListener("click", async () => {
    if (!current) return;
    const before = list.children.length;
    if (await append(current, serial, PAGE, true)) {
      const link = list.children[before] && list.children[before].querySelector("a");
      if (link) link.focus(); // keyboard users continue where the new results start
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });
  form.addEventListener("reset", () => {
    setTimeout(() => {
      clear(TEXT.idle);
      input.focus();
    });
  });

  list.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) setOpen(false);
  });

  // Tabbing out of the search panel closes it (clicks elsewhere go through the overlay).
  box.addEventListener("focusout", (event) => {
    const to = event.relatedTarget;
    if (to instanceof Node && !box.contains(to) && to !== opener) setOpen(false);
  });

  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const stops = [input, ...list.querySelectorAll("a")];
      if (!more.hidden) stops.push(more);
      const at = stops.indexOf(document.activeElement);
      const step = event.key === "ArrowDown" ? 1 : -1;
      stops[(Math.max(at, 0) + step + stops.length) % stops.length].focus();
      event.preventDefault();
    }
  });

  const editable = (node) =>
    node instanceof HTMLElement && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));

  window.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.isComposing) return;
    const key = event.key;
    const ctrlK = (event.ctrlKey || event.metaKey) && !event.altKey && (key === "k" || key === "K");
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey && (key === "/" || key === "s");
    if (ctrlK || (plain && !editable(document.activeElement))) {
      event.preventDefault();
      openAndFocus();
    }
  });

  // ?q=… opens the search with that query (a link can point to a search).
  const asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    openAndFocus();
    run(asked);
  }
  sync();
})();
