/**
 * The report page's only script: draws every chart described in the page's JSON data block onto its
 * canvas, then records what it drew (`data-drawn`, and per series how many pixels carry the series
 * colour in `data-series-pixels`) so a headless browser test can check the charts really drew.
 * Plain ES2017, no dependencies, no network.
 */
export const CHART_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('chart-data').textContent);
  function nice(v) {
    if (!(v > 0)) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }
  function label(v) {
    if (v === 0) return '0';
    var a = Math.abs(v);
    return a >= 100 ? String(Math.round(v)) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
  }
  function rgb(hex) {
    return [1, 3, 5].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
  }
  function countColour(ctx, w, h, hex) {
    var c = rgb(hex), px = ctx.getImageData(0, 0, w, h).data, n = 0;
    for (var i = 0; i < px.length; i += 4) {
      if (px[i + 3] > 0 && Math.abs(px[i] - c[0]) < 28 && Math.abs(px[i + 1] - c[1]) < 28 && Math.abs(px[i + 2] - c[2]) < 28) n++;
    }
    return n;
  }
  function draw(chart) {
    var canvas = document.getElementById(chart.id);
    if (!canvas || !canvas.getContext) return false;
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth || 640, height = canvas.clientHeight || 240;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    var ctx = canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    var m = { l: 58, r: 14, t: 10, b: 30 };
    var plotW = width - m.l - m.r, plotH = height - m.t - m.b;
    var values = [], xs = [];
    chart.series.forEach(function (s) {
      s.points.forEach(function (p) { if (p[1] !== null) { values.push(p[1]); xs.push(p[0]); } });
    });
    var yMax = nice(Math.max.apply(null, values.concat([0])) * 1.1);
    var categorical = chart.kind !== 'time';
    var xMax = categorical ? Math.max(1, chart.categories.length) : Math.max(1, Math.max.apply(null, xs.concat([1])));
    function X(x) { return m.l + (categorical ? ((x + 0.5) / xMax) * plotW : (x / xMax) * plotW); }
    function Y(y) { return m.t + plotH - (y / yMax) * plotH; }
    ctx.font = '11px system-ui, sans-serif';
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    for (var i = 0; i <= 4; i++) {
      var v = (yMax * i) / 4, y = Math.round(Y(v)) + 0.5;
      ctx.strokeStyle = '#e5e7eb';
      ctx.beginPath(); ctx.moveTo(m.l, y); ctx.lineTo(m.l + plotW, y); ctx.stroke();
      ctx.fillStyle = '#4b5563'; ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
      ctx.fillText(label(v), m.l - 6, y);
    }
    ctx.save(); ctx.translate(12, m.t + plotH / 2); ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center'; ctx.fillText(chart.yLabel, 0, 0); ctx.restore();
    ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    if (categorical) {
      var n = chart.categories.length, widest = 0;
      chart.categories.forEach(function (c) { widest = Math.max(widest, ctx.measureText(c).width); });
      var every = Math.max(1, Math.ceil((widest + 8) / (plotW / Math.max(1, n))));
      // Count from the right so the last category (this run) always has its label.
      chart.categories.forEach(function (c, i) { if ((n - 1 - i) % every === 0) ctx.fillText(c, X(i), m.t + plotH + 6); });
    } else {
      var step = nice(xMax / 8);
      for (var t = 0; t <= xMax + 1e-9; t += step) ctx.fillText(label(t) + ' s', X(t), m.t + plotH + 6);
    }
    var bars = chart.series.filter(function (s) { return s.kind === 'bar'; });
    var slot = plotW / xMax, barW = (slot * 0.7) / Math.max(1, bars.length);
    bars.forEach(function (s, b) {
      ctx.fillStyle = s.color;
      s.points.forEach(function (p) {
        if (p[1] === null) return;
        var x0 = m.l + p[0] * slot + slot * 0.15 + b * barW;
        ctx.fillRect(x0, Y(p[1]), barW - 1, Y(0) - Y(p[1]));
      });
    });
    chart.series.filter(function (s) { return s.kind !== 'bar'; }).forEach(function (s) {
      ctx.strokeStyle = s.color; ctx.lineWidth = 2; ctx.setLineDash(s.dashed ? [6, 4] : []);
      ctx.beginPath();
      var pen = false;
      s.points.forEach(function (p) {
        if (p[1] === null) { pen = false; return; }
        if (pen) ctx.lineTo(X(p[0]), Y(p[1])); else ctx.moveTo(X(p[0]), Y(p[1]));
        pen = true;
      });
      ctx.stroke();
    });
    ctx.setLineDash([]);
    ctx.strokeStyle = '#6b7280'; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(m.l + 0.5, m.t); ctx.lineTo(m.l + 0.5, m.t + plotH + 0.5); ctx.lineTo(m.l + plotW, m.t + plotH + 0.5); ctx.stroke();
    canvas.setAttribute('data-series-pixels', chart.series.map(function (s) { return countColour(ctx, canvas.width, canvas.height, s.color); }).join(','));
    canvas.setAttribute('data-drawn', 'true');
    return true;
  }
  var drawn = 0;
  data.charts.forEach(function (chart) {
    try { if (draw(chart)) drawn++; } catch (e) { document.body.setAttribute('data-chart-error', String(e)); }
  });
  document.body.setAttribute('data-charts-drawn', String(drawn));
})();
`;
