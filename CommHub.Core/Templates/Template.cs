using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Core.Users;

namespace CommHub.Core.Templates;

/// <summary>A reply template; its body is Liquid (rendered with Fluid).</summary>
public class Template : IAuditable
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>What the agent types after '/' in the composer.</summary>
    public string Shortcut { get; set; } = "";

    public string? Category { get; set; }
    public string Body { get; set; } = "";

    /// <summary>Null for a shared template (admins manage it); otherwise the agent whose own template it is.</summary>
    public string? OwnerId { get; set; }
    public ApplicationUser? Owner { get; set; }

    /// <summary>Channels it is offered on; empty means every channel.</summary>
    public List<Channel> Channels { get; set; } = [];

    public int UsageCount { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
