using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CommHub.Tests.Core.Conversations;

public sealed class ConversationMaintenanceServiceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly CommHubFactory factory = new();

    public ConversationMaintenanceServiceTests() =>
        factory.ConfigureServices = services => services.AddSingleton<TimeProvider>(clock);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task WakeSnoozed_ReopensOnlyConversationsWhoseTimeHasCome_AndIsSafeToRunTwice()
    {
        int due, later;
        await using (var db = await factory.CreateDbAsync())
        {
            var channel = new Channel { Kind = ChannelKind.Portal, Name = "Portal" };
            var contact = new Contact { Name = "Sam" };
            var dueConversation = Snoozed(channel, contact, clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
            var laterConversation = Snoozed(channel, contact, clock.GetUtcNow().UtcDateTime.AddHours(2));
            db.AddRange(dueConversation, laterConversation);
            await db.SaveChangesAsync();
            (due, later) = (dueConversation.Id, laterConversation.Id);
        }
        var service = factory.Services.GetRequiredService<ConversationMaintenanceService>();

        Assert.Equal(1, await service.WakeSnoozedAsync());
        Assert.Equal(0, await service.WakeSnoozedAsync());

        await using var check = await factory.CreateDbAsync();
        var woken = await check.Conversations.SingleAsync(c => c.Id == due);
        Assert.Equal(ConversationStatus.Open, woken.Status);
        Assert.Null(woken.SnoozedUntil);
        Assert.Equal(clock.GetUtcNow().UtcDateTime, woken.LastActivityAt);
        Assert.Equal(ConversationStatus.Snoozed, (await check.Conversations.SingleAsync(c => c.Id == later)).Status);
    }

    private static Conversation Snoozed(Channel channel, Contact contact, DateTime until) => new()
    {
        Channel = channel,
        Contact = contact,
        Subject = "Snoozed",
        Status = ConversationStatus.Snoozed,
        SnoozedUntil = until,
        LastActivityAt = until.AddDays(-1),
    };
}
