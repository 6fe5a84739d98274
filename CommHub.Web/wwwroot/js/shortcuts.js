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
