namespace CommHub.Core.Audit;

/// <summary>Who did what to which record; written by admin actions and by the retention job.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }

    /// <summary>Null for the system (jobs).</summary>
    public string? UserId { get; set; }

    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string? EntityId { get; set; }
    public string? Details { get; set; }
}
