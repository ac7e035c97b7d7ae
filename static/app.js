// klang: small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // "Go back" links on error pages keep what the user typed in the form.
  document.querySelectorAll("a[data-back]").forEach(function (a) {
    if (window.history.length > 1) {
      a.addEventListener("click", function (e) { e.preventDefault(); window.history.back(); });
    }
  });
  // Ask before deleting.
  document.querySelectorAll("button.danger").forEach(function (b) {
    b.addEventListener("click", function (e) {
      var th = document.documentElement.lang !== "en";
      if (!window.confirm(th ? "ยืนยันการลบ?" : "Delete this?")) e.preventDefault();
    });
  });
});
