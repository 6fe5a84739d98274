using System.Collections.Concurrent;
using System.Net;
using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace CommHub.Infrastructure.Gmail;

/// <summary>
/// Sends a reply as a proper email: our own Message-ID, In-Reply-To and References so every client threads
/// it, "Re:" subject, Gmail's threadId, plain text and HTML, Cc and Bcc, the attached files and the mailbox's signature.
/// </summary>
public sealed class GmailSender(
    IDbContextFactory<CommHubDbContext> dbFactory,
    ChannelSecrets secrets,
    GmailTokenService tokens,
    GmailApiClient gmail,
    IBlobStore blobs,
    IOptions<GmailOptions> options,
    TimeProvider clock) : IChannelSender
{
    private readonly ConcurrentDictionary<int, string> addresses = new();

    public ChannelKind Kind => ChannelKind.Gmail;

    /// <summary>Set on every mail the app sends, so a sync recognises its own mail even before the send is recorded.</summary>
    public const string OwnHeader = "X-CommHub-Message";

    public async Task<SendResult> SendAsync(OutboundEnvelope envelope, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(envelope.RecipientEmail))
            return new SendResult(SendOutcome.Permanent, Error: "The contact has no email address to reply to.");
        try
        {
            var (credentials, settings) = await ChannelAsync(envelope.ChannelId, cancellationToken);
            var token = await tokens.GetAccessTokenAsync(envelope.ChannelId, credentials, cancellationToken);
            var from = settings.Address ?? await AddressAsync(envelope.ChannelId, token, cancellationToken);
            var message = await BuildAsync(envelope, from, settings.Signature, cancellationToken);
            using var raw = new MemoryStream();
            await message.WriteToAsync(raw, cancellationToken);
            var sent = await gmail.SendMessageAsync(token, Base64Url(raw.ToArray()), envelope.ExternalThreadKey, cancellationToken);
            return SendResult.Sent(sent.Id, $"<{message.MessageId}>");
        }
        catch (GmailDisconnectedException ex)
        {
            return new SendResult(SendOutcome.Permanent, Error: $"Gmail is disconnected ({ex.Message}); reconnect the channel, then retry.");
        }
        catch (ParseException ex)
        {
            return new SendResult(SendOutcome.Permanent, Error: $"The address “{envelope.RecipientEmail}” cannot be written to ({ex.Message}).");
        }
        catch (MissingAttachmentException ex)
        {
            return new SendResult(SendOutcome.Permanent, Error: ex.Message);
        }
        catch (GmailApiException ex) when (ex.Status == HttpStatusCode.Unauthorized)
        {
            // The access token went stale early: the next attempt refreshes it.
            tokens.Forget(envelope.ChannelId);
            return new SendResult(SendOutcome.Retry, Error: "Gmail did not accept the access token; refreshing it.", RetryAfter: TimeSpan.Zero);
        }
        catch (GmailApiException ex) when (ex.Status == HttpStatusCode.TooManyRequests || (int)ex.Status >= 500)
        {
            return new SendResult(SendOutcome.Retry, Error: ex.Message, RetryAfter: ex.RetryAfter);
        }
        catch (GmailApiException ex)
        {
            return new SendResult(SendOutcome.Permanent, Error: ex.Message);
        }
    }

    internal async Task<MimeMessage> BuildAsync(OutboundEnvelope envelope, string from, string? signature, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        // One address, or the customer's Reply-To list.
        message.To.AddRange(InternetAddressList.Parse(envelope.RecipientEmail!));
        if (!string.IsNullOrWhiteSpace(envelope.CcList)) message.Cc.AddRange(InternetAddressList.Parse(envelope.CcList));
        if (!string.IsNullOrWhiteSpace(envelope.BccList)) message.Bcc.AddRange(InternetAddressList.Parse(envelope.BccList));
        message.Subject = EmailReplies.Subject(envelope.Subject);
        message.MessageId = MimeUtils.GenerateMessageId(from.Split('@').Last());
        if (envelope.InReplyTo is { } inReplyTo) message.InReplyTo = inReplyTo.Trim('<', '>');
        foreach (var reference in envelope.References) message.References.Add(reference.Trim('<', '>'));
        message.Headers.Add(OwnHeader, envelope.MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Date = clock.GetUtcNow();
        var text = string.IsNullOrWhiteSpace(signature) ? envelope.Text : $"{envelope.Text}\n\n{signature}";
        var body = new BodyBuilder
        {
            TextBody = text,
            HtmlBody = "<div style=\"white-space:pre-wrap\">" + WebUtility.HtmlEncode(text) + "</div>",
        };
        foreach (var file in envelope.Files ?? [])
        {
            await using var content = await blobs.OpenReadAsync(file.BlobKey, cancellationToken)
                ?? throw new MissingAttachmentException($"The attached file “{file.FileName}” is no longer stored, so the mail cannot be sent with it.");
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            body.Attachments.Add(file.FileName, buffer.ToArray(), ContentType.Parse(file.ContentType));
        }
        message.Body = body.ToMessageBody();
        return message;
    }

    private async Task<(GmailCredentials Credentials, GmailChannelSettings Settings)> ChannelAsync(int channelId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.AsNoTracking().SingleAsync(c => c.Id == channelId, cancellationToken);
        var credentials = GmailCredentials.From(secrets.Read(channel), options.Value) ?? throw new GmailDisconnectedException("The mailbox was never connected.");
        return (credentials, GmailChannelSettings.Of(channel));
    }

    private sealed class MissingAttachmentException(string message) : Exception(message);

    private async Task<string> AddressAsync(int channelId, string token, CancellationToken cancellationToken)
    {
        if (addresses.TryGetValue(channelId, out var known)) return known;
        var profile = await gmail.GetProfileAsync(token, cancellationToken);
        return addresses[channelId] = profile.EmailAddress;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
