using CommHub.Core.Conversations;
using CommHub.Core.Crew;
using CommHub.Core.Projects;
using CommHub.Web.Components.Shared;
using CommHub.Web.Features.Conversations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace CommHub.Web.Features.Crew;

/// <summary>
/// A crew member's thread with the office on one project, phone first: live like the portal (the office's replies,
/// "is typing…", ticks), while crew.js sends over HTTP. Removed from the project, the page closes the thread at once.
/// </summary>
public partial class CrewProjectPage
{
    private CrewProject? project;
    private bool notFound;
    private bool removed;
    private bool scrollToEnd;
    private string userId = "";
    private int loads;
    private ElementReference messagesElement;
    private ElementReference composerElement;
    private IDisposable? conversationEvents;
    private IDisposable? projectEvents;
    private TypingIndicator? typing;
    private UiScript? script;
    private IJSObjectReference? crewModule;
    private IJSObjectReference? composer;
    private DotNetObjectReference<CrewProjectPage>? self;

    [Inject] private CrewService CrewService { get; set; } = default!;
    [Inject] private ConversationNotifier Notifier { get; set; } = default!;
    [Inject] private ProjectNotifier ProjectNotifier { get; set; } = default!;
    [Inject] private IOptions<CrewOptions> Options { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter]
    public int ProjectId { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        typing ??= new TypingIndicator(Clock);
        userId = (await AuthenticationState).User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        // Subscribed before the first load, so a reply just after it is not missed.
        conversationEvents ??= Notifier.Subscribe(OnConversationEventAsync);
        projectEvents ??= ProjectNotifier.Subscribe(e => e.ProjectId == ProjectId ? InvokeAsync(RefreshAsync) : Task.CompletedTask);
        await LoadAsync();
        if (project is not null) await CrewService.MarkReadAsync(userId, ProjectId);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (project is null) return;
        script ??= new UiScript(JS);
        if (scrollToEnd)
        {
            scrollToEnd = false;
            await (await script.ModuleAsync()).InvokeVoidAsync("scrollToEnd", messagesElement);
        }
        if (composer is null && project.CanPost && !removed)
        {
            var options = Options.Value;
            self ??= DotNetObjectReference.Create(this);
            crewModule ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/crew.js");
            composer = await crewModule.InvokeAsync<IJSObjectReference>("start", composerElement, self, new
            {
                projectId = ProjectId,
                userKey = userId,
                maxSide = options.MaxImageSide,
                quality = options.JpegQuality,
                firstRetryMs = options.FirstRetryDelay.TotalMilliseconds,
                maxRetryMs = options.MaxRetryDelay.TotalMilliseconds,
                locationTimeoutMs = options.LocationTimeout.TotalMilliseconds,
                maxLength = MessageRules.MaxLength,
            });
        }
    }

    /// <summary>Of loads that overlap, the one started last (the freshest) is the one shown.</summary>
    private async Task LoadAsync()
    {
        var load = ++loads;
        var loaded = await CrewService.GetProjectAsync(userId, ProjectId);
        if (load != loads) return;
        // Shown before and gone now: the member was taken off the project (or it was deleted) while the page was open.
        if (loaded is null && project is not null) removed = true;
        project = loaded;
        notFound = project is null;
        scrollToEnd = true;
    }

    private async Task RefreshAsync()
    {
        await LoadAsync();
        // Removed, or the project archived: the composer goes, and its script with it (it comes back if the project is restored).
        if (removed || project?.CanPost != true) await StopComposerAsync();
        StateHasChanged();
    }

    private Task OnConversationEventAsync(LiveEvent e)
    {
        // This member's thread, or (before their first message) any new conversation, which may be it.
        var ours = project?.ConversationId is { } id ? e.ConversationId == id : e.Kind == LiveEventKind.ConversationCreated;
        if (!ours || removed) return Task.CompletedTask;
        return InvokeAsync(() => ContactThreadEvents.HandleAsync(
            e, typing!, () => project?.Messages, RefreshAsync, () => CrewService.MarkReadAsync(userId, ProjectId), StateHasChanged));
    }

    /// <summary>Called by crew.js while the member types (at most every two seconds).</summary>
    [JSInvokable]
    public Task Typing() => CrewService.TypingAsync(userId, ProjectId);

    private async Task StopComposerAsync()
    {
        await UiScript.ReleaseAsync(composer);
        composer = null;
    }

    public async ValueTask DisposeAsync()
    {
        conversationEvents?.Dispose();
        projectEvents?.Dispose();
        await StopComposerAsync();
        try
        {
            if (crewModule is not null) await crewModule.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // As above.
        }
        if (script is not null) await script.DisposeAsync();
        self?.Dispose();
        GC.SuppressFinalize(this);
    }
}
