/* Reader progress on the roadmap and learning plan, and the skills self-assessment.
   Everything stays in this browser's localStorage under ids from the guide's data (no account,
   no server). Export writes a JSON file; import validates it fully before changing anything. */
(function () {
  "use strict";
  var configEl = document.getElementById("progress-config");
  if (!configEl) { return; }
  var config = JSON.parse(configEl.textContent);
  var labels = config.labels;
  var KEY = "mlcareer-progress";
  var FORMAT = "mlcareer-progress";
  var STATES = ["not_started", "in_progress", "done"];
  var ARIA = { not_started: "false", in_progress: "mixed", done: "true" };
  var known = {};
  config.items.forEach(function (item) { known[item.id] = item; });
  var knownSkills = {};
  config.skills.forEach(function (id) { knownSkills[id] = true; });
  var ratings = ["none"].concat(config.levels);

  function emptyState() { return { format: FORMAT, version: 1, items: {}, skills: {}, last: null }; }

  /* Keep only what the current guide knows: deleted items and skills drop out quietly. */
  function clean(raw) {
    var state = emptyState();
    Object.keys(raw.items || {}).forEach(function (id) {
      if (known[id] && STATES.indexOf(raw.items[id]) > 0) { state.items[id] = raw.items[id]; }
    });
    Object.keys(raw.skills || {}).forEach(function (id) {
      if (knownSkills[id] && ratings.indexOf(raw.skills[id]) > 0) { state.skills[id] = raw.skills[id]; }
    });
    state.last = known[raw.last] ? raw.last : null;
    return state;
  }

  function load() {
    try {
      var raw = JSON.parse(localStorage.getItem(KEY) || "null");
      return raw && typeof raw === "object" ? clean(raw) : emptyState();
    } catch (e) { return emptyState(); }
  }

  var state = load();
  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  /* Validate an imported file completely; return an error message or null. */
  function problemWith(raw) {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) { return "not a JSON object"; }
    if (raw.format !== FORMAT || raw.version !== 1) { return "format/version"; }
    if (typeof raw.items !== "object" || raw.items === null || Array.isArray(raw.items)) { return "items"; }
    if (typeof raw.skills !== "object" || raw.skills === null || Array.isArray(raw.skills)) { return "skills"; }
    var bad = Object.keys(raw.items).filter(function (id) { return STATES.indexOf(raw.items[id]) < 0; });
    if (bad.length) { return "items." + bad[0]; }
    bad = Object.keys(raw.skills).filter(function (id) { return ratings.indexOf(raw.skills[id]) < 0; });
    if (bad.length) { return "skills." + bad[0]; }
    if (raw.last !== null && typeof raw.last !== "string") { return "last"; }
    return null;
  }

  var status = document.querySelector("[data-progress-status]");
  function say(text) { if (status) { status.textContent = text; } }

  function stateOf(id) { return state.items[id] || "not_started"; }

  function paintToggles() {
    document.querySelectorAll("[data-progress-id]").forEach(function (button) {
      var id = button.getAttribute("data-progress-id");
      if (!known[id]) { return; }
      var current = stateOf(id);
      button.setAttribute("aria-checked", ARIA[current]);
      button.title = labels[current];
      button.dataset.state = current;
    });
    var totals = { all: [0, 0] };
    config.items.forEach(function (item) {
      totals[item.part] = totals[item.part] || [0, 0];
      [item.part, "all"].forEach(function (part) {
        totals[part][1] += 1;
        if (stateOf(item.id) === "done") { totals[part][0] += 1; }
      });
    });
    document.querySelectorAll("[data-progress-part]").forEach(function (bar) {
      var total = totals[bar.getAttribute("data-progress-part")] || [0, 0];
      bar.max = total[1] || 1;
      bar.value = total[0];
    });
    document.querySelectorAll("[data-progress-count]").forEach(function (count) {
      var total = totals[count.getAttribute("data-progress-count")] || [0, 0];
      count.textContent = total[0] + " / " + total[1] + " " + labels.done_count;
    });
    var next = document.querySelector("[data-progress-continue]");
    if (next && state.last && known[state.last]) {
      var link = next.querySelector("a");
      link.href = known[state.last].href;
      link.querySelector("[data-progress-continue-name]").textContent = known[state.last].name;
      next.hidden = false;
    } else if (next) {
      next.hidden = true;
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-progress-id]");
    if (!button) { return; }
    var id = button.getAttribute("data-progress-id");
    if (!known[id]) { return; }
    var next = STATES[(STATES.indexOf(stateOf(id)) + 1) % STATES.length];
    if (next === "not_started") { delete state.items[id]; } else { state.items[id] = next; }
    state.last = id;
    save();
    paintToggles();
    say(known[id].name + ": " + labels[next]);
  });

  var tools = document.querySelector("[data-progress-tools]");
  if (tools) {
    tools.querySelector("[data-progress-export]").addEventListener("click", function () {
      var blob = new Blob([JSON.stringify(state, null, 2)], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "mlcareer-progress.json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    });
    tools.querySelector("[data-progress-import]").addEventListener("change", function (event) {
      var file = event.target.files[0];
      event.target.value = "";
      if (!file) { return; }
      if (file.size > 200000) { say(labels.import_error + " size"); return; }
      var reader = new FileReader();
      reader.onload = function () {
        var raw;
        try { raw = JSON.parse(reader.result); } catch (e) { say(labels.import_error + " JSON"); return; }
        var problem = problemWith(raw);
        if (problem) { say(labels.import_error + " " + problem); return; }
        state = clean(raw);
        save();
        paintToggles();
        paintAssessment();
        say(labels.imported);
      };
      reader.readAsText(file);
    });
    tools.querySelector("[data-progress-reset]").addEventListener("click", function () {
      if (!window.confirm(labels.reset_confirm)) { return; }
      state = emptyState();
      save();
      paintToggles();
      paintAssessment();
      say(labels.reset_done);
    });
  }

  /* Skills self-assessment: ratings, the comparison chart and the gaps. */
  var assessment = document.querySelector("[data-assessment]");
  var assessConfig = assessment && JSON.parse(document.getElementById("assessment-config").textContent);

  function rank(level) { return ratings.indexOf(level); }

  /* Plotly renders a little HTML in labels; data words must stay words. */
  function inert(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* Each category is a row of two bars (expected, yours) with its name written above them,
     as in the guide's other charts: a column of names beside the bars would squeeze them to
     nothing on a phone. The height is the one the page reserved, so nothing moves. */
  function assessmentFigure() {
    var c = assessConfig;
    var mine = c.rows.map(function (id) { return rank(state.skills[id] || "none"); });
    var expected = c.expected.map(rank);
    var categories = c.categories.map(inert);
    var thick = 12, gap = 2;  // pixels: each bar, and between the two bars of a row
    var unit = function (pixels) { return pixels / c.row_height; };  // in rows
    var labelsOf = function (values) {
      return values.map(function (v) { return inert(v > 0 ? c.level_labels[v - 1] : c.none); });
    };
    /* The expected level sits right under the category's name, your rating under it. */
    var bar = function (name, values, colour, offset) {
      return { type: "bar", orientation: "h", name: inert(name), y: categories, x: values,
               width: unit(thick), offset: unit(offset), text: labelsOf(values),
               textposition: "none", marker: { color: colour },
               hovertemplate: "%{y}: %{text}<extra>%{fullData.name}</extra>" };
    };
    var label = function (category) {
      return { xref: "paper", x: 0, xanchor: "left", yref: "y", y: category, yanchor: "bottom",
               yshift: thick + gap / 2 + 2, text: category, showarrow: false, align: "left",
               font: { size: 12 } };
    };
    return {
      data: [bar(c.expected_name, expected, "#94a3b8", gap / 2),
             bar(c.you, mine, "#4f46e5", -gap / 2 - thick)],
      layout: {
        height: c.height, barmode: "overlay", hovermode: "closest",
        margin: { l: 8, r: 16, t: 64, b: 8 }, font: { size: 13 },
        legend: { orientation: "h", yanchor: "bottom", y: 1, x: 0 },
        /* Ticks name the levels only: the axis starts at none, and a tick there would take
           the width "Intermediate" needs beside "Advanced" on a phone. */
        xaxis: { tickvals: c.levels.map(function (_, i) { return i + 1; }),
                 ticktext: c.level_labels.map(inert), tickangle: 0,
                 range: [0, c.levels.length + 0.1], automargin: true, ticklabeloverflow: "allow",
                 showgrid: true, zeroline: false, fixedrange: true },
        yaxis: { categoryorder: "array", categoryarray: categories.slice().reverse(),
                 showticklabels: false, showgrid: false, fixedrange: true },
        annotations: categories.map(label)
      },
      narrow: { xaxis: { tickfont: { size: 11 } } }
    };
  }

  function paintAssessment() {
    if (!assessment) { return; }
    var c = assessConfig;
    assessment.querySelectorAll("[data-rate]").forEach(function (select) {
      select.value = state.skills[select.getAttribute("data-rate")] || "none";
    });
    var gaps = assessment.querySelector("[data-assessment-gaps]");
    gaps.textContent = "";
    var rated = c.rows.some(function (id) { return (state.skills[id] || "none") !== "none"; });
    if (!rated) {  // before the first rating, every category would be a "gap"
      var hint = document.createElement("li");
      hint.textContent = c.not_rated;
      gaps.appendChild(hint);
    }
    c.rows.forEach(function (id, i) {
      if (!rated) { return; }
      if (rank(state.skills[id] || "none") >= rank(c.expected[i])) { return; }
      var li = document.createElement("li");
      li.appendChild(document.createTextNode(c.categories[i] + " → " + c.level_labels[rank(c.expected[i]) - 1]));
      var part = c.parts[i];
      li.appendChild(document.createTextNode(" · " + c.learn + " "));
      var link = document.createElement("a");
      link.href = part ? "roadmap.html#part-" + part : "education.html";
      link.textContent = part ? c.part_titles[c.part_ids.indexOf(part)] : c.resources;
      li.appendChild(link);
      gaps.appendChild(li);
    });
    if (!gaps.children.length) {
      var done = document.createElement("li");
      done.textContent = c.no_gaps;
      gaps.appendChild(done);
    }
    var plot = assessment.querySelector("[data-assessment-chart]");
    var figure = assessmentFigure();
    var holder = plot.closest("figure").querySelector("script.chart-data");
    if (!holder) {
      holder = document.createElement("script");
      holder.type = "application/json";
      holder.className = "chart-data";
      plot.closest("figure").appendChild(holder);
    }
    holder.textContent = JSON.stringify(figure);
    if (plot.dataset.visible) { withCharts(function (charts) { charts.render(plot, figure); }); }
  }

  function withCharts(callback) {
    if (window.MLCareerCharts) { callback(window.MLCareerCharts); return; }
    var existing = document.querySelector('script[src$="charts.js"]');
    var script = existing || document.createElement("script");
    script.addEventListener("load", function () { callback(window.MLCareerCharts); });
    if (!existing) {
      var self = document.querySelector('script[src$="progress.js"]');
      script.src = self.getAttribute("src").replace(/progress\.js$/, "charts.js");
      document.head.appendChild(script);
    }
  }

  if (assessment) {
    assessment.addEventListener("change", function (event) {
      var id = event.target.getAttribute("data-rate");
      if (!id || !knownSkills[id]) { return; }
      if (event.target.value === "none") { delete state.skills[id]; } else { state.skills[id] = event.target.value; }
      save();
      paintAssessment();
    });
    var plot = assessment.querySelector("[data-assessment-chart]");
    var reveal = function () { plot.dataset.visible = "yes"; paintAssessment(); };
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) { observer.disconnect(); reveal(); }
      });
      observer.observe(plot);
    } else { reveal(); }
  }

  window.addEventListener("storage", function (event) {
    if (event.key === KEY) { state = load(); paintToggles(); paintAssessment(); }
  });
  paintToggles();
  paintAssessment();
})();
