namespace CommHub.Core.Webhooks;

/// <summary>The event types a subscription can choose; the names are what receivers see in <c>type</c>.</summary>
public static class WebhookEventTypes
{
    public const string ConversationCreated = "conversation.created";
    public const string ConversationUpdated = "conversation.updated";
    public const string ConversationStatusChanged = "conversation.status_changed";
    public const string MessageCreated = "message.created";
    public const string MessageInbound = "message.inbound";
    public const string MessageOutbound = "message.outbound";
    public const string MessageDeliveryStatus = "message.delivery_status";
    public const string ContactCreated = "contact.created";

    /// <summary>Sent by "Send a test event" only; no subscription chooses it.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> All =
    [
        ConversationCreated, ConversationUpdated, ConversationStatusChanged,
        MessageCreated, MessageInbound, MessageOutbound, MessageDeliveryStatus, ContactCreated,
    ];
}
