using CommHub.Core.Conversations;
using CommHub.Core.Projects;
using CommHub.Core.Users;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace CommHub.Web.Features.Projects;

/// <summary>One project for staff: the site, the crew with their last position and check-in, the threads. Live.</summary>
public partial class ProjectPage
{
    private ProjectDetail? project;
    private IReadOnlyList<CrewCandidate> candidates = [];
    private string? candidate;
    private bool notFound;
    private bool isAdmin;
    private string userId = "";
    private IDisposable? conversationEvents;
    private IDisposable? projectEvents;

    [Inject] private ProjectQueries Queries { get; set; } = default!;
    [Inject] private ProjectService ProjectService { get; set; } = default!;
    [Inject] private ConversationNotifier Conversations { get; set; } = default!;
    [Inject] private ProjectNotifier ProjectNotifier { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Parameter]
    public int ProjectId { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private DateTime Now => Clock.GetUtcNow().UtcDateTime;

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthenticationState).User;
        userId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        isAdmin = user.IsInRole(Roles.Admin);
        // A crew message (a new position, a check-in) or a membership change shows without a reload.
        // Only this project's threads (and new conversations, which may be a member's first message) re-read the page.
        conversationEvents ??= Conversations.Subscribe(e => e.Kind is LiveEventKind.Typing or LiveEventKind.Read
            || (e.Kind != LiveEventKind.ConversationCreated && project?.Threads.Any(t => t.ConversationId == e.ConversationId) != true)
            ? Task.CompletedTask
            : InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
        projectEvents ??= ProjectNotifier.Subscribe(e => e.ProjectId != ProjectId ? Task.CompletedTask : InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        }));
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        project = await Queries.GetAsync(ProjectId);
        notFound = project is null;
        if (isAdmin && project is not null) candidates = await Queries.CandidatesAsync(ProjectId);
    }

    private async Task AddAsync()
    {
        if (candidate is null) return;
        var result = await ProjectService.AddMemberAsync(ProjectId, candidate, userId);
        if (result.Succeeded) Snackbar.Add("Added to the crew.", Severity.Success);
        else Snackbar.Add(result.ErrorText, Severity.Error);
        candidate = null;
        await LoadAsync();
    }

    private async Task RemoveAsync(ProjectMemberView member)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Remove from the project?",
            $"{member.Name} loses this project at once, an open page too. Their thread stays here, with the office.",
            yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true) return;
        var result = await ProjectService.RemoveMemberAsync(ProjectId, member.UserId, userId);
        if (result.Succeeded) Snackbar.Add($"{member.Name} was removed.", Severity.Success);
        else Snackbar.Add(result.ErrorText, Severity.Error);
        await LoadAsync();
    }

    public void Dispose()
    {
        conversationEvents?.Dispose();
        projectEvents?.Dispose();
    }
}
