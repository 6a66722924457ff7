/* Draw the page's charts with the self-hosted plotly.js. It loads only once the reader has
   interacted with the page (a scroll, a touch, a key, the mouse) and a chart is in view, so
   opening a page never waits on 1.2 MB of JavaScript; until then each plot area, at the
   figure's own height, shows a quiet placeholder above the chart's table. Each figure is JSON
   in a <script> beside its chart. */
(function () {
  "use strict";
  if (window.MLCareerCharts) { return; }
  var plots = Array.prototype.slice.call(document.querySelectorAll(".chart-plot[data-chart]"));
  var self = document.currentScript || document.querySelector('script[src$="charts.js"]');
  var plotlyUrl = self.getAttribute("src").replace(/charts\.js(\?.*)?$/, "plotly.min.js");
  var loading = null;
  var INTERACTIONS = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel", "scroll"];
  /* Below this plot width a figure's "narrow" layout applies (a phone held upright). */
  var NARROW_WIDTH = 520;
  var interacted = new Promise(function (resolve) {
    var done = function () {
      INTERACTIONS.forEach(function (name) { window.removeEventListener(name, done, true); });
      resolve();
    };
    INTERACTIONS.forEach(function (name) {
      window.addEventListener(name, done, { capture: true, passive: true });
    });
  });

  function loadPlotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (!loading) {
      loading = interacted.then(function () { return new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = plotlyUrl;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { reject(new Error("plotly.js failed to load")); };
        document.head.appendChild(script);
      }); });
    }
    return loading;
  }

  function themeColors() {
    var style = getComputedStyle(document.documentElement);
    var read = function (name) { return style.getPropertyValue(name).trim(); };
    return { text: read("--text"), muted: read("--muted"), grid: read("--border"), font: read("--font") };
  }

  /* Objects merge key by key; anything else (numbers, lists) is replaced. */
  function merge(base, extra) {
    var out = Object.assign({}, base);
    Object.keys(extra || {}).forEach(function (key) {
      var both = out[key] && typeof out[key] === "object" && !Array.isArray(out[key]) &&
        extra[key] && typeof extra[key] === "object" && !Array.isArray(extra[key]);
      out[key] = both ? merge(out[key], extra[key]) : extra[key];
    });
    return out;
  }

  function isNarrow(plot) { return plot.clientWidth > 0 && plot.clientWidth < NARROW_WIDTH; }

  /* The figure's layout for this plot's width and the reader's theme. */
  function layoutFor(plot, figure) {
    var c = themeColors();
    var out = JSON.parse(JSON.stringify(figure.layout));
    if (figure.narrow && isNarrow(plot)) { out = merge(out, figure.narrow); }
    out.paper_bgcolor = "rgba(0,0,0,0)";
    out.plot_bgcolor = "rgba(0,0,0,0)";
    out.font = Object.assign({}, out.font || {}, { color: c.text, family: c.font });
    ["xaxis", "yaxis"].forEach(function (axis) {
      out[axis] = Object.assign({}, out[axis] || {}, { gridcolor: c.grid, zerolinecolor: c.grid, linecolor: c.grid });
    });
    out.hoverlabel = Object.assign({ font: { family: c.font } }, out.hoverlabel || {});
    return out;
  }

  /* Only what works offline: a PNG of the chart, made in the browser. Every axis is fixed
     (zooming a bar chart of a few rows helps no one), so no zoom or reset buttons; and none
     of Plotly's links out: no logo, no "share to the cloud" (it opens cloud.plotly.com). */
  function configFor(plot) {
    return {
      displaylogo: false,
      showSendToCloud: false,
      plotlyServerURL: "",
      modeBarButtons: [["toImage"]],
      toImageButtonOptions: { format: "png", filename: plot.dataset.chart || plot.id || "chart" },
      responsive: true,
      scrollZoom: false
    };
  }

  function figureOf(plot) {
    var holder = plot.closest("figure").querySelector("script.chart-data");
    return JSON.parse(holder.textContent);
  }

  function render(plot, figure) {
    return loadPlotly().then(function (Plotly) {
      plot.dataset.narrow = isNarrow(plot) ? "yes" : "no";
      return Plotly.react(plot, figure.data, layoutFor(plot, figure), configFor(plot));
    }).then(function () {
      plot.dataset.drawn = "yes";
      plot.classList.add("is-drawn");
    }).catch(function (error) {
      plot.dataset.drawn = "failed";
      plot.classList.add("is-failed");
      var frame = plot.closest(".chart-frame");
      if (frame) { frame.hidden = true; }  // the chart's table is still there
      if (window.console) { console.warn(error.message); }
    });
  }

  function draw(plot) {
    if (plot.dataset.drawn) { return; }
    plot.dataset.drawn = "pending";
    render(plot, figureOf(plot));
  }

  /* Other scripts (the skills self-assessment) draw their own figures the same way. */
  window.MLCareerCharts = { render: render };

  var observer = "IntersectionObserver" in window && new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
    });
  }, { rootMargin: "0px" });
  function watch(plots) {
    plots.forEach(function (plot) { if (observer) { observer.observe(plot); } else { draw(plot); } });
  }
  watch(plots);
  /* The preview server swapped in a rebuilt <main>: its charts are new and not yet drawn. */
  document.addEventListener("mlcareer:swapped", function (event) {
    watch(Array.prototype.slice.call(event.detail.querySelectorAll(".chart-plot[data-chart]")));
  });

  function drawnPlots() {
    return Array.prototype.filter.call(document.querySelectorAll(".chart-plot"), function (plot) {
      return plot.dataset.drawn === "yes" && window.Plotly;
    });
  }

  document.addEventListener("themechange", function () {
    drawnPlots().forEach(function (plot) {
      window.Plotly.relayout(plot, layoutFor(plot, figureOf(plot)));
    });
  });

  /* Turning a phone or resizing the window can cross the narrow width: lay out again. */
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      drawnPlots().forEach(function (plot) {
        if ((isNarrow(plot) ? "yes" : "no") !== plot.dataset.narrow) { render(plot, figureOf(plot)); }
      });
    }, 150);
  });
})();
