using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CommHub.Core.Webhooks;

/// <summary>
/// Raises webhook events in the same save as the change, from the one place every write path goes through (EF's save),
/// beside the analytics journal: messages stored, a reply's delivery status (sent, failed, read by the customer),
/// conversations made and changed, contacts made. Other set-based updates (unread counts) raise nothing. Writes nothing while no
/// subscription is enabled.
/// </summary>
public sealed class WebhookJournal(WebhookState state, TimeProvider clock) : SaveRecorder, IDbTransactionInterceptor
{
    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<WebhookEvent>().Any()) state.Signal();
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Saved(DbContext? context)
    {
        // Outside a transaction the events are committed now; inside one the sweep (or the next signal) finds them.
        if (context is CommHubDbContext db && db.Database.CurrentTransaction is null && db.ChangeTracker.Entries<WebhookEvent>().Any()) state.Signal();
    }

    protected override void Record(DbContext? context)
    {
        if (context is not CommHubDbContext db || !state.AnyEnabled) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var events = new List<WebhookEvent>();
        var entries = db.ChangeTracker.Entries().ToList();
        var newMessages = entries.Where(e => e.State == EntityState.Added).Select(e => e.Entity).OfType<Message>().ToList();
        foreach (var entry in entries)
        {
            switch (entry.Entity)
            {
                case Message message when entry.State == EntityState.Added:
                    events.Add(new WebhookEvent { Type = WebhookEventTypes.MessageCreated, Message = message, At = now });
                    break;
                case Message message when entry.State == EntityState.Modified && Changed(entry.Property(nameof(Message.DeliveryStatus))):
                    events.Add(new WebhookEvent { Type = WebhookEventTypes.MessageDeliveryStatus, MessageId = message.Id, Message = message, At = now });
                    break;
                case Conversation conversation when entry.State == EntityState.Added:
                    // A new conversation always comes with its first message; its id is read through that message.
                    if (newMessages.FirstOrDefault(m => ReferenceEquals(m.Conversation, conversation)) is { } first)
                        events.Add(new WebhookEvent { Type = WebhookEventTypes.ConversationCreated, Message = first, At = now });
                    break;
                case Conversation conversation when entry.State == EntityState.Modified:
                    if (Changed(entry.Property(nameof(Conversation.Status))))
                        events.Add(new WebhookEvent { Type = WebhookEventTypes.ConversationStatusChanged, ConversationId = conversation.Id, At = now });
                    else if (Changed(entry.Property(nameof(Conversation.Priority))) || Changed(entry.Property(nameof(Conversation.AssigneeId)))
                        || Changed(entry.Property(nameof(Conversation.Subject))))
                        events.Add(new WebhookEvent { Type = WebhookEventTypes.ConversationUpdated, ConversationId = conversation.Id, At = now });
                    break;
                case Analytics.AnalyticsEvent { Kind: Analytics.AnalyticsEventKind.ReadByCustomer } read when entry.State == EntityState.Added:
                    // The customer read the office's replies: a set-based update, recorded by the analytics journal's row.
                    events.Add(new WebhookEvent { Type = WebhookEventTypes.MessageDeliveryStatus, ConversationId = read.ConversationId, At = now });
                    break;
                case Contact contact when entry.State == EntityState.Added:
                    // A contact is made by its first message (ingest); the message carries its id.
                    if (newMessages.FirstOrDefault(m => ReferenceEquals(m.Conversation?.Contact, contact) || ReferenceEquals(m.SenderContact, contact)) is { } by)
                        events.Add(new WebhookEvent { Type = WebhookEventTypes.ContactCreated, Message = by, At = now });
                    break;
            }
        }
        db.WebhookEvents.AddRange(events);
    }

    private static bool Changed(PropertyEntry property) => property.IsModified && !Equals(property.OriginalValue, property.CurrentValue);
}

/// <summary>
/// What the journal needs to know without a query: whether any subscription is enabled (so a CommHub without webhooks
/// writes no events), and how to wake the dispatcher. Starts as "enabled" until the first look at the table.
/// </summary>
public sealed class WebhookState
{
    private volatile bool anyEnabled = true;

    public bool AnyEnabled => anyEnabled;

    /// <summary>Set by the dispatcher and the subscription service after they read the table.</summary>
    public void SetAnyEnabled(bool value) => anyEnabled = value;

    private int signalled;

    /// <summary>Called when events or deliveries are committed; the host wires it to the dispatcher job.</summary>
    public Action? OnSignal { get; set; }

    /// <summary>Wakes the dispatcher once, however many saves signal before it starts (<see cref="Started"/>).</summary>
    public void Signal()
    {
        if (Interlocked.Exchange(ref signalled, 1) == 0) OnSignal?.Invoke();
    }

    /// <summary>The dispatcher began a run: the next signal wakes it again.</summary>
    public void Started() => Interlocked.Exchange(ref signalled, 0);
}
