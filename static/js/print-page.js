// Buttons marked data-print print the page (the recovery codes page of two-factor login).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
