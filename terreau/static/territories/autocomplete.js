// Territory autocomplete: turns the text input of each [data-territory-autocomplete]
// (rendered by TerritoryField, terreau/territories/forms.py) into an ARIA 1.2 combobox
// with a listbox popup fed by /api/v1/territories. Choosing an option puts its code in
// the hidden `<name>__code` input, which the server takes while the text is unchanged.
// Without this script the server resolves the typed text itself.
(function () {
  "use strict";

  if (window.terreauTerritoryAutocomplete) {
    return; // the widget template includes this script once per field
  }

  var MIN_LENGTH = 2;
  var DELAY_MS = 200;
  var LIMIT = 8;
  var counter = 0;

  function format(message, values) {
    return message.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }

  function enhance(root) {
    var input = root.querySelector("input[type='text']");
    var shown = root.querySelector("[data-territory-shown]");
    if (!input || !shown || input.getAttribute("role") === "combobox") {
      return;
    }
    counter += 1;
    var prefix = (input.id || "territory-" + counter) + "-autocomplete";
    var listbox = document.createElement("ul");
    listbox.id = prefix + "-listbox";
    listbox.className = "suggestions";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", root.dataset.msgListbox || "");
    listbox.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", listbox);
    listbox.insertAdjacentElement("afterend", status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    var options = [];
    var active = -1;
    var timer = null;
    var sequence = 0;

    function codeInput() {
      var code = root.querySelector("[data-territory-code]");
      if (!code) {
        code = document.createElement("input");
        code.type = "hidden";
        code.name = input.name + "__code";
        code.setAttribute("data-territory-code", "");
        root.appendChild(code);
      }
      return code;
    }

    function announce(message) {
      status.textContent = message;
    }

    function setActive(index) {
      options.forEach(function (option, i) {
        option.element.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].element.id);
        options[index].element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      if (options.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function choose(index) {
      var option = options[index];
      if (!option) {
        return;
      }
      // The server's list of candidates, if any, is answered by this choice.
      var candidates = root.querySelector("[data-territory-candidates]");
      if (candidates) {
        candidates.remove();
      }
      input.value = option.name;
      shown.value = option.name;
      codeInput().value = option.code;
      close();
      announce(format(root.dataset.msgChosen || "{name}", { name: option.name }));
    }

    function render(results) {
      listbox.textContent = "";
      options = results.map(function (result, i) {
        var element = document.createElement("li");
        element.id = prefix + "-option-" + i;
        element.setAttribute("role", "option");
        element.setAttribute("aria-selected", "false");
        element.textContent = result.name;
        if (result.context) {
          var context = document.createElement("span");
          context.className = "suggestions__context";
          context.textContent = " · " + result.context;
          element.appendChild(context);
        }
        element.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the input
        });
        element.addEventListener("click", function () {
          choose(i);
          input.focus();
        });
        listbox.appendChild(element);
        return { element: element, code: result.code, name: result.name };
      });
      setActive(-1);
      if (options.length) {
        open();
      } else {
        close();
      }
      var message =
        options.length === 0
          ? root.dataset.msgNone
          : options.length === 1
            ? root.dataset.msgOne
            : format(root.dataset.msgMany || "", { number: options.length });
      announce(message || "");
    }

    function search() {
      var text = input.value.trim();
      sequence += 1;
      var mine = sequence;
      if (text.length < MIN_LENGTH) {
        options = [];
        listbox.textContent = "";
        close();
        return;
      }
      var url = new URL(root.dataset.source, window.location.href);
      url.searchParams.set("q", text);
      url.searchParams.set("limit", String(LIMIT));
      (root.dataset.kinds || "").split(",").forEach(function (kind) {
        if (kind) {
          url.searchParams.append("kind", kind);
        }
      });
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (mine === sequence && document.activeElement === input) {
            render(data.results || []);
          }
        })
        .catch(function () {
          close(); // offline or server error: the server resolves the text on submit
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var isOpen = !listbox.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!isOpen) {
            open();
          }
          if (options.length) {
            setActive(active < options.length - 1 ? active + 1 : 0);
          }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (!isOpen) {
            open();
          }
          if (options.length) {
            setActive(active > 0 ? active - 1 : options.length - 1);
          }
          break;
        case "Enter":
          if (isOpen && active >= 0) {
            event.preventDefault(); // choose, do not submit yet
            choose(active);
          }
          break;
        case "Escape":
          if (isOpen) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
    });
  }

  // Enhances every territory field under `scope` (the document by default) not yet
  // enhanced; call it again after inserting HTML that holds new fields.
  function init(scope) {
    var root = scope && scope.querySelectorAll ? scope : document;
    root.querySelectorAll("[data-territory-autocomplete]").forEach(enhance);
  }

  window.terreauTerritoryAutocomplete = { enhance: init };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
})();
