using Microsoft.JSInterop;

namespace CommHub.Web.Components.Shared;

/// <summary>The app's small JS module (wwwroot/js/shortcuts.js), imported once for a component and released with it.</summary>
public sealed class UiScript(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? module;

    public async ValueTask<IJSObjectReference> ModuleAsync() =>
        module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/shortcuts.js");

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
