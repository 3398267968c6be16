// ALTCHA (self-hosted proof of work, MIT licence, vendored from the npm package altcha 3.2.2, see
// THIRD-PARTY.md): the widget without bundled workers (our CSP forbids blob: workers), its SHA worker
// served from here, and its words in plain French. Without JavaScript the form still works: the server
// then applies a stricter limit per connection.
import "./altcha.min.js";

globalThis.$altcha.i18n.set("fr", {
  ariaLinkLabel: "ALTCHA",
  cancel: "Annuler",
  enterCode: "Tapez le code",
  enterCodeAria: "Tapez le code que vous entendez.",
  enterCodeFromImage: "Tapez le code de l'image.",
  error: "La vérification n'a pas marché. Vous pouvez quand même envoyer votre demande.",
  expired: "La vérification a expiré : elle recommence.",
  footer: "",
  getAudioChallenge: "Écouter le code",
  label: "Vérification automatique que vous n'êtes pas un robot",
  loading: "Chargement…",
  reload: "Recommencer",
  verificationRequired: "Vérification en cours : patientez quelques secondes.",
  verified: "Vérifié",
  verify: "Vérifier",
  verifying: "Vérification en cours…",
  waitAlert: "Vérification en cours : patientez quelques secondes.",
});
globalThis.$altcha.algorithms.set("SHA-256", () => new Worker(new URL("./altcha-sha.js", import.meta.url)));

// Never a dead end: if the proof of work fails, the form can still be sent (the server then applies the
// stricter limit, as without JavaScript).
for (const widget of document.querySelectorAll("altcha-widget")) {
  widget.addEventListener("statechange", (event) => {
    if (event.detail && event.detail.state === "error") {
      for (const box of widget.querySelectorAll("input[type=checkbox][required]")) box.required = false;
    }
  });
}
