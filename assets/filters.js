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
      const search = q.toString() ? "?" + q.toString() : "";
      if (window.location.pathname + window.location.search !== page.path + search) {
        window.history.replaceState(window.history.state, "", page.path + search);
      }
      const kept = new URLSearchParams();
      if (period) kept.set("period", period);
      if (page.lang && page.lang !== "nb") kept.set("lang", page.lang);
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
  },
});
