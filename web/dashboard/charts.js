// Chart.js (Debian's libjs-chart.js, embedded into blendd) with the dashboard's defaults: no
// animation (figures arrive every second), time on the x axis as labels, one or two y axes.
'use strict';

const COLORS = {
  level: '#2457c5', start: '#2e8b57', stop: '#b23b3b', waiting: '#d98a1a', sl: '#2457c5',
  target: '#2e8b57', connects: '#7a4fc9', offered: '#9cc3f0', abandon: '#b23b3b',
  idle: '#5fb97a', on_inbound: '#4d8fdc', on_outbound: '#8c6bd6', wrap_up: '#e3b23c',
  reserved: '#e0896a', not_ready: '#a8adb8', logged_out: '#dfe2e8', other: '#c9ced8',
};
const PALETTE = ['#2457c5', '#2e8b57', '#b23b3b', '#d98a1a', '#7a4fc9', '#4cc1c1', '#8a6d3b',
                 '#c9437a', '#5c6f82', '#9aa81e'];

// series: [{label, data, color, dash, axis ('y'|'y2'), type ('line'|'bar'), fill, stack}]
function chartConfig(type, labels, series, opts = {}) {
  const scales = {
    x: { stacked: !!opts.stacked, ticks: { maxTicksLimit: opts.xTicks || 12, autoSkip: true } },
    y: { stacked: !!opts.stacked, beginAtZero: true, title: { display: !!opts.y, text: opts.y || '' } },
  };
  if (opts.yMax != null) scales.y.max = opts.yMax;
  if (series.some((s) => s.axis === 'y2')) {
    scales.y2 = { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
                  title: { display: !!opts.y2, text: opts.y2 || '' } };
  }
  return {
    type,
    data: { labels, datasets: series.map((s, i) => dataset(s, i)) },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, spanGaps: false,
      indexAxis: opts.horizontal ? 'y' : 'x',
      interaction: { mode: 'index', intersect: false },
      plugins: { title: { display: !!opts.title, text: opts.title || '' },
                 legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      elements: { point: { radius: opts.points ? 2 : 0 } },
      scales: opts.horizontal ? { x: { ...scales.y, stacked: !!opts.stacked }, y: { ...scales.x } } : scales,
    },
  };
}

function dataset(s, i) {
  const color = s.color || PALETTE[i % PALETTE.length];
  return {
    label: s.label, data: s.data, type: s.type, yAxisID: s.axis || undefined, stack: s.stack,
    borderColor: color, backgroundColor: s.type === 'bar' || s.fill ? color : color,
    borderDash: s.dash || [], borderWidth: s.type === 'bar' ? 0 : 2, fill: s.fill || false,
    stepped: s.stepped || false, tension: 0,
  };
}

// Draws the chart on the canvas, or updates the one already there (same kind of chart).
function drawChart(canvas, type, labels, series, opts) {
  const config = chartConfig(type, labels, series, opts);
  let chart = Chart.getChart(canvas);
  if (chart && chart.config.type === type && chart.data.datasets.length === series.length) {
    chart.data.labels = labels;
    series.forEach((s, i) => Object.assign(chart.data.datasets[i], dataset(s, i)));
    chart.update('none');
    return chart;
  }
  if (chart) chart.destroy();
  return new Chart(canvas, config);
}

function pct(v) { return v == null ? null : Math.round(1000 * v) / 10; }
function clockLabel(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
