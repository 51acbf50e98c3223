// The portal's script (no framework, no CDN). Countdowns tick by the SERVER's clock: the
// page carries the server's time (data-server-now); the offset from the browser's clock
// is measured once at load, so a wrong phone clock does not move a deadline.
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function format(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600);
    var m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    return d + "天" + pad(h) + "时" + pad(m) + "分" + pad(s) + "秒";
  }

  var serverNow = Date.parse(document.body.getAttribute("data-server-now") || "");
  // server time = browser time + offset
  var offset = isNaN(serverNow) ? 0 : serverNow - Date.now();
  var loadedServer = Date.now() + offset;

  function serverTime() { return Date.now() + offset; }

  var timers = [];
  document.querySelectorAll(".countdown[data-seconds-left]").forEach(function (el) {
    if (el.classList.contains("frozen")) { return; }
    var left = parseInt(el.getAttribute("data-seconds-left"), 10);
    if (isNaN(left)) { return; }
    timers.push({ el: el, deadline: loadedServer + left * 1000 });
  });

  function tick() {
    var now = serverTime();
    timers.forEach(function (t) {
      var text = format((t.deadline - now) / 1000);
      if (t.el.textContent !== text) { t.el.textContent = text; }
    });
  }
  if (timers.length) { tick(); setInterval(tick, 1000); }

  window.rexPortal = { serverTime: serverTime, format: format };
  // the print button of a page that is itself the document (the verification page)
  document.querySelectorAll(".print-page").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
})();
