/* kg viz: draws the study graph embedded in #kg-data with vis-network, with a legend that
   filters by kind, a search box and a details panel. Every string from the study is data:
   it reaches the DOM only through textContent or vis-network's text tooltips, never as markup. */
(function () {
  "use strict";
  var t0 = performance.now();
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var SVG = "http://www.w3.org/2000/svg";
  var LABEL_MAX = 48, INSIDE_MAX = 24;  // label-inside shapes grow with their label: keep it short
  var INSIDE = {box: 1, ellipse: 1, circle: 1, database: 1, text: 1};
  var kg = window.kgViz = {data: DATA, ready: false, readyAt: null,
                           expected: {nodes: DATA.nodes.length, edges: DATA.edges.length},
                           timings: {start: t0, parsed: performance.now()}};

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function byId(id) { return document.getElementById(id); }

  // case-, accent- and dotted/dotless-i-insensitive form for search: "İstanbul", "ISTANBUL",
  // "ıstanbul" and "istanbul" all fold to "istanbul", "Örki" to "orki", "Ёлкин" to "елкин";
  // Kazakh letters that are letters of their own (Қ Ғ Ү Ұ Ө Ң Һ І Ә) match only themselves
  function fold(s) {
    return String(s).toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/\u0131/g, "i").normalize("NFC");
  }
  kg.fold = fold;
  function shorten(s, max) {
    s = String(s);
    return s.length > max ? s.slice(0, max - 1).trimEnd() + "\u2026" : s;
  }

  var kindOf = {}, kindInfo = {}, kindCount = {}, edgeCount = {};
  DATA.kinds.forEach(function (k) { kindInfo[k.name] = k; kindCount[k.name] = 0; });
  DATA.edgeKinds.forEach(function (k) { edgeCount[k.name] = 0; });

  function tooltip(n) {
    var lines = [kindInfo[n.k].label + ": " + n.l];
    n.d.forEach(function (row) { if (row[0] !== "id") lines.push(row[0] + ": " + row[1]); });
    return lines.join("\n");
  }

  var nodeItems = DATA.nodes.map(function (n) {
    kindOf[n.id] = n.k;
    kindCount[n.k] += 1;
    var item = {id: n.id, label: shorten(n.l, INSIDE[kindInfo[n.k].shape] ? INSIDE_MAX : LABEL_MAX), group: n.k,
                title: tooltip(n)};
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  });
  var searchText = DATA.nodes.map(function (n) { return fold(n.l + "\n" + n.id); });
  // A large graph (laid out in Python, physics off) is drawn lean so it shows within seconds:
  // dashed lines cost ~5x the drawing time of solid ones in Chromium's canvas, and edge labels and
  // wrapped node labels are measured for every item; so there edge kinds differ by colour only,
  // edge labels are set when asked for, and the view is placed from the known bounds, not fitted.
  var large = !!DATA.large;
  var edgeItems = DATA.edges.map(function (e, i) {
    var k = DATA.edgeKinds[e[2]];
    edgeCount[k.name] += 1;
    var title = k.name + ": " + e[0] + " \u2192 " + e[1] + (e[3] ? "\n" + e[3] : "");
    var item = {id: i, from: e[0], to: e[1], kind: k.name, title: title,
                color: {color: k.color, highlight: k.color, hover: k.color}, width: k.width};
    if (!large) { item.label = k.name; item.dashes = k.dashes.length ? k.dashes : false; }
    return item;
  });
  var centre = {};
  (DATA.centres || []).forEach(function (id) { centre[id] = true; });
  nodeItems.forEach(function (item) {
    if (centre[item.id]) {
      item.borderWidth = 4; item.size = kindInfo[item.group].size * 1.6;
      item.font = {size: Math.max(kindInfo[item.group].font, 18) * 1.3, color: "#000000"};
    }
  });
  var nodeIndex = {};
  DATA.nodes.forEach(function (n, i) { nodeIndex[n.id] = i; });

  var shownKinds = {}, shownEdgeKinds = {};
  DATA.kinds.forEach(function (k) { shownKinds[k.name] = true; });
  DATA.edgeKinds.forEach(function (k) { shownEdgeKinds[k.name] = true; });

  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var nodeView = new vis.DataView(nodes, {filter: function (n) { return shownKinds[n.group]; }});
  var edgeView = new vis.DataView(edges, {filter: function (e) {
    return shownEdgeKinds[e.kind] && shownKinds[kindOf[e.from]] && shownKinds[kindOf[e.to]];
  }});

  var groups = {};
  DATA.kinds.forEach(function (k) {
    var g = {shape: k.shape, size: k.size, color: {background: k.color, border: "#333333",
             highlight: {background: k.color, border: "#000000"}, hover: {background: k.color, border: "#000000"}}};
    g.font = {size: k.font};
    if (INSIDE[k.shape]) {
      g.font = {size: k.font, color: k.name === "institutions" || k.name === "research_questions" ? "#ffffff" : "#111111",
                strokeWidth: 0};
      if (!large) g.widthConstraint = {maximum: 130};
    }
    if (k.dashed) { g.shapeProperties = {borderDashes: [3, 2]}; g.borderWidth = 2.5; g.color.border = "#7a1f4f"; }
    groups[k.name] = g;
  });
  var options = {
    groups: groups,
    nodes: {font: {size: 14, face: "system-ui, 'DejaVu Sans', sans-serif", strokeWidth: 3, strokeColor: "#ffffff"},
            borderWidth: 1, widthConstraint: large ? false : {maximum: 200}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}, selectionWidth: 2, hoverWidth: 0.5,
            font: {size: DATA.edgeLabels ? 10 : 0, align: "middle", color: "#444444", strokeWidth: 3, strokeColor: "#ffffff"},
            smooth: large ? false : {enabled: true, type: "continuous", roundness: 0.3}},
    interaction: {hover: !large, tooltipDelay: 120, hideEdgesOnDrag: large, hideEdgesOnZoom: large, navigationButtons: false,
                  keyboard: {enabled: true, bindToWindow: false}, multiselect: true},
    layout: {improvedLayout: false, randomSeed: 7},
    physics: DATA.physics ? {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -110, centralGravity: 0.012, springLength: 110, springConstant: 0.05,
                         damping: 0.6, avoidOverlap: 0.8},
      stabilization: {enabled: true, iterations: 150, updateInterval: 50, fit: true},
      minVelocity: 1.5
    } : {enabled: false}
  };

  kg.timings.prepared = performance.now();
  var container = byId("kg-net");
  var network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, options);
  kg.timings.network = performance.now();
  kg.network = network; kg.nodes = nodes; kg.edges = edges; kg.nodeView = nodeView; kg.edgeView = edgeView;

  var settled = !DATA.physics;
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    settled = true;
    network.fit({animation: false});
  });
  function markReady() {
    if (kg.ready) return;
    kg.ready = true;
    kg.readyAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  }
  network.on("afterDrawing", function () { if (settled) markReady(); });
  if (!DATA.nodes.length) markReady();  // nothing to draw: vis-network may never draw
  function placeView() {
    // fit() measures every node's label; the bounds of a Python layout are known already
    var b = DATA.bounds, w = container.clientWidth || 800, h = container.clientHeight || 600;
    var scale = Math.min(w / Math.max(b[2] - b[0] + 80, 1), h / Math.max(b[3] - b[1] + 80, 1));
    network.moveTo({position: {x: (b[0] + b[2]) / 2, y: (b[1] + b[3]) / 2}, scale: scale, animation: false});
  }
  kg.placeView = placeView;
  if (!DATA.physics) { if (DATA.bounds) placeView(); else network.fit({animation: false}); }

  // -- legend and filters -------------------------------------------------------------------

  function swatch(shape, color, dashes, dashedBorder) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "22"); svg.setAttribute("height", "16"); svg.setAttribute("aria-hidden", "true");
    var s;
    if (dashes !== undefined) {
      s = document.createElementNS(SVG, "line");
      s.setAttribute("x1", "1"); s.setAttribute("y1", "8"); s.setAttribute("x2", "21"); s.setAttribute("y2", "8");
      s.setAttribute("stroke", color); s.setAttribute("stroke-width", "3");
      if (dashes.length) s.setAttribute("stroke-dasharray", dashes.join(" "));
    } else {
      var polys = {hexagon: "6,1 16,1 21,8 16,15 6,15 1,8", triangle: "11,1 21,15 1,15", triangleDown: "1,1 21,1 11,15",
                   diamond: "11,0 20,8 11,16 2,8", square: "4,1 18,1 18,15 4,15",
                   star: "11,0 13.5,5.5 20,6 15,10.5 16.5,16 11,13 5.5,16 7,10.5 2,6 8.5,5.5"};
      if (polys[shape]) {
        s = document.createElementNS(SVG, "polygon"); s.setAttribute("points", polys[shape]);
      } else if (shape === "box" || shape === "database") {
        s = document.createElementNS(SVG, "rect");
        s.setAttribute("x", "1"); s.setAttribute("y", "3"); s.setAttribute("width", "20"); s.setAttribute("height", "10");
        s.setAttribute("rx", shape === "box" ? "2" : "5");
      } else if (shape === "text") {
        s = document.createElementNS(SVG, "text");
        s.setAttribute("x", "2"); s.setAttribute("y", "13"); s.setAttribute("font-size", "13"); s.setAttribute("font-weight", "bold");
        s.textContent = "Aa";
      } else {
        s = document.createElementNS(SVG, "ellipse");
        s.setAttribute("cx", "11"); s.setAttribute("cy", "8"); s.setAttribute("ry", "7");
        s.setAttribute("rx", shape === "ellipse" ? "10" : "7");
      }
      s.setAttribute("fill", color);
      if (shape !== "text") { s.setAttribute("stroke", "#333333"); s.setAttribute("stroke-width", "1"); }
      if (dashedBorder) { s.setAttribute("stroke", "#7a1f4f"); s.setAttribute("stroke-width", "2"); s.setAttribute("stroke-dasharray", "3 2"); }
    }
    svg.appendChild(s);
    return svg;
  }

  function refresh() {
    if (settled && !byId("kg-physics").checked) {
      // keep where the drawn nodes are, so hidden ones come back where they were; vis-network's
      // storePositions() fails on nodes a DataView hides, hence by hand
      var pos = network.getPositions();
      nodes.update(Object.keys(pos).map(function (id) { return {id: id, x: pos[id].x, y: pos[id].y}; }));
    }
    nodeView.refresh();
    edgeView.refresh();
    byId("kg-shown").textContent = String(nodeView.length);
    byId("kg-shown-edges").textContent = String(edgeView.length);
  }
  kg.setKind = function (name, on) {
    shownKinds[name] = !!on;
    var box = byId("kg-kind-" + name);
    if (box) box.checked = !!on;
    refresh();
  };
  kg.setEdgeKind = function (name, on) {
    shownEdgeKinds[name] = !!on;
    var box = byId("kg-edge-" + name.replace(/ /g, "-"));
    if (box) box.checked = !!on;
    refresh();
  };

  function legendItem(list, id, text, count, sw, onChange, title) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox"; box.id = id; box.checked = true;
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box); label.appendChild(sw); label.appendChild(el("span", text));
    label.appendChild(el("span", count, "kg-count"));
    if (title) label.title = title;
    li.appendChild(label);
    list.appendChild(li);
  }
  DATA.kinds.forEach(function (k) {
    if (!kindCount[k.name]) return;
    legendItem(byId("kg-kinds"), "kg-kind-" + k.name, k.label, kindCount[k.name], swatch(k.shape, k.color, undefined, k.dashed),
               function (on) { kg.setKind(k.name, on); });
  });
  DATA.edgeKinds.forEach(function (k) {
    if (!edgeCount[k.name]) return;
    legendItem(byId("kg-edge-kinds"), "kg-edge-" + k.name.replace(/ /g, "-"), k.name, edgeCount[k.name],
               swatch("line", k.color, large ? [] : k.dashes), function (on) { kg.setEdgeKind(k.name, on); }, k.doc);
  });
  byId("kg-all-kinds").addEventListener("click", function () {
    DATA.kinds.forEach(function (k) { shownKinds[k.name] = true; var b = byId("kg-kind-" + k.name); if (b) b.checked = true; });
    refresh();
  });
  byId("kg-no-kinds").addEventListener("click", function () {
    DATA.kinds.forEach(function (k) { shownKinds[k.name] = false; var b = byId("kg-kind-" + k.name); if (b) b.checked = false; });
    refresh();
  });

  var labelsBox = byId("kg-edge-labels");
  labelsBox.checked = !!DATA.edgeLabels;
  var labelsSet = !large;
  labelsBox.addEventListener("change", function () {
    if (labelsBox.checked && !labelsSet) {
      edges.update(edgeItems.map(function (e) { return {id: e.id, label: e.kind}; }));
      labelsSet = true;
    }
    network.setOptions({edges: {font: {size: labelsBox.checked ? 10 : 0}}});
  });
  var physicsBox = byId("kg-physics");
  physicsBox.checked = false;
  physicsBox.addEventListener("change", function () {
    network.setOptions({physics: physicsBox.checked ? {enabled: true, stabilization: false} : {enabled: false}});
  });
  byId("kg-fit").addEventListener("click", function () {
    if (large && DATA.bounds && nodeView.length === DATA.nodes.length) placeView(); else network.fit({animation: false});
  });

  // -- details ----------------------------------------------------------------------------------

  var details = byId("kg-details");
  function clearDetails() {
    while (details.childNodes.length > 1) details.removeChild(details.lastChild);
  }
  function showNode(id) {
    var n = DATA.nodes[nodeIndex[id]];
    if (!n) return;
    clearDetails();
    var head = el("p", kindInfo[n.k].label, "kg-kind");
    head.insertBefore(swatch(kindInfo[n.k].shape, kindInfo[n.k].color, undefined, kindInfo[n.k].dashed), head.firstChild);
    details.appendChild(head);
    details.appendChild(el("h3", n.l, "kg-label"));
    var dl = el("dl");
    n.d.forEach(function (row) { dl.appendChild(el("dt", row[0])); dl.appendChild(el("dd", row[1])); });
    details.appendChild(dl);
    if (n.u) {
      var ul = el("ul", null, "kg-links");
      n.u.forEach(function (link) {
        if (!/^https?:\/\/[^\s]+$/i.test(link[1])) return;
        var a = el("a", link[0]);
        a.href = link[1]; a.target = "_blank"; a.rel = "noopener noreferrer";
        var li = el("li"); li.appendChild(a); ul.appendChild(li);
      });
      details.appendChild(ul);
    }
    var near = el("p", network.getConnectedNodes(id).length + " connected nodes shown", "kg-hint");
    details.appendChild(near);
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    clearDetails();
    details.appendChild(el("p", "edge", "kg-kind"));
    details.appendChild(el("h3", e.kind, "kg-label"));
    var dl = el("dl");
    [["from", DATA.nodes[nodeIndex[e.from]].l], ["to", DATA.nodes[nodeIndex[e.to]].l],
     ["note", DATA.edges[id][3] || ""]].forEach(function (row) {
      if (!row[1]) return;
      dl.appendChild(el("dt", row[0])); dl.appendChild(el("dd", row[1]));
    });
    details.appendChild(dl);
  }
  kg.showNode = showNode;
  network.on("click", function (params) {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // -- search -------------------------------------------------------------------------------

  var RESULTS_MAX = 30;
  kg.search = function (query) {
    var q = fold(query).trim();
    if (!q) return [];
    var found = [];
    for (var i = 0; i < searchText.length; i++) if (searchText[i].indexOf(q) >= 0) found.push(DATA.nodes[i].id);
    return found;
  };
  function goTo(id) {
    if (!shownKinds[kindOf[id]]) kg.setKind(kindOf[id], true);
    network.selectNodes([id]);
    network.focus(id, {scale: Math.max(network.getScale(), 1.0), animation: false});
    showNode(id);
  }
  kg.goTo = goTo;
  var searchBox = byId("kg-search"), resultList = byId("kg-results"), countLine = byId("kg-search-count");
  var pending = null;
  function runSearch() {
    pending = null;
    while (resultList.firstChild) resultList.removeChild(resultList.firstChild);
    var ids = kg.search(searchBox.value);
    kg.lastSearch = ids;
    if (!searchBox.value.trim()) { countLine.textContent = ""; network.unselectAll(); return; }
    countLine.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    ids.slice(0, RESULTS_MAX).forEach(function (id) {
      var n = DATA.nodes[nodeIndex[id]], li = el("li"), b = el("button");
      b.type = "button";
      b.appendChild(swatch(kindInfo[n.k].shape, kindInfo[n.k].color, undefined, kindInfo[n.k].dashed));
      b.appendChild(el("span", n.l));
      if (!shownKinds[n.k]) b.appendChild(el("span", " (hidden kind)", "kg-count"));
      b.addEventListener("click", function () { goTo(id); });
      li.appendChild(b);
      resultList.appendChild(li);
    });
    if (ids.length > RESULTS_MAX) resultList.appendChild(el("li", "\u2026 and " + (ids.length - RESULTS_MAX) + " more"));
    var visible = ids.filter(function (id) { return shownKinds[kindOf[id]]; });
    network.selectNodes(visible);
    if (visible.length) network.fit({nodes: visible.slice(0, 200), animation: false});
  }
  searchBox.addEventListener("input", function () {
    if (pending) clearTimeout(pending);
    pending = setTimeout(runSearch, DATA.nodes.length > 2000 ? 200 : 60);
  });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      if (pending) clearTimeout(pending);
      runSearch();
      if (kg.lastSearch && kg.lastSearch.length) goTo(kg.lastSearch[0]);
    }
  });
})();
