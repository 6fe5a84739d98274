using CommHub.Core.Audit;
using CommHub.Core.Common;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace CommHub.Core.Retention;

/// <summary>Admins put a conversation on legal hold: retention and erasure leave it alone until the hold is lifted.</summary>
public sealed class LegalHolds(IDbContextFactory<CommHubDbContext> dbFactory, AuditLog audit, ConversationNotifier notifier)
{
    public async Task<OperationResult> SetAsync(int conversationId, bool hold, string? actingUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        if (conversation is null) return OperationResult.Fail("That conversation no longer exists.");
        if (conversation.LegalHold == hold) return OperationResult.Ok;
        conversation.LegalHold = hold;
        audit.Add(db, actingUserId, hold ? AuditActions.LegalHoldOn : AuditActions.LegalHoldOff, nameof(Conversation), conversationId, conversation.Subject);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Publish(new LiveEvent(LiveEventKind.ConversationUpdated, conversationId));
        return OperationResult.Ok;
    }
}
