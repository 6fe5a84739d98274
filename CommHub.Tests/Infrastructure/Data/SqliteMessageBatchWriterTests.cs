using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using CommHub.Infrastructure.Data;
using CommHub.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Infrastructure.Data;

/// <summary>
/// The SQLite batch writer writes rows with its own prepared statements: they must come out exactly as SaveChanges writes
/// them (the same text for times, the same numbers for enums), or queries that compare and sort them would go wrong.
/// </summary>
public sealed class SqliteMessageBatchWriterTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    private static readonly DateTime At = new(2026, 6, 1, 10, 15, 30, 123, DateTimeKind.Utc);

    private SqliteMessageBatchWriter Writer => (SqliteMessageBatchWriter)factory.Services.GetRequiredService<IMessageBatchWriter>();

    [Fact]
    public async Task EveryColumnOfAMessageAndItsFile_IsWrittenAsSaveChangesWritesIt()
    {
        var (conversationId, contactId, agentId) = await SeedAsync();

        var bySaveChanges = await WriteAsync(new ChangeTrackingMessageBatchWriter(), conversationId, contactId, agentId, "a");
        var byWriter = await WriteAsync(Writer, conversationId, contactId, agentId, "b");

        var (savedMessage, writtenMessage) = (await RowAsync("Messages", bySaveChanges.Id), await RowAsync("Messages", byWriter.Id));
        Assert.Equal(savedMessage.Keys, writtenMessage.Keys);
        foreach (var column in savedMessage.Keys.Except(["Id", "ExternalId"])) Assert.True(Equals(savedMessage[column], writtenMessage[column]), $"Messages.{column}: {savedMessage[column]} vs {writtenMessage[column]}");
        Assert.Equal(["a", "b"], [savedMessage["ExternalId"], writtenMessage["ExternalId"]]);

        var (savedFile, writtenFile) = (await RowAsync("Attachments", bySaveChanges.Attachments[0].Id), await RowAsync("Attachments", byWriter.Attachments[0].Id));
        foreach (var column in savedFile.Keys.Except(["Id", "MessageId"])) Assert.True(Equals(savedFile[column], writtenFile[column]), $"Attachments.{column}: {savedFile[column]} vs {writtenFile[column]}");
        Assert.Equal((long)byWriter.Id, writtenFile["MessageId"]);
    }

    [Fact]
    public async Task AConversationsActivity_IsWrittenWithoutTracking_AndStamped()
    {
        var (conversationId, _, _) = await SeedAsync();
        await using var db = await factory.CreateDbAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var conversation = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversationId);
        var message = new Message { ChannelId = conversation.ChannelId, Conversation = conversation, Text = "Are you there?", ExternalId = "activity", CreatedAt = At.AddHours(1) };
        conversation.RecordInbound(message);

        await Writer.SaveAsync(db, [conversation], [message], CancellationToken.None);
        await transaction.CommitAsync();

        await using var check = await factory.CreateDbAsync();
        var stored = await check.Conversations.SingleAsync(c => c.Id == conversationId);
        Assert.Equal((ConversationStatus.Open, (DateTime?)null, 1, "Are you there?", At.AddHours(1)),
            (stored.Status, stored.SnoozedUntil, stored.AgentUnreadCount, stored.LastMessagePreview, stored.LastActivityAt));
        Assert.True(stored.UpdatedAt > stored.CreatedAt, "UpdatedAt is stamped with the time of the write");
        Assert.Equal(conversationId, (await check.Messages.SingleAsync(m => m.Id == message.Id)).ConversationId);
    }

    [Fact]
    public async Task AMessageAlreadyStored_FailsAsSaveChangesFails_AndTheBatchIsRolledBack()
    {
        var (conversationId, contactId, agentId) = await SeedAsync();
        await WriteAsync(Writer, conversationId, contactId, agentId, "twice");

        await using var db = await factory.CreateDbAsync();
        var before = await db.Messages.CountAsync();
        await Assert.ThrowsAsync<DbUpdateException>(() => WriteAsync(Writer, conversationId, contactId, agentId, "twice", "fresh"));

        Assert.Equal(before, await db.Messages.CountAsync());
    }

    private async Task<(int Conversation, int Contact, string Agent)> SeedAsync()
    {
        await using var db = await factory.CreateDbAsync();
        var agent = await db.Users.FirstAsync();
        var channel = new Channel { Kind = ChannelKind.Gmail, Name = $"mailbox {Guid.NewGuid():N}" };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        var contact = new Contact { Name = "Ada" };
        var conversation = new Conversation
        {
            Channel = channel, Contact = contact, Subject = "Order", Status = ConversationStatus.Snoozed, SnoozedUntil = At.AddDays(1),
            LastActivityAt = At, CreatedAt = At,
        };
        // The message the written ones answer.
        conversation.Messages.Add(new Message { ChannelId = channel.Id, Text = "Where is my order?", ExternalId = "question", CreatedAt = At });
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync();
        return (conversation.Id, contact.Id, agent.Id);
    }

    /// <summary>A message with every column set (and one file), written in a transaction as ingest writes it.</summary>
    private async Task<Message> WriteAsync(IMessageBatchWriter writer, int conversationId, int contactId, string agentId, params string[] externalIds)
    {
        await using var db = await factory.CreateDbAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var conversation = await db.Conversations.AsNoTracking().SingleAsync(c => c.Id == conversationId);
        var answered = await db.Messages.Where(m => m.ConversationId == conversationId).OrderBy(m => m.Id).Select(m => (int?)m.Id).FirstAsync();
        var messages = externalIds.Select(id => new Message
        {
            Conversation = conversation,
            ChannelId = conversation.ChannelId,
            Direction = MessageDirection.Outbound,
            SenderKind = SenderKind.Agent,
            SenderUserId = agentId,
            SenderName = "Agent Smith",
            SenderContactId = contactId,
            Text = "Your order ships today — ünïcödé",
            SanitizedHtml = "<p>Your order ships today</p>",
            ExternalId = id,
            InternetMessageId = "<same@mail.test>",
            EmailCc = "cc@mail.test",
            EmailBcc = "bcc@mail.test",
            DeliveryStatus = DeliveryStatus.Failed,
            DeliveryError = "Gmail answered 500",
            IsPrivateNote = true,
            IsAutoGenerated = true,
            Latitude = 52.520008,
            Longitude = -13.404954,
            LocationName = "Alexanderplatz",
            ReplyToMessageId = answered,
            CreatedAt = At,
            EditedAt = At.AddMinutes(5),
            ReadAt = At.AddMinutes(7).AddTicks(1),
            Attachments =
            [
                new Attachment
                {
                    FileName = "photo.jpg", ContentType = "image/jpeg", Size = 123_456_789_012, OriginalBlobKey = "o/1", CompressedBlobKey = "c/1",
                    ThumbnailBlobKey = "t/1", Width = 4000, Height = 3000, State = AttachmentState.Ready, Error = "none", ProcessingAttempts = 2,
                    ContentId = "cid-1", CreatedAt = At,
                },
            ],
        }).ToList();
        conversation.RecordOutbound(messages[0]);

        await writer.SaveAsync(db, [conversation], messages, CancellationToken.None);
        await transaction.CommitAsync();
        return messages[0];
    }

    /// <summary>A row as SQLite stores it, column by column (the stored text of a time, not its parsed value).</summary>
    private async Task<Dictionary<string, object>> RowAsync(string table, int id)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataPath, "commhub.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" WHERE \"Id\" = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"{table} row {id} is stored");
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetValue);
    }
}
