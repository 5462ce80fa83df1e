/* A send's page in the admin: follow its counts while it is being sent.
   Reads the send's status.json every two seconds, writes the counts in place, and
   reloads the page once the send is over (to show what could not be delivered). */
(function () {
  "use strict";
  var box = document.querySelector("[data-send-status]");
  if (!box || box.getAttribute("data-active") !== "1") {
    return;
  }
  var url = box.getAttribute("data-send-status");
  var progress = box.querySelector("[data-progress]");
  var state = box.querySelector("[data-status]");
  var format = new Intl.NumberFormat();

  function show(data) {
    Object.keys(data.counts).forEach(function (name) {
      var cell = box.querySelector('[data-count="' + name + '"]');
      if (cell) {
        cell.textContent = format.format(data.counts[name]);
        if (cell.parentNode.hasAttribute("data-alert")) {
          cell.parentNode.classList.toggle("press-counts--alert", data.counts[name] > 0);
        }
      }
    });
    if (progress) {
      var done = data.total - data.counts.queued - data.counts.sending;
      progress.max = data.total;
      progress.value = done;
      progress.textContent = done + " / " + data.total;
    }
    if (state) {
      state.textContent = data.status_label;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.active) {
          window.setTimeout(poll, 2000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 2000);
})();
