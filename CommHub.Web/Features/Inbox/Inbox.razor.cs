using CommHub.Web.Components.Shared;
using CommHub.Core.Conversations;
using CommHub.Core.Projects;
using Microsoft.AspNetCore.Components;
using CommHub.Core.Common;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace CommHub.Web.Features.Inbox;

public partial class Inbox
{
    private const int PageSize = 50;

    private List<InboxItem>? items;
    private InboxCursor? next;
    private InboxFilter filter = new();
    private IReadOnlyList<ChannelOption> channels = [];
    private IReadOnlyList<string> labels = [];
    private IReadOnlyList<ProjectOption> projects = [];
    private readonly HashSet<int> selected = [];
    private IReadOnlyList<AgentOption> agents = [];
    private string? bulkLabel;
    private bool bulkBusy;
    private bool loadingMore;
    private bool disposed;
    private bool refreshing;
    private bool refreshAgain;
    private string userId = "";
    private string userName = "";
    private bool isAdmin;
    private ConversationPane? pane;
    private IDisposable? subscription;
    private UiScript? script;
    private IJSObjectReference? shortcuts;
    private DotNetObjectReference<Inbox>? self;

    [Inject] private InboxQueryService InboxQuery { get; set; } = default!;
    [Inject] private ConversationService Conversations { get; set; } = default!;
    [Inject] private ProjectQueries Projects { get; set; } = default!;
    [Inject] private ConversationNotifier Notifier { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter]
    public int? ConversationId { get; set; }

    /// <summary>A message to scroll to and mark (a search result opened).</summary>
    [SupplyParameterFromQuery(Name = "message")]
    public int? MessageId { get; set; }

    // The filters, from the address (see InboxFilterQuery).
    [SupplyParameterFromQuery(Name = "status")] public string? StatusQuery { get; set; }
    [SupplyParameterFromQuery(Name = "channel")] public string? ChannelQuery { get; set; }
    [SupplyParameterFromQuery(Name = "assignee")] public string? AssigneeQuery { get; set; }
    [SupplyParameterFromQuery(Name = "label")] public string? LabelQuery { get; set; }
    [SupplyParameterFromQuery(Name = "project")] public string? ProjectQuery { get; set; }
    [SupplyParameterFromQuery(Name = "failed")] public string? FailedQuery { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? SortQuery { get; set; }

    private InboxFilter FilterInAddress =>
        InboxFilterQuery.Parse(StatusQuery, ChannelQuery, AssigneeQuery, LabelQuery, ProjectQuery, FailedQuery, SortQuery);

    /// <summary>Kept on every link the list makes (rows, j / k), so opening a conversation keeps the filters.</summary>
    private string FilterQuery => InboxFilterQuery.ToQuery(filter);

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthenticationState).User;
        userId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        userName = user.Identity?.Name ?? "";
        isAdmin = user.IsInRole(CommHub.Core.Users.Roles.Admin);
        channels = await InboxQuery.ListChannelsAsync();
        labels = await Conversations.ListLabelsAsync();
        projects = await Projects.OptionsAsync();
        agents = await Conversations.ListAgentsAsync();
        filter = FilterInAddress;
        await ReloadAsync();
        subscription = Notifier.Subscribe(OnLiveEventAsync);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        self = DotNetObjectReference.Create(this);
        script = new UiScript(JS);
        var module = await script.ModuleAsync();
        // Left the page while the script loaded (a quick click on from /inbox): its reference is disposed already.
        if (disposed) return;
        shortcuts = await module.InvokeAsync<IJSObjectReference>("register", self, new[] { "j", "k", "r", "e", "x", "?" });
        if (disposed)
        {
            await UiScript.ReleaseAsync(shortcuts);
            return;
        }
        StateHasChanged();
    }

    private Task OnLiveEventAsync(LiveEvent e) =>
        e.ChangesConversation ? InvokeAsync(RefreshAsync) : Task.CompletedTask;

    /// <summary>Back, forward or an edited address: the list follows the filters in it.</summary>
    protected override async Task OnParametersSetAsync()
    {
        if (items is null || FilterInAddress == filter) return;
        filter = FilterInAddress;
        await ReloadAsync();
    }

    private async Task OnFilterChangedAsync(InboxFilter value)
    {
        filter = value;
        Navigation.NavigateTo($"/inbox{(ConversationId is { } open ? $"/{open}" : "")}{FilterQuery}", replace: true);
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        items = null;
        selected.Clear();
        var page = await InboxQuery.ListAsync(filter, userId, pageSize: PageSize);
        (items, next) = (page.Items.ToList(), page.Next);
    }

    /// <summary>Re-reads the rows already shown (new ones come in at the top); bursts of events coalesce.</summary>
    private async Task RefreshAsync()
    {
        if (refreshing)
        {
            refreshAgain = true;
            return;
        }
        refreshing = true;
        try
        {
            do
            {
                refreshAgain = false;
                var size = Math.Clamp(items?.Count ?? PageSize, PageSize, InboxQueryService.MaxPageSize);
                var page = await InboxQuery.ListAsync(filter, userId, pageSize: size);
                (items, next) = (page.Items.ToList(), page.Next);
                // A conversation that left the list (resolved elsewhere, filtered out) is no longer selected.
                selected.IntersectWith(items.Select(i => i.Id));
                labels = await Conversations.ListLabelsAsync();
                StateHasChanged();
            }
            while (refreshAgain);
        }
        finally
        {
            refreshing = false;
        }
    }

    private async Task LoadMoreAsync()
    {
        loadingMore = true;
        var page = await InboxQuery.ListAsync(filter, userId, next, PageSize);
        items!.AddRange(page.Items);
        next = page.Next;
        loadingMore = false;
    }

    [JSInvokable]
    public async Task OnShortcut(string key)
    {
        switch (key)
        {
            case "j":
                Move(+1);
                break;
            case "k":
                Move(-1);
                break;
            case "r" when pane is not null:
                await pane.FocusComposerAsync();
                break;
            case "e" when pane is not null:
                await pane.ResolveAsync();
                break;
            case "x" when ConversationId is { } open && items?.Any(i => i.Id == open) == true:
                Check(open, !selected.Contains(open));
                StateHasChanged();
                break;
            case "?":
                await ShowShortcutsAsync();
                break;
        }
    }

    private bool AllShownChecked => items is { Count: > 0 } && items.All(i => selected.Contains(i.Id));

    private void Check(int conversationId, bool on)
    {
        if (on) selected.Add(conversationId);
        else selected.Remove(conversationId);
    }

    private void ToggleAll(ChangeEventArgs e)
    {
        if (e.Value is true) selected.UnionWith(items?.Select(i => i.Id) ?? []);
        else selected.Clear();
    }

    private void ClearSelection() => selected.Clear();

    private async Task BulkResolveAsync()
    {
        var text = selected.Count == 1 ? "1 conversation resolved." : $"{selected.Count} conversations resolved.";
        await RunBulkAsync(ids => StatusUndoNotice.ResolveAsync(Snackbar, Conversations, ids, text));
    }

    private async Task BulkAssignAsync(string? assigneeId)
    {
        if (await RunBulkAsync(ids => Conversations.AssignAsync(ids, assigneeId, userId)))
            Snackbar.Add(assigneeId is null ? "Unassigned." : "Assigned.", Severity.Success);
    }

    private async Task BulkLabelKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key != "Enter" || string.IsNullOrWhiteSpace(bulkLabel)) return;
        var label = bulkLabel;
        if (await RunBulkAsync(ids => Conversations.AddLabelAsync(ids, label)))
        {
            bulkLabel = null;
            Snackbar.Add($"Labelled #{LabelRules.Normalize(label)}.", Severity.Success);
        }
    }

    /// <summary>One bulk action on the ticked conversations: an error is shown, a success clears the selection.</summary>
    private async Task<bool> RunBulkAsync(Func<IReadOnlyCollection<int>, Task<OperationResult>> action)
    {
        if (selected.Count == 0 || bulkBusy) return false;
        bulkBusy = true;
        try
        {
            var result = await action(selected.ToList());
            if (!result.Succeeded) Snackbar.Add(result.ErrorText, Severity.Error);
            else selected.Clear();
            return result.Succeeded;
        }
        finally
        {
            bulkBusy = false;
        }
    }

    private void Move(int step)
    {
        if (items is not { Count: > 0 }) return;
        var index = items.FindIndex(i => i.Id == ConversationId);
        var target = index < 0 ? 0 : Math.Clamp(index + step, 0, items.Count - 1);
        Navigation.NavigateTo($"/inbox/{items[target].Id}{FilterQuery}");
    }

    private Task ShowShortcutsAsync() =>
        Dialogs.ShowAsync<ShortcutsDialog>("Keyboard shortcuts", new DialogOptions { CloseOnEscapeKey = true, CloseButton = true });

    public async ValueTask DisposeAsync()
    {
        disposed = true;
        subscription?.Dispose();
        await UiScript.ReleaseAsync(shortcuts);
        if (script is not null) await script.DisposeAsync();
        self?.Dispose();
        GC.SuppressFinalize(this);
    }
}
