using CommHub.Core.Audit;
using CommHub.Core.Common;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Channels;

public sealed record ChannelSummary(
    int Id,
    ChannelKind Kind,
    string Name,
    bool Enabled,
    ChannelStatus Status,
    string? LastError,
    DateTime? LastErrorAt,
    DateTime? LastInboundAt,
    int InToday,
    int OutToday,
    int ErrorCount = 0);

/// <summary>Port: keeps a channel's background work (polling) in step with whether it is enabled.</summary>
public interface IChannelJobs
{
    void Schedule(int channelId, ChannelKind kind, bool enabled);

    /// <summary>Runs the channel's polling job now rather than at its next turn (a mailbox or bot just connected).</summary>
    void PollNow(int channelId, ChannelKind kind);
}

/// <summary>The admin's view of the channels: how each is doing, and switching one off and on.</summary>
public sealed class ChannelService(IDbContextFactory<CommHubDbContext> dbFactory, IChannelJobs jobs, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<ChannelSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var today = clock.GetUtcNow().UtcDateTime.Date;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Two grouped counts over the (ChannelId, CreatedAt) index, not a count per channel.
        // A failed send is not counted as sent (it shows in the inbox's "Failed" filter instead).
        var counts = await db.Messages.Where(m => m.CreatedAt >= today && !m.IsPrivateNote && m.DeliveryStatus != DeliveryStatus.Failed)
            .GroupBy(m => new { m.ChannelId, m.Direction })
            .Select(g => new { g.Key.ChannelId, g.Key.Direction, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(int channelId, MessageDirection direction) =>
            counts.Where(c => c.ChannelId == channelId && c.Direction == direction).Sum(c => c.Count);
        var channels = await db.Channels.AsNoTracking().Where(c => c.DeletedAt == null).OrderBy(c => c.Kind).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        return channels.Select(c => new ChannelSummary(
            c.Id, c.Kind, c.Name, c.Enabled, c.Status, c.LastError, c.LastErrorAt, c.LastInboundAt,
            Count(c.Id, MessageDirection.Inbound), Count(c.Id, MessageDirection.Outbound), c.ErrorCount)).ToList();
    }

    public async Task<OperationResult> SetEnabledAsync(int channelId, bool enabled, string? actingUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null) return OperationResult.Fail("That channel no longer exists.");
        if (channel.Enabled == enabled) return OperationResult.Ok;
        channel.Enabled = enabled;
        // A disconnected mailbox stays disconnected until reconnected; otherwise the switch decides.
        if (channel.Status != ChannelStatus.Disconnected) channel.Status = enabled ? ChannelStatus.Active : ChannelStatus.Disabled;
        audit.Add(db, actingUserId, enabled ? "channel.enabled" : "channel.disabled", nameof(Channel), channelId, channel.Name);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Schedule(channel.Id, channel.Kind, enabled);
        return OperationResult.Ok;
    }

    /// <summary>
    /// Removes the channel from the list and stops it (no polling, secrets forgotten); its conversations and messages stay,
    /// so the row stays too, marked deleted.
    /// </summary>
    public async Task<OperationResult> DeleteAsync(int channelId, string? actingUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId && c.DeletedAt == null, cancellationToken);
        if (channel is null) return OperationResult.Fail("That channel no longer exists.");
        channel.DeletedAt = clock.GetUtcNow().UtcDateTime;
        channel.Enabled = false;
        channel.Status = ChannelStatus.Disabled;
        channel.ProtectedSecrets = null;
        audit.Add(db, actingUserId, "channel.deleted", nameof(Channel), channelId, channel.Name);
        await db.SaveChangesAsync(cancellationToken);
        jobs.Schedule(channel.Id, channel.Kind, enabled: false);
        return OperationResult.Ok;
    }

    /// <summary>An error as the channel's LastError column holds it.</summary>
    public static string ErrorText(string error) => error.Length > 900 ? error[..900] : error;

    /// <summary>A problem that did not stop the channel (a malformed update): counted and shown, the channel stays active.</summary>
    public async Task RecordProblemAsync(int channelId, string problem, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var text = ErrorText(problem);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.ErrorCount, c => c.ErrorCount + 1)
            .SetProperty(c => c.LastError, text)
            .SetProperty(c => c.LastErrorAt, now), cancellationToken);
    }

    /// <summary>The channel's transport failed (polling could not reach it): shown in error until a run succeeds.</summary>
    public async Task RecordFailureAsync(int channelId, string error, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var text = ErrorText(error);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Status, ChannelStatus.Error)
            .SetProperty(c => c.LastError, text)
            .SetProperty(c => c.LastErrorAt, now), cancellationToken);
    }

    /// <summary>A run succeeded: a channel shown in error is active again.</summary>
    public async Task RecordHealthyAsync(int channelId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Channels.Where(c => c.Id == channelId && c.Status == ChannelStatus.Error)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ChannelStatus.Active), cancellationToken);
    }

    public async Task<BusinessHours?> GetBusinessHoursAsync(int channelId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Channels.Where(c => c.Id == channelId).Select(c => c.BusinessHours).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The weekly schedule the "outside business hours" rule condition reads; null removes it.</summary>
    public async Task<OperationResult> SetBusinessHoursAsync(int channelId, BusinessHours? hours, CancellationToken cancellationToken = default)
    {
        if (hours is not null && Problem(hours) is { } problem) return OperationResult.Fail(problem);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
        if (channel is null) return OperationResult.Fail("That channel no longer exists.");
        channel.BusinessHours = hours is null ? null : hours with
        {
            Slots = hours.Slots.OrderBy(s => s.Day).ThenBy(s => s.Opens).ToList(),
            Holidays = hours.Holidays.Distinct().Order().ToList(),
        };
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok;
    }

    private static string? Problem(BusinessHours hours)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(hours.TimeZoneId, out _))
            return $"'{hours.TimeZoneId}' is not a time zone this server knows (use a name like Europe/Berlin).";
        if (hours.Slots.FirstOrDefault(s => s.Closes <= s.Opens) is { } backwards)
            return $"On {backwards.Day} the closing time must be after the opening time.";
        return null;
    }
}
