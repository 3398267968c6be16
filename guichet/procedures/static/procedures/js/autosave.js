// Autosave: every field is saved on the server when it changes. The page works without this
// script (the "Enregistrer le brouillon" button does the same), so it only adds comfort.
(function () {
  "use strict";
  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    var status = form.querySelector(".autosave-status");
    var lock = form.querySelector("input[name=lock_version]");
    var timer = null;
    function save() {
      var data = new FormData(form);
      data.set("action", "save");
      fetch(form.dataset.autosave, {
        method: "POST",
        body: data,
        headers: { "X-Autosave": "1" },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (body) {
          if (lock) { lock.value = body.lock_version; }
          if (status) { status.textContent = "Enregistré automatiquement à " + new Date().toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" }) + "."; }
        })
        .catch(function () {
          if (status) { status.textContent = "L'enregistrement automatique n'a pas abouti : utilisez le bouton « Enregistrer le brouillon »."; }
        });
    }
    form.addEventListener("change", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 300);
    });
  });
})();
