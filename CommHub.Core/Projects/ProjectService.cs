using CommHub.Core.Audit;
using CommHub.Core.Common;
using CommHub.Core.Data;
using CommHub.Core.Users;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Projects;

/// <summary>
/// Admins' changes to projects: create, edit, archive, and who is on the crew. Removing a member tells open crew pages,
/// which drop the project at once; every read the crew makes checks membership again, so nothing is left to expire.
/// </summary>
public sealed class ProjectService(IDbContextFactory<CommHubDbContext> dbFactory, ProjectNotifier notifier, AuditLog audit, TimeProvider clock)
{
    public const int MaxName = 200;
    public const int MaxAddress = 500;
    public const int MaxDescription = 4000;

    public static string? Validate(ProjectEdit edit)
    {
        var name = edit.Name?.Trim() ?? "";
        if (name.Length == 0) return "Give the project a name.";
        if (name.Length > MaxName) return $"A project name can be at most {MaxName} characters.";
        if ((edit.SiteAddress?.Trim().Length ?? 0) > MaxAddress) return $"A site address can be at most {MaxAddress} characters.";
        if ((edit.Description?.Trim().Length ?? 0) > MaxDescription) return $"A description can be at most {MaxDescription:N0} characters.";
        if (edit.SiteLatitude.HasValue != edit.SiteLongitude.HasValue) return "Enter both the site's latitude and longitude, or neither.";
        if (edit.SiteLatitude is < -90 or > 90) return "Latitude is between -90 and 90.";
        if (edit.SiteLongitude is < -180 or > 180) return "Longitude is between -180 and 180.";
        return null;
    }

    /// <returns>The project's id.</returns>
    public async Task<OperationResult<int>> SaveAsync(ProjectEdit edit, string? actingUserId, CancellationToken cancellationToken = default)
    {
        if (Validate(edit) is { } error) return OperationResult<int>.Fail(error);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = edit.Name.Trim();
        if (await db.Projects.AnyAsync(p => p.Id != edit.Id && p.Name == name && !p.Archived, cancellationToken))
            return OperationResult<int>.Fail($"There is already an active project called “{name}”.");
        Project? project;
        if (edit.Id == 0)
        {
            project = new Project();
            db.Projects.Add(project);
        }
        else
        {
            project = await db.Projects.SingleOrDefaultAsync(p => p.Id == edit.Id, cancellationToken);
            if (project is null) return OperationResult<int>.Fail("This project no longer exists.");
        }
        project.Name = name;
        project.SiteAddress = Blank(edit.SiteAddress);
        project.Description = Blank(edit.Description);
        project.SiteLatitude = edit.SiteLatitude;
        project.SiteLongitude = edit.SiteLongitude;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actingUserId, edit.Id == 0 ? AuditActions.ProjectCreated : AuditActions.ProjectChanged, nameof(Project), project.Id, name, cancellationToken);
        notifier.Publish(new ProjectEvent(project.Id));
        return OperationResult<int>.Ok(project.Id);
    }

    /// <summary>An archived project stays readable (its threads too) but takes no new crew messages.</summary>
    public async Task<OperationResult> SetArchivedAsync(int projectId, bool archived, string? actingUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken);
        if (project is null) return OperationResult.Fail("This project no longer exists.");
        if (!archived && await db.Projects.AnyAsync(p => p.Id != projectId && p.Name == project.Name && !p.Archived, cancellationToken))
            return OperationResult.Fail($"Another active project is called “{project.Name}”; rename one of them first.");
        project.Archived = archived;
        audit.Add(db, actingUserId, archived ? AuditActions.ProjectArchived : AuditActions.ProjectRestored, nameof(Project), projectId, project.Name);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new ProjectEvent(projectId));
        return OperationResult.Ok;
    }

    public async Task<OperationResult> AddMemberAsync(int projectId, string userId, string? actingUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var project = await db.Projects.Where(p => p.Id == projectId).Select(p => new { p.Name }).SingleOrDefaultAsync(cancellationToken);
        if (project is null) return OperationResult.Fail("This project no longer exists.");
        var user = await ProjectQueries.CrewUsers(db).Where(u => u.Id == userId).Select(u => new { u.DisplayName, u.Email }).SingleOrDefaultAsync(cancellationToken);
        if (user is null) return OperationResult.Fail("Only active crew accounts can join a project; give the user the Crew role first.");
        if (await db.ProjectMembers.AnyAsync(m => m.ProjectId == projectId && m.UserId == userId, cancellationToken))
            return OperationResult.Fail($"{user.DisplayName} is already on this project.");
        db.ProjectMembers.Add(new ProjectMember { ProjectId = projectId, UserId = userId, AddedAt = clock.GetUtcNow().UtcDateTime });
        audit.Add(db, actingUserId, AuditActions.ProjectMemberAdded, nameof(Project), projectId, $"{user.Email} to {project.Name}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two admins adding the same person at once: the primary key lets one through.
            await using var check = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            if (!await check.ProjectMembers.AnyAsync(m => m.ProjectId == projectId && m.UserId == userId, CancellationToken.None)) throw;
            return OperationResult.Fail($"{user.DisplayName} is already on this project.");
        }
        notifier.Publish(new ProjectEvent(projectId, userId));
        return OperationResult.Ok;
    }

    /// <summary>The member loses the project at once, open pages included; their threads stay with the office.</summary>
    public async Task<OperationResult> RemoveMemberAsync(int projectId, string userId, string? actingUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.ProjectMembers.Where(m => m.ProjectId == projectId && m.UserId == userId)
            .Select(m => new { Project = m.Project!.Name, m.User!.Email }).SingleOrDefaultAsync(cancellationToken);
        if (member is null) return OperationResult.Ok;
        var removed = await db.InTransactionAsync(async token =>
        {
            audit.Add(db, actingUserId, AuditActions.ProjectMemberRemoved, nameof(Project), projectId, $"{member.Email} from {member.Project}");
            await db.SaveChangesAsync(token);
            return await db.ProjectMembers.Where(m => m.ProjectId == projectId && m.UserId == userId).ExecuteDeleteAsync(token);
        }, cancellationToken);
        if (removed > 0) notifier.Publish(new ProjectEvent(projectId, userId));
        return OperationResult.Ok;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
