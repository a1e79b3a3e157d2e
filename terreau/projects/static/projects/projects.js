// Project pages, enhancements only: every page works without this file.
(function () {
  "use strict";

  // "N characters left" under text areas with a maxlength, announced politely.
  function characterCounts() {
    document.querySelectorAll("textarea[data-character-count][maxlength]").forEach(function (area) {
      var limit = parseInt(area.getAttribute("maxlength"), 10);
      var output = document.createElement("p");
      output.className = "field__hint character-count";
      output.id = area.id + "_count";
      output.setAttribute("aria-live", "polite");
      var template = area.getAttribute("data-character-count-template") || "%(left)s / %(limit)s";
      function update() {
        var left = limit - area.value.length;
        output.textContent = template.replace("%(left)s", left).replace("%(limit)s", limit);
      }
      area.insertAdjacentElement("afterend", output);
      var described = area.getAttribute("aria-describedby");
      area.setAttribute("aria-describedby", (described ? described + " " : "") + output.id);
      area.addEventListener("input", update);
      update();
    });
  }

  // A "Copy the link" button beside the read-only address field.
  function copyLinks() {
    if (!navigator.clipboard) {
      return;
    }
    document.querySelectorAll("input[data-copy-link]").forEach(function (input) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--small button--secondary";
      button.textContent = input.getAttribute("data-copy-label");
      var status = document.createElement("span");
      status.setAttribute("role", "status");
      status.className = "small muted";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(input.value).then(function () {
          status.textContent = input.getAttribute("data-copied-label");
        });
      });
      input.insertAdjacentElement("afterend", status);
      input.insertAdjacentElement("afterend", button);
    });
  }

  function start() {
    characterCounts();
    copyLinks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
