/* Theme toggle (remembered in localStorage) and the phone navigation menu. No dependencies. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "mlcareer-theme";
  var media = window.matchMedia("(prefers-color-scheme: dark)");

  function currentTheme() {
    return root.dataset.theme || (media.matches ? "dark" : "light");
  }

  function announce() {
    document.dispatchEvent(new CustomEvent("themechange", { detail: currentTheme() }));
  }

  var toggle = document.querySelector(".theme-toggle");
  if (toggle) {
    toggle.setAttribute("aria-pressed", String(currentTheme() === "dark"));
    toggle.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: not remembered */ }
      toggle.setAttribute("aria-pressed", String(next === "dark"));
      announce();
    });
  }
  media.addEventListener("change", function () { if (!root.dataset.theme) { announce(); } });

  var menu = document.querySelector(".menu-button");
  var nav = document.getElementById("site-nav");
  if (menu && nav) {
    var setOpen = function (open) {
      menu.setAttribute("aria-expanded", String(open));
      document.body.classList.toggle("nav-open", open);
    };
    menu.addEventListener("click", function () {
      setOpen(menu.getAttribute("aria-expanded") !== "true");
      if (document.body.classList.contains("nav-open")) {
        var first = nav.querySelector("a");
        if (first) { first.focus(); }
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && document.body.classList.contains("nav-open")) {
        setOpen(false);
        menu.focus();
      }
    });
  }
})();
