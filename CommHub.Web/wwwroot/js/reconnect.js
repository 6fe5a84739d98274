// "Try again" on the reconnect banner (App.razor): reconnect the live connection, or reload if the server no longer has it.
document.addEventListener('click', async e => {
    if (!(e.target instanceof Element) || !e.target.closest('[data-reconnect-retry]')) return;
    try {
        const resumed = window.Blazor?.reconnect ? await window.Blazor.reconnect() : false;
        if (!resumed) location.reload();
    } catch {
        location.reload();
    }
});
