// Progressive enhancement only: every page works without this file.
// It is loaded with `defer` from the same origin (no inline script anywhere, so a
// Content-Security-Policy without 'unsafe-inline' can be switched on).
(function () {
  "use strict";

  // GOV.UK error-summary pattern: move focus to the summary after a failed submit,
  // so screen-reader and keyboard users land on the list of problems.
  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  // Links in the summary point at fields; focus the field itself, not only scroll.
  function linkSummaryToFields() {
    var summary = document.getElementById("error-summary");
    if (!summary) {
      return;
    }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (field) {
        event.preventDefault();
        field.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    linkSummaryToFields();
  });
})();
