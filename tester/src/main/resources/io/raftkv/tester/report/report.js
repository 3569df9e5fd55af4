// Draws the run report from the inline JSON data. History text is only ever set as textContent.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('data').textContent);
  const app = document.getElementById('app');
  const COLORS = { 0: '#6db6fe', 1: '#f48fb1', 2: '#ffaa26' };
  const OUTCOME = ['ok', 'fail', 'info'];
  const FAULT_COLORS = { partition: 'rgba(255,152,0,0.16)', kill: 'rgba(211,47,47,0.14)', pause: 'rgba(103,58,183,0.15)' };
  const FN_PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'text') e.textContent = v; else if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }
  function show(v) {
    if (v === null || v === undefined) return 'nil';
    if (Array.isArray(v)) return '[' + v.map(show).join(' ') + ']';
    if (typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => k + ' ' + show(x)).join(', ') + '}';
    return String(v);
  }

  function clip(text, max) { return text.length <= max ? text : text.slice(0, max - 1) + '…'; }

  // ---- decode the compact op arrays
  const o = data.ops;
  const n = o.lane.length;
  const start = new Float64Array(n), end = new Float64Array(n), index = new Float64Array(n);
  let s = 0, ix = 0;
  for (let i = 0; i < n; i++) {
    s += o.start[i]; ix += o.index[i];
    start[i] = s; index[i] = ix;
    end[i] = o.dur[i] < 0 ? -1 : s + o.dur[i];
  }
  const tEnd = Math.max(data.end, n ? start[n - 1] : 0, 1);
  const byIndex = new Map();
  for (let i = 0; i < n; i++) byIndex.set(index[i], i);
  const laneOps = data.lanes.map(() => []);
  for (let i = 0; i < n; i++) laneOps[o.lane[i]].push(i);
  function opName(i) {
    const key = o.key[i] >= 0 ? ' ' + data.keys[o.key[i]] : '';
    return 'op ' + index[i] + ' (p' + o.process[i] + ' ' + data.fns[o.fn[i]] + key + ')';
  }

  // ---- verdict and results
  const rank = { valid: 0, unknown: 1, invalid: 2 };
  const verdict = data.results.reduce((v, r) => (rank[r.verdict] > rank[v] ? r.verdict : v), 'valid');
  app.append(el('h1', { text: data.title }));
  app.append(el('div', { id: 'verdict', class: 'verdict ' + verdict, text: verdict.toUpperCase() +
      (data.results.length ? '' : ' (not checked)') }));
  const ul = el('ul', { class: 'results' });
  for (const r of data.results) {
    ul.append(el('li', {}, el('span', { text: r.checker + ': ' }), el('span', { class: 'v-' + r.verdict, text: r.verdict }),
        el('span', { text: ' — ' + r.summary })));
  }
  app.append(ul);
  const counts = [0, 0, 0];
  for (let i = 0; i < n; i++) counts[o.type[i]]++;
  app.append(el('div', { class: 'stats', text: n + ' operations (' + counts[0] + ' ok, ' + counts[1] + ' fail, ' + counts[2] +
      ' info) by ' + new Set(o.process).size + ' processes in ' + data.lanes.length + ' lanes over ' +
      (data.clock === 'index' ? Math.round(tEnd / 1000) + ' events (no times)' : (tEnd / 1e6).toFixed(2) + ' s') + '; ' + data.nemesis.length + (data.nemesis.length === 1 ? ' fault' : ' faults') }));

  // ---- what to mark: failing op, linearized prefix, anomaly cycles
  const marks = { failing: -1, prefix: new Map(), cycle: new Map(), core: new Set() };
  const explain = el('div', { class: 'explain', id: 'explanation' });
  for (const r of data.results) {
    const d = r.details || {};
    if (d.failingOp !== undefined && d.failingOp !== null) explainLinear(r, d);
    if (d.anomalies) explainAnomalies(r, d);
  }

  function explainLinear(r, d) {
    const f = byIndex.get(d.failingOp);
    explain.append(el('h2', { text: r.checker + ': not linearizable' + (d.key != null ? ' on key ' + show(d.key) : '') }));
    if (f !== undefined) {
      marks.failing = f;
      explain.append(el('p', { id: 'failing-op', class: 'failing', text: 'failing ' + opName(f) + ': ' + o.text[f] }));
    } else {
      explain.append(el('p', { id: 'failing-op', class: 'failing', text: 'failing op ' + d.failingOp }));
    }
    explain.append(el('p', { text: 'No order of the operations before it explains what this operation returned.' +
        (d.model ? ' Model: ' + show(d.model) + '.' : '') }));
    const core = d.core || [];
    const at = t => data.clock === 'index' ? 'op ' + Math.round(t / 1000) : (t / 1e6).toFixed(3) + ' s';
    if (core.length) {
      const box = el('div', { id: 'core', class: 'core' });
      box.append(el('h3', { text: 'The ' + core.length + (core.length === 1 ? ' operation' : ' operations') +
          ' that prove it (outlined in red on the timeline): no order of these alone is possible' }));
      const list = el('ol', {});
      for (const idx of core) {
        const i = byIndex.get(idx);
        if (i !== undefined) marks.core.add(i);
        list.append(el('li', { text: i === undefined ? 'op ' + idx : opName(i) + ' ' + o.text[i] + ' · ' +
            OUTCOME[o.type[i]] + ' · ' + at(start[i]) + ' to ' + (end[i] < 0 ? 'never' : at(end[i])) }));
      }
      box.append(list);
      app.append(box); // at the top, above the timeline

    }
    const prefix = d.linearizedPrefix || [];
    prefix.forEach((idx, k) => { const i = byIndex.get(idx); if (i !== undefined) marks.prefix.set(i, k + 1); });
    explain.append(el('h3', { text: 'Longest linearized prefix (' + prefix.length + ' ops, numbered on the timeline)' }));
    const ol = el('ol', { class: 'prefix' });
    for (const idx of prefix.slice(0, 500)) {
      const i = byIndex.get(idx);
      ol.append(el('li', { text: i === undefined ? 'op ' + idx : opName(i) + ' ' + o.text[i] }));
    }
    if (prefix.length > 500) ol.append(el('li', { text: '… ' + (prefix.length - 500) + ' more' }));
    explain.append(ol);
    const states = d.states || [];
    explain.append(el('h3', { text: 'States the model could be in after the prefix (' + states.length + ')' }));
    const su = el('ul', { class: 'states' });
    for (const st of states.slice(0, 200)) su.append(el('li', { text: show(st) }));
    explain.append(su);
  }

  function explainAnomalies(r, d) {
    explain.append(el('h2', { text: r.checker + ': anomalies' }));
    let first = true;
    for (const [name, examples] of Object.entries(d.anomalies)) {
      const total = d.counts && d.counts[name] !== undefined ? d.counts[name] : examples.length;
      explain.append(el('h3', { class: 'failing', text: name + ' (' + total + ')' }));
      for (const ex of examples) {
        if (ex.cycle) {
          explain.append(el('div', { class: 'mono', text: ex.text || '' }));
          const table = el('table', { class: 'steps' },
              el('tr', {}, el('th', { text: 'op' }), el('th', { text: 'process' }), el('th', { text: 'value' }),
                  el('th', { text: 'edge' }), el('th', { text: 'to' }), el('th', { text: 'why' })));
          for (const step of ex.cycle) {
            const op = step.op || {};
            const i = byIndex.get(op.index);
            if (first && i !== undefined) marks.cycle.set(i, name);
            table.append(el('tr', {}, el('td', { text: String(op.index) }), el('td', { text: String(op.process) }),
                el('td', { class: 'mono', text: clip(show(op.value), 240) + ' ' + (op.type || '') }),
                el('td', { class: 'edge', text: step.edge + (step.key != null ? ' (' + step.key + ')' : '') }),
                el('td', { text: String(step.to) }), el('td', { text: step.why || '' })));
          }
          explain.append(table);
          first = false;
        } else {
          const parts = Object.entries(ex).map(([k, v]) => k + ': ' + (v && typeof v === 'object' && v.index !== undefined
              ? 'op ' + v.index + ' ' + clip(show(v.value), 240) + ' ' + v.type : clip(show(v), 400)));
          explain.append(el('div', { class: 'mono', text: parts.join('; ') }));
        }
      }
    }
  }

  // ---- timeline
  const view = { t0: 0, t1: tEnd };
  const L = data.lanes.length;
  const laneH = L <= 40 ? 18 : L <= 100 ? 9 : 5;
  const gutter = 90, bandTop = 18, axisH = 20;
  app.append(el('h2', { text: 'Timeline' }));
  const controls = el('div', { class: 'controls' });
  const legend = el('span', { class: 'legend' });
  for (const t of [0, 1, 2]) legend.append(el('span', {}, el('i', { style: 'background:' + COLORS[t] }), OUTCOME[t]));
  for (const f of Object.keys(FAULT_COLORS)) legend.append(el('span', {}, el('i', { style: 'background:' + FAULT_COLORS[f] }), f));
  const fit = el('button', { text: 'fit' });
  const zin = el('button', { text: '+' });
  const zout = el('button', { text: '−' });
  controls.append(fit, zin, zout);
  let toFailing = null;
  if (marks.failing >= 0) { toFailing = el('button', { text: 'zoom to failing op' }); controls.append(toFailing); }
  controls.append(legend, el('span', { class: 'hint', text: 'wheel: zoom · drag: pan · hover: details' }));
  app.append(controls);
  const tlBox = el('div', { class: 'plot' });
  const tl = el('canvas', {});
  tlBox.append(tl);
  const label = marks.failing >= 0 ? el('div', { id: 'failing-label', text: '✗ failing ' + opName(marks.failing) }) : null;
  if (label) tlBox.append(label);
  app.append(tlBox);
  app.append(el('h2', { text: 'Latency of ok operations (log scale)' }));
  const fnLegend = el('div', { class: 'legend' });
  data.fns.forEach((f, k) => fnLegend.append(el('span', {}, el('i', { style: 'background:' + FN_PALETTE[k % 10] }), f)));
  app.append(fnLegend);
  const latBox = el('div', { class: 'plot' });
  const lat = el('canvas', {});
  latBox.append(lat);
  app.append(latBox);
  // ---- each node's fsync and commit latency, scraped from /metrics during the run
  const nodeLat = (data.nodeLatency || []).filter(sr => sr.t.length > 0);
  const nodeNames = [...new Set(nodeLat.map(sr => sr.node))];
  const NODE_PALETTE = ['#1565c0', '#2e7d32', '#c62828', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037'];
  const nodeColor = name => NODE_PALETTE[nodeNames.indexOf(name) % NODE_PALETTE.length];
  const nlBox = el('div', { class: 'plot' });
  const nl = el('canvas', {});
  if (nodeLat.length) {
    app.append(el('h2', { text: 'Fsync and commit latency by node (mean per scrape, log scale)' }));
    const nodeLegend = el('div', { class: 'legend', id: 'node-latency-legend' });
    for (const name of nodeNames) nodeLegend.append(el('span', {}, el('i', { style: 'background:' + nodeColor(name) }), name));
    nodeLegend.append(el('span', { text: 'solid: commit (proposal to apply, at the leader) · dashed: fsync' }));
    app.append(nodeLegend);
    nlBox.append(nl);
    app.append(nlBox);
  }
  if (explain.childNodes.length) app.append(explain);
  const tooltip = el('div', { id: 'tooltip' });
  document.body.append(tooltip);

  let W = 0;
  function size(canvas, h) {
    const dpr = window.devicePixelRatio || 1;
    W = Math.max(600, tlBox.clientWidth || 1200);
    canvas.width = W * dpr; canvas.height = h * dpr;
    canvas.style.width = W + 'px'; canvas.style.height = h + 'px';
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return ctx;
  }
  const X = t => gutter + (t - view.t0) / (view.t1 - view.t0) * (W - gutter - 8);
  const T = x => view.t0 + (x - gutter) / (W - gutter - 8) * (view.t1 - view.t0);
  const tlH = bandTop + L * laneH + axisH;

  // times are microseconds; a history without times is drawn in event order, 1000 units an event
  const logical = data.clock === 'index';
  function when(t, digits) {
    return logical ? 'op ' + Math.round(t / 1000) : (t / 1e6).toFixed(digits === undefined ? 4 : digits) + ' s';
  }

  function axis(ctx, y) {
    ctx.fillStyle = '#666'; ctx.font = '11px sans-serif'; ctx.textBaseline = 'top';
    const span = (view.t1 - view.t0) / 1e6;
    const step = Math.pow(10, Math.floor(Math.log10(span / 8)));
    let nice = [1, 2, 5, 10].map(m => m * step).find(st => span / st <= 10) || step * 10;
    if (logical) nice = Math.max(nice, 0.001);
    for (let t = Math.ceil(view.t0 / 1e6 / nice) * nice; t * 1e6 <= view.t1; t += nice) {
      const x = X(t * 1e6);
      ctx.fillRect(x, y, 1, 4);
      ctx.fillText(when(t * 1e6, nice < 1 ? Math.ceil(-Math.log10(nice)) : 0), x + 2, y + 4);
    }
  }

  function drawTimeline() {
    const ctx = size(tl, tlH);
    ctx.clearRect(0, 0, W, tlH);
    const y0 = bandTop, y1 = bandTop + L * laneH;
    ctx.font = '11px sans-serif'; ctx.textBaseline = 'top';
    for (const b of data.nemesis) {
      if (b.end < view.t0 || b.start > view.t1) continue;
      const xa = Math.max(gutter, X(b.start)), xb = Math.min(W, Math.max(X(b.end), xa + 2));
      ctx.fillStyle = FAULT_COLORS[b.fault] || 'rgba(96,125,139,0.15)';
      ctx.fillRect(xa, 0, xb - xa, y1);
      ctx.fillStyle = '#444';
      ctx.fillText(b.fault + ' ' + b.value, xa + 2, 3, Math.max(20, xb - xa - 4));
    }
    ctx.fillStyle = '#444'; ctx.textBaseline = 'middle';
    if (laneH >= 9) data.lanes.forEach((name, l) => ctx.fillText(name, 4, y0 + l * laneH + laneH / 2, gutter - 8));
    const h = Math.max(2, laneH - 3);
    for (const t of [0, 1, 2]) {
      ctx.fillStyle = COLORS[t];
      for (let i = 0; i < n; i++) {
        if (o.type[i] !== t) continue;
        const e = end[i] < 0 ? tEnd : end[i];
        if (e < view.t0 || start[i] > view.t1) continue;
        const xa = X(start[i]), xb = Math.max(X(e), xa + 1);
        ctx.fillRect(xa, y0 + o.lane[i] * laneH + 1, xb - xa, h);
      }
    }
    // an indeterminate op may take effect at any time after its invocation: a thin tail to the end
    ctx.fillStyle = COLORS[2];
    for (let i = 0; i < n; i++) {
      if (o.type[i] !== 2 || start[i] > view.t1) continue;
      const xa = X(end[i] < 0 ? start[i] : end[i]);
      ctx.fillRect(xa, y0 + o.lane[i] * laneH + laneH / 2 - 0.5, X(tEnd) - xa, 1);
    }
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#ef6c00';
    for (const i of marks.cycle.keys()) outline(ctx, i, h);
    ctx.font = 'bold 10px sans-serif'; ctx.textBaseline = 'middle';
    for (const [i, k] of marks.prefix) {
      ctx.strokeStyle = '#1a237e'; outline(ctx, i, h);
      ctx.fillStyle = '#1a237e'; ctx.fillText(String(k), X(start[i]) + 2, y0 + o.lane[i] * laneH + laneH / 2);
    }
    ctx.lineWidth = 2; ctx.strokeStyle = '#c62828';
    for (const i of marks.core) outline(ctx, i, h);
    if (marks.failing >= 0) {
      ctx.lineWidth = 3; ctx.strokeStyle = '#c62828'; outline(ctx, marks.failing, h);
      const i = marks.failing;
      const x = Math.min(Math.max(X(start[i]), gutter), W - 260);
      label.style.left = x + 'px';
      label.style.top = Math.max(0, y0 + o.lane[i] * laneH - 20) + 'px';
    }
    ctx.strokeStyle = '#ccc'; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(gutter, y1 + 0.5); ctx.lineTo(W, y1 + 0.5); ctx.stroke();
    axis(ctx, y1);
  }
  function outline(ctx, i, h) {
    const e = end[i] < 0 ? tEnd : end[i];
    const xa = X(start[i]), xb = Math.max(X(e), xa + 2);
    ctx.strokeRect(xa - 1, bandTop + o.lane[i] * laneH, xb - xa + 2, h + 2);
  }

  const latH = logical ? 40 : 220;
  let latMin = Infinity, latMax = 0;
  for (let i = 0; i < n; i++) {
    if (o.type[i] === 0 && end[i] >= 0) { const l = Math.max(end[i] - start[i], 1); latMin = Math.min(latMin, l); latMax = Math.max(latMax, l); }
  }
  function drawLatency() {
    const ctx = size(lat, latH);
    ctx.clearRect(0, 0, W, latH);
    if (latMax === 0 || logical) {
      ctx.fillStyle = '#777'; ctx.font = '12px sans-serif';
      ctx.fillText(logical ? 'this history has no times: no latencies' : 'no ok operations', gutter, 20);
      return;
    }
    const lo = Math.log10(latMin) - 0.2, hi = Math.max(Math.log10(latMax), lo + 1) + 0.2;
    const Y = l => 8 + (1 - (Math.log10(Math.max(l, 1)) - lo) / (hi - lo)) * (latH - axisH - 16);
    ctx.fillStyle = '#666'; ctx.font = '11px sans-serif'; ctx.textBaseline = 'middle';
    for (const b of data.nemesis) {
      if (b.end < view.t0 || b.start > view.t1) continue;
      ctx.fillStyle = FAULT_COLORS[b.fault] || 'rgba(96,125,139,0.15)';
      const xa = Math.max(gutter, X(b.start));
      ctx.fillRect(xa, 0, Math.max(2, X(b.end) - xa), latH - axisH);
    }
    ctx.fillStyle = '#666';
    const few = hi - lo < 3;
    for (let p = Math.floor(lo); p <= hi; p++) {
      for (const m of few ? [1, 2, 5] : [1]) {
        const us = m * Math.pow(10, p), y = Y(us);
        if (us < 1 || y < 4 || y > latH - axisH) continue;
        ctx.fillRect(gutter - 4, y, W - gutter, m === 1 ? 0.6 : 0.25);
        ctx.fillText(us >= 1000 ? us / 1000 + ' ms' : us + ' µs', 4, y);
      }
    }
    for (let i = 0; i < n; i++) {
      if (o.type[i] !== 0 || end[i] < 0 || start[i] < view.t0 || start[i] > view.t1) continue;
      ctx.fillStyle = FN_PALETTE[o.fn[i] % 10];
      ctx.fillRect(X(start[i]) - 1, Y(end[i] - start[i]) - 1, 2.5, 2.5);
    }
    axis(ctx, latH - axisH);
  }
  const nlH = 200;
  function drawNodeLatency() {
    if (!nodeLat.length) return;
    const ctx = size(nl, nlH);
    ctx.clearRect(0, 0, W, nlH);
    let lo = Infinity, hi = 0;
    for (const sr of nodeLat) for (const v of sr.v) if (v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (hi === 0) { ctx.fillStyle = '#777'; ctx.font = '12px sans-serif'; ctx.fillText('no latencies recorded', gutter, 20); return; }
    const a = Math.log10(lo) - 0.2, b = Math.max(Math.log10(hi), a + 1) + 0.2;
    const Y = v => 8 + (1 - (Math.log10(Math.max(v, 1e-3)) - a) / (b - a)) * (nlH - axisH - 16);
    for (const band of data.nemesis) {
      if (band.end < view.t0 || band.start > view.t1) continue;
      ctx.fillStyle = FAULT_COLORS[band.fault] || 'rgba(96,125,139,0.15)';
      const xa = Math.max(gutter, X(band.start));
      ctx.fillRect(xa, 0, Math.max(2, X(band.end) - xa), nlH - axisH);
    }
    ctx.fillStyle = '#666'; ctx.font = '11px sans-serif'; ctx.textBaseline = 'middle';
    for (let p = Math.floor(a); p <= b; p++) {
      const ms = Math.pow(10, p), y = Y(ms);
      if (y < 4 || y > nlH - axisH) continue;
      ctx.fillRect(gutter - 4, y, W - gutter, 0.6);
      ctx.fillText(ms >= 1 ? ms + ' ms' : ms * 1000 + ' µs', 4, y);
    }
    for (const sr of nodeLat) {
      ctx.strokeStyle = nodeColor(sr.node); ctx.lineWidth = 1.5;
      ctx.setLineDash(sr.metric === 'fsync' ? [4, 3] : []);
      ctx.beginPath();
      let pen = false;
      for (let k = 0; k < sr.t.length; k++) {
        const v = sr.v[k];
        if (!(v > 0) || sr.t[k] < view.t0 || sr.t[k] > view.t1) { pen = false; continue; }
        const x = X(sr.t[k]), y = Y(v);
        if (pen) ctx.lineTo(x, y); else ctx.moveTo(x, y);
        pen = true;
      }
      ctx.stroke();
    }
    ctx.setLineDash([]);
    axis(ctx, nlH - axisH);
  }
  function draw() { drawTimeline(); drawLatency(); drawNodeLatency(); }

  function zoom(factor, atX) {
    const t = T(atX === undefined ? (gutter + W) / 2 : atX);
    const span = Math.max((view.t1 - view.t0) * factor, 10);
    const frac = (t - view.t0) / (view.t1 - view.t0);
    view.t0 = t - frac * span; view.t1 = view.t0 + span;
    draw();
  }
  fit.onclick = () => { view.t0 = 0; view.t1 = tEnd; draw(); };
  zin.onclick = () => zoom(0.5);
  zout.onclick = () => zoom(2);
  if (toFailing) toFailing.onclick = () => {
    const i = marks.failing, e = end[i] < 0 ? tEnd : end[i];
    const pad = Math.max((e - start[i]) * 4, 2000);
    view.t0 = start[i] - pad; view.t1 = e + pad; draw();
  };
  for (const c of [tl, lat]) {
    c.addEventListener('wheel', ev => { ev.preventDefault(); zoom(ev.deltaY > 0 ? 1.25 : 0.8, ev.offsetX); }, { passive: false });
    let drag = null;
    c.addEventListener('mousedown', ev => { drag = { x: ev.clientX, t0: view.t0, t1: view.t1 }; });
    window.addEventListener('mouseup', () => { drag = null; });
    window.addEventListener('mousemove', ev => {
      if (!drag) return;
      const dt = (ev.clientX - drag.x) / (W - gutter - 8) * (drag.t1 - drag.t0);
      view.t0 = drag.t0 - dt; view.t1 = drag.t1 - dt; draw();
    });
  }
  tl.addEventListener('mousemove', ev => {
    const text = hit(ev.offsetX, ev.offsetY);
    if (!text) { tooltip.style.display = 'none'; return; }
    tooltip.textContent = text;
    tooltip.style.display = 'block';
    tooltip.style.left = Math.min(ev.clientX + 12, window.innerWidth - 400) + 'px';
    tooltip.style.top = (ev.clientY + 14) + 'px';
  });
  tl.addEventListener('mouseleave', () => { tooltip.style.display = 'none'; });
  function hit(x, y) {
    const t = T(x);
    if (y < bandTop) {
      const b = data.nemesis.find(b => b.start <= t && t <= Math.max(b.end, b.start + (view.t1 - view.t0) / 200));
      return b ? b.fault + ' ' + b.value + '\n' + when(b.start) + ' → ' + when(b.end) +
          (b.healed ? '\nhealed: ' + b.healed : '') : null;
    }
    const l = Math.floor((y - bandTop) / laneH);
    if (l < 0 || l >= L) return null;
    const ops = laneOps[l];
    let lo = 0, hi = ops.length - 1, at = -1;
    while (lo <= hi) { const m = (lo + hi) >> 1; if (start[ops[m]] <= t) { at = m; lo = m + 1; } else hi = m - 1; }
    const slack = (view.t1 - view.t0) / (W - gutter) * 2;
    for (let k = at; k >= 0 && k > at - 50; k--) {
      const i = ops[k];
      const e = end[i] < 0 ? tEnd : end[i];
      if (start[i] - slack <= t && t <= e + slack) {
        const ms = end[i] < 0 ? 'no completion' : logical ? 'no times' : ((end[i] - start[i]) / 1000).toFixed(2) + ' ms';
        return opName(i) + '\n' + o.text[i] + '\n' + OUTCOME[o.type[i]] + ' · ' + ms + ' · at ' + when(start[i]) +
            (o.node && o.node[i] ? ' · served by ' + o.node[i] : '') +
            (marks.prefix.has(i) ? '\nlinearized #' + marks.prefix.get(i) : '') + (i === marks.failing ? '\nFAILING OP' : '') +
            (marks.cycle.has(i) ? '\nin ' + marks.cycle.get(i) + ' cycle' : '');
      }
    }
    return null;
  }
  window.addEventListener('resize', draw);
  draw();
})();
