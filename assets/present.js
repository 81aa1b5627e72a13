// Present mode (?present=1): navigation and filters hidden, larger type, high contrast, each
// section of the page one screen (assets/present.css). ArrowRight / PageDown / Space go to the
// next view, ArrowLeft / PageUp to the previous one; past the last view of a page the next panel
// page opens (and back, at its last view), with the same query. Escape ends present mode.
// The shell's buttons (layouts/shell.py) do the same by mouse. No inline script, no eval (CSP).
(function () {
  "use strict";

  const ROOT_CLASS = "present-mode";
  const START_AT_LAST = "kpi-present-start-last";

  function isPresent() {
    return new URLSearchParams(window.location.search).get("present") === "1";
  }

  // The query with present=1 added or removed; the other parameters are kept as written (commas
  // in units stay commas).
  function withPresent(search, on) {
    const parts = (search || "")
      .replace(/^\?/, "")
      .split("&")
      .filter(function (p) {
        return p && p.split("=")[0] !== "present";
      });
    if (on) parts.push("present=1");
    return parts.length ? "?" + parts.join("&") : "";
  }

  // Navigate inside the Dash app without a reload, as dcc.Link does.
  function navigate(url) {
    window.history.pushState({}, "", url);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    window.scrollTo(0, 0);
    sync();
  }

  function start() {
    navigate(window.location.pathname + withPresent(window.location.search, true));
    const main = document.getElementById("main-content");
    if (main) main.focus({ preventScroll: true });
  }

  function stop() {
    navigate(window.location.pathname + withPresent(window.location.search, false));
    const button = document.getElementById("shell-button-present");
    if (button) button.focus({ preventScroll: true });
  }

  function visible(el) {
    return el.getClientRects().length > 0;
  }

  // The views of the page: its top-level sections (not nested in another one), as shown now.
  function views() {
    const main = document.getElementById("main-content");
    if (!main) return [];
    const sections = Array.from(main.querySelectorAll("section")).filter(function (s) {
      return !s.classList.contains("filter-bar") && !s.parentElement.closest("section") && visible(s);
    });
    return sections.length ? sections : [main];
  }

  // The view at the top of the screen: the last one whose top is in the upper part of it.
  function current(list) {
    let found = 0;
    const line = window.innerHeight * 0.35;
    list.forEach(function (view, i) {
      if (view.getBoundingClientRect().top <= line) found = i;
    });
    return found;
  }

  function goTo(list, i) {
    if (i <= 0) {
      window.scrollTo({ top: 0, behavior: "instant" });
    } else {
      list[i].scrollIntoView({ block: "start", behavior: "instant" });
    }
    showPosition();
  }

  function navLinks() {
    return Array.from(document.querySelectorAll("#shell-nav-main .nav-link"));
  }

  // The next (+1) or previous (-1) panel page in the navigation's order, with the query kept.
  function turnPage(step) {
    const links = navLinks();
    const active = links.findIndex(function (a) {
      return a.classList.contains("active");
    });
    const target = links[active + step];
    if (!target) return false;
    // The navigation links carry the period and language (callbacks/shell.py, assets/filters.js).
    const url = new URL(target.getAttribute("href"), window.location.href);
    if (step < 0) window.sessionStorage.setItem(START_AT_LAST, "1");
    navigate(url.pathname + withPresent(url.search, true));
    return true;
  }

  function move(step) {
    const list = views();
    const next = current(list) + step;
    if (next >= list.length || next < 0) {
      if (!turnPage(step)) showPosition();
      return;
    }
    goTo(list, next);
  }

  function showPosition() {
    const out = document.getElementById("shell-div-present-position");
    if (!out || !isPresent()) return;
    const list = views();
    const text = current(list) + 1 + " / " + list.length;
    if (out.textContent !== text) out.textContent = text;
  }

  function sync() {
    document.documentElement.classList.toggle(ROOT_CLASS, isPresent());
    showPosition();
  }

  function typingIn(target) {
    return target && target.closest && target.closest("input, select, textarea, [contenteditable]");
  }

  document.addEventListener("keydown", function (event) {
    if (!isPresent() || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const target = event.target;
    if (event.key === "Escape") {
      if (typingIn(target)) return;
      event.preventDefault();
      stop();
      return;
    }
    if (typingIn(target)) return;
    if (event.key === " " && target.closest && target.closest("button, summary, a")) return;
    if (event.key === "ArrowRight" || event.key === "PageDown" || event.key === " ") {
      event.preventDefault();
      move(1);
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      event.preventDefault();
      move(-1);
    }
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("button");
    if (!button) return;
    if (button.id === "shell-button-present") start();
    else if (button.id === "shell-button-present-exit") stop();
    else if (button.id === "shell-button-present-next") move(1);
    else if (button.id === "shell-button-present-prev") move(-1);
  });

  let queued = false;
  function later() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () {
      queued = false;
      showPosition();
    });
  }
  window.addEventListener("scroll", later, { passive: true });
  window.addEventListener("resize", later);
  window.addEventListener("popstate", sync);
  window.addEventListener("_dashprivate_pushstate", sync);

  // A new page drawn by Dash Pages: start at its first view, or at its last when we came back.
  let shownPage = null;
  const observer = new MutationObserver(function () {
    const page = document.querySelector("#main-content .page");
    if (page !== shownPage) {
      shownPage = page;
      if (isPresent() && window.sessionStorage.getItem(START_AT_LAST)) {
        window.sessionStorage.removeItem(START_AT_LAST);
        const toLast = function () {
          const list = views();
          goTo(list, list.length - 1);
        };
        toLast();
        window.setTimeout(toLast, 600);
      }
    }
    later();
  });

  function init() {
    sync();
    observer.observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
