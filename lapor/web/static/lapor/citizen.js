/* LAPOR! citizen pages: small progressive enhancements. Every form works without this file;
   with it, the no-JavaScript "refresh" buttons go away (htmx updates the pickers instead),
   search boxes do not submit the form on Enter, and the optional map marks a point. */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function removeNoJsButtons(root) {
    root.querySelectorAll(".no-js-only").forEach(function (el) { el.remove(); });
    // A suggested institution is chosen in place (htmx); as a submit button it would also be
    // the form's default button, pressed by Enter in the title field.
    root.querySelectorAll("button[data-pick]").forEach(function (el) { el.type = "button"; });
  }

  // Options swapped into a <select> keep the browser's earlier choice: the server's marked
  // option (selected attribute) is the one meant.
  function chooseMarkedOption(el) {
    if (!el || el.tagName !== "SELECT") return;
    var marked = el.querySelector("option[selected]");
    if (marked && el.value !== marked.value) el.value = marked.value;
  }

  ready(function () {
    removeNoJsButtons(document);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      removeNoJsButtons(event.target.parentNode || document);
      chooseMarkedOption(event.target);
    });
    // A suggested institution comes back as new options for the institution picker (an
    // out-of-band swap); Chromium keeps the old choice there, so select it explicitly.
    document.body.addEventListener("htmx:oobAfterSwap", function (event) {
      chooseMarkedOption(event.detail && event.detail.target);
    });

    // Enter in a search box filters the list; it must not send the whole report.
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key === "Enter" && target && target.hasAttribute && target.hasAttribute("data-no-submit")) {
        event.preventDefault();
      }
    });

    // After a failed submission, move focus to the list of errors.
    var summary = document.querySelector("[data-focus]");
    if (summary) summary.focus();

    setupMap();
    setupCopy();
  });

  function setupCopy() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          var done = button.getAttribute("data-done");
          if (done) button.textContent = done;
        });
      });
    });
  }

  function setupMap() {
    var lat = document.getElementById("id_lat");
    var lon = document.getElementById("id_lon");
    var locate = document.getElementById("use-location");
    if (!lat || !lon) return;

    function setInputs(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
    }

    var marker = null;
    var map = null;
    var el = document.getElementById("map");
    if (el && window.L) {
      el.hidden = false;
      var hasPoint = isFinite(parseFloat(lat.value)) && isFinite(parseFloat(lon.value));
      var start = hasPoint ? [parseFloat(lat.value), parseFloat(lon.value)] : [-2.5, 118];
      map = window.L.map(el, { zoomControl: true, attributionControl: true })
        .setView(start, hasPoint ? 15 : 4);
      var tiles = el.getAttribute("data-tiles");
      if (tiles) {
        var layer = window.L.tileLayer(tiles, {
          maxZoom: 19, attribution: el.getAttribute("data-attribution") || ""
        });
        layer.on("tileerror", function () { showNote(); });
        layer.addTo(map);
      } else {
        showNote();
      }
      var place = function (latlng) {
        if (marker) marker.setLatLng(latlng);
        else marker = window.L.circleMarker(latlng, {
          radius: 9, color: "#a3231b", weight: 3, fillColor: "#ffffff", fillOpacity: 1
        }).addTo(map);
      };
      if (hasPoint) place(start);
      map.on("click", function (event) { place(event.latlng); setInputs(event.latlng); });
      var fromInputs = function () {
        var a = parseFloat(lat.value), b = parseFloat(lon.value);
        if (isFinite(a) && isFinite(b)) { place([a, b]); map.panTo([a, b]); }
      };
      lat.addEventListener("change", fromInputs);
      lon.addEventListener("change", fromInputs);
      map.placeMarker = place;
    }

    function showNote() {
      var note = document.getElementById("map-note");
      if (note) note.hidden = false;
    }

    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (position) {
          var latlng = { lat: position.coords.latitude, lng: position.coords.longitude };
          setInputs(latlng);
          if (map) { map.placeMarker([latlng.lat, latlng.lng]); map.setView([latlng.lat, latlng.lng], 16); }
        }, function () {}, { enableHighAccuracy: true, timeout: 10000 });
      });
    }
  }
})();
