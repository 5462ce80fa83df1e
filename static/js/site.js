/* The site's only script, small and optional: every page works without it.
   - On a phone the header's links fold behind a Menu button, so the header is one line.
   - A form that failed brings its error summary into view and focus (GOV.UK's pattern);
     its links move the focus to the field they name.
   - "Copy" buttons copy the link beside them.
   Loaded from the site (the Content-Security-Policy allows no inline script). */
(function () {
  "use strict";

  var script = document.currentScript;
  var header = script && script.closest(".site-header");
  if (header) {
    var button = header.querySelector(".site-menu__toggle");
    header.classList.add("site-header--folding");
    button.hidden = false;
    var setOpen = function (open) {
      button.setAttribute("aria-expanded", String(open));
      header.classList.toggle("site-header--open", open);
    };
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  function errorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var field = link && document.getElementById(link.getAttribute("href").slice(1));
        if (!field) return;
        event.preventDefault();
        var label = document.querySelector("label[for='" + field.id + "']");
        var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
        (legend || label || field).scrollIntoView();
        field.focus({ preventScroll: true });
      });
    }
  }

  function copyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (copy) {
      var source = document.getElementById(copy.getAttribute("data-copy"));
      var status = document.getElementById(copy.getAttribute("data-copy-status"));
      if (!source || !navigator.clipboard) return;
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(source.value || source.textContent).then(
          function () {
            if (status) status.textContent = copy.getAttribute("data-copied");
          },
          function () {
            source.select && source.select();
          }
        );
      });
    });
  }

  function ready() {
    errorSummary();
    copyButtons();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
