// Caseload progress: while the job runs, re-read this same page every 3 seconds and replace the
// progress region in place (announced politely to screen readers); reload once the job is over.
// Without JavaScript, the page offers an "Actualiser" link instead.
(function () {
  "use strict";
  var region = document.getElementById("caseload-progress");
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("caseload-progress");
        if (!fresh) {
          window.location.reload();
          return;
        }
        region.innerHTML = fresh.innerHTML;
        window.setTimeout(poll, 3000);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  }
  window.setTimeout(poll, 3000);
})();
