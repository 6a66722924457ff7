/* Search the whole guide from any page, also from file://. The index (assets/search-index.js,
   made at build time) loads the first time the dialog opens. Index text is data: it is only
   ever put into the page as text nodes, never parsed as HTML. A query word matches the words
   it starts and, from five letters on, whole words one typo away (ranked after the words as
   typed). No dependencies. */
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
  var NOT_WORD = /[^\p{L}\p{N}]+/u;
  var LETTERS = /^\p{L}+$/u;
  /* From this length on a query word may have one typo. One edit turns a shorter word into
     unrelated ones ("math" into "path", "team" into "term"); numbers never get typos. */
  var TYPO_MIN = 5;
  /* Where a query word matches, best first, with what each counts towards the rank. */
  var FIELDS = [["titleLower", 10], ["keywordsLower", 6], ["textLower", 1], ["pageLower", 0.5]];
  /* Entries whose words are read per task while idle (a few milliseconds on a phone). */
  var WORDS_PER_TASK = 200;
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
        gatherWhileIdle();
        return index;
      }, function (error) {
        loading = null;
        throw error;
      });
    }
    return loading;
  }

  /* The index keeps its entries in reading order (page sections, then data records), and
     equal matches keep that order: a page's own text before the records it lists. */
  function prepare(raw) {
    var entries = raw.entries.map(function (entry, order) {
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
    var words = { seen: new Set(), byLength: [], next: 0 };
    var prepared = { entries: entries, words: words, typos: new Map() };
    raw.pages.forEach(function (page) { addWords(words, page.t.toLowerCase()); });
    return prepared;
  }

  /* The index's distinct words of letters, grouped by length: a typo'd word is only ever
     compared with those one letter shorter to one letter longer, so a few thousand sections
     stay quick to search on a phone. */
  function addWords(words, text) {
    text.split(NOT_WORD).forEach(function (word) {
      if (word.length < TYPO_MIN - 1 || words.seen.has(word) || !LETTERS.test(word)) { return; }
      words.seen.add(word);
      (words.byLength[word.length] = words.byLength[word.length] || []).push(word);
    });
  }

  /* Read the words of up to ``count`` more entries; true once every entry is read. */
  function gatherWords(count) {
    var words = index.words;
    var end = Math.min(index.entries.length, words.next + count);
    for (; words.next < end; words.next += 1) {
      var entry = index.entries[words.next];
      addWords(words, entry.titleLower);
      addWords(words, entry.keywordsLower);
      addWords(words, entry.textLower);
    }
    return words.next === index.entries.length;
  }

  /* Gather the words a little at a time while the reader types the first letters, so no
     key press waits for the whole index to be read. */
  function gatherWhileIdle() {
    if (!gatherWords(WORDS_PER_TASK)) { setTimeout(gatherWhileIdle, 0); }
  }

  function vocabulary() {
    gatherWords(Infinity);
    return index.words.byLength;
  }

  /* Whether ``a`` from ``i`` on equals ``b`` from ``j`` on (no substrings made). */
  function sameRest(a, i, b, j) {
    if (a.length - i !== b.length - j) { return false; }
    for (; i < a.length; i += 1, j += 1) {
      if (a.charCodeAt(i) !== b.charCodeAt(j)) { return false; }
    }
    return true;
  }

  /* Whether two different words are one typo apart: a letter missing, extra or changed, or
     two neighbours swapped (Damerau-Levenshtein distance 1), checked in one pass. */
  function oneTypoApart(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) { i += 1; }
    if (a.length > b.length) { return sameRest(a, i + 1, b, i); }
    if (a.length < b.length) { return sameRest(a, i, b, i + 1); }
    if (sameRest(a, i + 1, b, i + 1)) { return true; }
    return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && sameRest(a, i + 2, b, i + 2);
  }

  /* The index's words one typo away from ``term`` that it does not match anyway (as the
     start of a word); remembered, as each key press searches again. */
  function typoWords(term) {
    if (term.length < TYPO_MIN || !LETTERS.test(term)) { return []; }
    if (index.typos.has(term)) { return index.typos.get(term); }
    var byLength = vocabulary();
    var found = [];
    for (var length = term.length - 1; length <= term.length + 1; length += 1) {
      (byLength[length] || []).forEach(function (word) {
        if (word.lastIndexOf(term, 0) !== 0 && oneTypoApart(term, word)) { found.push(word); }
      });
    }
    index.typos.set(term, found);
    return found;
  }

  /* Query words, lower case, each at least one letter or digit; duplicates dropped. Each
     word matches the words it starts, and whole words one typo away. */
  function termsOf(query) {
    var seen = new Set();
    return query.toLowerCase().split(/\s+/).filter(function (term) {
      if (!term || seen.has(term) || !WORD_CHAR.test(term)) { return false; }
      seen.add(term);
      return true;
    }).map(function (term) { return { term: term, typos: typoWords(term) }; });
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

  /* Where ``word`` stands whole in ``text`` (so a typo'd "salries" finds "salaries" only). */
  function wholeWord(text, word, from) {
    var at = wordStart(text, word, from);
    while (at !== -1) {
      if (at + word.length === text.length || !WORD_CHAR.test(text.charAt(at + word.length))) { return at; }
      at = wordStart(text, word, at + 1);
    }
    return -1;
  }

  /* Where ``text`` first holds one of a query word's typo'd words, or -1. */
  function typoAt(text, words) {
    var first = -1;
    for (var i = 0; i < words.length; i += 1) {
      var at = wholeWord(text, words[i]);
      if (at !== -1 && (first === -1 || at < first)) { first = at; }
    }
    return first;
  }

  /* What the best field a query word matches in counts, or 0 if none matches. */
  function fieldWeight(entry, matches) {
    for (var i = 0; i < FIELDS.length; i += 1) {
      if (matches(entry[FIELDS[i][0]]) !== -1) { return FIELDS[i][1]; }
    }
    return 0;
  }

  /* How an entry matches: every word must match somewhere, as typed or else with one typo.
     A word in a title counts most, then in keywords, then in the text, then in the page's
     name; the whole phrase in the title or text adds a bonus. ``terms`` says what to mark:
     a word's typo'd words only where the word did not match as typed. */
  function score(entry, terms, asTyped, phrase) {
    var total = 0;
    var typos = 0;
    var marked = asTyped;
    for (var i = 0; i < terms.length; i += 1) {
      var term = terms[i];
      var weight = fieldWeight(entry, function (text) { return wordStart(text, term.term); });
      if (!weight && term.typos.length) {
        weight = fieldWeight(entry, function (text) { return typoAt(text, term.typos); });
        typos += 1;
        marked = marked === asTyped ? asTyped.slice() : marked;
        marked[i] = term;
      }
      if (!weight) { return null; }
      total += weight;
    }
    if (terms.length > 1) {
      if (wordStart(entry.titleLower, phrase) !== -1) { total += 15; }
      else if (wordStart(entry.textLower, phrase) !== -1) { total += 3; }
    }
    return { entry: entry, terms: marked, typos: typos, score: total };
  }

  /* The rank: fewer typos first (a word as typed always beats a typo), then the score, then
     the index's reading order (a page's sections before the data records they show). */
  function byRank(a, b) {
    return a.typos - b.typos || b.score - a.score || a.entry.order - b.entry.order;
  }

  function search(query) {
    var terms = termsOf(query);
    if (!terms.length) { return { terms: terms, results: [] }; }
    var asTyped = terms.map(function (term) { return { term: term.term, typos: [] }; });
    var phrase = terms.map(function (term) { return term.term; }).join(" ");
    var results = [];
    index.entries.forEach(function (entry) {
      var found = score(entry, terms, asTyped, phrase);
      if (found) { results.push(found); }
    });
    results.sort(byRank);
    return { terms: terms, results: results };
  }

  /* Ranges of ``text`` covered by words that start with a query term or are one of its
     typo'd words, merged. */
  function matchRanges(text, terms) {
    var lower = text.toLowerCase();
    var ranges = [];
    terms.forEach(function (term) {
      var at = wordStart(lower, term.term);
      while (at !== -1) {
        var end = at + term.term.length;
        while (end < text.length && WORD_CHAR.test(text.charAt(end))) { end += 1; }
        ranges.push([at, end]);
        at = wordStart(lower, term.term, end);
      }
      term.typos.forEach(function (word) {
        var spot = wholeWord(lower, word);
        while (spot !== -1) {
          ranges.push([spot, spot + word.length]);
          spot = wholeWord(lower, word, spot + word.length);
        }
      });
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

  /* Where the text first matches a query word as typed, or else with a typo. */
  function firstMatch(textLower, terms) {
    var first = -1;
    terms.forEach(function (term) {
      var at = wordStart(textLower, term.term);
      if (at !== -1 && (first === -1 || at < first)) { first = at; }
    });
    if (first !== -1) { return first; }
    terms.forEach(function (term) {
      var at = typoAt(textLower, term.typos);
      if (at !== -1 && (first === -1 || at < first)) { first = at; }
    });
    return first;
  }

  /* A window of the text around its first match, cut at word boundaries. */
  function snippet(entry, terms) {
    var text = entry.text;
    if (text.length <= SNIPPET) { return text; }
    var first = firstMatch(entry.textLower, terms);
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
      appendMarked(title, entry.title, result.terms);
      var page = element("span", "search-result-page");
      page.textContent = entry.page;
      link.appendChild(title);
      link.appendChild(page);
      var useKeywords = entry.keywords && matchRanges(entry.keywords, result.terms).length;
      var body = useKeywords ? entry.keywords : snippet(entry, result.terms);
      if (body && body !== entry.title) {
        var text = element("span", "search-result-text");
        appendMarked(text, body, result.terms);
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
