using CommHub.Core.Audit;
using CommHub.Core.Channels;
using CommHub.Core.Common;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Retention;

public sealed record RetentionPolicyView(int? DefaultDays, IReadOnlyList<ChannelRetention> Channels);

public sealed record ChannelRetention(int ChannelId, string Name, int? Days);

/// <summary>"N messages and M files in K conversations would be deleted now."</summary>
public sealed record RetentionPreview(int Messages, int Files, int Conversations);

/// <summary>The admin's side of retention on /channels: periods per channel, the default, and what a period would delete.</summary>
public sealed class RetentionSettingsService(IDbContextFactory<CommHubDbContext> dbFactory, RetentionService retention, AuditLog audit, TimeProvider clock)
{
    public const int MaxDays = 36_500;

    public async Task<RetentionPolicyView> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var defaultDays = await db.RetentionSettings.Select(s => s.DefaultDays).FirstOrDefaultAsync(cancellationToken);
        var channels = await db.Channels.Where(c => c.DeletedAt == null).OrderBy(c => c.Kind).ThenBy(c => c.Name)
            .Select(c => new ChannelRetention(c.Id, c.Name, c.RetentionDays)).ToListAsync(cancellationToken);
        return new RetentionPolicyView(defaultDays, channels);
    }

    /// <summary>What a run would delete now if the channel kept <paramref name="days"/> days (null: the default applies).</summary>
    public async Task<RetentionPreview> PreviewAsync(int channelId, int? days, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        days ??= await db.RetentionSettings.Select(s => s.DefaultDays).FirstOrDefaultAsync(cancellationToken);
        if (days is null) return new RetentionPreview(0, 0, 0);
        var zone = await db.Channels.Where(c => c.Id == channelId).Select(c => c.BusinessHours).SingleOrDefaultAsync(cancellationToken);
        var expired = RetentionService.Expired(db, channelId, retention.Cutoff(clock.GetUtcNow(), days.Value, zone?.TimeZoneId));
        return await CountAsync(expired, cancellationToken);
    }

    /// <summary>What a run would delete now in every channel without its own period, if the default were <paramref name="days"/>.</summary>
    public async Task<RetentionPreview> PreviewDefaultAsync(int? days, CancellationToken cancellationToken = default)
    {
        var view = await GetAsync(cancellationToken);
        var sum = new RetentionPreview(0, 0, 0);
        if (days is null) return sum;
        foreach (var channel in view.Channels.Where(c => c.Days is null))
        {
            var one = await PreviewAsync(channel.ChannelId, days, cancellationToken);
            sum = new RetentionPreview(sum.Messages + one.Messages, sum.Files + one.Files, sum.Conversations + one.Conversations);
        }
        return sum;
    }

    private static async Task<RetentionPreview> CountAsync(IQueryable<Conversations.Message> expired, CancellationToken cancellationToken)
    {
        var messages = await expired.CountAsync(cancellationToken);
        if (messages == 0) return new RetentionPreview(0, 0, 0);
        var files = await expired.SelectMany(m => m.Attachments).CountAsync(cancellationToken);
        var conversations = await expired.Select(m => m.ConversationId).Distinct().CountAsync(cancellationToken);
        return new RetentionPreview(messages, files, conversations);
    }

    public async Task<OperationResult> SetChannelDaysAsync(int channelId, int? days, string? actingUserId, CancellationToken cancellationToken = default)
    {
        if (Problem(days) is { } problem) return OperationResult.Fail(problem);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId && c.DeletedAt == null, cancellationToken);
        if (channel is null) return OperationResult.Fail("That channel no longer exists.");
        if (channel.RetentionDays == days) return OperationResult.Ok;
        audit.Add(db, actingUserId, AuditActions.RetentionChanged, nameof(Channel), channelId, $"{channel.Name}: {Describe(channel.RetentionDays)} -> {Describe(days)}");
        channel.RetentionDays = days;
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok;
    }

    public async Task<OperationResult> SetDefaultDaysAsync(int? days, string? actingUserId, CancellationToken cancellationToken = default)
    {
        if (Problem(days) is { } problem) return OperationResult.Fail(problem);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.RetentionSettings.SingleOrDefaultAsync(cancellationToken) ?? db.RetentionSettings.Add(new RetentionSettings()).Entity;
        if (settings.DefaultDays == days && db.Entry(settings).State != EntityState.Added) return OperationResult.Ok;
        audit.Add(db, actingUserId, AuditActions.RetentionDefaultChanged, "Retention", null, $"{Describe(settings.DefaultDays)} -> {Describe(days)}");
        settings.DefaultDays = days;
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok;
    }

    public static string Describe(int? days) => days is null ? "forever" : days == 1 ? "1 day" : $"{days} days";

    private static string? Problem(int? days) =>
        days is < 1 or > MaxDays ? $"Keep messages for 1 to {MaxDays:N0} days, or leave it empty to keep them forever." : null;
}
