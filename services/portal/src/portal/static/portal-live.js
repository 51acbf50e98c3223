// The live parts: the bidding room and watch view (Server-Sent Events relayed by the
// portal — the session cookie goes along, no Authorization header), the bid form's
// confirmation, and upload progress. Times by the server's clock only.
(function () {
  "use strict";
  var P = window.rexPortal;
  var STATUS = {
    pending: "未开始", bidding: "竞价中", tendering: "投标中", negotiating: "协商中",
    suspended: "已中止", concluded: "已成交", failed: "未成交", terminated: "已终结"
  };

  function yuan(text) {
    if (text === null || text === undefined || text === "") { return "—"; }
    var parts = String(text).split(".");
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    var cents = ((parts[1] || "") + "00").slice(0, 2);
    return whole + "." + cents + " 元";
  }

  function beijing(iso) {
    if (!iso) { return "—"; }
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return "—"; }
    var f = new Intl.DateTimeFormat("zh-CN", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
    });
    return f.format(d).replace(/\//g, "-");
  }

  function live(root, name) { return root.querySelectorAll('[data-live="' + name + '"]'); }
  function set(root, name, text) {
    live(root, name).forEach(function (el) { if (el.textContent !== text) { el.textContent = text; } });
  }

  function room(section) {
    var page = document;
    var deadline = null;     // in browser time, from the server's remaining_ms
    var running = false;
    var extensions = null;
    var form = page.querySelector(".bid-form");
    var edited = false;
    if (form) {
      form.amount.addEventListener("input", function () { edited = true; });
    }

    function tick() {
      if (deadline === null) { return; }
      var left = running ? (deadline - Date.now()) / 1000 : (deadline / 1000);
      set(page, "remaining", P.format(left));
    }
    setInterval(tick, 1000);

    function onState(s) {
      set(page, "title", s.title);
      set(page, "best_price", s.best_price ? yuan(s.best_price) : "暂无出价");
      set(page, "bid_count", String(s.bid_count));
      set(page, "reserve_price", yuan(s.reserve_price));
      set(page, "increment", yuan(s.increment));
      set(page, "ends_at", beijing(s.mode === "tender" ? s.tender_opening_at : s.ends_at));
      set(page, "extensions", String(s.extensions));
      set(page, "status_zh", STATUS[s.status] || s.status);
      set(page, "minimum_next", s.minimum_next ? yuan(s.minimum_next) : "—");
      running = s.status === "bidding" || s.status === "tendering";
      if (s.remaining_ms === null || s.remaining_ms === undefined) {
        deadline = null; set(page, "remaining", "—");
      } else {
        deadline = running ? Date.now() + s.remaining_ms : s.remaining_ms;
        tick();
      }
      if (extensions !== null && s.extensions > extensions) {
        live(page, "extension_notice").forEach(function (el) {
          el.textContent = "竞价时间已延长，新的结束时间 " + beijing(s.ends_at) + "（第 " + s.extensions + " 次延时）";
          el.hidden = false;
          el.classList.remove("flash-extension"); void el.offsetWidth; el.classList.add("flash-extension");
        });
      }
      extensions = s.extensions;
      var you = s.you || {};
      if (you.is_bidder) {
        set(page, "standing", you.leading ? "您当前出价最高" :
          (you.your_best ? "您的最高出价 " + yuan(you.your_best) + "，已被超过" : "您尚未出价"));
      }
      if (form && s.minimum_next && (!edited || !form.amount.value)) {
        form.amount.value = s.minimum_next;
      }
      if (form && !running) {
        form.querySelectorAll("button, input").forEach(function (el) { el.disabled = true; });
      }
      var final = s.status === "concluded" || s.status === "failed" || s.status === "terminated";
      if (final) {
        var text = s.status === "concluded"
          ? (you.is_bidder && you.leading ? "恭喜，您已竞得本项目，成交价 " + yuan(s.best_price)
            : "竞价结束，成交价 " + yuan(s.best_price))
          : "竞价结束：" + (STATUS[s.status] || s.status);
        live(page, "result").forEach(function (el) { el.textContent = text; el.hidden = false; });
      }
      return final;
    }

    var source = new EventSource(section.getAttribute("data-feed"));
    source.addEventListener("state", function (e) {
      if (onState(JSON.parse(e.data))) { source.close(); }
    });
    source.addEventListener("watchers", function (e) {
      set(page, "watchers", String(JSON.parse(e.data).watchers));
    });
  }

  function bidForm(form) {
    var box = form.querySelector(".confirm");
    var message = form.querySelector(".bid-message");
    var submit = form.querySelector(".bid-submit");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      form.querySelector(".confirm-amount").textContent = yuan(form.amount.value.replace(/,/g, ""));
      box.hidden = false;
      submit.hidden = true;
      form.querySelector(".confirm-yes").focus();
    });
    form.querySelector(".confirm-no").addEventListener("click", function () {
      box.hidden = true; submit.hidden = false;
    });
    form.querySelector(".confirm-yes").addEventListener("click", function () {
      var data = new FormData(form);
      data.set("confirmed", "yes");
      box.hidden = true; submit.hidden = false;
      message.textContent = "正在提交…";
      fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (r) { return r.json(); }).then(function (answer) {
        message.textContent = answer.message;
      }).catch(function () { message.textContent = "网络异常，请重试"; });
    });
  }

  function upload(form) {
    var bar = form.querySelector(".upload-progress");
    var status = form.querySelector(".upload-status");
    form.addEventListener("submit", function (e) {
      if (!window.XMLHttpRequest || !window.FormData) { return; }
      e.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      // the page the redirect leads to keeps its one-time notice for the look below
      xhr.setRequestHeader("X-Upload-Form", "1");
      xhr.upload.addEventListener("progress", function (p) {
        if (p.lengthComputable) {
          bar.hidden = false;
          bar.value = Math.round(p.loaded * 100 / p.total);
          status.textContent = "上传中 " + bar.value + "%";
        }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status < 400 && xhr.responseURL && xhr.responseURL.indexOf(form.action) < 0) {
          window.location.assign(xhr.responseURL);
        } else {
          document.open(); document.write(xhr.responseText); document.close();
        }
      });
      xhr.addEventListener("error", function () { status.textContent = "网络异常，请重试"; });
      status.textContent = "上传中…";
      xhr.send(new FormData(form));
    });
  }

  document.querySelectorAll(".room[data-feed]").forEach(room);
  document.querySelectorAll(".bid-form").forEach(bidForm);
  document.querySelectorAll(".upload-form").forEach(upload);
})();
