using CommHub.Core.Conversations;

namespace CommHub.Core.Crew;

/// <param name="ConversationId">The member's current thread on the project; null before their first message.</param>
public sealed record CrewProjectItem(
    int Id, string Name, string? SiteAddress, bool Archived, int UnreadCount, DateTime? LastActivityAt, string? Preview, int? ConversationId = null);

/// <summary>A project as its crew member sees it: the site and their thread with the office (null before their first message).</summary>
public sealed record CrewProject(
    int Id, string Name, string? SiteAddress, string? Description, double? SiteLatitude, double? SiteLongitude, bool Archived,
    int? ConversationId, IReadOnlyList<ThreadMessage> Messages)
{
    /// <summary>An archived project is read-only.</summary>
    public bool CanPost => !Archived;
}

/// <summary>A position as the phone's geolocation reported it.</summary>
public sealed record CrewPosition(double Latitude, double Longitude, double? Accuracy, DateTime? TakenAt);

/// <summary>
/// What a crew member sends. <see cref="ClientId"/> is made by the phone once per message and sent again with every retry,
/// so a message sent twice over a bad connection is stored once.
/// </summary>
public sealed record CrewPost(Guid ClientId, string? Text, CrewPosition? Position = null, CheckInKind? CheckIn = null);

/// <param name="Duplicate">The message was already stored by an earlier try; nothing changed.</param>
public sealed record CrewSent(int MessageId, int ConversationId, bool Duplicate);
