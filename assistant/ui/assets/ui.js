// Citation chips: a click brings the cited source into view in the evidence panel.
// Loaded once per page; listens on the document because the chat re-renders its messages.
// A chip names its card in a class, cite-ref-<turn>-<marker> (the chat's sanitiser keeps
// classes but drops data-* attributes); the card carries data-turn and data-marker.
(() => {
  if (window.__assistantChips) return;
  window.__assistantChips = true;
  const REF = /\bcite-ref-(\d+)-(\d+)\b/;

  function showSource(chip, turn, marker) {
    const panel = document.getElementById("evidence-panel");
    if (!panel) return;
    panel.querySelectorAll(".ev-turn").forEach((section) => {
      section.classList.toggle("is-active", section.dataset.turn === turn);
    });
    panel.querySelectorAll(".ev-card.is-focused").forEach((card) => {
      card.classList.remove("is-focused");
    });
    document.querySelectorAll(".cite-chip.is-selected").forEach((other) => {
      other.classList.remove("is-selected");
    });
    chip.classList.add("is-selected");
    const card = panel.querySelector(
      '.ev-card[data-turn="' + turn + '"][data-marker="' + marker + '"]'
    );
    if (!card) return;
    card.classList.add("is-focused");
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    card.scrollIntoView({ behavior: reduce ? "auto" : "smooth", block: "nearest" });
  }

  // Capture phase: the chat would otherwise treat the click as selecting its message.
  document.addEventListener("click", (event) => {
    const chip = event.target.closest && event.target.closest(".cite-chip");
    const ref = chip && REF.exec(chip.className);
    if (!ref) return;
    event.preventDefault();
    event.stopPropagation();
    showSource(chip, ref[1], ref[2]);
  }, true);
})();
