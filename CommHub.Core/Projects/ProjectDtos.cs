using CommHub.Core.Conversations;

namespace CommHub.Core.Projects;

/// <summary>What an admin enters for a project; <see cref="Id"/> 0 makes a new one.</summary>
public sealed record ProjectEdit(int Id, string Name, string? SiteAddress, string? Description, double? SiteLatitude, double? SiteLongitude);

public sealed record ProjectListItem(
    int Id, string Name, string? SiteAddress, bool Archived, int MemberCount, int ThreadCount, DateTime? LastActivityAt);

public sealed record ProjectOption(int Id, string Name, bool Archived);

public sealed record ProjectDetail(
    int Id, string Name, string? SiteAddress, string? Description, double? SiteLatitude, double? SiteLongitude, bool Archived,
    IReadOnlyList<ProjectMemberView> Members, IReadOnlyList<ProjectThread> Threads)
{
    public ProjectEdit ToEdit() => new(Id, Name, SiteAddress, Description, SiteLatitude, SiteLongitude);
}

public sealed record CheckInState(CheckInKind Kind, DateTime At);

public sealed record ProjectMemberView(string UserId, string Name, string Email, DateTime AddedAt, MessageLocation? LastLocation, CheckInState? CheckIn);

public sealed record ProjectThread(int ConversationId, string Subject, string ContactName, ConversationStatus Status, int UnreadCount, DateTime LastActivityAt);

/// <summary>A crew account that can be added to a project.</summary>
public sealed record CrewCandidate(string UserId, string Name, string Email);

/// <summary>A project's membership changed (someone was added or removed): crew pages re-check what they may see.</summary>
public sealed record ProjectEvent(int ProjectId, string? UserId = null);
