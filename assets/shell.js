// Clientside helpers for the shell. Runs after Dash Pages has set its own title, so the
// page title and the document language follow the chosen language.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  shell: {
    applyMeta: function (meta) {
      if (meta) {
        setTimeout(function () {
          document.documentElement.lang = meta.lang;
          document.title = meta.title;
        }, 0);
      }
      return window.dash_clientside.no_update;
    },
  },
});
