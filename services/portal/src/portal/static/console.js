// The consoles' script (portal.console; no framework, no CDN): the intake wizard one
// step at a time without a mouse (Tab between fields, Enter to go on, visible focus),
// the ID-number check as typed (the checksum rules of common.ids; the service checks
// again), the print button of a receipt, and focus on a refusal so it is read first.
(function () {
  "use strict";

  // --- ID numbers: the same rules as common.ids ------------------------------------
  var RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var RID_CHECK = "10X98765432";
  var CC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  var CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

  function residentProblem(id) {
    var sum = 0, i;
    if (id.charAt(0) === "0") { return "地址码首位必须为1-9"; }
    var y = +id.substr(6, 4), m = +id.substr(10, 2), d = +id.substr(12, 2);
    var birth = new Date(Date.UTC(y, m - 1, d));
    if (birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d ||
        y < 1900 || birth.getTime() > Date.now()) {
      return "出生日期 " + id.substr(6, 8) + " 不是有效日期";
    }
    for (i = 0; i < 17; i++) { sum += (+id.charAt(i)) * RID_WEIGHTS[i]; }
    return RID_CHECK.charAt(sum % 11) === id.charAt(17) ? "" : "身份证号校验码错误（号码可能输错）";
  }

  function creditProblem(code) {
    var sum = 0, i, v;
    for (i = 0; i < 17; i++) {
      v = CC_CHARS.indexOf(code.charAt(i));
      if (v < 0) { return "统一社会信用代码含有无效字符"; }
      sum += v * CC_WEIGHTS[i];
    }
    return CC_CHARS.charAt((31 - sum % 31) % 31) === code.charAt(17) ? "" : "统一社会信用代码校验码错误";
  }

  // "" when valid, otherwise what is wrong (in Chinese)
  function idProblem(value) {
    var id = value.trim().toUpperCase();
    if (id.length !== 18) { return "应为18位，已输入 " + id.length + " 位"; }
    if (!/^[0-9]{17}[0-9X]$/.test(id)) { return creditProblem(id); }
    // shaped like a resident id: that first, then a credit code (common.ids' order)
    var problem = residentProblem(id);
    return !problem || !creditProblem(id) ? "" : problem;
  }

  function idCheck(input) {
    var out = document.getElementById("id-check");
    function check() {
      var problem = input.value ? idProblem(input.value) : "";
      input.setAttribute("aria-invalid", problem ? "true" : "false");
      input.classList.toggle("invalid", !!problem);
      out.textContent = !input.value ? "" : problem ? "✗ " + problem : "✓ 号码校验通过";
      out.className = "id-check " + (problem ? "bad" : "good");
      return !problem;
    }
    input.addEventListener("input", check);
    if (input.value) { check(); }
    return check;
  }

  // --- the wizard -----------------------------------------------------------------------
  function wizard(form) {
    var steps = Array.prototype.slice.call(form.querySelectorAll(".wizard-step"));
    var back = form.querySelector(".wizard-back");
    var next = form.querySelector(".wizard-next");
    var done = form.querySelector(".wizard-done");
    var progress = form.querySelector(".wizard-progress");
    var idInput = form.querySelector("[data-id-check]");
    var idOk = idInput ? idCheck(idInput) : function () { return true; };
    var product = form.querySelector("[name=product]");
    var at = 0;

    // the steps that apply: one marked data-product is the step of that product only
    // (L15/L16's construction land), the others are every listing's
    function active() {
      return steps.filter(function (s) {
        var only = s.getAttribute("data-product");
        return !only || !product || product.value === only;
      });
    }

    function fields(step) {
      return Array.prototype.slice.call(step.querySelectorAll("input, select, textarea"));
    }

    function show(i, focusEl) {
      var list = active();
      at = i;
      steps.forEach(function (s) { s.hidden = s !== list[i]; });
      back.hidden = i === 0;
      next.hidden = i === list.length - 1;
      done.hidden = i !== list.length - 1;
      progress.textContent = "第 " + (i + 1) + " 步，共 " + list.length + " 步：" +
        list[i].querySelector("legend").textContent.replace(/^第 \d+ 步：/, "") +
        (i === list.length - 1 ? "（Enter 键保存）" : "（Enter 键下一步）");
      (focusEl || fields(list[i])[0]).focus();
    }

    function stepValid(step) {
      var bad = fields(step).filter(function (el) { return !el.checkValidity(); })[0];
      if (!bad && idInput && step.contains(idInput) && !idOk()) { bad = idInput; }
      if (bad) { bad.focus(); if (bad.reportValidity) { bad.reportValidity(); } return false; }
      return true;
    }

    function advance() { if (stepValid(active()[at])) { show(at + 1); } }

    next.addEventListener("click", advance);
    back.addEventListener("click", function () { show(at - 1); });
    form.addEventListener("keydown", function (e) {
      var t = e.target;
      if (e.key !== "Enter" || t.tagName === "TEXTAREA" || t.tagName === "BUTTON") { return; }
      if (at < active().length - 1) { e.preventDefault(); advance(); }
      else if (!stepValid(active()[at])) { e.preventDefault(); }
    });
    form.addEventListener("submit", function (e) {
      if (!stepValid(active()[at])) { e.preventDefault(); }
    });
    // a refused field: open its step (from the refusal's links, or at load)
    function openField(el) {
      var list = active();
      for (var k = 0; k < list.length; k++) {
        if (list[k].contains(el)) { show(k, el); return true; }
      }
      return false;
    }
    document.querySelectorAll(".refusal a[href^='#f-']").forEach(function (a) {
      a.addEventListener("click", function (e) {
        var el = document.getElementById(a.getAttribute("href").slice(1));
        if (el && openField(el)) { e.preventDefault(); }
      });
    });
    var firstBad = form.querySelector("[aria-invalid='true']");
    if (!(firstBad && openField(firstBad))) { show(0); }
  }

  document.querySelectorAll("form.wizard").forEach(wizard);
  document.querySelectorAll(".print-button").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
  // a monitor's table ([data-refresh]: seconds) is fetched again and swapped in place —
  // the page itself is not reloaded, so the focus and the scroll stay where they were
  document.querySelectorAll("[data-refresh]").forEach(function (el) {
    var every = Math.max(5, parseInt(el.getAttribute("data-refresh"), 10) || 15) * 1000;
    setInterval(function () {
      fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(el.id);
          if (fresh) { el.innerHTML = fresh.innerHTML; }
        })
        .catch(function () { /* the next round tries again */ });
    }, every);
  });
  var refusal = document.getElementById("refusal");
  if (refusal && !document.querySelector("form.wizard")) { refusal.focus(); }
})();
