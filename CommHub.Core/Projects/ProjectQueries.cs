using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Projects;

/// <summary>What staff read about projects: the list, one project with its members and threads, the inbox filter's options.</summary>
public sealed class ProjectQueries(IDbContextFactory<CommHubDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ProjectListItem>> ListAsync(bool includeArchived, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Projects.AsNoTracking()
            .Where(p => includeArchived || !p.Archived)
            .OrderBy(p => p.Archived).ThenBy(p => p.Name)
            .Select(p => new ProjectListItem(
                p.Id, p.Name, p.SiteAddress, p.Archived, p.Members.Count,
                db.Conversations.Count(c => c.ProjectId == p.Id),
                db.Conversations.Where(c => c.ProjectId == p.Id).Max(c => (DateTime?)c.LastActivityAt)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The inbox filter's projects (archived ones last, their threads are still in the inbox).</summary>
    public async Task<IReadOnlyList<ProjectOption>> OptionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Projects.AsNoTracking().OrderBy(p => p.Archived).ThenBy(p => p.Name)
            .Select(p => new ProjectOption(p.Id, p.Name, p.Archived)).ToListAsync(cancellationToken);
    }

    public async Task<ProjectDetail?> GetAsync(int projectId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        if (project is null) return null;
        var members = await db.ProjectMembers.AsNoTracking().Where(m => m.ProjectId == projectId)
            .OrderBy(m => m.User!.DisplayName)
            .Select(m => new { m.UserId, m.User!.DisplayName, m.User.Email, m.AddedAt })
            .ToListAsync(cancellationToken);
        var views = new List<ProjectMemberView>();
        // One member at a time: a crew is a handful of people, and each question is one indexed lookup.
        foreach (var m in members)
        {
            var (location, checkIn) = await CrewWhereaboutsAsync(db, projectId, m.UserId, cancellationToken);
            views.Add(new ProjectMemberView(m.UserId, m.DisplayName, m.Email ?? "", m.AddedAt, location, checkIn));
        }
        var threads = await db.Conversations.AsNoTracking().Where(c => c.ProjectId == projectId)
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Id)
            .Select(c => new ProjectThread(c.Id, c.Subject, c.Contact!.Name, c.Status, c.AgentUnreadCount, c.LastActivityAt))
            .ToListAsync(cancellationToken);
        return new ProjectDetail(project.Id, project.Name, project.SiteAddress, project.Description, project.SiteLatitude, project.SiteLongitude,
            project.Archived, views, threads);
    }

    /// <summary>Crew accounts (active, in the Crew role) not yet on the project, for "add member".</summary>
    public async Task<IReadOnlyList<CrewCandidate>> CandidatesAsync(int projectId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await CrewUsers(db).Where(u => !db.ProjectMembers.Any(m => m.ProjectId == projectId && m.UserId == u.Id))
            .OrderBy(u => u.DisplayName)
            .Select(u => new CrewCandidate(u.Id, u.DisplayName, u.Email ?? ""))
            .ToListAsync(cancellationToken);
    }

    internal static IQueryable<ApplicationUser> CrewUsers(CommHubDbContext db) =>
        db.Users.Where(u => !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Crew)));

    /// <summary>A member's newest shared position and newest check-in on the project's threads.</summary>
    internal static async Task<(MessageLocation? Location, CheckInState? CheckIn)> CrewWhereaboutsAsync(
        CommHubDbContext db, int projectId, string userId, CancellationToken cancellationToken)
    {
        var theirs = db.Messages.AsNoTracking().Where(m => m.Conversation!.ProjectId == projectId && m.ErasedAt == null
            && db.ContactIdentities.Any(i => i.Kind == IdentityKind.PortalUser && i.Value == userId && i.ContactId == m.SenderContactId));
        var location = await theirs.Where(m => m.Latitude != null && m.Longitude != null)
            .OrderByDescending(m => m.Id)
            .Select(m => new MessageLocation(m.Latitude!.Value, m.Longitude!.Value, m.LocationAccuracy, m.LocationAt ?? m.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);
        var checkIn = await theirs.Where(m => m.CheckIn != null)
            .OrderByDescending(m => m.Id)
            .Select(m => new CheckInState(m.CheckIn!.Value, m.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);
        return (location, checkIn);
    }
}
