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

  // Consultant's run page (helper G): move the <progress> bar from the JSON endpoint
  // named in data-progress-url; when the run ends, reload to show its results.
  // Without this file the page has a "refresh" link that does the same by hand.
  function pollRunProgress() {
    var box = document.querySelector("[data-progress-url]");
    if (!box || box.getAttribute("data-finished") === "true" || !window.fetch) {
      return;
    }
    var bar = document.getElementById("run-progress-bar");
    var state = document.getElementById("run-state");
    var text = document.getElementById("run-progress-text");
    function tick() {
      fetch(box.getAttribute("data-progress-url"), {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (p) {
          if (p.total > 0) {
            bar.max = p.total;
            bar.value = p.done;
            bar.textContent = p.done + " / " + p.total;
          }
          state.textContent = p.state_text;
          text.textContent = p.done + " / " + p.total + " " + (p.message || "");
          if (p.finished) {
            window.location.reload();
          } else {
            window.setTimeout(tick, 1000);
          }
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    window.setTimeout(tick, 500);
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    linkSummaryToFields();
    pollRunProgress();
  });
})();
