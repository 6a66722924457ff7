/* Search the whole guide from any page, also from file://. The index (assets/search-index.js,
   made at build time) loads the first time the dialog opens. Index text is data: it is only
   ever put into the page as text nodes, never parsed as HTML. No dependencies. */
(function () {
  "use strict";
  var button = document.querySelector(".search-button");
  var dialog = document.getElementById("search-dialog");
  if (!button || !dialog || typeof dialog.showModal !== "function") { return; }
  var input = dialog.querySelector(".search-input");
  var list = dialog.querySelector(".search-results");
  var status = dialog.querySelector(".search-status");
  var form = dialog.querySelector(".search-form");
  var closeButton = dialog.querySelector(".search-close");
  var self = document.currentScript || document.querySelector('script[src$="search.js"]');
  var indexUrl = self.getAttribute("src").replace(/search\.js(\?.*)?$/, "search-index.js");
  var MAX_RESULTS = 30;
  var SNIPPET = 180;
  var WORD_CHAR = /[\p{L}\p{N}]/u;
  var index = null;
  var loading = null;
  var opener = null;
  var leaving = false;

  function label(name, values) {
    var text = dialog.getAttribute("data-" + name) || "";
    Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
    return text;
  }

  function loadIndex() {
    if (index) { return Promise.resolve(index); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = indexUrl;
        script.onload = function () { window.MLCAREER_SEARCH ? resolve(window.MLCAREER_SEARCH) : reject(new Error("empty search index")); };
        script.onerror = function () { reject(new Error("search index failed to load")); };
        document.head.appendChild(script);
      }).then(function (raw) {
        index = prepare(raw);
        return index;
      }, function (error) {
        loading = null;
        throw error;
      });
    }
    return loading;
  }

  function prepare(raw) {
    return raw.entries.map(function (entry, order) {
      var page = raw.pages[entry.p];
      return {
        order: order,
        title: entry.t,
        text: entry.b || "",
        keywords: entry.k || "",
        page: page.t,
        url: page.u + (entry.a ? "#" + entry.a : ""),
        titleLower: entry.t.toLowerCase(),
        textLower: (entry.b || "").toLowerCase(),
        keywordsLower: (entry.k || "").toLowerCase(),
        pageLower: page.t.toLowerCase()
      };
    });
  }

  /* Query words, lower case, each at least one letter or digit; duplicates dropped. */
  function termsOf(query) {
    var seen = {};
    return query.toLowerCase().split(/\s+/).filter(function (term) {
      if (!term || seen[term] || !WORD_CHAR.test(term)) { return false; }
      seen[term] = true;
      return true;
    });
  }

  /* Where ``term`` starts a word of ``text`` (so "design" matches "designs", not "redesign"). */
  function wordStart(text, term, from) {
    var at = text.indexOf(term, from || 0);
    while (at !== -1) {
      if (at === 0 || !WORD_CHAR.test(text.charAt(at - 1))) { return at; }
      at = text.indexOf(term, at + 1);
    }
    return -1;
  }

  /* Rank: a word in a title counts most, then in keywords, then in the page's name, then in
     the text; every word must match somewhere; the whole phrase in the title adds a bonus. */
  function score(entry, terms, phrase) {
    var total = 0;
    for (var i = 0; i < terms.length; i += 1) {
      var term = terms[i];
      if (wordStart(entry.titleLower, term) !== -1) { total += 10; }
      else if (wordStart(entry.keywordsLower, term) !== -1) { total += 6; }
      else if (wordStart(entry.textLower, term) !== -1) { total += 1; }
      else if (wordStart(entry.pageLower, term) !== -1) { total += 0.5; }
      else { return 0; }
    }
    if (terms.length > 1) {
      if (wordStart(entry.titleLower, phrase) !== -1) { total += 15; }
      else if (wordStart(entry.textLower, phrase) !== -1) { total += 3; }
    }
    if (entry.titleLower === phrase) { total += 5; }
    return total;
  }

  function search(query) {
    var terms = termsOf(query);
    if (!terms.length) { return { terms: terms, results: [] }; }
    var phrase = terms.join(" ");
    var results = [];
    index.forEach(function (entry) {
      var value = score(entry, terms, phrase);
      if (value > 0) { results.push({ entry: entry, score: value }); }
    });
    results.sort(function (a, b) { return b.score - a.score || a.entry.order - b.entry.order; });
    return { terms: terms, results: results };
  }

  /* Ranges of ``text`` covered by words that start with a query term, merged. */
  function matchRanges(text, terms) {
    var lower = text.toLowerCase();
    var ranges = [];
    terms.forEach(function (term) {
      var at = wordStart(lower, term);
      while (at !== -1) {
        var end = at + term.length;
        while (end < text.length && WORD_CHAR.test(text.charAt(end))) { end += 1; }
        ranges.push([at, end]);
        at = wordStart(lower, term, end);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (range) {
      var last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) { last[1] = Math.max(last[1], range[1]); }
      else { merged.push(range.slice()); }
    });
    return merged;
  }

  /* Append ``text`` to ``parent`` as text nodes, with matching words inside <mark>. */
  function appendMarked(parent, text, terms) {
    var position = 0;
    matchRanges(text, terms).forEach(function (range) {
      if (range[0] > position) { parent.appendChild(document.createTextNode(text.slice(position, range[0]))); }
      var mark = document.createElement("mark");
      mark.textContent = text.slice(range[0], range[1]);
      parent.appendChild(mark);
      position = range[1];
    });
    if (position < text.length) { parent.appendChild(document.createTextNode(text.slice(position))); }
  }

  /* A window of the text around its first match, cut at word boundaries. */
  function snippet(entry, terms) {
    var text = entry.text;
    if (text.length <= SNIPPET) { return text; }
    var first = -1;
    terms.forEach(function (term) {
      var at = wordStart(entry.textLower, term);
      if (at !== -1 && (first === -1 || at < first)) { first = at; }
    });
    var start = first > SNIPPET / 3 ? text.lastIndexOf(" ", first - SNIPPET / 4) + 1 : 0;
    var end = text.indexOf(" ", start + SNIPPET);
    var part = text.slice(start, end === -1 ? text.length : end);
    return (start > 0 ? "\u2026 " : "") + part + (end === -1 ? "" : " \u2026");
  }

  function element(tag, className) {
    var node = document.createElement(tag);
    node.className = className;
    return node;
  }

  function render() {
    var query = input.value.trim();
    list.textContent = "";
    if (!index) { return; }
    var found = search(query);
    if (!found.terms.length) {
      status.textContent = label("hint");
      return;
    }
    var results = found.results;
    if (!results.length) {
      status.textContent = label("no-results", { query: query });
      return;
    }
    status.textContent = label(results.length === 1 ? "count-one" : "count", { count: String(results.length) });
    results.slice(0, MAX_RESULTS).forEach(function (result) {
      var entry = result.entry;
      var item = document.createElement("li");
      var link = element("a", "search-result");
      link.href = entry.url;
      var title = element("span", "search-result-title");
      appendMarked(title, entry.title, found.terms);
      var page = element("span", "search-result-page");
      page.textContent = entry.page;
      link.appendChild(title);
      link.appendChild(page);
      var useKeywords = entry.keywords && matchRanges(entry.keywords, found.terms).length;
      var body = useKeywords ? entry.keywords : snippet(entry, found.terms);
      if (body && body !== entry.title) {
        var text = element("span", "search-result-text");
        appendMarked(text, body, found.terms);
        link.appendChild(text);
      }
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  function results() { return Array.prototype.slice.call(list.querySelectorAll(".search-result")); }

  function open() {
    if (dialog.open) { input.focus(); return; }
    opener = document.activeElement;
    leaving = false;
    dialog.showModal();
    input.focus();
    input.select();
    if (!index) { status.textContent = label("loading"); }
    loadIndex().then(render, function () { status.textContent = label("error"); });
  }

  button.hidden = false;
  button.addEventListener("click", open);
  closeButton.addEventListener("click", function () { dialog.close(); });
  input.addEventListener("input", render);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = results()[0];
    if (first) { first.click(); }
  });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) { dialog.close(); }
    else if (event.target.closest && event.target.closest(".search-result")) { leaving = true; dialog.close(); }
  });
  dialog.addEventListener("close", function () {
    if (!leaving && opener && typeof opener.focus === "function") { opener.focus(); }
  });
  dialog.addEventListener("keydown", function (event) {
    var links = results();
    var at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      /* A search field would clear itself on the first Escape; close at once instead. */
      event.preventDefault();
      dialog.close();
    } else if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at !== -1) {
      event.preventDefault();
      (at === 0 ? input : links[at - 1]).focus();
    } else if (at !== -1 && event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      input.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || dialog.open) { return; }
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) { return; }
    event.preventDefault();
    open();
  });
})();
