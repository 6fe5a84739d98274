// Single-key shortcuts for a page (j/k/r/e/?), ignored while the user types in a field.
export function register(dotNetRef, keys) {
    const handler = (e) => {
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        const t = e.target;
        if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
        if (!keys.includes(e.key)) return;
        e.preventDefault();
        dotNetRef.invokeMethodAsync("OnShortcut", e.key);
    };
    document.addEventListener("keydown", handler);
    return { dispose: () => document.removeEventListener("keydown", handler) };
}

export function scrollToEnd(element) {
    if (element) element.scrollTop = element.scrollHeight;
}

export function scrollIntoView(selector) {
    const el = document.querySelector(selector);
    if (el) el.scrollIntoView({ block: "nearest" });
}

export function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

// Files dropped on, or pasted into, a zone go to its <input type=file>, as if chosen with the button.
export function forwardDropAndPaste(zone, input) {
    if (!zone || !input) return;
    const hand = (files) => {
        if (!files || files.length === 0) return false;
        const transfer = new DataTransfer();
        for (const f of files) transfer.items.add(f);
        input.files = transfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
        return true;
    };
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("drop-target"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("drop-target"));
    zone.addEventListener("drop", (e) => { e.preventDefault(); zone.classList.remove("drop-target"); hand(e.dataTransfer.files); });
    zone.addEventListener("paste", (e) => { if (hand(e.clipboardData && e.clipboardData.files)) e.preventDefault(); });
}

// Ctrl+K (Cmd+K on a Mac) focuses the search box from anywhere on the page, fields included.
export function focusOnCtrlK(element) {
    const handler = (e) => {
        if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== "k") return;
        e.preventDefault();
        if (element) { element.focus(); element.select(); }
    };
    document.addEventListener("keydown", handler);
    return { dispose: () => document.removeEventListener("keydown", handler) };
}

// A message opened from a search result: scrolled to the middle of the thread and marked for a moment.
export function revealMessage(id) {
    const el = document.querySelector(`[data-message-id="${Number(id)}"]`);
    if (!el) return false;
    el.scrollIntoView({ block: "center" });
    el.classList.add("message-found");
    return true;
}
