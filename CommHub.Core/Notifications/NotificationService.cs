using System.Text.Json;
using CommHub.Core.Common;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Notifications;

/// <summary>A notification as the bell lists it.</summary>
public sealed record NotificationItem(long Id, NotificationKind Kind, int ConversationId, int? MessageId, string Text, DateTime CreatedAt, bool Read);

/// <summary>What the bell needs after a change: the count to show, and whether the newest one should make a sound or a desktop notification.</summary>
public sealed record NotificationAlert(int Unread, NotificationItem? Newest, bool Sound, bool Desktop);

/// <summary>
/// Staff notifications: written when a conversation is assigned to someone, when a private note mentions them, and when a
/// customer writes in a conversation assigned to them; listed by the bell, announced live to their own screens only.
/// </summary>
public sealed class NotificationService(IDbContextFactory<CommHubDbContext> dbFactory, ConversationNotifier notifier, TimeProvider clock)
{
    public const int ListSize = 30;

    public async Task AssignedAsync(int conversationId, string assigneeId, string? actingUserId, CancellationToken cancellationToken = default)
    {
        if (assigneeId == actingUserId) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subject = await SubjectAsync(db, conversationId, cancellationToken);
        if (subject is null) return;
        var by = actingUserId is null ? "A rule" : await NameAsync(db, actingUserId, cancellationToken) ?? "Someone";
        await AddAsync(db, [new(assigneeId, NotificationKind.Assigned, conversationId, null, $"{by} assigned you “{subject}”")], cancellationToken);
    }

    /// <summary>A private note was written: everyone it mentions (but its author) is told.</summary>
    public async Task NoteWrittenAsync(int conversationId, int messageId, string authorId, string text, IReadOnlyList<AgentOption> staff,
        CancellationToken cancellationToken = default)
    {
        var mentioned = Mentions.Find(text, staff).Where(m => m.Id != authorId).ToList();
        if (mentioned.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subject = await SubjectAsync(db, conversationId, cancellationToken);
        if (subject is null) return;
        var by = await NameAsync(db, authorId, cancellationToken) ?? "Someone";
        await AddAsync(db, mentioned.Select(m => new Pending(m.Id, NotificationKind.Mentioned, conversationId, messageId, $"{by} mentioned you in “{subject}”")).ToList(),
            cancellationToken);
    }

    /// <summary>Customers' messages were stored: the assignee of each conversation is told (one entry per conversation and batch).</summary>
    public async Task CustomerWroteAsync(IReadOnlyList<(int ConversationId, int MessageId)> stored, CancellationToken cancellationToken = default)
    {
        if (stored.Count == 0) return;
        var ids = stored.Select(s => s.ConversationId).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assigned = await db.Conversations.AsNoTracking().Where(c => ids.Contains(c.Id) && c.AssigneeId != null)
            .Select(c => new { c.Id, c.AssigneeId, c.Subject, ContactName = c.Contact!.Name })
            .ToListAsync(cancellationToken);
        if (assigned.Count == 0) return;
        var last = stored.GroupBy(s => s.ConversationId).ToDictionary(g => g.Key, g => g.Max(s => s.MessageId));
        await AddAsync(db, assigned.Select(c => new Pending(c.AssigneeId!, NotificationKind.CustomerMessage, c.Id, last[c.Id],
            $"{c.ContactName} wrote in “{Shorten(c.Subject)}”")).ToList(), cancellationToken);
    }

    public async Task<IReadOnlyList<NotificationItem>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Newest(db.Notifications.Where(n => n.UserId == userId)).Take(ListSize).ToListAsync(cancellationToken);
    }

    public async Task<int> UnreadCountAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Unread(db, userId).CountAsync(cancellationToken);
    }

    /// <summary>After a live signal: the unread count and how to announce the newest unread entry, by the user's settings and quiet hours.</summary>
    public async Task<NotificationAlert> AlertAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var unread = await Unread(db, userId).CountAsync(cancellationToken);
        var newest = await Newest(Unread(db, userId)).FirstOrDefaultAsync(cancellationToken);
        if (newest is null) return new NotificationAlert(unread, null, false, false);
        var settings = await SettingsAsync(db, userId, cancellationToken);
        var quiet = settings.IsQuiet(clock.GetUtcNow());
        var channels = settings.For(newest.Kind);
        return new NotificationAlert(unread, newest, channels.Sound && !quiet, channels.Desktop && !quiet);
    }

    public Task MarkReadAsync(string userId, long id, CancellationToken cancellationToken = default) =>
        SetReadAsync(userId, id, cancellationToken);

    public Task MarkAllReadAsync(string userId, CancellationToken cancellationToken = default) =>
        SetReadAsync(userId, null, cancellationToken);

    /// <summary>One of the user's unread entries, or all of them (<paramref name="id"/> null).</summary>
    private async Task SetReadAsync(string userId, long? id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await Unread(db, userId).Where(n => id == null || n.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
    }

    private static IQueryable<Notification> Unread(CommHubDbContext db, string userId) =>
        db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null);

    /// <summary>Newest first, as the bell shows them.</summary>
    private static IQueryable<NotificationItem> Newest(IQueryable<Notification> notifications) => notifications.AsNoTracking()
        .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
        .Select(n => new NotificationItem(n.Id, n.Kind, n.ConversationId, n.MessageId, n.Text, n.CreatedAt, n.ReadAt != null));

    public async Task<NotificationSettings> GetSettingsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await SettingsAsync(db, userId, cancellationToken);
    }

    public async Task<OperationResult> SaveSettingsAsync(string userId, NotificationSettings settings, CancellationToken cancellationToken = default)
    {
        if (settings.Problem() is { } problem) return OperationResult.Fail(problem);
        var json = JsonSerializer.Serialize(settings);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.NotificationSettingsJson, json), cancellationToken);
        return changed == 0 ? OperationResult.Fail("Your account no longer exists.") : OperationResult.Ok;
    }

    private static async Task<NotificationSettings> SettingsAsync(CommHubDbContext db, string userId, CancellationToken cancellationToken)
    {
        var json = await db.Users.Where(u => u.Id == userId).Select(u => u.NotificationSettingsJson).SingleOrDefaultAsync(cancellationToken);
        if (json is null) return NotificationSettings.Default;
        try
        {
            return JsonSerializer.Deserialize<NotificationSettings>(json) ?? NotificationSettings.Default;
        }
        catch (JsonException)
        {
            return NotificationSettings.Default;
        }
    }

    private sealed record Pending(string UserId, NotificationKind Kind, int ConversationId, int? MessageId, string Text);

    private async Task AddAsync(CommHubDbContext db, IReadOnlyList<Pending> pending, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.Notifications.AddRange(pending.Select(p => new Notification
        {
            UserId = p.UserId, Kind = p.Kind, ConversationId = p.ConversationId, MessageId = p.MessageId,
            Text = p.Text.Length > 500 ? p.Text[..500] : p.Text, CreatedAt = now,
        }));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var p in pending) notifier.Publish(new LiveEvent(LiveEventKind.Notification, p.ConversationId, UserId: p.UserId));
    }

    private static async Task<string?> SubjectAsync(CommHubDbContext db, int conversationId, CancellationToken cancellationToken) =>
        await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.Subject).SingleOrDefaultAsync(cancellationToken) is { } subject
            ? Shorten(subject)
            : null;

    private static Task<string?> NameAsync(CommHubDbContext db, string userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId).Select(u => (string?)u.DisplayName).SingleOrDefaultAsync(cancellationToken);

    private static string Shorten(string subject) => subject.Length > 80 ? subject[..79] + "…" : subject;
}
