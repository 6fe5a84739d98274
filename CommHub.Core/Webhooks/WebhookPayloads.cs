using System.Text.Json;
using System.Text.Json.Serialization;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Webhooks;

/// <summary>The bodies receivers get: <c>{ "type", "timestamp", "data" }</c>, data in the API's shapes (camelCase, enums as text).</summary>
public static class WebhookPayloads
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static WebhookDelivery Delivery(int subscriptionId, string type, int conversationId, object data, DateTime now) => new()
    {
        SubscriptionId = subscriptionId,
        MessageId = "msg_" + Guid.NewGuid().ToString("N"),
        Type = type,
        ConversationId = conversationId,
        Body = JsonSerializer.Serialize(new { type, timestamp = now, data }, Json),
        CreatedAt = now,
        NextAttemptAt = now,
    };

    internal static async Task<object?> MessageAsync(CommHubDbContext db, int messageId, CancellationToken cancellationToken) =>
        await db.Messages.AsNoTracking().Where(m => m.Id == messageId).Select(m => new
        {
            m.Id, m.ConversationId, m.Direction, m.SenderKind, m.SenderName, m.Text, IsPrivateNote = m.IsPrivateNote,
            m.DeliveryStatus, m.DeliveryError, m.CreatedAt,
        }).SingleOrDefaultAsync(cancellationToken);

    internal static async Task<object?> ConversationAsync(CommHubDbContext db, int conversationId, CancellationToken cancellationToken) =>
        await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId).Select(c => new
        {
            c.Id, c.Subject, c.Status, c.SnoozedUntil, c.Priority, c.AssigneeId, c.ChannelId, c.ContactId, c.ProjectId, c.LastActivityAt, c.CreatedAt,
        }).SingleOrDefaultAsync(cancellationToken);

    internal static async Task<object?> ContactAsync(CommHubDbContext db, int contactId, CancellationToken cancellationToken) =>
        await db.Contacts.AsNoTracking().Where(c => c.Id == contactId).Select(c => new { c.Id, c.Name, c.Email, c.Phone, c.CreatedAt })
            .SingleOrDefaultAsync(cancellationToken);
}
