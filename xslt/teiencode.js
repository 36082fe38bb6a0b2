/* teiencode views: what CSS cannot do. Every page works without it. Embedded in each page, allowed
   by its hash in the page's Content-Security-Policy. */
(function () {
  "use strict";

  /* Parallel view: a unit and its counterparts (its @corresp, and the units pointing at it) light up
     together on hover or focus. The row they share is already highlighted by the CSS. */
  function linkedReading() {
    var lit = [];
    function clear() { lit.forEach(function (el) { el.classList.remove("linked", "linked-self"); }); lit = []; }
    function unitOf(target) {
      var cell = target.closest && target.closest(".cell");
      if (!cell) return null;
      var el = target;
      while (el.parentElement && el.parentElement !== cell && !el.parentElement.classList.contains("line")) el = el.parentElement;
      if (el.classList.contains("unit-links")) el = el.nextElementSibling;
      return el && el.id ? el : null;
    }
    function light(event) {
      var unit = unitOf(event.target);
      if (!unit || unit.classList.contains("linked-self")) return;
      clear();
      unit.classList.add("linked-self");
      lit.push(unit);
      var ids = (unit.getAttribute("data-corresp") || "").split(/\s+/);
      ids.forEach(function (ref) {
        var other = ref.charAt(0) === "#" && document.getElementById(ref.slice(1));
        if (other) { other.classList.add("linked"); lit.push(other); }
      });
      document.querySelectorAll('[data-corresp~="#' + CSS.escape(unit.id) + '"]').forEach(function (other) {
        other.classList.add("linked"); lit.push(other);
      });
    }
    document.addEventListener("mouseover", light);
    document.addEventListener("focusin", light);
  }

  /* Collection index: filter by text and by facet, sort by a column. Without the script the table
     is a plain table in date order. */
  function browse() {
    var table = document.querySelector("table.index");
    if (!table) return;
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var controls = document.getElementById("browse");
    var count = document.getElementById("shown-count");
    var facets = ["year", "language", "genre", "sender", "recipient"], selects = {};
    var text = document.createElement("input");
    text.type = "search"; text.id = "filter-text";
    controls.appendChild(label("filter-text", "Filter titles and names"));
    controls.appendChild(text);
    facets.forEach(function (name) {
      var values = {};
      rows.forEach(function (row) {
        (row.getAttribute("data-" + name) || "").split("; ").forEach(function (v) { if (v) values[v] = true; });
      });
      var select = document.createElement("select");
      select.id = "facet-" + name; select.setAttribute("data-facet", name);
      select.appendChild(new Option("all", ""));
      Object.keys(values).sort().forEach(function (v) { select.appendChild(new Option(v, v)); });
      controls.appendChild(label(select.id, name.charAt(0).toUpperCase() + name.slice(1)));
      controls.appendChild(select);
      selects[name] = select;
      select.addEventListener("change", apply);
    });
    text.addEventListener("input", apply);
    function label(id, words) { var l = document.createElement("label"); l.htmlFor = id; l.textContent = words; return l; }
    function apply() {
      var words = text.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (row) {
        var ok = !words || row.textContent.toLowerCase().indexOf(words) >= 0;
        facets.forEach(function (name) {
          var want = selects[name].value;
          if (want && ("; " + (row.getAttribute("data-" + name) || "") + "; ").indexOf("; " + want + "; ") < 0) ok = false;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " documents shown.";
      if (window.teiencodeSearch) window.teiencodeSearch();
    }
    /* sorting: a button in each sortable header; the cell's data-sort (else its text) is the key */
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      if (!th.hasAttribute("data-sortable")) return;
      var button = document.createElement("button");
      button.type = "button"; button.textContent = th.textContent;
      th.textContent = ""; th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var key = function (row) { var c = row.cells[column]; return c.getAttribute("data-sort") || c.textContent.trim().toLowerCase(); };
        rows.sort(function (a, b) { var x = key(a), y = key(b); return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1); });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  /* Search (Pagefind): its index is fetched, which file:// pages may not do; served over HTTP it works. */
  function search() {
    var form = document.getElementById("search");
    if (!form) return;
    var input = document.getElementById("search-words"), out = document.getElementById("search-results");
    var pagefind = null;
    form.hidden = false;
    function facetFilters() {
      var filters = {};
      document.querySelectorAll("select[data-facet]").forEach(function (s) { if (s.value) filters[s.getAttribute("data-facet")] = s.value; });
      return filters;
    }
    function run() {
      var words = input.value.trim();
      if (!words) { out.textContent = ""; return; }
      var load = pagefind ? Promise.resolve(pagefind) : import(form.getAttribute("data-pagefind")).then(function (m) { pagefind = m; return m; });
      load.then(function (pf) { return pf.search(words, {filters: facetFilters()}); })
        .then(function (found) { return Promise.all(found.results.slice(0, 30).map(function (r) { return r.data(); })); })
        .then(function (pages) {
          out.textContent = "";
          var note = document.createElement("p");
          note.textContent = pages.length + (pages.length === 1 ? " document" : " documents") + " found.";
          out.appendChild(note);
          var list = document.createElement("ol");
          pages.forEach(function (page) {
            var item = document.createElement("li"), link = document.createElement("a"), excerpt = document.createElement("p");
            link.href = page.url; link.textContent = (page.meta && page.meta.title) || page.url;
            excerpt.innerHTML = page.excerpt; /* Pagefind's excerpt: the page's own text, escaped, with <mark> */
            item.appendChild(link); item.appendChild(excerpt); list.appendChild(item);
          });
          out.appendChild(list);
        })
        .catch(function () {
          out.textContent = location.protocol === "file:"
            ? "Search needs the edition to be served over HTTP: run `python -m http.server` in the build folder and open http://localhost:8000/."
            : "The search index is missing: build with --search (pip install 'pagefind[bin]').";
        });
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    window.teiencodeSearch = function () { if (input.value.trim()) run(); };
  }

  function start() {
    if (document.body.classList.contains("view-parallel")) linkedReading();
    browse();
    search();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
