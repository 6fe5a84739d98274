using CommHub.Core.Conversations;
using CommHub.Core.Ingest;
using CommHub.Infrastructure.Gmail;
using CommHub.Tests.Infrastructure.Telegram;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Infrastructure.Telegram.IntakeTestSupport;

namespace CommHub.Tests.Infrastructure.Gmail;

/// <summary>Gmail sync through the intake table: the mail ids to fetch are stored with the history id, then fetched.</summary>
public sealed class GmailIntakeTests : FakeGmailTest
{
    private readonly FailingCommandInterceptor failingCommand = new();
    private readonly FailingSaveInterceptor failingSave = new();

    public GmailIntakeTests()
    {
        Factory.Settings["CommHub:Jobs:SweepCron"] = "0 0 1 1 *";
        Factory.ConfigureServices = services => services.AddInterceptors(failingCommand, failingSave);
    }

    private GmailSyncService Sync => Factory.Services.GetRequiredService<GmailSyncService>();

    private static string Mail(string subject, string body, string messageId) =>
        $"From: ann@example.com\r\nTo: support@acme.example\r\nSubject: {subject}\r\nMessage-ID: <{messageId}>\r\n"
        + $"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n";

    [Fact]
    public async Task ACrashAfterTheMailIdsAreStored_ButBeforeTheyAreFetched_LosesNothing()
    {
        var channel = await Gmail.ConnectChannelAsync(Factory);
        Assert.Equal(GmailSyncOutcome.Synced, (await Sync.SyncAsync(channel)).Outcome);
        var first = Gmail.Deliver(Mail("Printer", "It is broken", "a1@example.com"));
        Gmail.Deliver(Mail("Login", "Cannot log in", "a2@example.com"));
        failingCommand.FailWhen = sql => sql.Contains("\"InboundUpdates\"") && sql.Contains("ORDER BY");

        await Assert.ThrowsAnyAsync<Exception>(() => Sync.SyncAsync(channel));
        failingCommand.FailWhen = null;

        // The ids and the history id past them were committed together: the next sync reads no history with them, yet
        // fetches them from the table.
        var rows = await Factory.RowsAsync(channel);
        Assert.Equal([(first.Id, InboundUpdateState.Pending)], rows.Take(1).Select(r => (r.ExternalId, r.State)));
        Assert.Equal(2, rows.Count);
        Assert.Equal(2, (await Sync.SyncAsync(channel)).Stored);
        Assert.Equal(["It is broken", "Cannot log in"], await Factory.MessageTextsAsync(channel));
        Assert.All(await Factory.RowsAsync(channel), r => Assert.Equal(InboundUpdateState.Processed, r.State));
    }

    [Fact]
    public async Task AMailThatCannotBeStored_IsRetried_ThenFailed_WithoutHoldingUpTheOthers_AndRetryBringsItIn()
    {
        failingSave.FailWhen = db => db.ChangeTracker.Entries<Message>().Any(e => e.State == EntityState.Added && e.Entity.Text == "poison");
        Gmail.Deliver(Mail("One", "before", "p1@example.com"));
        var poisoned = Gmail.Deliver(Mail("Two", "poison", "p2@example.com"));
        Gmail.Deliver(Mail("Three", "after", "p3@example.com"));
        var channel = await Gmail.ConnectChannelAsync(Factory);

        for (var i = 0; i < 5; i++) Assert.Equal(GmailSyncOutcome.Synced, (await Sync.SyncAsync(channel)).Outcome);

        Assert.Equal(["before", "after"], await Factory.MessageTextsAsync(channel));
        var row = (await Factory.RowsAsync(channel)).Single(r => r.ExternalId == poisoned.Id);
        Assert.Equal((InboundUpdateState.Failed, 5), (row.State, row.Attempts));
        Assert.Contains("refused the write", row.LastError);
        var intake = Factory.Services.GetRequiredService<IntakeService>();
        Assert.Equal(1, (await intake.CountsAsync())[channel].Failed);

        failingSave.FailWhen = null;
        Assert.Equal(1, await intake.RetryFailedAsync(channel));
        // The drain it asks for runs the mailbox's sync now (not only on its minute).
        var texts = await EventuallyAsync(() => Factory.MessageTextsAsync(channel), t => t.Contains("poison"));
        Assert.Equal(["before", "after", "poison"], texts);
    }
}
