using System.Security.Claims;
using CommHub.Core.Webhooks;
using CommHub.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CommHub.Web.Features.Webhooks;

public partial class WebhooksPage
{
    [Inject] private WebhookService Webhooks { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private BrowserTimeZone TimeZone { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<WebhookView>? hooks;
    private IReadOnlyList<WebhookDeliveryView>? log;
    private WebhookView? logFor;
    private int? editingId;
    private string url = "";
    private string? description;
    private HashSet<string> events = [WebhookEventTypes.MessageCreated];
    private bool includeNotes;
    private string? formError;
    private string? createdSecret;
    private bool busy;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync() => hooks = await Webhooks.ListAsync();

    private async Task<string?> UserIdAsync() => (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier);

    private void Toggle(string type, bool on)
    {
        if (on) events.Add(type);
        else events.Remove(type);
    }

    private async Task SaveAsync()
    {
        busy = true;
        formError = null;
        createdSecret = null;
        try
        {
            var draft = new WebhookDraft(url, description, [.. events], includeNotes);
            if (editingId is { } id)
            {
                var updated = await Webhooks.UpdateAsync(id, draft, await UserIdAsync());
                if (!updated.Succeeded)
                {
                    formError = updated.ErrorText;
                    return;
                }
                Snackbar.Add("Webhook saved.", Severity.Success);
            }
            else
            {
                var created = await Webhooks.CreateAsync(draft, await UserIdAsync());
                if (!created.Succeeded)
                {
                    formError = created.ErrorText;
                    return;
                }
                createdSecret = created.Value!.Secret;
            }
            ClearForm();
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private void Edit(WebhookView hook)
    {
        editingId = hook.Id;
        url = hook.Url;
        description = hook.Description;
        events = [.. hook.Events];
        includeNotes = hook.IncludePrivateNotes;
        formError = null;
    }

    private void ClearForm()
    {
        editingId = null;
        url = "";
        description = null;
        events = [WebhookEventTypes.MessageCreated];
        includeNotes = false;
    }

    private async Task SetEnabledAsync(WebhookView hook, bool enabled)
    {
        var result = await Webhooks.SetEnabledAsync(hook.Id, enabled, await UserIdAsync());
        if (!result.Succeeded) Snackbar.Add(result.ErrorText, Severity.Error);
        await LoadAsync();
    }

    private async Task TestAsync(WebhookView hook)
    {
        var result = await Webhooks.SendTestAsync(hook.Id);
        Snackbar.Add(result.Succeeded ? "A test event is on its way; see Deliveries." : result.ErrorText, result.Succeeded ? Severity.Info : Severity.Error);
        if (result.Succeeded) await ShowLogAsync(hook);
    }

    private async Task ShowLogAsync(WebhookView hook)
    {
        logFor = hook;
        log = null;
        log = await Webhooks.DeliveriesAsync(hook.Id);
    }

    private async Task RedeliverAsync(WebhookDeliveryView delivery)
    {
        var result = await Webhooks.RedeliverAsync(delivery.Id);
        Snackbar.Add(result.Succeeded ? "Queued again." : result.ErrorText, result.Succeeded ? Severity.Info : Severity.Error);
        if (logFor is not null) await ShowLogAsync(logFor);
    }

    private async Task DeleteAsync(WebhookView hook)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete webhook?",
            $"Nothing more is sent to {hook.Url}, and its delivery log is deleted.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true) return;
        var result = await Webhooks.DeleteAsync(hook.Id, await UserIdAsync());
        if (!result.Succeeded) Snackbar.Add(result.ErrorText, Severity.Error);
        if (logFor?.Id == hook.Id) logFor = null;
        await LoadAsync();
    }

    private static string StateText(WebhookDeliveryView d) => d.State switch
    {
        WebhookDeliveryState.Delivered => $"Delivered ({d.Attempts} attempt{(d.Attempts == 1 ? "" : "s")})",
        WebhookDeliveryState.Failed => $"Given up after {d.Attempts} attempt{(d.Attempts == 1 ? "" : "s")}",
        _ => d.Attempts == 0 ? "Waiting" : $"Retrying ({d.Attempts} failed)",
    };

    private static string Preview(string? response) => response is null ? "" : response.Length > 200 ? response[..200] + "…" : response;
}
