using System.Globalization;
using CommHub.Core.Conversations;

namespace CommHub.Web.Features.Inbox;

/// <summary>
/// The inbox's filters in its address (<c>?status=Open&amp;assignee=Me&amp;label=vip&amp;sort=waiting</c>), so a view survives a reload and
/// can be bookmarked or shared. Unknown or malformed values are ignored, never an error.
/// </summary>
public static class InboxFilterQuery
{
    public static InboxFilter Parse(
        string? status, string? channel, string? assignee, string? label, string? project, string? failed, string? sort) => new(
        Enum.TryParse<ConversationStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null,
        int.TryParse(channel, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null,
        Enum.TryParse<AssigneeFilter>(assignee, ignoreCase: true, out var a) && Enum.IsDefined(a) ? a : AssigneeFilter.Anyone,
        string.IsNullOrWhiteSpace(label) ? null : label.Trim(),
        failed is "1" or "true",
        int.TryParse(project, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null,
        sort?.ToLowerInvariant() switch { "oldest" => InboxSort.Oldest, "waiting" => InboxSort.WaitingLongest, _ => InboxSort.Newest });

    /// <summary>"" for no filter, otherwise "?..." with only the filters that are set.</summary>
    public static string ToQuery(InboxFilter filter)
    {
        var parts = new List<string>();
        if (filter.Status is { } status) parts.Add($"status={status}");
        if (filter.ChannelId is { } channel) parts.Add($"channel={channel.ToString(CultureInfo.InvariantCulture)}");
        if (filter.Assignee != AssigneeFilter.Anyone) parts.Add($"assignee={filter.Assignee}");
        if (filter.Label is { } label) parts.Add($"label={Uri.EscapeDataString(label)}");
        if (filter.ProjectId is { } project) parts.Add($"project={project.ToString(CultureInfo.InvariantCulture)}");
        if (filter.FailedSends) parts.Add("failed=1");
        if (filter.Sort == InboxSort.Oldest) parts.Add("sort=oldest");
        if (filter.Sort == InboxSort.WaitingLongest) parts.Add("sort=waiting");
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
