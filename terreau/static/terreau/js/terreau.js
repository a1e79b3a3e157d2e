// Terreau shared enhancements. Every page works without this file: it only makes
// a few things smoother. App-specific scripts live in their app's static folder.
(function () {
  "use strict";

  // When a form comes back with errors, move focus to its error summary so that
  // screen reader and keyboard users hear what went wrong first (GOV.UK pattern).
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  // Links in the error summary point at field ids: focus the field itself, not
  // only scroll to it.
  function linkErrorSummaryToFields() {
    document.querySelectorAll("[data-error-summary] a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (target && typeof target.focus === "function") {
          event.preventDefault();
          target.focus();
        }
      });
    });
  }

  // Buttons with data-confirm ask before submitting (e.g. delete). The server still
  // decides: without JavaScript the action simply happens as the form says.
  function confirmDangerousActions() {
    document.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      var message = submitter && submitter.getAttribute("data-confirm");
      if (message && !window.confirm(message)) {
        event.preventDefault();
      }
    });
  }

  function start() {
    focusErrorSummary();
    linkErrorSummaryToFields();
    confirmDangerousActions();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
