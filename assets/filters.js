// The filters write the page state into the URL without reloading or re-rendering the page:
// history.replaceState keeps the address shareable, and the navigation links carry the period
// and language to the other pages. Back/Forward walk the drill path (path changes push).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  filters: {
    writeUrl: function (year, sub, units, indicator, page) {
      const nu = window.dash_clientside.no_update;
      if (!page || !page.path) {
        return [nu, nu, nu, nu];
      }
      const q = new URLSearchParams();
      const show = page.show || [];
      let period = "";
      if (year && show.includes("period")) {
        period = String(year);
        if (sub && sub !== "year") {
          period += "-" + (sub.charAt(0) === "M" ? sub.slice(1) : sub);
        }
        q.set("period", period);
      }
      if (units && units.length && show.includes("units")) {
        q.set("units", units.join(","));
      }
      if (indicator && show.includes("indicator")) {
        q.set("indicator", indicator);
      }
      if (page.lang && page.lang !== "nb") {
        q.set("lang", page.lang);
      }
      // Present mode is the shell's (assets/present.js), not the filters': keep what the URL says.
      const present = new URLSearchParams(window.location.search).get("present") === "1";
      if (present) {
        q.set("present", "1");
      }
      const search = q.toString() ? "?" + q.toString() : "";
      if (window.location.pathname + window.location.search !== page.path + search) {
        window.history.replaceState(window.history.state, "", page.path + search);
      }
      const kept = new URLSearchParams();
      if (period) kept.set("period", period);
      if (page.lang && page.lang !== "nb") kept.set("lang", page.lang);
      if (present) kept.set("present", "1");
      const tail = kept.toString() ? "?" + kept.toString() : "";
      return ["/" + tail, "/districts" + tail, "/housing" + tail, "/budget" + tail];
    },
    unitsSummary: function (units, page) {
      const texts = (page && page.texts) || {};
      if (!units || !units.length) {
        return texts.units_all || "";
      }
      return (texts.units_some || "{n}").replace("{n}", units.length);
    },
    // "Kopier lenke": the whole address (path and every query parameter) to the clipboard, and a
    // polite confirmation. Without the Clipboard API the link is shown to copy by hand.
    copyLink: function (n, page) {
      const texts = (page && page.texts) || {};
      const url = window.location.href;
      const failed = (texts.copy_failed || "{url}").replace("{url}", url);
      const say = function (text) {
        window.dash_clientside.set_props("filter-div-copy-status", { children: text });
      };
      if (!navigator.clipboard || !navigator.clipboard.writeText) {
        return failed;
      }
      navigator.clipboard.writeText(url).then(
        function () {
          say(texts.copied || "");
        },
        function () {
          say(failed);
        }
      );
      return "";
    },
    // The active filters as one line of text for print: "Utvalg: År 2016 · Enheter: Alle enheter".
    printFilters: function (year, sub, units, indicator, page) {
      const texts = (page && page.texts) || {};
      const parts = [];
      document.querySelectorAll(".filter-bar .filter-field").forEach(function (field) {
        if (field.style.display === "none") return;
        const label = field.querySelector("label");
        const select = field.querySelector("select");
        let value = "";
        if (select && select.selectedOptions.length) {
          value = select.selectedOptions[0].text;
        } else if (field.querySelector(".units-checklist")) {
          const names = [];
          field.querySelectorAll(".units-checklist input:checked").forEach(function (box) {
            const text = box.parentElement ? box.parentElement.textContent.trim() : "";
            if (text) names.push(text);
          });
          value = names.length ? names.join(", ") : texts.units_all || "";
        }
        if (label && value) parts.push(label.textContent.trim() + ": " + value);
      });
      return parts.length ? (texts.selection || "") + " – " + parts.join(" · ") : "";
    },
  },
});
