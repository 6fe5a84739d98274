// Single-key shortcuts for a page (j/k/r/e/?), ignored while the user types in a field.
export function register(dotNetRef, keys) {
    const handler = (e) => {
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        const t = e.target;
        // Typing goes to text fields; a ticked row's checkbox still lets j / k / x through.
        const typing = t && (t.isContentEditable || ["TEXTAREA", "SELECT"].includes(t.tagName) || (t.tagName === "INPUT" && t.type !== "checkbox"));
        if (typing) return;
        if (!keys.includes(e.key)) return;
        e.preventDefault();
        dotNetRef.invokeMethodAsync("OnShortcut", e.key);
    };
    document.addEventListener("keydown", handler);
    return { dispose: () => document.removeEventListener("keydown", handler) };
}

// To the newest message; images still loading (a photo just sent) scroll it down again once they have their height,
// unless the reader has scrolled up in the meantime.
export function scrollToEnd(element) {
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    for (const img of element.querySelectorAll("img")) {
        if (img.complete) continue;
        const before = element.scrollHeight;
        img.addEventListener("load", () => {
            const fromEnd = before - element.scrollTop - element.clientHeight;
            if (fromEnd < 48) element.scrollTop = element.scrollHeight;
        }, { once: true });
    }
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

// Tells the server whether this page is in front of its user and used: hidden (another tab, a locked screen) or
// untouched for idleMs counts as away. Only changes are reported.
export function watchPresence(dotNetRef, idleMs) {
    let active = true;
    let timer = 0;
    const report = (now) => {
        if (now === active) return;
        active = now;
        dotNetRef.invokeMethodAsync("OnPresence", now).catch(() => { });
    };
    const idleLater = () => {
        clearTimeout(timer);
        timer = setTimeout(() => report(false), idleMs);
    };
    const used = () => {
        if (document.visibilityState !== "visible") return;
        report(true);
        idleLater();
    };
    const visibility = () => {
        if (document.visibilityState === "visible") used();
        else { clearTimeout(timer); report(false); }
    };
    const events = ["keydown", "pointerdown", "pointermove", "wheel", "focus"];
    for (const e of events) window.addEventListener(e, used, { passive: true });
    document.addEventListener("visibilitychange", visibility);
    visibility();
    return {
        dispose: () => {
            clearTimeout(timer);
            for (const e of events) window.removeEventListener(e, used);
            document.removeEventListener("visibilitychange", visibility);
        },
    };
}

// Drafts: what was typed and not sent, kept in this browser per person and conversation until it is sent.
const draftPrefix = "commhub.draft.";
export function loadDraft(key) {
    try { return localStorage.getItem(draftPrefix + key); } catch { return null; }
}
// Every keystroke is written down here, in the browser, so a reload right after typing loses nothing; the composer's
// data-note attribute says whether it is a private note.
export function keepDraft(composer, key) {
    if (!composer) return null;
    const handler = (e) => {
        if (e.target.tagName !== "TEXTAREA") return;
        const text = e.target.value;
        saveDraft(key, text ? JSON.stringify({ Text: text, PrivateNote: composer.dataset.note === "true" }) : null);
    };
    composer.addEventListener("input", handler);
    return { dispose: () => composer.removeEventListener("input", handler) };
}
export function saveDraft(key, value) {
    try {
        if (value) localStorage.setItem(draftPrefix + key, value);
        else localStorage.removeItem(draftPrefix + key);
    } catch { /* storage full or blocked: the draft is only not kept */ }
}

// While the composer's template picker is open, the arrows and Enter belong to it: the caret stays, no line is added.
export function guardPickerKeys(composer) {
    if (!composer) return;
    composer.addEventListener("keydown", (e) => {
        if (composer.dataset.picker !== "open" || e.target.tagName !== "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) return;
        if (["ArrowUp", "ArrowDown", "Enter"].includes(e.key)) e.preventDefault();
    });
}

// Notifications: the unread count in the tab's title (kept when a page sets its own title), a short sound, and the
// browser's desktop notification once the user allowed it (asked for on a click, never on its own).
let titleCount = 0;
let titleObserver = null;
function applyTitleCount() {
    const bare = document.title.replace(/^\(\d+\) /, "");
    const wanted = titleCount > 0 ? `(${titleCount}) ${bare}` : bare;
    if (document.title !== wanted) document.title = wanted;
}
export function setTitleCount(count) {
    titleCount = count;
    applyTitleCount();
    const title = document.querySelector("title");
    if (!titleObserver && title) {
        titleObserver = new MutationObserver(applyTitleCount);
        titleObserver.observe(title, { childList: true, characterData: true, subtree: true });
    }
}
export function playSound() {
    try {
        const audio = new (window.AudioContext || window.webkitAudioContext)();
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.frequency.value = 880;
        gain.gain.setValueAtTime(0.15, audio.currentTime);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25);
        tone.connect(gain).connect(audio.destination);
        tone.start();
        tone.stop(audio.currentTime + 0.25);
    } catch { /* no audio here: the list still has it */ }
}
export function desktopPermission() {
    return "Notification" in window ? Notification.permission : "unsupported";
}
export async function askDesktopPermission() {
    if (!("Notification" in window)) return "unsupported";
    return await Notification.requestPermission();
}
export function showDesktop(title, body, url) {
    if (!("Notification" in window) || Notification.permission !== "granted") return;
    const shown = new Notification(title, { body, tag: url });
    shown.onclick = () => { window.focus(); window.location.href = url; shown.close(); };
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
