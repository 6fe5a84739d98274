using CommHub.Core.Channels;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Fakes.TelegramUpdates;

namespace CommHub.Tests.Infrastructure.Telegram;

public sealed class TelegramChannelAdminTests : IAsyncLifetime
{
    private readonly FakeTelegram telegram = new();
    private readonly CommHubFactory factory = new();

    public TelegramChannelAdminTests()
    {
        telegram.Configure(factory);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await telegram.DisposeAsync();
    }

    private TelegramChannelAdmin Admin => factory.Services.GetRequiredService<TelegramChannelAdmin>();

    [Fact]
    public async Task TestConnection_NamesTheBot_OrSaysExactlyWhatIsWrong()
    {
        Assert.Equal("@acme_support_bot", (await Admin.TestConnectionAsync(telegram.Token)).Value);
        Assert.Equal("Enter the bot token @BotFather gave you.", (await Admin.TestConnectionAsync("  ")).ErrorText);
        Assert.StartsWith("That is not a bot token.", (await Admin.TestConnectionAsync("hello")).ErrorText);
        Assert.Equal("Telegram rejected the bot token (Unauthorized): it is wrong or was revoked in @BotFather.",
            (await Admin.TestConnectionAsync("7000001:AAH-some-other-token")).ErrorText);
    }

    [Fact]
    public async Task TheTokenIsStoredEncrypted_AndShownOnlyMasked()
    {
        var id = await telegram.AddChannelAsync(factory);

        var channel = await factory.ChannelAsync(id);
        Assert.DoesNotContain(telegram.Token, channel.ProtectedSecrets);
        Assert.DoesNotContain(telegram.Token, channel.SettingsJson);
        var view = await Admin.GetAsync(id);
        Assert.Equal(("@acme_support_bot", "••••ests"), (view!.Name, view.MaskedToken));
    }

    [Fact]
    public async Task WebhookMode_NeedsThePublicAddress_AndSaysSo()
    {
        var result = await Admin.AddAsync(telegram.Token, TelegramMode.Webhook, null);

        Assert.False(result.Succeeded);
        Assert.Contains("CommHub:Telegram:PublicBaseUrl", result.ErrorText);
        await using var db = await factory.CreateDbAsync();
        Assert.Empty(await db.Channels.Where(c => c.Kind == ChannelKind.Telegram).ToListAsync());
    }

    [Fact]
    public async Task DeletingTheChannel_RemovesItFromTheList_ForgetsTheToken_AndKeepsItsConversations()
    {
        var id = await telegram.AddChannelAsync(factory);
        var ann = User(5001, "Ann");
        await telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "Keep me")));
        await factory.PollAsync(id);

        var deleted = await Admin.DeleteAsync(id, null);

        Assert.True(deleted.Succeeded);
        Assert.Contains("deleteWebhook", telegram.Calls);
        Assert.DoesNotContain(await factory.Services.GetRequiredService<ChannelService>().ListAsync(), c => c.Id == id);
        var channel = await factory.ChannelAsync(id);
        Assert.Null(channel.ProtectedSecrets);
        Assert.False(channel.Enabled);
        await using var db = await factory.CreateDbAsync();
        Assert.Equal("Keep me", (await db.Messages.SingleAsync(m => m.ChannelId == id)).Text);
        Assert.Equal(TelegramPollOutcome.Skipped, (await factory.PollAsync(id)).Outcome);
    }
}
