// scheme.js: the light/dark choice. It runs in <head>, before the page is
// drawn: a reader's saved choice ("light" or "dark" in localStorage) is put on
// <html data-scheme>, which the stylesheets follow; with no choice saved the
// page follows the system setting (prefers-color-scheme). site.js draws the
// switch that changes it.
(function () {
  "use strict";
  var saved = null;
  try { saved = localStorage.getItem("wrapup-scheme"); } catch (e) { /* storage off: follow the system */ }
  if (saved === "light" || saved === "dark") {
    document.documentElement.setAttribute("data-scheme", saved);
  }
})();
