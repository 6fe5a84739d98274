using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Crew;

/// <summary>
/// The crew member's side. Every read and write starts from the project membership of the signed-in user, checked
/// again on each call: another project's thread or file looks exactly like one that does not exist, and a member
/// removed from a project cannot read or post the moment the removal is saved. Messages arrive through ingest, on the
/// Crew channel, each member's thread with the office a conversation of its own.
/// </summary>
public sealed class CrewService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    IngestService ingest,
    AttachmentService attachments,
    CustomerSide side,
    TimeProvider clock)
{
    public const string DefaultChannelName = "Crew portal";

    /// <summary>How far in the future a phone's position time may be (clocks drift) before it is taken as now.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Active projects first, then by last activity.</summary>
    public async Task<IReadOnlyList<CrewProjectItem>> ListProjectsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var projects = await db.ProjectMembers.AsNoTracking().Where(m => m.UserId == userId)
            .Select(m => new { m.Project!.Id, m.Project.Name, m.Project.SiteAddress, m.Project.Archived })
            .ToListAsync(cancellationToken);
        var ids = projects.Select(p => p.Id).ToList();
        var threads = (await db.Conversations.AsNoTracking()
            .Where(c => c.ProjectId != null && ids.Contains(c.ProjectId.Value)
                && db.ContactIdentities.Any(i => i.Kind == IdentityKind.PortalUser && i.Value == userId && i.ContactId == c.ContactId))
            .Select(c => new { ProjectId = c.ProjectId!.Value, c.Id, c.CustomerUnreadCount, c.LastActivityAt, c.LastMessagePreview })
            .ToListAsync(cancellationToken)).ToLookup(c => c.ProjectId);
        return projects
            .Select(p =>
            {
                var newest = threads[p.Id].OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id).FirstOrDefault();
                return new CrewProjectItem(p.Id, p.Name, p.SiteAddress, p.Archived, threads[p.Id].Sum(c => c.CustomerUnreadCount),
                    newest?.LastActivityAt, newest?.LastMessagePreview, newest?.Id);
            })
            .OrderBy(p => p.Archived).ThenByDescending(p => p.LastActivityAt ?? DateTime.MinValue).ThenBy(p => p.Name)
            .ToList();
    }

    /// <returns>Null when the project does not exist or the user is not on its crew: both look the same.</returns>
    public async Task<CrewProject?> GetProjectAsync(string userId, int projectId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var project = await db.ProjectMembers.AsNoTracking().Where(m => m.UserId == userId && m.ProjectId == projectId).Select(m => m.Project!)
            .SingleOrDefaultAsync(cancellationToken);
        if (project is null) return null;
        var conversationId = await CurrentThreadAsync(db, userId, projectId, cancellationToken);
        var messages = conversationId is { } id
            ? await ConversationService.ThreadMessagesAsync(db, id, includePrivateNotes: false, cancellationToken)
            : [];
        return new CrewProject(project.Id, project.Name, project.SiteAddress, project.Description, project.SiteLatitude, project.SiteLongitude,
            project.Archived, conversationId, messages);
    }

    public async Task<bool> IsMemberAsync(string userId, int projectId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ProjectMembers.AnyAsync(m => m.UserId == userId && m.ProjectId == projectId, cancellationToken);
    }

    /// <summary>A text, a shared position or a check-in, stored once however often the phone sends it.</summary>
    public Task<OperationResult<CrewSent>> PostAsync(string userId, int projectId, CrewPost post, CancellationToken cancellationToken = default) =>
        PostAsync(userId, projectId, post, [], cancellationToken);

    /// <summary>
    /// A photo (or other file) sent over HTTP. A retry of an upload already stored is recognised by its client id before
    /// a byte of it is read, so a dropped connection costs the phone a resend, never a second message.
    /// </summary>
    public async Task<OperationResult<CrewSent>> PostFileAsync(
        string userId, int projectId, Guid clientId, string fileName, Stream content, long declaredSize, CancellationToken cancellationToken = default)
    {
        if (clientId == Guid.Empty) return OperationResult<CrewSent>.Fail("The upload has no client id; reload the page and try again.");
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await CheckMemberAsync(db, userId, projectId, cancellationToken) is { } refused) return OperationResult<CrewSent>.Fail(refused);
            var channel = await CrewChannelAsync(db, cancellationToken);
            if (await StoredAsync(db, channel.Id, ExternalId(userId, clientId), cancellationToken) is { } earlier)
                return OperationResult<CrewSent>.Ok(earlier);
        }
        var staged = await attachments.StageAsync(content, fileName, declaredSize, cancellationToken);
        if (!staged.Succeeded) return OperationResult<CrewSent>.Fail(staged.ErrorText);
        var sent = await PostAsync(userId, projectId, new CrewPost(clientId, null), [staged.Value!], cancellationToken);
        // Not stored (the member was removed meanwhile), or another try of the same upload won the race: the copy goes.
        if (!sent.Succeeded || sent.Value!.Duplicate) await attachments.DiscardAsync(staged.Value!, CancellationToken.None);
        return sent;
    }

    private async Task<OperationResult<CrewSent>> PostAsync(
        string userId, int projectId, CrewPost post, IReadOnlyList<StagedFile> files, CancellationToken cancellationToken)
    {
        if (Validate(post, files.Count > 0) is { } invalid) return OperationResult<CrewSent>.Fail(invalid);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await CheckMemberAsync(db, userId, projectId, cancellationToken) is { } refused) return OperationResult<CrewSent>.Fail(refused);
        var project = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Name).SingleAsync(cancellationToken);
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        var channel = await CrewChannelAsync(db, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var id = ExternalId(userId, post.ClientId);
        var position = post.Position;
        var inbound = new InboundMessage(
            channel.Id, id, $"crew:{projectId}:{userId}", $"{project} · {name}", new InboundSender(IdentityKind.PortalUser, userId, name),
            TextOf(post), now, Latitude: position?.Latitude, Longitude: position?.Longitude)
        {
            ProjectId = projectId,
            LocationAccuracy = position?.Accuracy,
            LocationAt = position is null ? null : position.TakenAt is { } taken && taken <= now + ClockSkew ? taken : now,
            CheckIn = post.CheckIn,
            StagedFiles = files,
        };
        var stored = await ingest.IngestAsync(inbound, cancellationToken);
        return OperationResult<CrewSent>.Ok(new CrewSent(stored.MessageId, stored.ConversationId, stored.Outcome == IngestOutcome.Duplicate));
    }

    /// <summary>The crew member has the project's thread open: the office's replies are read.</summary>
    public async Task MarkReadAsync(string userId, int projectId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await CurrentThreadAsync(db, userId, projectId, cancellationToken) is { } id) await side.MarkReadAsync(id, cancellationToken);
    }

    public async Task TypingAsync(string userId, int projectId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await CurrentThreadAsync(db, userId, projectId, cancellationToken) is not { } id) return;
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).SingleAsync(cancellationToken);
        side.Typing(id, name);
    }

    public static string? Validate(CrewPost post, bool hasFiles)
    {
        if (post.ClientId == Guid.Empty) return "The message has no client id; reload the page and try again.";
        if (post.Position is { } p)
        {
            if (double.IsNaN(p.Latitude) || p.Latitude is < -90 or > 90 || double.IsNaN(p.Longitude) || p.Longitude is < -180 or > 180)
                return "The position is not a place on Earth; try sharing it again.";
            if (p.Accuracy is < 0 || (p.Accuracy is { } a && double.IsNaN(a))) return "The position's accuracy cannot be negative.";
        }
        var hasSomething = hasFiles || post.Position is not null || post.CheckIn is not null;
        return MessageRules.Validate(post.Text, hasSomething);
    }

    /// <summary>The message's text: what was typed, after a line that says what was shared, so every view and preview reads it.</summary>
    private static string TextOf(CrewPost post)
    {
        var typed = post.Text?.Trim() ?? "";
        var shared = post.CheckIn switch
        {
            CheckInKind.Arrived => "✅ Arrived on site",
            CheckInKind.Leaving => "🚪 Leaving the site",
            _ => post.Position is not null ? "📍 Shared location" : null,
        };
        if (shared is not null && post.Position?.Accuracy is { } accuracy) shared += $" (±{Math.Round(accuracy):0} m)";
        return shared is null ? typed : typed.Length == 0 ? shared : shared + "\n" + typed;
    }

    private static async Task<string?> CheckMemberAsync(CommHubDbContext db, string userId, int projectId, CancellationToken cancellationToken)
    {
        var project = await db.ProjectMembers.Where(m => m.UserId == userId && m.ProjectId == projectId)
            .Select(m => new { m.Project!.Archived }).SingleOrDefaultAsync(cancellationToken);
        if (project is null) return "This project was not found among yours.";
        return project.Archived ? "This project is archived; it takes no new messages." : null;
    }

    private static string ExternalId(string userId, Guid clientId) => $"crew:{userId}:{clientId:N}";

    private static async Task<CrewSent?> StoredAsync(CommHubDbContext db, int channelId, string externalId, CancellationToken cancellationToken) =>
        await db.Messages.Where(m => m.ChannelId == channelId && m.ExternalId == externalId)
            .Select(m => new CrewSent(m.Id, m.ConversationId, true)).SingleOrDefaultAsync(cancellationToken);

    private static Task<Channel> CrewChannelAsync(CommHubDbContext db, CancellationToken cancellationToken) =>
        CustomerSide.ChannelAsync(db, ChannelKind.Crew, DefaultChannelName, cancellationToken);

    /// <summary>The crew member's threads on the project, only while they are on its crew.</summary>
    private static IQueryable<Conversation> OwnThreads(CommHubDbContext db, string userId, int projectId) =>
        db.Conversations.Where(c => c.ProjectId == projectId
            && db.ProjectMembers.Any(m => m.ProjectId == projectId && m.UserId == userId)
            && db.ContactIdentities.Any(i => i.Kind == IdentityKind.PortalUser && i.Value == userId && i.ContactId == c.ContactId));

    /// <summary>The newest: a thread the office closed is followed by a new one when the crew member writes again.</summary>
    private static Task<int?> CurrentThreadAsync(CommHubDbContext db, string userId, int projectId, CancellationToken cancellationToken) =>
        OwnThreads(db, userId, projectId).OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
}
