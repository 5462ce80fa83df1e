// The statement's change form: a live preview of the body as the site prints it, and the
// unsaved text kept in this browser (restored on request) with a warning before leaving.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const body = document.querySelector("textarea[data-preview-url]");
  if (!body) return;
  const form = body.form;
  const csrf = form.querySelector("[name=csrfmiddlewaretoken]");

  // --- Live preview, rendered by the site's own code (releases.markup) ---
  const side = document.createElement("div");
  side.className = "body-with-preview";
  body.insertAdjacentElement("beforebegin", side);
  const preview = document.createElement("div");
  preview.className = "body-preview";
  preview.setAttribute("aria-live", "polite");
  preview.setAttribute("aria-label", "Preview of the body as the site prints it");
  const label = document.createElement("p");
  label.className = "body-preview__label";
  label.textContent = "Preview, as the site prints it";
  const content = document.createElement("div");
  content.className = "body-preview__content release__body";
  preview.append(label, content);
  side.append(body, preview);

  const field = (name) => form.querySelector(`[name=${name}]`);
  let timer = null;
  let asked = 0;
  const refresh = async () => {
    const number = ++asked;
    const data = new FormData();
    data.append("body", body.value);
    for (const name of ["dateline_place", "release_date", "language"]) {
      if (field(name)) data.append(name, field(name).value);
    }
    if (csrf) data.append("csrfmiddlewaretoken", csrf.value);
    try {
      const response = await fetch(body.dataset.previewUrl, {
        method: "POST", body: data, credentials: "same-origin",
      });
      if (!response.ok) throw new Error(response.statusText);
      const answer = await response.json();
      // The HTML is sanitized by the server (nh3), as on the public page.
      if (number === asked) content.innerHTML = answer.html;
      preview.classList.remove("body-preview--stale");
    } catch (error) {
      preview.classList.add("body-preview--stale");
    }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(refresh, 300); };
  body.addEventListener("input", later);
  for (const name of ["dateline_place", "release_date", "language"]) {
    if (field(name)) field(name).addEventListener("change", later);
  }
  refresh();

  // --- The draft kept in this browser until it is saved ---
  const key = body.dataset.draftKey;
  const kept = Array.from(form.elements).filter(
    (element) => element.name && !element.name.includes("-") &&
      ["text", "textarea", "date", "number"].includes(element.type) &&
      !element.name.startsWith("csrf") && !element.readOnly,
  );
  const values = () => Object.fromEntries(kept.map((element) => [element.name, element.value]));
  const same = (a, b) => Object.keys(a).every((name) => !(name in b) || a[name] === b[name]);
  let stored = null;
  try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (error) { stored = null; }
  const loaded = values();
  if (stored && same(stored.values, loaded)) {
    localStorage.removeItem(key);  // saved since: nothing to restore
  } else if (stored) {
    const notice = document.createElement("div");
    notice.className = "draft-restore";
    notice.setAttribute("role", "alert");
    const when = new Date(stored.savedAt).toLocaleString();
    const text = document.createElement("p");
    text.textContent = `This browser kept changes to this statement that were not saved (${when}).`;
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button default";
    restore.textContent = "Restore my unsaved changes";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button";
    discard.textContent = "Discard them";
    notice.append(text, restore, " ", discard);
    form.insertAdjacentElement("beforebegin", notice);
    restore.addEventListener("click", () => {
      for (const element of kept) {
        if (element.name in stored.values && element.value !== stored.values[element.name]) {
          element.value = stored.values[element.name];
          element.dispatchEvent(new Event("input", { bubbles: true }));
          element.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
      dirty = true;
      notice.remove();
      body.focus();
    });
    discard.addEventListener("click", () => { localStorage.removeItem(key); notice.remove(); });
  }

  let dirty = false;
  let leaving = false;
  const keep = () => {
    dirty = !same(values(), loaded);
    try {
      if (dirty) localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), values: values() }));
    } catch (error) { /* storage full or refused: the warning before leaving still holds */ }
  };
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  // Sent to the server: saved, or shown again with the errors and the text as typed.
  form.addEventListener("submit", () => { leaving = true; localStorage.removeItem(key); });
  window.addEventListener("beforeunload", (event) => {
    if (dirty && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
