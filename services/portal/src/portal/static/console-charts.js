/* The consoles' charts — 图表: each chart is drawn from the table beside it (Chart.js,
   vendored in static/vendor, never a CDN). The table stays: it is what a page without
   script, a screen reader and the tests read; the chart only adds a picture of it.
   <table data-chart="bar|line" data-label-col="0" data-value-col="1"> */
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  function number(cell) {
    var raw = cell.getAttribute("data-value") || cell.textContent;
    return parseFloat(String(raw).replace(/[^0-9.\-]/g, ""));
  }
  document.querySelectorAll("table[data-chart]").forEach(function (table) {
    if (table.getAttribute("data-drawn")) return;  // once, however often the script runs
    table.setAttribute("data-drawn", "1");
    var labelCol = parseInt(table.getAttribute("data-label-col") || "0", 10);
    var valueCol = parseInt(table.getAttribute("data-value-col") || "1", 10);
    var labels = [];
    var values = [];
    table.querySelectorAll("tbody tr").forEach(function (tr) {
      var cells = tr.querySelectorAll("th, td");
      if (cells.length <= Math.max(labelCol, valueCol)) return;
      var v = number(cells[valueCol]);
      if (isNaN(v)) return;
      labels.push(cells[labelCol].textContent.trim());
      values.push(v);
    });
    if (!values.length) return;
    var box = document.createElement("div");
    box.className = "chart-box";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", (table.caption ? table.caption.textContent : "图表") + "（图）");
    box.appendChild(canvas);
    table.parentNode.insertBefore(box, table);
    new Chart(canvas, {
      type: table.getAttribute("data-chart") === "line" ? "line" : "bar",
      data: {
        labels: labels,
        datasets: [{ label: table.getAttribute("data-series") || "", data: values,
                     borderColor: "#2a6f4f", backgroundColor: "rgba(42,111,79,0.45)" }]
      },
      options: { animation: false, responsive: true, maintainAspectRatio: false,
                 plugins: { legend: { display: false } } }
    });
  });
})();
