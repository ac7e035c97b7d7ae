// klang: search-as-you-type for search boxes marked data-suggest (the one in
// the site header). After two characters and a pause of 150 ms it asks
// GET /api/v1/search/titles for matching titles and lists them as links
// under the box. Keys: ArrowDown moves into the list, ArrowUp/ArrowDown move
// within it, Escape closes it. Without this file (or without fetch) the box
// is a plain form that submits to /search.
"use strict";
(function () {
  var MIN_CHARS = 2;
  var DELAY_MS = 150;
  var MAX_BYTES = 200; // what the titles API accepts

  function utf8Length(s) {
    return window.TextEncoder ? new TextEncoder().encode(s).length : s.length * 3;
  }

  function enhance(input, n) {
    var form = input.form;
    if (!form) return;
    var th = document.documentElement.lang !== "en";
    var endpoint = input.getAttribute("data-suggest");
    var box = document.createElement("div");
    box.className = "suggest";
    box.id = (input.id || "search-" + n) + "-titles";
    box.hidden = true;
    var list = document.createElement("ul");
    list.setAttribute("aria-label", th ? "ชื่อเรื่องที่ตรงกัน" : "Matching titles");
    box.appendChild(list);
    // Announces how many titles there are (a polite live region).
    var status = document.createElement("p");
    status.className = "sr";
    status.setAttribute("role", "status");
    form.appendChild(box);
    form.appendChild(status);
    input.setAttribute("aria-controls", box.id);
    input.setAttribute("aria-autocomplete", "list");

    var timer = 0;
    var seq = 0; // answers to older requests are ignored

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }
    function close() {
      box.hidden = true;
      list.textContent = "";
    }
    function show(items) {
      list.textContent = "";
      items.forEach(function (it) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = "/docs/" + encodeURIComponent(it.id);
        a.textContent = it.title;
        li.appendChild(a);
        if (th && it.kind_th) {
          var kind = document.createElement("span");
          kind.className = "kind";
          kind.textContent = it.kind_th;
          li.appendChild(document.createTextNode(" "));
          li.appendChild(kind);
        }
        list.appendChild(li);
      });
      if (!items.length) {
        close();
        status.textContent = th ? "ไม่พบชื่อเรื่องที่ตรงกัน กด Enter เพื่อค้นหาในเนื้อหา" :
          "No matching titles; press Enter to search the text";
        return;
      }
      box.hidden = false;
      status.textContent = th ? "พบ " + items.length + " ชื่อเรื่อง กดลูกศรลงเพื่อเลือก" :
        items.length + " matching titles; press the down arrow to choose one";
    }
    function ask(typed) {
      var mine = ++seq;
      fetch(endpoint + "?q=" + encodeURIComponent(typed), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          if (mine === seq && input.value.trim() === typed && Array.isArray(items)) show(items);
        })
        .catch(function () { /* offline or gone: the form still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var typed = input.value.trim();
      if (typed.length < MIN_CHARS || utf8Length(typed) > MAX_BYTES) {
        seq++;
        close();
        return;
      }
      timer = setTimeout(function () { ask(typed); }, DELAY_MS);
    });
    input.addEventListener("keydown", function (e) {
      if (box.hidden) return;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        links()[0].focus();
      } else if (e.key === "Escape") {
        e.preventDefault();
        close();
      }
    });
    list.addEventListener("keydown", function (e) {
      var all = links();
      var i = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown") {
        e.preventDefault();
        all[Math.min(i + 1, all.length - 1)].focus();
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        if (i <= 0) input.focus();
        else all[i - 1].focus();
      } else if (e.key === "Escape") {
        e.preventDefault();
        close();
        input.focus();
      }
    });
    // A click on a title keeps the focus where it is until the link opens.
    box.addEventListener("mousedown", function (e) { e.preventDefault(); });
    // The list closes when the focus leaves the form, and on submit (no
    // late request starts while the browser navigates away).
    form.addEventListener("focusout", function (e) {
      if (!e.relatedTarget || !form.contains(e.relatedTarget)) close();
    });
    form.addEventListener("submit", function () {
      clearTimeout(timer);
      seq++;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.fetch) return;
    Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), enhance);
  });
})();
