// AdPilot dashboard: draws every <canvas data-chart="URL"> from the JSON the URL answers, with Chart.js.
// The JSON is {"type":"line"|"bar","labels":[…],"datasets":[{"label","data":[…],"yAxisID"?}],"yTitle"?,"y1Title"?}.
"use strict";
(function () {
  const palette = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#4b5563"];

  async function draw(canvas) {
    const response = await fetch(canvas.dataset.chart, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) {
      canvas.insertAdjacentText("afterend", "The chart could not be loaded (" + response.status + ").");
      canvas.dataset.ready = "error";
      return;
    }
    const chart = await response.json();
    const empty = chart.labels.length === 0;
    const datasets = chart.datasets.map(function (d, i) {
      const color = palette[i % palette.length];
      return Object.assign({ borderColor: color, backgroundColor: chart.type === "bar" ? color + "cc" : color + "22", pointRadius: 0, borderWidth: 2, tension: 0 }, d);
    });
    const scales = { x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 12 } }, y: { title: { display: !!chart.yTitle, text: chart.yTitle || "" } } };
    if (datasets.some(function (d) { return d.yAxisID === "y1"; })) {
      scales.y1 = { position: "right", grid: { drawOnChartArea: false }, title: { display: !!chart.y1Title, text: chart.y1Title || "" } };
    }
    new Chart(canvas, {
      type: chart.type,
      data: { labels: chart.labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false, interaction: { mode: "index", intersect: false }, scales: scales,
        plugins: { legend: { position: "bottom" } } }
    });
    if (empty) {
      canvas.insertAdjacentHTML("afterend", "<p class=\"muted\">No data in this range yet.</p>");
    }
    canvas.dataset.ready = "1";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      draw(canvas).catch(function () { canvas.dataset.ready = "error"; });
    });
    document.querySelectorAll("form.picker select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
})();
