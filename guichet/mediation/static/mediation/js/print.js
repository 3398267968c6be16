// The "print" button of a diagnostic's result: shown only when scripts run (the page works without).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
