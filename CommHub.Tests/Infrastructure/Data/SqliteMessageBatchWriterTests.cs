using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Data;
using CommHub.Core.Ingest;
using CommHub.Core.Users;
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
    public async Task NewContactsConversationsAndLabels_AreWrittenAsSaveChangesWritesThem_PrincipalsFirst()
    {
        var (_, _, _) = await SeedAsync();
        var bySaveChanges = await WriteNewAsync(new ChangeTrackingMessageBatchWriter(), "a");
        var byWriter = await WriteNewAsync(Writer, "b");

        foreach (var (table, id, differ) in new[]
        {
            ("Contacts", (bySaveChanges.Contact!.Id, byWriter.Contact!.Id), new[] { "Id", "Name" }),
            ("ContactIdentities", (bySaveChanges.Contact.Identities[0].Id, byWriter.Contact.Identities[0].Id), ["Id", "ContactId", "Value"]),
            ("Conversations", (bySaveChanges.Id, byWriter.Id), ["Id", "ContactId", "ExternalThreadKey"]),
            ("Labels", (bySaveChanges.Labels[0].Id, byWriter.Labels[0].Id), ["Id", "Name"]),
        })
        {
            var (saved, written) = (await RowAsync(table, id.Item1), await RowAsync(table, id.Item2));
            foreach (var column in saved.Keys.Except(differ)) Assert.True(Equals(saved[column], written[column]), $"{table}.{column}: {saved[column]} vs {written[column]}");
        }
        await using var db = await factory.CreateDbAsync();
        var stored = await db.Conversations.Include(c => c.Contact).ThenInclude(c => c!.Identities).Include(c => c.Labels).SingleAsync(c => c.Id == byWriter.Id);
        Assert.Equal(("Person b", "person-b", "label-b"), (stored.Contact!.Name, stored.Contact.Identities.Single().Value, stored.Labels.Single().Name));
        Assert.Equal(byWriter.Id, (await db.Messages.SingleAsync(m => m.ExternalId == "new-b")).ConversationId);
    }

    [Fact]
    public async Task ANewConversationsRows_AreAllWrittenBySqliteRows_LeavingNothingForSaveChanges()
    {
        await using var db = await factory.CreateDbAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var channelId = await db.Channels.Select(c => c.Id).FirstAsync();
        var contact = new Contact { Name = "Grace", CreatedAt = At, UpdatedAt = At };
        contact.Identities.Add(new ContactIdentity { Kind = IdentityKind.Telegram, Value = $"grace-{Guid.NewGuid():N}", Contact = contact });
        var existing = new Label { Name = $"existing-{Guid.NewGuid():N}" };
        db.Labels.Add(existing);
        await db.SaveChangesAsync();
        db.Conversations.Add(new Conversation
        {
            ChannelId = channelId, Contact = contact, Subject = "Hi", CreatedAt = At, UpdatedAt = At,
            Labels = [existing, new Label { Name = $"new-{Guid.NewGuid():N}" }],
        });

        using (var rows = new SqliteRows(db)) Assert.Equal(0, rows.InsertAdded(db.ChangeTracker.Entries().ToList(), CancellationToken.None));

        Assert.False(db.ChangeTracker.HasChanges(), "everything written is accepted, as SaveChanges accepts it");
        await transaction.CommitAsync();
        await using var check = await factory.CreateDbAsync();
        var stored = await check.Conversations.Include(c => c.Labels).Include(c => c.Contact).ThenInclude(c => c!.Identities).SingleAsync(c => c.ContactId == contact.Id);
        Assert.Equal(("Grace", 1, 2), (stored.Contact!.Name, stored.Contact.Identities.Count, stored.Labels.Count));
    }

    [Fact]
    public async Task ARowSqliteRowsDoesNotWrite_IsLeftForSaveChanges()
    {
        await using var db = await factory.CreateDbAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // A concurrency token and a DateTimeOffset column: not what SqliteRows writes.
        var user = new ApplicationUser { UserName = "left@commhub.test", Email = "left@commhub.test", DisplayName = "Left" };
        db.Users.Add(user);

        using (var rows = new SqliteRows(db)) Assert.Equal(1, rows.InsertAdded(db.ChangeTracker.Entries().ToList(), CancellationToken.None));

        Assert.Equal(EntityState.Added, db.Entry(user).State);
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

    /// <summary>A new person's first message, as ingest tracks it: contact, identity, conversation and a new label.</summary>
    private async Task<Conversation> WriteNewAsync(IMessageBatchWriter writer, string suffix)
    {
        await using var db = await factory.CreateDbAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var channelId = await db.Channels.Select(c => c.Id).FirstAsync();
        var contact = new Contact { Name = $"Person {suffix}", Email = "same@mail.test", Phone = "+49 30 1234", CreatedAt = At };
        contact.Identities.Add(new ContactIdentity { Kind = IdentityKind.Telegram, Value = $"person-{suffix}", DisplayHandle = "@person", Contact = contact });
        var conversation = new Conversation
        {
            ChannelId = channelId, Contact = contact, Subject = "First", Status = ConversationStatus.New, ExternalThreadKey = $"chat-{suffix}", CreatedAt = At,
            Labels = [new Label { Name = $"label-{suffix}", Color = "teal" }],
        };
        db.Conversations.Add(conversation);
        var message = new Message { ChannelId = channelId, Conversation = conversation, SenderContact = contact, Text = "Hello", ExternalId = $"new-{suffix}", CreatedAt = At };
        conversation.RecordInbound(message);

        await writer.SaveAsync(db, [], [message], CancellationToken.None);
        await transaction.CommitAsync();
        return conversation;
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
