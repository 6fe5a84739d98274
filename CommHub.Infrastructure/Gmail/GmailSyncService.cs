using System.Globalization;
using System.Net;
using System.Text.Json;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using CommHub.Infrastructure.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommHub.Infrastructure.Gmail;

public enum GmailSyncOutcome
{
    Synced,
    /// <summary>Disabled or disconnected: nothing was asked of Gmail.</summary>
    Skipped,
    Disconnected,
    Failed,
}

public sealed record GmailSyncResult(GmailSyncOutcome Outcome, int Stored, string? Error = null);

/// <summary>
/// One mailbox's inbound sync. The first run lists recent mail; later runs read the history since the stored
/// history id, and a 404 on it (history expired) falls back to a full resync, which ingest dedupes. The ids of the mails
/// to fetch go into the intake table together with the new history id, in one transaction; then the mailbox's pending
/// rows (these, and any a crash left) are fetched and stored one by one. A mail that fails to store counts an attempt and
/// is failed after the last, without holding up the others; Gmail being unreachable leaves the rows pending for next time.
/// </summary>
public sealed class GmailSyncService(
    IDbContextFactory<CommHubDbContext> dbFactory,
    ChannelSecrets secrets,
    GmailTokenService tokens,
    GmailApiClient gmail,
    EmailMessageReader reader,
    IngestService ingest,
    IntakeService intake,
    IOptions<GmailOptions> options,
    TimeProvider clock,
    ILogger<GmailSyncService> logger)
{
    public async Task<GmailSyncResult> SyncAsync(int channelId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.SingleOrDefaultAsync(c => c.Id == channelId && c.Kind == ChannelKind.Gmail, cancellationToken);
        if (channel is null || !channel.Enabled || channel.Status == ChannelStatus.Disconnected) return new GmailSyncResult(GmailSyncOutcome.Skipped, 0);

        GmailSyncResult result;
        try
        {
            var credentials = GmailCredentials.From(secrets.Read(channel), options.Value)
                ?? throw new GmailDisconnectedException("The mailbox was never connected.");
            var token = await tokens.GetAccessTokenAsync(channelId, credentials, cancellationToken);
            var mailbox = new Mailbox(channelId, token, GmailChannelSettings.Of(channel).SubjectWindow);
            var (refs, cursor) = channel.SyncCursor is { } historyId
                ? await IncrementalOrResyncAsync(mailbox, historyId, cancellationToken)
                : await FullSyncAsync(mailbox, cancellationToken);
            await StoreRefsAsync(channelId, refs, cursor, cancellationToken);
            channel.SyncCursor = cursor;
            var stored = await DrainAsync(mailbox, cancellationToken);
            channel.Status = ChannelStatus.Active;
            channel.LastError = null;
            result = new GmailSyncResult(GmailSyncOutcome.Synced, stored);
        }
        catch (GmailDisconnectedException ex)
        {
            // Polling pauses; the history id stays, so after reconnecting nothing in between is missed.
            channel.Status = ChannelStatus.Disconnected;
            channel.LastError = ChannelService.ErrorText($"Disconnected — reconnect: {ex.Message}");
            channel.LastErrorAt = clock.GetUtcNow().UtcDateTime;
            result = new GmailSyncResult(GmailSyncOutcome.Disconnected, 0, channel.LastError);
        }
        catch (GmailApiException ex)
        {
            if (ex.Status == HttpStatusCode.Unauthorized) tokens.Forget(channelId);
            channel.Status = ChannelStatus.Error;
            channel.LastError = ChannelService.ErrorText(ex.Message);
            channel.LastErrorAt = clock.GetUtcNow().UtcDateTime;
            logger.LogWarning(ex, "Gmail sync of channel {Channel} failed.", channelId);
            result = new GmailSyncResult(GmailSyncOutcome.Failed, 0, channel.LastError);
        }
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>One sync's view of the mailbox: its channel, access token and subject-threading window.</summary>
    private sealed record Mailbox(int ChannelId, string Token, TimeSpan? SubjectWindow);

    private async Task<(IReadOnlyList<GmailMessageRef> Refs, string Cursor)> IncrementalOrResyncAsync(Mailbox mailbox, string historyId, CancellationToken cancellationToken)
    {
        try
        {
            var added = new List<GmailMessageRef>();
            string? pageToken = null;
            var cursor = historyId;
            do
            {
                var page = await gmail.ListHistoryAsync(mailbox.Token, historyId, pageToken, cancellationToken);
                added.AddRange((page.History ?? []).SelectMany(h => h.MessagesAdded ?? []).Select(m => m.Message));
                cursor = page.HistoryId ?? cursor;
                pageToken = page.NextPageToken;
            }
            while (pageToken is not null);
            // Sent mail is read too: staff may answer from another mail client, and that answer belongs in the thread.
            return (added.Where(m => !IsDraft(m)).DistinctBy(m => m.Id).ToList(), cursor);
        }
        catch (GmailApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            logger.LogInformation("Gmail history {History} of channel {Channel} has expired; resyncing.", historyId, mailbox.ChannelId);
            return await FullSyncAsync(mailbox, cancellationToken);
        }
    }

    private async Task<(IReadOnlyList<GmailMessageRef> Refs, string Cursor)> FullSyncAsync(Mailbox mailbox, CancellationToken cancellationToken)
    {
        // The history id is taken before listing: whatever arrives during the listing is read next time.
        var profile = await gmail.GetProfileAsync(mailbox.Token, cancellationToken);
        var limit = options.Value.FirstSyncMaxMessages;
        var refs = new List<GmailMessageRef>();
        string? pageToken = null;
        do
        {
            var page = await gmail.ListMessagesAsync(mailbox.Token, $"newer_than:{options.Value.FirstSyncDays}d -in:sent -in:drafts",
                Math.Min(100, limit - refs.Count), pageToken, cancellationToken);
            refs.AddRange(page.Messages ?? []);
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null && refs.Count < limit);
        // Gmail lists newest first; store oldest first so conversations read in order.
        refs.Reverse();
        return (refs, profile.HistoryId);
    }

    /// <summary>The mails to fetch and the history id past them: one commit, so a crash after it loses no mail id.</summary>
    private async Task StoreRefsAsync(int channelId, IReadOnlyList<GmailMessageRef> refs, string cursor, CancellationToken cancellationToken)
    {
        var rows = refs.Select(r => new ReceivedUpdate(r.Id, JsonSerializer.Serialize(r))).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.InTransactionAsync(async token =>
        {
            await intake.AddPageAsync(db, channelId, rows, token);
            await db.SaveChangesAsync(token);
            await db.Channels.Where(c => c.Id == channelId).ExecuteUpdateAsync(s => s.SetProperty(c => c.SyncCursor, cursor), token);
        }, cancellationToken);
    }

    /// <summary>Fetches and stores the mailbox's pending mails in order; returns how many messages were new.</summary>
    private async Task<int> DrainAsync(Mailbox mailbox, CancellationToken cancellationToken)
    {
        var stored = 0;
        var afterId = 0L;
        while (true)
        {
            var rows = await intake.PendingAsync(mailbox.ChannelId, afterId, cancellationToken);
            if (rows.Count == 0) return stored;
            afterId = rows[^1].Id;
            foreach (var row in rows)
            {
                try
                {
                    var (state, isNew) = await ProcessAsync(mailbox, row, cancellationToken);
                    await intake.MarkAsync([row.Id], state, cancellationToken, skipKind: IntakeSkipKinds.Deleted);
                    if (isNew) stored++;
                }
                catch (Exception ex) when (!Unavailable(ex) && !cancellationToken.IsCancellationRequested)
                {
                    var after = await intake.RecordFailureAsync(row.Id, $"{ex.GetType().Name}: {ex.GetBaseException().Message}", cancellationToken);
                    logger.LogWarning(ex, "Gmail channel {Channel}: mail {Mail} could not be stored ({State}).", mailbox.ChannelId, row.ExternalId, after);
                }
            }
        }
    }

    /// <summary>Gmail or the network is down, or the grant is gone: the sync fails as a whole and the rows wait, no attempt counted.</summary>
    private static bool Unavailable(Exception ex) =>
        ex is GmailDisconnectedException or HttpRequestException or OperationCanceledException
        || ex is GmailApiException { Status: HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests } or GmailApiException { Status: >= HttpStatusCode.InternalServerError };

    private async Task<(InboundUpdateState State, bool New)> ProcessAsync(Mailbox mailbox, InboundUpdate row, CancellationToken cancellationToken)
    {
        var reference = JsonSerializer.Deserialize<GmailMessageRef>(row.Payload)
            ?? throw new JsonException("The stored mail reference is empty.");
        if (await AlreadyStoredAsync(mailbox.ChannelId, reference.Id, cancellationToken)) return (InboundUpdateState.Processed, false);
        InboundMessage? inbound;
        try
        {
            inbound = await ReadAsync(mailbox, reference, cancellationToken);
        }
        catch (GmailApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            // Deleted from the mailbox before it was fetched.
            return (InboundUpdateState.Skipped, false);
        }
        // A draft, or mail this app sent itself (already in its conversation): nothing more to store.
        if (inbound is null) return (InboundUpdateState.Processed, false);
        return (InboundUpdateState.Processed, (await ingest.IngestAsync(inbound, cancellationToken)).Outcome == IngestOutcome.Stored);
    }

    private async Task<InboundMessage?> ReadAsync(Mailbox mailbox, GmailMessageRef reference, CancellationToken cancellationToken)
    {
        var (channelId, token) = (mailbox.ChannelId, mailbox.Token);
        var minimal = await gmail.GetMessageAsync(token, reference.Id, "minimal", cancellationToken);
        if (minimal.LabelIds is { } labels && labels.Contains("DRAFT")) return null;
        var sent = minimal.LabelIds?.Contains("SENT") == true;
        var received = ReceivedAt(minimal);
        if (minimal.SizeEstimate > options.Value.MaxMessageBytes)
            return sent ? null : await TooLargeAsync(channelId, token, minimal, received, cancellationToken);

        var full = await gmail.GetMessageAsync(token, reference.Id, "raw", cancellationToken);
        try
        {
            using var raw = new MemoryStream(Base64Url(full.Raw ?? ""));
            var mime = await MimeKit.MimeMessage.LoadAsync(raw, cancellationToken);
            if (!sent) return reader.Read(mime, channelId, full.Id, full.ThreadId, received) with { SubjectWindow = mailbox.SubjectWindow };
            // Sent by this app (its send not recorded yet) is already stored; sent by staff from elsewhere is not.
            if (mime.Headers.Contains(GmailSender.OwnHeader) || await KnownMessageIdAsync(channelId, mime.MessageId, cancellationToken)) return null;
            return reader.ReadSent(mime, channelId, full.Id, full.ThreadId, received) with { SubjectWindow = mailbox.SubjectWindow };
        }
        catch (FormatException ex)
        {
            // One unreadable mail must not stall the mailbox, nor vanish: it is stored saying so.
            return new InboundMessage(channelId, full.Id, full.ThreadId, "(unreadable email)",
                new InboundSender(IdentityKind.Email, "unknown@invalid", "Unknown sender"),
                $"This email could not be read ({ex.Message}). It is still in the Gmail mailbox.", received);
        }
    }

    private async Task<InboundMessage> TooLargeAsync(int channelId, string token, GmailMessage minimal, DateTime received, CancellationToken cancellationToken)
    {
        var metadata = await gmail.GetMessageAsync(token, minimal.Id, "metadata", cancellationToken);
        string? Header(string name) => metadata.Payload?.Headers?.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;
        var from = MimeKit.MailboxAddress.TryParse(Header("From") ?? "", out var address) ? address : new MimeKit.MailboxAddress("Unknown sender", "unknown@invalid");
        return new InboundMessage(channelId, minimal.Id, minimal.ThreadId, Header("Subject") ?? "(no subject)",
            new InboundSender(IdentityKind.Email, from.Address, string.IsNullOrWhiteSpace(from.Name) ? from.Address : from.Name, Email: from.Address),
            string.Create(CultureInfo.InvariantCulture,
                $"This email is too large to bring in ({minimal.SizeEstimate / 1024.0 / 1024.0:0.#} MB); open it in Gmail."),
            received, InternetMessageId: Header("Message-ID"));
    }

    private async Task<bool> AlreadyStoredAsync(int channelId, string gmailId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Messages.AnyAsync(m => m.ChannelId == channelId && m.ExternalId == gmailId, cancellationToken);
    }

    private async Task<bool> KnownMessageIdAsync(int channelId, string? messageId, CancellationToken cancellationToken)
    {
        if (messageId is null) return false;
        var id = $"<{messageId}>";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Messages.AnyAsync(m => m.ChannelId == channelId && m.InternetMessageId == id, cancellationToken);
    }

    private static bool IsDraft(GmailMessageRef message) => message.LabelIds is { } labels && labels.Contains("DRAFT");

    private DateTime ReceivedAt(GmailMessage message) =>
        long.TryParse(message.InternalDate, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime
            : clock.GetUtcNow().UtcDateTime;

    private static byte[] Base64Url(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        return Convert.FromBase64String(padded);
    }
}
