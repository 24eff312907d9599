/* Back office behaviour: small progressive enhancements; every form also works without it. */
(function () {
  "use strict";
  var script = document.currentScript;
  var msg = function (name) { return (script && script.dataset[name]) || ""; };

  // On a phone the queue filters start folded (unless some are in use): the results come first.
  if (window.matchMedia && window.matchMedia("(max-width: 47.99rem)").matches) {
    document.querySelectorAll("details[data-close-narrow]:not([data-active])").forEach(function (d) {
      d.removeAttribute("open");
    });
  }

  // A response template fills the follow-up text (the officer can still edit it).
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-template-target]")) return;
    var option = select.options[select.selectedIndex];
    var target = document.getElementById(select.dataset.templateTarget);
    if (target && option && option.dataset.text !== undefined) {
      target.value = option.dataset.text;
    }
  });

  // "Select all" for bulk actions.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[data-select-all]")) return;
    var form = box.closest("form") || document;
    form.querySelectorAll('input[name="' + box.dataset.selectAll + '"]').forEach(function (item) {
      item.checked = box.checked;
    });
  });

  // After an htmx swap, put the keyboard focus where the result is: the success notice of a
  // refreshed workspace, or the first error of a form returned with errors.
  document.addEventListener("htmx:afterSwap", function (event) {
    var root = event.detail.target || document;
    var focus = root.querySelector("[data-focus-after-swap]") ||
      root.querySelector("[aria-invalid='true']") ||
      root.querySelector(".notice-error");
    if (focus) {
      if (!focus.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(focus.tagName)) {
        focus.setAttribute("tabindex", "-1");
      }
      focus.focus();
    }
  });

  // A refused htmx request keeps the form as typed and says why.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("office-alert");
    if (!box) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    box.textContent = "";
    var p = document.createElement("p");
    p.className = "notice notice-error";
    if (status === 401) {
      p.textContent = msg("msg401") + " ";
      var link = document.createElement("a");
      link.href = msg("loginUrl");
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = msg("msgLogin");
      p.appendChild(link);
    } else if (status === 403) {
      p.textContent = msg("msg403");
    } else {
      p.textContent = msg("msgError");
    }
    box.appendChild(p);
  });
})();
