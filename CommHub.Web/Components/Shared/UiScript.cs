using Microsoft.JSInterop;

namespace CommHub.Web.Components.Shared;

/// <summary>The app's small JS module (wwwroot/js/shortcuts.js), imported once for a component and released with it.</summary>
public sealed class UiScript(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? module;

    public async ValueTask<IJSObjectReference> ModuleAsync() =>
        module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/shortcuts.js");

    /// <summary>
    /// Stops what a module function set up in the page (a listener handle with a <c>dispose</c> method) and releases the
    /// handle; nothing to do once the circuit is gone, the page and its listeners with it.
    /// </summary>
    public static async ValueTask ReleaseAsync(IJSObjectReference? handle)
    {
        if (handle is null) return;
        try
        {
            await handle.InvokeVoidAsync("dispose");
            await handle.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the page's listeners with it.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (module is not null) await module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the module with it.
        }
    }
}
