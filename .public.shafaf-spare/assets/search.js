// Shafaf search: filters the search page's list of links as the reader types.
// The page works without this script (it is then a plain list of every page). The folding
// table comes from the index, built by src/render/search.rs, so both sides fold alike.
(function () {
  "use strict";

  // Lower case, fold each character through the table (mapped to "" = removed), collapse spaces.
  function normalize(text, fold) {
    var out = "";
    for (var ch of String(text).toLowerCase()) {
      out += Object.prototype.hasOwnProperty.call(fold, ch) ? fold[ch] : ch;
    }
    return out.split(/\s+/).filter(Boolean).join(" ");
  }

  // Does the folded haystack contain every word of the folded query?
  function matches(haystack, query) {
    var words = query.split(" ").filter(Boolean);
    return words.every(function (w) { return haystack.indexOf(w) !== -1; });
  }

  // A count in the page's digits (data-digits="arab": Arabic-Indic).
  function digits(n, system) {
    var s = String(n);
    return system === "arab" ? s.replace(/[0-9]/g, function (d) { return "٠١٢٣٤٥٦٧٨٩"[+d]; }) : s;
  }

  if (typeof document === "undefined") {
    // Loaded outside a browser (the Node test): expose the functions only.
    globalThis.shafafSearch = { normalize: normalize, matches: matches, digits: digits };
    return;
  }

  var script = document.currentScript;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-list");
  var status = document.getElementById("search-status");
  if (!script || !form || !input || !list || !status) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("li[data-u]"));

  function start(index) {
    var fold = (index && index.fold) || {};
    var text = {};
    ((index && index.pages) || []).forEach(function (p) {
      text[p.u] = [p.t, p.i || "", p.x || ""].join(" ");
    });
    var hay = items.map(function (li) {
      var u = li.getAttribute("data-u");
      return normalize(text[u] !== undefined ? text[u] : li.textContent, fold);
    });
    function update() {
      var q = normalize(input.value, fold);
      var n = 0;
      items.forEach(function (li, k) {
        var show = q === "" || matches(hay[k], q);
        li.hidden = !show;
        if (show) n++;
      });
      if (q !== "") {
        status.textContent = n === 0
          ? status.getAttribute("data-none")
          : status.getAttribute("data-results").replace("{n}", digits(n, status.getAttribute("data-digits")));
      }
    }
    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    input.addEventListener("input", update);
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; update(); }
  }

  fetch(script.getAttribute("data-index"))
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(start, function () { start(null); });
})();
