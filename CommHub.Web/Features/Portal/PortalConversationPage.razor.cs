using CommHub.Web.Components.Shared;
using CommHub.Core.Conversations;
using CommHub.Core.Portal;
using CommHub.Web.Features.Conversations;
using CommHub.Web.RateLimits;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;

namespace CommHub.Web.Features.Portal;

/// <summary>A customer's conversation as a chat: live replies, "Agent is typing…", ticks on their own messages.</summary>
public partial class PortalConversationPage
{
    private PortalConversation? conversation;
    private bool notFound;
    private bool scrollToEnd;
    private string userId = "";
    private ElementReference messagesElement;
    private IDisposable? subscription;
    private int loads;
    private UiScript? script;
    private TypingIndicator? typing;

    [Inject] private PortalService Portal { get; set; } = default!;
    [Inject] private MessageSendLimiter SendLimiter { get; set; } = default!;
    [Inject] private ConversationNotifier Notifier { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter]
    public int ConversationId { get; set; }

    /// <summary>A message to scroll to and mark (a search result opened).</summary>
    [SupplyParameterFromQuery(Name = "message")]
    public int? RevealMessageId { get; set; }

    private bool revealed;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        typing = new TypingIndicator(Clock);
        userId = (await AuthenticationState).User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        // Subscribed before the first load: a change (a file processed, an agent's reply) just after the load is not missed.
        subscription ??= Notifier.Subscribe(OnLiveEventAsync);
        await LoadAsync();
        if (conversation is null) return;
        await Portal.MarkReadAsync(userId, ConversationId);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!scrollToEnd || conversation is null) return;
        scrollToEnd = false;
        script ??= new UiScript(JS);
        if (RevealMessageId is { } id && !revealed)
        {
            revealed = true;
            if (await (await script.ModuleAsync()).InvokeAsync<bool>("revealMessage", id)) return;
        }
        await (await script.ModuleAsync()).InvokeVoidAsync("scrollToEnd", messagesElement);
    }

    /// <summary>Loads the conversation; of loads that overlap, the one started last (the freshest) is the one shown.</summary>
    private async Task LoadAsync()
    {
        var load = ++loads;
        var loaded = await Portal.GetAsync(userId, ConversationId);
        if (load != loads) return;
        conversation = loaded;
        notFound = conversation is null;
        scrollToEnd = true;
    }

    private Task OnLiveEventAsync(LiveEvent e)
    {
        if (e.ConversationId != ConversationId) return Task.CompletedTask;
        return InvokeAsync(() => ContactThreadEvents.HandleAsync(
            e, typing!, () => conversation?.Messages, LoadAsync, () => Portal.MarkReadAsync(userId, ConversationId), StateHasChanged));
    }

    private async Task<string?> SendAsync(ComposerMessage message)
    {
        if (SendLimiter.TryAcquire(userId) is { } tooFast) return tooFast;
        var result = await Portal.ReplyAsync(userId, ConversationId, message.Text, message.Files);
        if (!result.Succeeded) return result.ErrorText;
        await LoadAsync();
        return null;
    }

    private Task TypingAsync(bool privateNote) => Portal.TypingAsync(userId, ConversationId);

    public async ValueTask DisposeAsync()
    {
        subscription?.Dispose();
        if (script is not null) await script.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
