// Shafaf search: filters the search page's list of links as the reader types, over titles, ids
// and the pages' prose (narratives, decisions, notes), and shows the matching words in context.
// The page works without this script (it is then a plain list of every page). The folding
// table comes from the index, built by src/render/search.rs, so both sides fold alike; a large
// site's index comes in shards (`more`), each searched as it arrives.
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

  // As normalize, keeping for each folded character the index of the original one it came
  // from, so that a match in the folded text can be highlighted in the original.
  function foldWithMap(text, fold) {
    var folded = "";
    var from = [];
    var chars = Array.from(String(text));
    var pos = 0;
    var space = true;
    chars.forEach(function (ch) {
      var at = pos;
      pos += ch.length;
      if (/\s/.test(ch)) {
        if (!space) { folded += " "; from.push(at); }
        space = true;
        return;
      }
      space = false;
      var lower = ch.toLowerCase();
      var out = "";
      for (var c of lower) out += Object.prototype.hasOwnProperty.call(fold, c) ? fold[c] : c;
      for (var k = 0; k < out.length; k++) from.push(at);
      folded += out;
    });
    from.push(pos);
    return { folded: folded, from: from };
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
    globalThis.shafafSearch = { normalize: normalize, matches: matches, digits: digits, foldWithMap: foldWithMap };
    return;
  }

  var script = document.currentScript;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var list = document.getElementById("search-list");
  var status = document.getElementById("search-status");
  if (!script || !form || !input || !list || !status) return;
  var items = Array.prototype.slice.call(list.querySelectorAll("li[data-u]"));

  // "3 matching pages" in the page's language: the plural category of n comes from the index
  // (CLDR rules, computed by the site generator), as runs [first count, category].
  function countText(index, n) {
    var category = "other";
    ((index && index.plural) || []).forEach(function (r) { if (n >= r[0]) category = r[1]; });
    var forms = (index && index.results) || {};
    var form = forms[category] || forms.other || "{n}";
    return form.replace("{n}", digits(n, status.getAttribute("data-digits")));
  }

  // A line of the page's prose around the first word of the query, the match in <mark>.
  function snippet(li, body, words) {
    var box = li.querySelector(".snippet");
    if (box) box.remove();
    if (!body || words.length === 0) return;
    var at = body.map.folded.indexOf(words[0]);
    if (at === -1) return;
    var start = body.map.from[at];
    var end = body.map.from[at + words[0].length];
    var text = body.text;
    var from = Math.max(0, start - 60);
    var to = Math.min(text.length, end + 90);
    box = document.createElement("span");
    box.className = "snippet";
    box.appendChild(document.createTextNode((from > 0 ? "…" : "") + text.slice(from, start)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(start, end);
    box.appendChild(mark);
    box.appendChild(document.createTextNode(text.slice(end, to) + (to < text.length ? "…" : "")));
    li.appendChild(box);
  }

  function start(index) {
    var fold = (index && index.fold) || {};
    var bodies = {};
    var at = {};
    items.forEach(function (li, k) { at[li.getAttribute("data-u")] = k; });
    // Until its shard arrives, a page is found by what the list shows of it.
    var hay = items.map(function (li) { return normalize(li.textContent, fold); });
    // A long list goes on several pages; the pages of the index that this one does not list
    // are added to it, hidden until a query finds them.
    var base = script.getAttribute("data-index");
    var root = base.slice(0, base.lastIndexOf("/") + 1);
    var elsewhere = {};
    function item(p) {
      var li = document.createElement("li");
      li.setAttribute("data-u", p.u);
      li.hidden = true;
      var a = document.createElement("a");
      a.href = root + p.u;
      a.textContent = p.t;
      li.appendChild(a);
      if (p.x) {
        var x = document.createElement("span");
        x.className = "excerpt";
        x.textContent = p.x;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(x);
      }
      list.appendChild(li);
      elsewhere[p.u] = true;
      at[p.u] = items.length;
      items.push(li);
      hay.push("");
      return at[p.u];
    }
    // Adds the pages of one file of the index (the first one, then each further shard).
    function add(pages) {
      (pages || []).forEach(function (p) {
        var k = at[p.u];
        if (k === undefined) k = item(p);
        hay[k] = normalize([p.t, p.i || "", p.x || "", p.b || ""].join(" "), fold);
        if (p.b) bodies[p.u] = { text: p.b, map: foldWithMap(p.b, fold) };
      });
    }
    add(index && index.pages);
    function update() {
      var q = normalize(input.value, fold);
      var words = q.split(" ").filter(Boolean);
      var n = 0;
      items.forEach(function (li, k) {
        var show = q === "" ? !elsewhere[li.getAttribute("data-u")] : matches(hay[k], q);
        li.hidden = !show;
        if (show) n++;
        snippet(li, show && q !== "" ? bodies[li.getAttribute("data-u")] : null, words);
      });
      if (q !== "") {
        status.textContent = n === 0 ? status.getAttribute("data-none") : countText(index, n);
      }
    }
    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    input.addEventListener("input", update);
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; update(); }
    // Further shards, one after the other: results grow as each arrives.
    ((index && index.more) || []).reduce(function (done, route) {
      return done
        .then(function () { return fetch(new URL(route, new URL(base, window.location.href))); })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (shard) { add(shard.pages); if (input.value) update(); });
    }, Promise.resolve()).catch(function () {});
  }

  fetch(script.getAttribute("data-index"))
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(start, function () { start(null); });
})();
