using CommHub.Core.Conversations;
using CommHub.Core.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.TestSupport;

/// <summary>For tests that drive the outbox by hand: an agent's reply, where its send stands, and "the wait is over".</summary>
public static class OutboxTestSupport
{
    /// <summary>The agent's reply as stored (Pending until the outbox sends it).</summary>
    public static async Task<Message> AgentReplyAsync(
        this CommHubFactory factory, int conversationId, string agentId, string text, IReadOnlyList<CommHub.Core.Attachments.StagedFile>? files = null,
        int? answering = null)
    {
        var result = await factory.Services.GetRequiredService<ConversationService>().ReplyAsync(conversationId, agentId, text, files: files, replyToMessageId: answering);
        Assert.True(result.Succeeded, result.ErrorText);
        await using var db = await factory.CreateDbAsync();
        return await db.Messages.Where(m => m.ConversationId == conversationId && m.Direction == MessageDirection.Outbound).OrderByDescending(m => m.Id).FirstAsync();
    }

    public static async Task<(Message Message, OutboxItem Item)> SendStateAsync(this CommHubFactory factory, int messageId)
    {
        await using var db = await factory.CreateDbAsync();
        return (await db.Messages.SingleAsync(m => m.Id == messageId), await db.Outbox.SingleAsync(o => o.MessageId == messageId));
    }

    /// <summary>Every waiting send is due now, as if its backoff or retry-after had passed.</summary>
    public static async Task MakeOutboxDueAsync(this CommHubFactory factory)
    {
        await using var db = await factory.CreateDbAsync();
        await db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(o => o.NextAttemptAt, DateTime.UtcNow.AddSeconds(-1)));
    }
}
