// synergy graph explorer. Input text reaches the page only through textContent (panels)
// and vis-network's tooltip (innerText); never through innerHTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("synergy-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var adjacency = {};
  data.nodes.forEach(function (n) { adjacency[n.id] = []; });
  data.edges.forEach(function (e) {
    if (e.candidate) return;
    adjacency[e.from].push(e.to);
    adjacency[e.to].push(e.from);
  });
  var candidatesByRank = {};
  data.candidates.forEach(function (c) { candidatesByRank[c.rank] = c; });

  // Presentation is derived here rather than repeated per node in the embedded data.
  var HALO = "rgba(214,39,40,0.85)";
  var FONT = { Region: 22, ValueChain: 16, Domain: 14, Cluster: 13 };
  var visNodes = data.nodes.map(function (n) {
    var top = n.cands.length > 0;
    // Actors of a candidate get only the halo: a heavy border would drown their small dots.
    var ring = top && n.kind !== "Actor";
    return {
      id: n.id, label: n.label, title: n.title, size: n.size,
      shape: data.shapes[n.kind] || "dot",
      color: {
        background: n.bg, border: ring ? "#222222" : "#555555",
        // Selection rings in red, so selected small dots keep their colour visible.
        highlight: { background: n.bg, border: "#d62728" },
        hover: { background: n.bg, border: "#000000" },
      },
      borderWidth: ring ? 3 : 1,
      // Bigger labels for the few nodes that orient a reader when zoomed out.
      font: { size: FONT[n.kind] || 11 },
      // A red halo marks the top candidates' partners whatever their fill colour.
      shadow: { enabled: top, color: HALO, size: 14, x: 0, y: 0 },
    };
  });
  var visEdges = data.edges.map(function (e) {
    var v = { id: e.id, from: e.from, to: e.to, title: e.title, width: e.width, candidate: !!e.candidate };
    if (e.candidate) {
      v.dashes = true;
      v.color = { color: "#d62728", opacity: 0.85 };
    }
    if (e.type === "NEXT") v.arrows = "to";
    return v;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var options = {
    autoResize: true,
    layout: { randomSeed: data.layout.seed, improvedLayout: data.layout.improvedLayout },
    physics: {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: data.layout.iterations, updateInterval: 50, fit: true },
    },
    interaction: { hover: true, tooltipDelay: 150, multiselect: true, hideEdgesOnDrag: data.nodes.length > 800 },
    nodes: { font: { size: 12, strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { smooth: false, selectionWidth: 2, color: { color: "#b0b0b0", opacity: 0.6 } },
  };
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);

  var explorer = {
    ready: false, network: network, nodes: nodes, edges: edges, data: data,
    selectNode: selectNode, selectCandidate: selectCandidate, applyFilters: applyFilters,
  };
  window.synergyExplorer = explorer;

  function freeze() {
    if (explorer.ready) return;
    // Physics off after stabilising: the layout stays put while people filter and search.
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    explorer.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  network.once("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);
  if (data.nodes.length === 0) freeze();

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // Notes (aggregation, focus)
  var notesBox = document.getElementById("notes");
  data.notes.forEach(function (t) { notesBox.appendChild(el("div", t, "note")); });

  // Legend
  var kindList = document.getElementById("legend-kinds");
  data.legend.kinds.forEach(function (k) {
    var li = el("li");
    var sw = el("span", null, "swatch" + (k.shape === "dot" ? " dot" : ""));
    sw.style.background = k.byRegion ? "linear-gradient(90deg,#1f77b4,#d62728,#2ca02c)" : k.color;
    li.appendChild(sw);
    li.appendChild(el("span", k.kind + " (" + k.shape + (k.byRegion ? ", colour = region" : "") + ")"));
    kindList.appendChild(li);
  });
  var regionLegend = document.getElementById("legend-regions");
  data.legend.regions.forEach(function (r) {
    var li = el("li");
    var sw = el("span", null, "swatch dot");
    sw.style.background = r.color;
    li.appendChild(sw);
    li.appendChild(el("span", r.name));
    regionLegend.appendChild(li);
  });

  // Details pane
  var details = document.getElementById("details");
  function showDetails(text) { details.textContent = text; }

  // Filters
  var regionBox = document.getElementById("filter-regions");
  data.legend.regions.forEach(function (r) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.value = r.id;
    box.className = "region-filter";
    box.addEventListener("change", applyFilters);
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + r.name));
    regionBox.appendChild(label);
  });
  function fillSelect(select, items) {
    items.forEach(function (it) {
      var o = el("option", it.name);
      o.value = it.id;
      select.appendChild(o);
    });
    select.addEventListener("change", applyFilters);
  }
  var domainSelect = document.getElementById("filter-domain");
  var chainSelect = document.getElementById("filter-chain");
  fillSelect(domainSelect, data.filters.domains);
  fillSelect(chainSelect, data.filters.chains);
  var candidateToggle = document.getElementById("show-candidate-links");
  candidateToggle.addEventListener("change", applyFilters);
  document.getElementById("regions-clear").addEventListener("click", function () {
    regionBox.querySelectorAll("input").forEach(function (b) { b.checked = false; });
    applyFilters();
  });
  document.getElementById("filters-reset").addEventListener("click", resetFilters);

  function resetFilters() {
    regionBox.querySelectorAll("input").forEach(function (b) { b.checked = false; });
    domainSelect.value = "";
    chainSelect.value = "";
    applyFilters();
  }

  function passes(list, wanted) {
    if (!wanted) return null;  // filter off
    if (list.length === 0) return undefined;  // context node: decided by its neighbours
    for (var i = 0; i < list.length; i++) if (wanted[list[i]]) return true;
    return false;
  }

  function applyFilters() {
    var regions = null;
    regionBox.querySelectorAll("input:checked").forEach(function (b) {
      regions = regions || {};
      regions[b.value] = true;
    });
    var domain = domainSelect.value ? {} : null;
    if (domain) domain[domainSelect.value] = true;
    var chain = chainSelect.value ? {} : null;
    if (chain) chain[chainSelect.value] = true;
    var visible = {};
    var context = [];
    data.nodes.forEach(function (n) {
      var results = [passes(n.regions, regions), passes(n.domains, domain), passes(n.chains, chain)];
      if (results.indexOf(false) >= 0) { visible[n.id] = false; return; }
      if (results.indexOf(undefined) >= 0) { context.push(n); return; }
      visible[n.id] = true;
    });
    // Context nodes (domains, stages, priorities...) stay when they touch a node the filters
    // kept; a value chain also when one of its (context) stages stays. Only one hop, so a
    // context node never pulls in further context.
    var kept = {};
    Object.keys(visible).forEach(function (id) { if (visible[id]) kept[id] = true; });
    function touches(n) { return adjacency[n.id].some(function (m) { return visible[m] === true; }); }
    context.forEach(function (n) { visible[n.id] = adjacency[n.id].some(function (m) { return kept[m]; }); });
    context.forEach(function (n) { if (n.kind === "ValueChain" && !visible[n.id]) visible[n.id] = touches(n); });
    var anyFilter = regions || domain || chain;
    var updates = [];
    var shown = 0;
    data.nodes.forEach(function (n) {
      var hide = anyFilter ? !visible[n.id] : false;
      if (!hide) shown++;
      if (nodes.get(n.id).hidden !== hide) updates.push({ id: n.id, hidden: hide });
    });
    nodes.update(updates);
    var candUpdates = [];
    var hideLinks = !candidateToggle.checked;
    edges.forEach(function (e) {
      if (e.candidate && Boolean(e.hidden) !== hideLinks) candUpdates.push({ id: e.id, hidden: hideLinks });
    });
    edges.update(candUpdates);
    document.getElementById("filter-status").textContent =
      anyFilter ? shown + " of " + data.nodes.length + " nodes shown" : "";
    if (explorer.ready) {
      var ids = data.nodes.filter(function (n) { return !nodes.get(n.id).hidden; }).map(function (n) { return n.id; });
      if (ids.length) network.fit({ nodes: ids, animation: false });
    }
  }

  function describeNode(n) { return n.title; }

  function selectNode(id) {
    var n = byId[id];
    if (!n) return false;
    if (nodes.get(id).hidden) resetFilters();
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showDetails(describeNode(n));
    return true;
  }
  network.on("click", function (params) {
    if (params.nodes.length === 1) showDetails(describeNode(byId[params.nodes[0]]));
    else if (params.edges.length === 1) showDetails(edges.get(params.edges[0]).title || "");
  });

  // Search
  var searchBox = document.getElementById("search");
  var results = document.getElementById("search-results");
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  data.nodes.forEach(function (n) { n._search = fold(n.name + " " + n.id + " " + n.key); });
  function matches(query) {
    var q = fold(query.trim());
    if (!q) return [];
    var starts = [], contains = [];
    data.nodes.forEach(function (n) {
      var name = fold(n.name);
      if (name.indexOf(q) === 0) starts.push(n);
      else if (n._search.indexOf(q) >= 0) contains.push(n);
    });
    return starts.concat(contains).slice(0, 15);
  }
  function renderResults() {
    results.textContent = "";
    matches(searchBox.value).forEach(function (n) {
      var li = el("li");
      var b = el("button", n.name + " (" + n.kind + ")");
      b.type = "button";
      b.setAttribute("data-node", n.id);
      b.addEventListener("click", function () { selectNode(n.id); });
      li.appendChild(b);
      results.appendChild(li);
    });
  }
  searchBox.addEventListener("input", renderResults);
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var found = matches(searchBox.value);
    if (found.length) selectNode(found[0].id);
    else showDetails("No node matches \u201c" + searchBox.value + "\u201d.");
  });

  // Candidates
  var list = document.getElementById("candidates");
  if (data.candidates.length === 0) list.appendChild(el("li", "No candidates in this view."));
  data.candidates.forEach(function (c) {
    var li = el("li");
    li.setAttribute("data-rank", String(c.rank));
    li.appendChild(el("div", "#" + c.rank + " " + c.kind + " \u00b7 " + c.score.toFixed(2), "head"));
    li.appendChild(el("div", c.evidence, "evidence"));
    li.addEventListener("click", function () { selectCandidate(c.rank); });
    list.appendChild(li);
  });

  function selectCandidate(rank) {
    var c = candidatesByRank[rank];
    if (!c) return false;
    list.querySelectorAll("li").forEach(function (li) {
      li.classList.toggle("active", li.getAttribute("data-rank") === String(rank));
    });
    var hidden = c.involves.some(function (id) { return nodes.get(id).hidden; });
    if (hidden) resetFilters();
    network.selectNodes(c.involves);
    if (c.involves.length) network.fit({ nodes: c.involves, animation: false });
    var lines = [
      "#" + c.rank + " " + c.kind + ", score " + c.score.toFixed(2),
      c.evidence,
      "regions: " + c.regions.join(", "),
    ];
    if (c.clusters.length) lines.push("clusters: " + c.clusters.join(", "));
    if (c.domains.length) lines.push("domains: " + c.domains.join(", "));
    if (c.chain_id) lines.push("value chain: " + c.chain_id);
    if (c.components) lines.push("components: " + c.components);
    lines.push("involves: " + c.involves.map(function (id) { return byId[id].name; }).join(", "));
    showDetails(lines.join("\n"));
    return true;
  }
})();
