// Citation chips: a click brings the cited source into view in the evidence panel; opening
// "Show in the whole article" scrolls the article to its highlighted span.
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
    card.scrollIntoView({ behavior: reducedMotion() ? "auto" : "smooth", block: "nearest" });
  }

  function reducedMotion() {
    return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  // The whole article opens at its cited span: the article box scrolls (at once) to put the
  // span in its middle, then the panel brings the span into view.
  function showSpan(details) {
    const box = details.querySelector(".ev-article-text");
    const mark = box && box.querySelector("mark.ev-span");
    if (!mark) return;
    const span = mark.getBoundingClientRect();
    const margin = Math.max(0, (box.clientHeight - span.height) / 2);
    box.scrollTop += span.top - box.getBoundingClientRect().top - margin;
    mark.classList.add("is-target");
    mark.scrollIntoView({ behavior: reducedMotion() ? "auto" : "smooth", block: "nearest" });
  }

  // "toggle" does not bubble, but a capturing listener on the document still hears it.
  document.addEventListener("toggle", (event) => {
    const details = event.target;
    if (details instanceof HTMLDetailsElement && details.open &&
        details.classList.contains("ev-article")) {
      showSpan(details);
    }
  }, true);

  // Capture phase: the chat would otherwise treat the click as selecting its message.
  document.addEventListener("click", (event) => {
    const chip = event.target.closest && event.target.closest(".cite-chip");
    const ref = chip && REF.exec(chip.className);
    if (!ref) return;
    event.preventDefault();
    event.stopPropagation();
    showSource(chip, ref[1], ref[2]);
    announce(chip.getAttribute("aria-label") || chip.title);
  }, true);

  // Accessibility of gradio's own markup, fixed up as it renders: chat messages are named by
  // their text (gradio names them by their raw HTML), a chip by its title ("Source 1: <title>";
  // the chat's sanitiser drops aria-* attributes from the HTML sent), the send button has a
  // name, and the example questions are a group of buttons (gradio puts them in a list).
  // Changes of the evidence panel are announced in a polite live region beside it.
  function announce(text) {
    const status = document.getElementById("evidence-status");
    if (status && text && status.textContent !== text) status.textContent = text;
  }

  function plainText(element) {
    const copy = element.cloneNode(true);
    copy.querySelectorAll(".cite-chip, .qa-caret, .sr-only, .qa-copy-text, button")
      .forEach((node) => node.remove());
    return copy.textContent.replace(/\s+/g, " ").replace(/\s+([.,;:!?])/g, "$1").trim();
  }

  // Recomputed when a message's text changes (gradio sets its label before the text renders)
  // or gradio sets its label again; a long conversation is not re-read at every mutation.
  const named = new WeakMap();
  function nameMessages(root) {
    root.querySelectorAll('[data-testid="user"], [data-testid="bot"]').forEach((message) => {
      const text = message.textContent;
      const known = named.get(message);
      if (known && known.text === text && message.getAttribute("aria-label") === known.label) {
        return;
      }
      const who = message.dataset.testid === "user" ? "Question" : "Answer";
      const label = who + ": " + plainText(message);
      named.set(message, { text, label });
      if (message.getAttribute("aria-label") !== label) message.setAttribute("aria-label", label);
    });
  }

  let panelState = "";
  function describePanel() {
    const panel = document.getElementById("evidence-panel");
    const active = panel && panel.querySelector(".ev-turn.is-active");
    if (!active) return;
    const question = active.querySelector(".ev-question");
    const count = active.querySelectorAll(".ev-card").length;
    const what = count ? count + " source" + (count === 1 ? "" : "s") : "no sources";
    const text = "Evidence updated: " + what + " for “" +
      (question ? question.textContent.trim() : "") + "”.";
    const state = active.dataset.turn + "|" + text;
    if (state === panelState) return;
    panelState = state;
    announce(text);
  }

  function fixUp() {
    const chat = document.getElementById("chat");
    if (chat) {
      nameMessages(chat);
      chat.querySelectorAll("button.cite-chip[title]").forEach((chip) => {
        if (chip.getAttribute("aria-label") !== chip.title) {
          chip.setAttribute("aria-label", chip.title);
        }
      });
      chat.querySelectorAll('.examples[role="list"]').forEach((list) => {
        list.setAttribute("role", "group");
        list.setAttribute("aria-label", "Example questions");
      });
    }
    document.querySelectorAll("#question button.submit-button:not([aria-label])")
      .forEach((button) => button.setAttribute("aria-label", "Send question"));
    // The whole article scrolls inside its card: keyboard users must reach it too.
    document.querySelectorAll("#evidence-panel .ev-article-text:not([tabindex])")
      .forEach((box) => {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "The whole article");
      });
    describePanel();
  }

  let scheduled = false;
  new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => { scheduled = false; fixUp(); });
  }).observe(document.documentElement, {
    subtree: true, childList: true, characterData: true,
    attributes: true, attributeFilter: ["aria-label"],
  });
})();

// "Copy with sources" under an answer: copies the answer's hidden .qa-copy-text (the answer
// with its numbered sources, as OpenAI clients show it) and says so on the button.
(() => {
  if (window.__assistantCopy) return;
  window.__assistantCopy = true;
  const LABEL = "Copy with sources";

  function fallback(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { area.remove(); }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".qa-copy");
    if (!button) return;
    event.preventDefault();
    event.stopPropagation();
    const holder = button.closest(".qa-actions");
    const source = holder && holder.querySelector(".qa-copy-text");
    if (!source) return;
    const text = source.textContent;
    const done = () => {
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = LABEL; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => { fallback(text); done(); });
    } else {
      fallback(text);
      done();
    }
  }, true);
})();
