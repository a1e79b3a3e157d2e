// Directory enhancement: the results update without a page reload when a filter
// changes. Without this file every filter works through the form's Apply button and
// plain links; with it, the same URLs are fetched with the X-Directory-Fragment header,
// the facets and results are swapped, the address bar follows (history.pushState), focus
// stays where it was and the new count is announced in a live region.
(function () {
  "use strict";

  var form = document.querySelector("form[data-directory]");
  if (!form || !window.fetch || !window.history || !window.history.pushState) {
    return;
  }
  var statusRegion = document.querySelector("[data-directory-status]");
  var pending = null;

  function part(root, name) {
    return root.querySelector("[data-directory-" + name + "]");
  }

  // The form as a bookmarkable URL: non-empty fields only, and the territory as its
  // code when the text still shows the chosen territory (TerritoryField's contract).
  function formUrl() {
    var data = new FormData(form);
    var text = (data.get("territory") || "").trim();
    var shown = (data.get("territory__shown") || "").trim();
    var code = data.get("territory__code") || "";
    var params = new URLSearchParams();
    data.forEach(function (value, key) {
      if (typeof value !== "string" || key.indexOf("territory__") === 0) {
        return;
      }
      if (key === "territory" && code && text === shown) {
        value = code;
      }
      value = value.trim();
      if (value !== "") {
        params.append(key, value);
      }
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  // Keep the territory field in step with the territory of the results (a région
  // link, or a filter removed, changes it without the field).
  function syncTerritory(facets) {
    if (!facets) {
      return;
    }
    var code = facets.getAttribute("data-territory-code") || "";
    var name = facets.getAttribute("data-territory-name") || "";
    var input = form.querySelector("input[name='territory']");
    var shown = form.querySelector("input[name='territory__shown']");
    var chosen = form.querySelector("input[name='territory__code']");
    if (input && shown && chosen && chosen.type === "hidden") {
      input.value = name;
      shown.value = name;
      chosen.value = code;
    }
  }

  function announce() {
    var count = part(document, "count");
    if (statusRegion && count) {
      statusRegion.textContent = count.textContent.replace(/\s+/g, " ").trim();
    }
  }

  function load(url, options) {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var results = part(document, "results");
    if (results) {
      results.setAttribute("aria-busy", "true");
    }
    fetch(url, {
      headers: { "X-Directory-Fragment": "1" },
      credentials: "same-origin",
      signal: pending.signal,
    })
      .then(function (response) {
        if (!response.ok && response.status !== 400) {
          throw new Error("HTTP " + response.status);
        }
        return response.text().then(function (html) {
          return { html: html, url: response.url || url };
        });
      })
      .then(function (answer) {
        var focusedId = document.activeElement && document.activeElement.id;
        var template = document.createElement("template");
        template.innerHTML = answer.html;
        ["facets", "results"].forEach(function (name) {
          var fresh = part(template.content, name);
          var current = part(document, name);
          if (fresh && current) {
            current.replaceWith(fresh);
          } else if (current && name === "facets") {
            current.replaceChildren();
          }
        });
        syncTerritory(part(document, "facets"));
        if (options.push) {
          window.history.pushState({ directory: true }, "", answer.url);
        }
        var target = options.focusResults ? null : focusedId && document.getElementById(focusedId);
        if (!target || target === document.body) {
          target = part(document, "count") || document.querySelector("[data-error-summary]");
        }
        if (target) {
          target.focus();
        }
        announce();
      })
      .catch(function (error) {
        if (error.name === "AbortError") {
          return;
        }
        // Let the browser do it the plain way.
        window.location.assign(url);
      });
  }

  form.addEventListener("change", function (event) {
    var field = event.target;
    if (field.type === "checkbox" || field.name === "sort") {
      load(formUrl(), { push: true });
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(formUrl(), { push: true, focusResults: true });
  });

  // Région facet, active filters, pagination, "did you mean": links to this same page.
  form.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (
      !link ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    var target = new URL(link.href, window.location.href);
    if (target.origin !== window.location.origin || target.pathname !== window.location.pathname) {
      return;
    }
    event.preventDefault();
    load(target.href, { push: true, focusResults: true });
  });

  window.addEventListener("popstate", function () {
    load(window.location.href, { push: false, focusResults: true });
  });
})();
