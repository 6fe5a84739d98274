using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Ingest;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Ingest;

public sealed class IngestColumnLimitsTests(CommHubFactory factory) : IngestColumnLimitsTestsBase<CommHubFactory>(factory);

public sealed class IngestColumnLimitsTestsOnPostgres(PostgresFactory factory) : IngestColumnLimitsTestsBase<PostgresFactory>(factory);

/// <summary>
/// Outside text longer than its column, or holding a NUL, is stored fitted. SQLite took it as it was; PostgreSQL (like
/// SQL Server) refused the save, and with it the whole message.
/// </summary>
public abstract class IngestColumnLimitsTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : CommHubFactory
{
    private static readonly DateTime At = new(2026, 6, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task AMessageWithOverLongNamesAndANul_IsStored_FittedToItsColumns()
    {
        int channelId;
        await using (var db = await factory.CreateDbAsync())
        {
            var channel = new Channel { Kind = ChannelKind.Gmail, Name = $"Mail {Guid.NewGuid():N}" };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            channelId = channel.Id;
        }
        var longName = "Dr. " + new string('N', 296) + " 🙂";
        var inbound = new InboundMessage(
            channelId, "mail-long-1", "thread-long-1", "Subject\0 with a NUL",
            new InboundSender(IdentityKind.Email, "long.name@example.com", longName, Handle: new string('h', 250), Email: "long.name@example.com"),
            "Body with a NUL\0 in it", At,
            Files: [new InboundFile(new string('f', 300) + ".pdf", null, 10, "Unavailable: " + new string('e', 1500))],
            SanitizedHtml: "<p>NUL\0</p>", InternetMessageId: "<" + new string('m', 600) + "@example.com>", LocationName: new string('l', 400));

        var result = await factory.Services.GetRequiredService<IngestService>().IngestAsync(inbound);

        Assert.Equal(IngestOutcome.Stored, result.Outcome);
        await using var check = await factory.CreateDbAsync();
        var message = await check.Messages.Include(m => m.Attachments).SingleAsync(m => m.Id == result.MessageId);
        Assert.Equal(("Body with a NUL in it", "<p>NUL</p>"), (message.Text, message.SanitizedHtml));
        Assert.Equal(200, message.SenderName!.Length);
        Assert.StartsWith("Dr. NNN", message.SenderName, StringComparison.Ordinal);
        Assert.EndsWith("…", message.SenderName, StringComparison.Ordinal);
        Assert.Equal((500, 300), (message.InternetMessageId!.Length, message.LocationName!.Length));
        var file = Assert.Single(message.Attachments);
        Assert.Equal((AttachmentState.Unavailable, 255, 1000), (file.State, file.FileName.Length, file.Error!.Length));
        var identity = await check.ContactIdentities.Include(i => i.Contact).SingleAsync(i => i.Value == "long.name@example.com");
        Assert.Equal((200, 200), (identity.Contact!.Name.Length, identity.DisplayHandle!.Length));
        Assert.Equal("Subject with a NUL", (await check.Conversations.SingleAsync(c => c.Id == result.ConversationId)).Subject);
    }
}
