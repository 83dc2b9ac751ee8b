// The manage page's "print" button: shown only when scripts run (without them
// the browser's own print works the same), so no button ever does nothing.
for (const button of document.querySelectorAll("button[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
