using CommHub.Core.Channels;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Fakes.TelegramUpdates;

namespace CommHub.Tests.Infrastructure.Telegram;

public sealed class TelegramChannelAdminTests : FakeTelegramTest
{
    private TelegramChannelAdmin Admin => Factory.Services.GetRequiredService<TelegramChannelAdmin>();

    [Fact]
    public async Task TestConnection_NamesTheBot_OrSaysExactlyWhatIsWrong()
    {
        Assert.Equal("@acme_support_bot", (await Admin.TestConnectionAsync(Telegram.Token)).Value);
        Assert.Equal("Enter the bot token @BotFather gave you.", (await Admin.TestConnectionAsync("  ")).ErrorText);
        Assert.StartsWith("That is not a bot token.", (await Admin.TestConnectionAsync("hello")).ErrorText);
        Assert.Equal("Telegram rejected the bot token (Unauthorized): it is wrong or was revoked in @BotFather.",
            (await Admin.TestConnectionAsync("7000001:AAH-some-other-token")).ErrorText);
    }

    [Fact]
    public async Task TestingAConnectedBot_UsesItsStoredToken_AndSaysWhenTelegramNoLongerTakesIt()
    {
        var channelId = await Telegram.AddChannelAsync(Factory);

        Assert.Equal("@acme_support_bot", (await Admin.TestChannelAsync(channelId)).Value);
        Telegram.Token = "7000001:AAH-revoked-in-botfather";
        try
        {
            Assert.Equal("Telegram rejected the bot token (Unauthorized): it is wrong or was revoked in @BotFather.",
                (await Admin.TestChannelAsync(channelId)).ErrorText);
        }
        finally
        {
            Telegram.Token = FakeTelegram.DefaultToken;
        }
        Assert.StartsWith("There is no Telegram bot with a token on this channel", (await Admin.TestChannelAsync(999_999)).ErrorText);
    }

    [Fact]
    public async Task TheTokenIsStoredEncrypted_AndShownOnlyMasked()
    {
        var id = await Telegram.AddChannelAsync(Factory);

        var channel = await Factory.ChannelAsync(id);
        Assert.DoesNotContain(Telegram.Token, channel.ProtectedSecrets);
        Assert.DoesNotContain(Telegram.Token, channel.SettingsJson);
        var view = await Admin.GetAsync(id);
        Assert.Equal(("@acme_support_bot", "••••ests"), (view!.Name, view.MaskedToken));
    }

    [Fact]
    public async Task AddingAndChangingABot_AreAudited_WithWhoDidIt()
    {
        await using (var db = await Factory.CreateDbAsync()) await db.AuditEntries.ExecuteDeleteAsync();
        var added = await Admin.AddAsync(Telegram.Token, TelegramMode.Polling, null, "admin-1");
        Assert.True(added.Succeeded, added.ErrorText);
        Assert.True((await Admin.UpdateAsync(added.Value, TelegramMode.Polling, "Hello!", "admin-1")).Succeeded);

        await using var check = await Factory.CreateDbAsync();
        var entries = await check.AuditEntries.OrderBy(a => a.Id).Select(a => new { a.UserId, a.Action, a.EntityId }).ToListAsync();
        Assert.Equal([("admin-1", "channel.created"), ("admin-1", "channel.settings-changed")], entries.Select(e => (e.UserId, e.Action)));
        Assert.All(entries, e => Assert.Equal(added.Value.ToString(), e.EntityId));
    }

    [Fact]
    public async Task WebhookMode_NeedsThePublicAddress_AndSaysSo()
    {
        var result = await Admin.AddAsync(Telegram.Token, TelegramMode.Webhook, null);

        Assert.False(result.Succeeded);
        Assert.Contains("CommHub:Telegram:PublicBaseUrl", result.ErrorText);
        await using var db = await Factory.CreateDbAsync();
        Assert.Empty(await db.Channels.Where(c => c.Kind == ChannelKind.Telegram).ToListAsync());
    }

    [Fact]
    public async Task DeletingTheChannel_RemovesItFromTheList_ForgetsTheToken_AndKeepsItsConversations()
    {
        var id = await Telegram.AddChannelAsync(Factory);
        var ann = User(5001, "Ann");
        await Telegram.PushAsync(Update(Message(PrivateChat(ann), ann, "Keep me")));
        await Factory.PollAsync(id);

        var deleted = await Admin.DeleteAsync(id, null);

        Assert.True(deleted.Succeeded);
        Assert.Contains("deleteWebhook", Telegram.Calls);
        Assert.DoesNotContain(await Factory.Services.GetRequiredService<ChannelService>().ListAsync(), c => c.Id == id);
        var channel = await Factory.ChannelAsync(id);
        Assert.Null(channel.ProtectedSecrets);
        Assert.False(channel.Enabled);
        await using var db = await Factory.CreateDbAsync();
        Assert.Equal("Keep me", (await db.Messages.SingleAsync(m => m.ChannelId == id)).Text);
        Assert.Equal(TelegramPollOutcome.Skipped, (await Factory.PollAsync(id)).Outcome);
    }
}
