using CommHub.Web.Components.Shared;
using CommHub.Core.Conversations;
using CommHub.Web.Features.Conversations;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace CommHub.Web.Features.Inbox;

/// <summary>One conversation as staff see it: live messages, actions, contact, composer.</summary>
public partial class ConversationPane
{
    private ConversationThread? thread;
    private IReadOnlyList<AgentOption> agents = [];
    private IReadOnlyList<string> staffNames = [];
    private IReadOnlyList<AgentOption> mentionable = [];
    private bool notFound;
    private bool scrollToEnd = true;
    private ElementReference messagesElement;
    private Composer? composer;
    private IDisposable? subscription;
    private int loads;
    private UiScript script = default!;
    private TypingIndicator typing = default!;
    private TypingIndicator staffTyping = default!;
    private IDisposable? viewing;
    private IReadOnlyList<ConversationViewer> others = [];
    private QuotedMessage? answering;

    /// <summary>Telegram shows a reply with the message it answers; other channels thread the whole conversation, so offer none.</summary>
    private EventCallback<ThreadMessage> OnAnswer => thread?.Header.ChannelKind == CommHub.Core.Channels.ChannelKind.Telegram
        ? EventCallback.Factory.Create<ThreadMessage>(this, AnswerAsync)
        : default;

    [Inject] private ConversationService Conversations { get; set; } = default!;
    [Inject] private Core.Outbox.OutboxService Outbox { get; set; } = default!;
    [Inject] private ConversationNotifier Notifier { get; set; } = default!;
    [Inject] private ConversationViewers Viewers { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter, EditorRequired]
    public int ConversationId { get; set; }

    [Parameter, EditorRequired]
    public string UserId { get; set; } = "";

    [Parameter]
    public string UserName { get; set; } = "";

    /// <summary>Shown in the middle and marked, instead of scrolling to the newest message (a search result opened).</summary>
    [Parameter]
    public int? RevealMessageId { get; set; }

    private bool revealed;

    protected override async Task OnInitializedAsync()
    {
        typing = new TypingIndicator(Clock);
        staffTyping = new TypingIndicator(Clock);
        script = new UiScript(JS);
        // Subscribed before the first load: a change (a new message, a file processed) just after the load is not missed.
        subscription = Notifier.Subscribe(OnLiveEventAsync);
        agents = await Conversations.ListAgentsAsync();
        staffNames = agents.Select(a => a.Name).ToList();
        mentionable = agents.Where(a => a.Id != UserId).ToList();
        viewing = Viewers.Watch(ConversationId, UserId, DisplayName);
        others = OthersViewing();
        await LoadAsync();
        if (thread is not null) await Conversations.MarkReadByAgentAsync(ConversationId);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!scrollToEnd || thread is null) return;
        scrollToEnd = false;
        if (RevealMessageId is { } id && !revealed)
        {
            revealed = true;
            if (await (await script.ModuleAsync()).InvokeAsync<bool>("revealMessage", id)) return;
        }
        await (await script.ModuleAsync()).InvokeVoidAsync("scrollToEnd", messagesElement);
    }

    /// <summary>Loads the thread; of loads that overlap, the one started last (the freshest) is the one shown.</summary>
    private async Task LoadAsync()
    {
        var load = ++loads;
        var loaded = await Conversations.GetThreadAsync(ConversationId);
        if (load != loads) return;
        thread = loaded;
        notFound = thread is null;
        scrollToEnd = true;
    }

    private Task OnLiveEventAsync(LiveEvent e)
    {
        if (e.ConversationId != ConversationId) return Task.CompletedTask;
        return InvokeAsync(async () =>
        {
            switch (e)
            {
                case { Kind: LiveEventKind.Viewing }:
                    others = OthersViewing();
                    StateHasChanged();
                    return;
                case { Kind: LiveEventKind.Typing, Side: TypingSide.Customer }:
                    await typing.ShowAsync(e.Name ?? "The customer", StateHasChanged);
                    return;
                case { Kind: LiveEventKind.Typing } when e.UserId != UserId:
                    await staffTyping.ShowAsync($"{e.Name ?? "Someone"} is {(e.PrivateNote ? "writing a private note" : "typing a reply")}…", StateHasChanged);
                    return;
                case { ChangesConversation: false }:
                    return;
            }
            var before = thread?.Messages.Count ?? 0;
            await LoadAsync();
            if (thread is not null && thread.Messages.Count > before && thread.Messages[^1].Direction == MessageDirection.Inbound)
            {
                typing.Clear();
                // Seen here, so read: the customer's message gets its second tick.
                await Conversations.MarkReadByAgentAsync(ConversationId);
            }
            StateHasChanged();
        });
    }

    private async Task<string?> SendAsync(ComposerMessage message)
    {
        var result = await Conversations.ReplyAsync(ConversationId, UserId, message.Text, message.PrivateNote, message.Files, message.Copies,
            message.PrivateNote ? null : answering?.Id);
        if (!result.Succeeded) return result.ErrorText;
        if (!message.PrivateNote) answering = null;
        await LoadAsync();
        return null;
    }

    private async Task SendActionAsync((ThreadMessage Message, bool MarkSent) action)
    {
        var done = action.MarkSent ? await Outbox.MarkSentAsync(action.Message.Id) : await Outbox.RetryAsync(action.Message.Id);
        Snackbar.Add(done ? (action.MarkSent ? "Recorded as sent." : "Sending again.") : "This message is no longer waiting for that.",
            done ? Severity.Success : Severity.Warning);
        await LoadAsync();
    }

    private async Task AnswerAsync(ThreadMessage message)
    {
        answering = QuotedMessage.Of(message);
        await FocusComposerAsync();
    }

    private Task TypingAsync(bool privateNote)
    {
        Conversations.Typing(ConversationId, UserId, DisplayName, privateNote);
        return Task.CompletedTask;
    }

    /// <summary>The name others see (the staff member's display name, not their sign-in e-mail).</summary>
    private string DisplayName => agents.FirstOrDefault(a => a.Id == UserId)?.Name ?? UserName;

    /// <summary>The other staff members with this conversation open (this user's other tabs are not shown).</summary>
    private IReadOnlyList<ConversationViewer> OthersViewing() => Viewers.Of(ConversationId).Where(v => v.UserId != UserId).ToList();

    private async Task ChangedAsync(Core.Common.OperationResult result)
    {
        if (!result.Succeeded) Snackbar.Add(result.ErrorText, Severity.Error);
        await LoadAsync();
    }

    public async Task FocusComposerAsync()
    {
        if (composer is not null) await composer.FocusAsync();
    }

    public async Task ResolveAsync()
    {
        await ChangedAsync(await StatusUndoNotice.ResolveAsync(Snackbar, Conversations, [ConversationId], "Resolved."));
        StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        subscription?.Dispose();
        viewing?.Dispose();
        await script.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
