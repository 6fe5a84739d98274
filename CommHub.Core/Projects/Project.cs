using CommHub.Core.Common;
using CommHub.Core.Users;

namespace CommHub.Core.Projects;

/// <summary>A field job: its crew members see its conversations in the crew portal.</summary>
public class Project : IAuditable
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public string? SiteAddress { get; set; }

    /// <summary>Where the site is, when known: the project page links it on a map and measures check-ins from it.</summary>
    public double? SiteLatitude { get; set; }

    public double? SiteLongitude { get; set; }
    public bool Archived { get; set; }
    public List<ProjectMember> Members { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public class ProjectMember
{
    public int ProjectId { get; set; }
    public Project? Project { get; set; }
    public string UserId { get; set; } = "";
    public ApplicationUser? User { get; set; }
    public DateTime AddedAt { get; set; }
}
