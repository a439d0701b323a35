// synergy graph explorer. Input text reaches the page only through textContent (panels)
// and vis-network's tooltip (innerText); never through innerHTML.
//
// What is drawn: every node of a kind that is not folded, plus the children of the nodes a
// person opened. A folded node (an actor, a priority, a programme, a stage) is drawn as the
// node(s) standing for it (its cluster or region, its value chain), and its links move there:
// the picture at the level a person thinks in, with the detail one click away.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("synergy-data").textContent);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var candidatesByRank = {};
  data.candidates.forEach(function (c) { candidatesByRank[c.rank] = c; });
  var plainEdges = data.edges.filter(function (e) { return !e.candidate; });
  var candidateEdges = data.edges.filter(function (e) { return e.candidate; });
  // Children: the folded nodes a node stands for.
  var childrenOf = {};
  data.nodes.forEach(function (n) {
    n.parents.forEach(function (p) { (childrenOf[p] = childrenOf[p] || []).push(n.id); });
  });

  var folded = {};
  data.fold.start.forEach(function (k) { folded[k] = true; });
  var opened = {};  // node id -> its folded children are drawn

  // Presentation is derived here rather than repeated per node in the embedded data.
  var HALO = "rgba(214,39,40,0.85)";
  var FONT = { Region: 22, ValueChain: 16, Domain: 14, Cluster: 13 };
  // Smallest label on screen, in pixels, whatever the zoom: legible at 1280x720.
  var MIN_PX = { Region: 15, ValueChain: 13, Domain: 12, Cluster: 12 };
  var DIM = { background: "#eef0f3", border: "#d8dce1" };

  function visNode(n) {
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
      font: { size: FONT[n.kind] || 11, color: "#222222" },
      // A red halo marks the top candidates' partners whatever their fill colour.
      shadow: { enabled: top, color: HALO, size: 14, x: 0, y: 0 },
    };
  }

  // ---------------------------------------------------------------- what is drawn
  function drawnSelf(n) {
    if (!folded[n.kind]) return true;
    return n.parents.some(function (p) { return opened[p] && isDrawn(p); });
  }
  var drawnMemo = null;
  function isDrawn(id) {
    if (drawnMemo === null) drawnMemo = {};
    if (!(id in drawnMemo)) {
      drawnMemo[id] = false;  // guards against cycles while deciding
      drawnMemo[id] = drawnSelf(byId[id]);
    }
    return drawnMemo[id];
  }
  var repMemo = null;
  // The drawn nodes standing for a node (itself when drawn; none when nothing stands for it).
  function rep(id) {
    if (repMemo === null) repMemo = {};
    if (repMemo[id]) return repMemo[id];
    repMemo[id] = [];
    var out = [];
    if (isDrawn(id)) out = [id];
    else {
      var seen = {};
      byId[id].parents.forEach(function (p) {
        rep(p).forEach(function (r) { if (!seen[r]) { seen[r] = true; out.push(r); } });
      });
    }
    repMemo[id] = out;
    return out;
  }

  // The drawn edges: links between drawn nodes as they are, links of folded nodes moved to
  // the nodes standing for them (counted, never doubling a direct link), candidate links
  // between the drawn partners.
  function drawnEdges() {
    var out = [];
    var direct = {};
    var moved = {};
    plainEdges.forEach(function (e) {
      if (isDrawn(e.from) && isDrawn(e.to)) {
        out.push(e);
        direct[e.from + "|" + e.to] = direct[e.to + "|" + e.from] = true;
      }
    });
    plainEdges.forEach(function (e) {
      if (isDrawn(e.from) && isDrawn(e.to)) return;
      rep(e.from).forEach(function (a) {
        rep(e.to).forEach(function (b) {
          if (a === b || direct[a + "|" + b]) return;
          var key = a + "|" + b + "|" + e.type;
          var slot = moved[key];
          if (!slot) slot = moved[key] = { id: "f|" + key, from: a, to: b, type: e.type, count: 0, width: 1, title: e.type };
          slot.count += e.count || 1;
        });
      });
    });
    Object.keys(moved).sort().forEach(function (k) {
      var e = moved[k];
      e.width = Math.round((1 + Math.log(e.count)) * 100) / 100;
      e.title = e.type + (e.count > 1 ? "\n" + e.count + " links of folded nodes" : "\nlink of a folded node");
      out.push(e);
    });
    var cand = {};
    candidateEdges.forEach(function (e) {
      rep(e.from).forEach(function (a) {
        rep(e.to).forEach(function (b) {
          if (a === b) return;
          var key = a < b ? a + "|" + b : b + "|" + a;
          if (cand[key]) { cand[key].width = Math.max(cand[key].width, e.width); return; }
          cand[key] = { id: "c|" + key, from: a, to: b, type: e.type, candidate: true, ranks: e.ranks, width: e.width, title: e.title };
        });
      });
    });
    Object.keys(cand).sort().forEach(function (k) { out.push(cand[k]); });
    return out;
  }

  function visEdge(e) {
    var v = { id: e.id, from: e.from, to: e.to, title: e.title, width: e.width, candidate: !!e.candidate };
    if (e.candidate) {
      v.dashes = true;
      v.color = { color: "#d62728", opacity: 0.85 };
    } else {
      v.color = { color: "#b0b0b0", opacity: 0.6 };
    }
    if (e.type === "NEXT") v.arrows = "to";
    return v;
  }

  var current = { nodes: [], edges: [], adjacency: {} };
  function computeView() {
    drawnMemo = null;
    repMemo = null;
    var ids = data.nodes.filter(function (n) { return isDrawn(n.id); }).map(function (n) { return n.id; });
    var edgesNow = drawnEdges();
    var adjacency = {};
    ids.forEach(function (id) { adjacency[id] = []; });
    edgesNow.forEach(function (e) {
      if (e.candidate) return;
      adjacency[e.from].push(e.to);
      adjacency[e.to].push(e.from);
    });
    current = { nodes: ids, edges: edgesNow, adjacency: adjacency };
  }

  computeView();
  var nodes = new vis.DataSet(current.nodes.map(function (id) { return visNode(byId[id]); }));
  var edges = new vis.DataSet(current.edges.map(visEdge));
  var options = {
    autoResize: true,
    layout: { randomSeed: data.layout.seed, improvedLayout: data.layout.improvedLayout },
    physics: {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: data.layout.iterations, updateInterval: 50, fit: true },
    },
    interaction: { hover: true, tooltipDelay: 150, multiselect: true, hideEdgesOnDrag: current.nodes.length > 800 },
    nodes: { font: { size: 12, strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { smooth: false, selectionWidth: 2 },
  };
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var positions = {};  // last known position of nodes taken off the canvas

  var explorer = {
    ready: false, network: network, nodes: nodes, edges: edges, data: data,
    selectNode: selectNode, selectCandidate: selectCandidate, applyFilters: applyFilters,
    setFolded: setFolded, openNode: openNode, clearSelection: clearSelection,
    drawn: function () { return current.nodes.slice(); },
    undimmed: function () {
      return current.nodes.filter(function (id) { return !dimmed || !dimmed[id]; });
    },
    neighbours: function (id) { return (current.adjacency[id] || []).slice(); },
    parties: function (rank) { return partiesOf(candidatesByRank[rank]); },
  };
  window.synergyExplorer = explorer;

  function freeze() {
    if (explorer.ready) return;
    // Physics off after stabilising: the layout stays put while people filter and search.
    network.setOptions({ physics: { enabled: false } });
    network.fit({ animation: false });
    legibleLabels();
    explorer.ready = true;
    document.body.setAttribute("data-ready", "true");
  }
  network.once("stabilizationIterationsDone", freeze);
  network.once("stabilized", freeze);
  if (current.nodes.length === 0) freeze();

  // Labels keep a legible size on screen at any zoom (the canvas scales fonts with the zoom).
  var lastScale = null;
  function legibleLabels() {
    var scale = network.getScale();
    if (!scale || (lastScale && Math.abs(scale - lastScale) / lastScale < 0.05)) return;
    lastScale = scale;
    var updates = [];
    current.nodes.forEach(function (id) {
      var kind = byId[id].kind;
      var base = FONT[kind] || 11;
      var size = Math.min(Math.max(base, (MIN_PX[kind] || 11) / scale), 80);
      updates.push({ id: id, font: { size: Math.round(size * 10) / 10, color: dimmed && dimmed[id] ? "#b8bec6" : "#222222" } });
    });
    nodes.update(updates);
  }
  network.on("zoom", legibleLabels);

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // ---------------------------------------------------------------- notes, show, legend
  var KIND_WORD = { Actor: "actors", Priority: "priorities", Programme: "programmes", Stage: "stages", Project: "projects" };
  var notesBox = document.getElementById("notes");
  data.notes.forEach(function (t) { notesBox.appendChild(el("div", t, "note")); });
  if (data.fold.start.length) {
    var words = data.fold.start.map(function (k) { return KIND_WORD[k] || k; });
    // a small graph starts with only its projects folded: say that, not "opened at regions"
    var atClusters = data.fold.start.indexOf("Actor") >= 0;
    var opening = atClusters ?
      "Opened at regions, clusters, domains and value chains: " :
      "Opened with the " + words.join(", ") + " folded: ";
    notesBox.appendChild(el("div",
      opening + current.nodes.length + " of " +
      data.nodes.length + " nodes drawn. Tick Show for " + words.join(", ") +
      (atClusters ? ", or click a cluster for its actors." : "."), "note"));
  }

  var showBox = document.getElementById("show-kinds");
  data.fold.kinds.forEach(function (k) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.value = k;
    box.checked = !folded[k];
    box.className = "show-kind";
    box.addEventListener("change", function () { setFolded(k, !box.checked); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + (KIND_WORD[k] || k) + " (" + data.fold.counts[k] + ")"));
    showBox.appendChild(label);
  });
  if (!data.fold.kinds.length) showBox.appendChild(el("div", "everything is drawn", "note"));

  var kindList = document.getElementById("legend-kinds");
  data.legend.kinds.forEach(function (k) {
    var li = el("li");
    var sw = el("span", null, "swatch" + (k.shape === "dot" ? " dot" : ""));
    sw.style.background = k.byRegion ? "linear-gradient(90deg,#1f77b4,#d62728,#2ca02c)" : k.color;
    li.appendChild(sw);
    li.appendChild(el("span", k.kind + " (" + k.shape + ")" + (folded[k.kind] ? ", folded" : "")));
    li.setAttribute("data-kind", k.kind);
    kindList.appendChild(li);
  });
  var candKey = el("li", null, "wide");
  var dash = el("span", null, "swatch");
  dash.style.background = "repeating-linear-gradient(90deg,#d62728 0 3px,#fff 3px 5px)";
  candKey.appendChild(dash);
  candKey.appendChild(el("span", "candidate link; red halo: a listed candidate's partner"));
  kindList.appendChild(candKey);
  var regionLegend = document.getElementById("legend-regions");
  if (data.legend.regions.length) {
    regionLegend.appendChild(el("li", "Regions (their clusters and actors take their colour):", "wide head"));
  }
  data.legend.regions.forEach(function (r) {
    var li = el("li");
    var sw = el("span", null, "swatch dot");
    sw.style.background = r.color;
    li.appendChild(sw);
    li.appendChild(el("span", r.name));
    li.setAttribute("data-region", r.id);
    regionLegend.appendChild(li);
  });

  // ---------------------------------------------------------------- details
  var details = document.getElementById("details");
  var detailActions = document.getElementById("details-actions");
  function showDetails(text) {
    details.textContent = text;
    detailActions.textContent = "";
  }
  function offerOpen(id) {
    var kids = (childrenOf[id] || []).filter(function (c) { return !isDrawn(c); });
    if (!kids.length) return;
    var counts = {};
    kids.forEach(function (c) { var k = byId[c].kind; counts[k] = (counts[k] || 0) + 1; });
    var what = Object.keys(counts).sort().map(function (k) { return counts[k] + " " + (KIND_WORD[k] || k); });
    var b = el("button", "show its " + what.join(", "));
    b.type = "button";
    b.setAttribute("data-open", id);
    b.addEventListener("click", function () { openNode(id); });
    detailActions.appendChild(b);
  }

  // ---------------------------------------------------------------- syncing the canvas
  function place(id) {
    if (positions[id]) return positions[id];
    var ps = byId[id].parents.filter(function (p) { return current.adjacency[p] !== undefined; });
    var at = ps.length ? network.getPositions(ps) : {};
    var x = 0, y = 0, k = 0;
    Object.keys(at).forEach(function (p) { x += at[p].x; y += at[p].y; k++; });
    if (k) { x /= k; y /= k; }
    // Deterministic spread around the parent: the golden angle, growing radius.
    var i = (placed[ps[0]] = (placed[ps[0]] || 0) + 1);
    var angle = i * 2.39996;
    var radius = 45 + 9 * Math.sqrt(i);
    return { x: x + radius * Math.cos(angle), y: y + radius * Math.sin(angle) };
  }
  var placed = {};

  function sync() {
    var before = {};
    nodes.getIds().forEach(function (id) { before[id] = true; });
    computeView();
    var now = {};
    current.nodes.forEach(function (id) { now[id] = true; });
    var gone = Object.keys(before).filter(function (id) { return !now[id]; });
    if (gone.length) {
      var at = network.getPositions(gone);
      gone.forEach(function (id) { positions[id] = at[id]; });
      nodes.remove(gone);
    }
    var added = current.nodes.filter(function (id) { return !before[id]; }).map(function (id) {
      var v = visNode(byId[id]);
      var p = place(id);
      v.x = p.x; v.y = p.y;
      return v;
    });
    if (added.length) nodes.add(added);
    edges.clear();
    edges.add(current.edges.map(visEdge));
    lastScale = null;
    applyFilters(true);
    legibleLabels();
  }

  function setFolded(kind, value) {
    folded[kind] = !!value;
    if (value) Object.keys(opened).forEach(function (id) { if (byId[id] && (childrenOf[id] || []).some(function (c) { return byId[c].kind === kind; })) delete opened[id]; });
    document.querySelectorAll("input.show-kind").forEach(function (b) { if (b.value === kind) b.checked = !value; });
    clearSelection();
    sync();
  }

  function openNode(id) {
    if (!byId[id]) return false;
    opened[id] = true;
    sync();
    if (isDrawn(id)) selectNode(id);
    return true;
  }

  // ---------------------------------------------------------------- filters
  var regionBox = document.getElementById("filter-regions");
  data.legend.regions.forEach(function (r) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.value = r.id;
    box.className = "region-filter";
    box.addEventListener("change", function () { applyFilters(); });
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
    select.addEventListener("change", function () { applyFilters(); });
  }
  var domainSelect = document.getElementById("filter-domain");
  var chainSelect = document.getElementById("filter-chain");
  fillSelect(domainSelect, data.filters.domains);
  fillSelect(chainSelect, data.filters.chains);
  var candidateToggle = document.getElementById("show-candidate-links");
  candidateToggle.addEventListener("change", function () { applyFilters(); });
  document.getElementById("regions-clear").addEventListener("click", function () {
    regionBox.querySelectorAll("input").forEach(function (b) { b.checked = false; });
    applyFilters();
  });
  document.getElementById("filters-reset").addEventListener("click", function () { resetFilters(); });

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

  function applyFilters(keepView) {
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
    current.nodes.forEach(function (id) {
      var n = byId[id];
      var results = [passes(n.regions, regions), passes(n.domains, domain), passes(n.chains, chain)];
      if (results.indexOf(false) >= 0) { visible[id] = false; return; }
      if (results.indexOf(undefined) >= 0) { context.push(n); return; }
      visible[id] = true;
    });
    // Context nodes (domains, stages, priorities...) stay when they touch a node the filters
    // kept; a value chain also when one of its (context) stages stays. Only one hop, so a
    // context node never pulls in further context.
    var kept = {};
    Object.keys(visible).forEach(function (id) { if (visible[id]) kept[id] = true; });
    function touches(n) { return current.adjacency[n.id].some(function (m) { return visible[m] === true; }); }
    context.forEach(function (n) { visible[n.id] = current.adjacency[n.id].some(function (m) { return kept[m]; }); });
    context.forEach(function (n) { if (n.kind === "ValueChain" && !visible[n.id]) visible[n.id] = touches(n); });
    var anyFilter = regions || domain || chain;
    var updates = [];
    var shown = 0;
    current.nodes.forEach(function (id) {
      var hide = anyFilter ? !visible[id] : false;
      if (!hide) shown++;
      if (Boolean(nodes.get(id).hidden) !== hide) updates.push({ id: id, hidden: hide });
    });
    nodes.update(updates);
    var candUpdates = [];
    var hideLinks = !candidateToggle.checked;
    edges.forEach(function (e) {
      if (e.candidate && Boolean(e.hidden) !== hideLinks) candUpdates.push({ id: e.id, hidden: hideLinks });
    });
    edges.update(candUpdates);
    document.getElementById("filter-status").textContent =
      anyFilter ? shown + " of " + current.nodes.length + " nodes shown" : "";
    if (explorer.ready && keepView !== true) {
      var ids = current.nodes.filter(function (id) { return !nodes.get(id).hidden; });
      if (ids.length) network.fit({ nodes: ids, animation: false });
      legibleLabels();
    }
  }

  // ---------------------------------------------------------------- dimming
  var dimmed = null;  // id -> true while a candidate is in focus
  function setDimmed(keep) {
    dimmed = null;
    if (keep) {
      dimmed = {};
      current.nodes.forEach(function (id) { if (!keep[id]) dimmed[id] = true; });
    }
    var updates = current.nodes.map(function (id) {
      var v = visNode(byId[id]);
      var font = nodes.get(id).font || v.font;
      if (dimmed && dimmed[id]) {
        return { id: id, color: { background: DIM.background, border: DIM.border,
          highlight: DIM, hover: DIM }, shadow: { enabled: false }, borderWidth: 1,
          font: { size: font.size, color: "#b8bec6" } };
      }
      return { id: id, color: v.color, shadow: v.shadow, borderWidth: v.borderWidth,
        font: { size: font.size, color: "#222222" } };
    });
    nodes.update(updates);
    edges.update(edges.get().map(function (e) {
      var faint = dimmed && (dimmed[e.from] || dimmed[e.to]);
      var base = e.candidate ? { color: "#d62728", opacity: 0.85 } : { color: "#b0b0b0", opacity: 0.6 };
      return { id: e.id, color: faint ? { color: "#e4e6ea", opacity: 0.35 } : base };
    }));
  }

  function clearSelection() {
    if (dimmed) setDimmed(null);
    network.unselectAll();
    list.querySelectorAll("li.active").forEach(function (li) { li.classList.remove("active"); });
    showDetails("Click a node or a candidate.");
  }
  document.getElementById("clear-selection").addEventListener("click", clearSelection);

  // ---------------------------------------------------------------- nodes
  function describeNode(n) {
    var text = n.title;
    if (!isDrawn(n.id)) text += "\n(folded: drawn as " + rep(n.id).map(function (r) { return byId[r].name; }).join(", ") + ")";
    return text;
  }

  function selectNode(id) {
    var n = byId[id];
    if (!n) return false;
    if (!isDrawn(id)) {
      n.parents.forEach(function (p) { opened[p] = true; });
      if (folded[n.kind] && !n.parents.length) setFolded(n.kind, false);
      else sync();
    }
    if (!isDrawn(id)) return false;
    if (nodes.get(id).hidden) resetFilters();
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    legibleLabels();
    showDetails(describeNode(n));
    offerOpen(id);
    return true;
  }
  network.on("click", function (params) {
    if (params.nodes.length === 1) {
      var id = params.nodes[0];
      if (dimmed) setDimmed(null);
      showDetails(describeNode(byId[id]));
      offerOpen(id);
    } else if (params.edges.length === 1) {
      showDetails(edges.get(params.edges[0]).title || "");
    } else if (dimmed) {
      clearSelection();
    }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length === 1) openNode(params.nodes[0]);
  });

  // ---------------------------------------------------------------- search
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

  // ---------------------------------------------------------------- candidates
  var list = document.getElementById("candidates");
  if (data.candidates.length === 0) list.appendChild(el("li", "No candidates in this view."));
  data.candidates.forEach(function (c) {
    var li = el("li");
    li.setAttribute("data-rank", String(c.rank));
    li.appendChild(el("div", c.label + " \u00b7 " + c.score.toFixed(2), "head"));
    if (c.title) li.appendChild(el("div", c.title, "who"));
    li.appendChild(el("div", c.evidence, "evidence"));
    li.addEventListener("click", function () { selectCandidate(c.rank); });
    list.appendChild(li);
  });

  function partiesOf(c) {
    if (!c) return [];
    var seen = {}, out = [];
    c.involves.forEach(function (id) {
      if (!byId[id]) return;
      rep(id).forEach(function (r) { if (!seen[r]) { seen[r] = true; out.push(r); } });
    });
    return out;
  }

  // A candidate in focus: its parties (as drawn) and their direct neighbours stay, everything
  // else is dimmed, and the view zooms to the parties.
  function selectCandidate(rank) {
    var c = candidatesByRank[rank];
    if (!c) return false;
    list.querySelectorAll("li").forEach(function (li) {
      li.classList.toggle("active", li.getAttribute("data-rank") === String(rank));
    });
    var parties = partiesOf(c);
    if (parties.some(function (id) { return nodes.get(id).hidden; })) resetFilters();
    var keep = {};
    parties.forEach(function (id) {
      keep[id] = true;
      current.adjacency[id].forEach(function (m) { keep[m] = true; });
    });
    setDimmed(keep);
    network.selectNodes(parties);
    if (parties.length) network.fit({ nodes: parties, animation: false });
    if (network.getScale() > 1.6) network.moveTo({ scale: 1.6, animation: false });
    legibleLabels();
    var lines = [
      c.label + ", score " + c.score.toFixed(2) + (c.title ? ": " + c.title : ""),
      c.evidence,
      "regions: " + c.regions.join(", "),
    ];
    if (c.clusters.length) lines.push("clusters: " + c.clusters.join(", "));
    if (c.domains.length) lines.push("domains: " + c.domains.join(", "));
    if (c.chain_id) lines.push("value chain: " + c.chain_id);
    if (c.components) lines.push("components: " + c.components);
    lines.push("involves: " + c.involves.filter(function (id) { return byId[id]; }).map(function (id) { return byId[id].name; }).join(", "));
    lines.push("rank " + c.rank + " in pairings.csv");
    showDetails(lines.join("\n"));
    return true;
  }
})();
