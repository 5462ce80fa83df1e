// Tags as chips: the text field django-taggit reads stays in the form, hidden, and is
// written from the chips ("Family separation", Detention) as they change.
"use strict";

function parseTags(text) {
  const names = [];
  const pattern = /"([^"]*)"|([^,"]+)/g;
  const hasComma = text.includes(",");
  for (const match of text.matchAll(pattern)) {
    const found = match[1] !== undefined ? [match[1]] : (hasComma ? [match[2]] : match[2].split(/\s+/));
    for (const name of found) if (name.trim()) names.push(name.trim());
  }
  return names;
}

function tagString(names) {
  return names.map((name) => (/[\s,]/.test(name) ? `"${name.replaceAll('"', "")}"` : name)).join(", ");
}

document.addEventListener("DOMContentLoaded", () => {
  for (const source of document.querySelectorAll("input[data-tag-chips]")) {
    let names = parseTags(source.value);
    const box = document.createElement("div");
    box.className = "tag-chips";
    const list = document.createElement("ul");
    list.className = "tag-chips__list";
    const input = document.createElement("input");
    input.type = "text";
    input.className = "tag-chips__input";
    input.setAttribute("aria-label", "Add a tag");
    input.placeholder = "Add a tag…";
    box.append(list, input);
    source.classList.add("tag-chips__source");
    source.setAttribute("aria-hidden", "true");
    source.tabIndex = -1;
    source.insertAdjacentElement("afterend", box);

    const write = () => {
      source.value = tagString(names);
      source.dispatchEvent(new Event("input", { bubbles: true }));
    };
    const draw = () => {
      list.replaceChildren(...names.map((name, index) => {
        const item = document.createElement("li");
        item.className = "tag-chip";
        item.append(name);
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "tag-chip__remove";
        remove.setAttribute("aria-label", `Remove the tag ${name}`);
        remove.textContent = "×";
        remove.addEventListener("click", () => { names.splice(index, 1); write(); draw(); input.focus(); });
        item.append(remove);
        return item;
      }));
    };
    const add = () => {
      const name = input.value.replace(/[",]/g, " ").replace(/\s+/g, " ").trim();
      if (name && !names.some((other) => other.toLowerCase() === name.toLowerCase())) {
        names.push(name);
        write();
        draw();
      }
      input.value = "";
    };
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === ",") {
        event.preventDefault();
        add();
      } else if (event.key === "Backspace" && !input.value && names.length) {
        names.pop();
        write();
        draw();
      }
    });
    input.addEventListener("blur", add);
    // A restored draft sets the hidden field: the chips follow it.
    source.addEventListener("change", () => { names = parseTags(source.value); draw(); });
    draw();
  }
});
