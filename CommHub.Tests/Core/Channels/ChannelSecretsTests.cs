using CommHub.Core.Channels;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Channels;

public sealed class ChannelSecretsTests(CommHubFactory factory) : IClassFixture<CommHubFactory>
{
    [Fact]
    public async Task Secrets_AreEncryptedAtRest_AndReadBack()
    {
        const string token = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";
        var secrets = factory.Services.GetRequiredService<ChannelSecrets>();
        var channel = new Channel { Kind = ChannelKind.Telegram, Name = "Bot" };
        secrets.Write(channel, new Dictionary<string, string> { ["botToken"] = token });
        await using (var db = await factory.CreateDbAsync())
        {
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
        }

        await using var check = await factory.CreateDbAsync();
        var stored = await check.Channels.SingleAsync(c => c.Id == channel.Id);
        Assert.DoesNotContain(token, stored.ProtectedSecrets);
        Assert.DoesNotContain("ABC-DEF", stored.SettingsJson);
        Assert.Equal(token, secrets.Read(stored)["botToken"]);
    }

    [Fact]
    public void Mask_ShowsOnlyTheLastFourCharacters()
    {
        Assert.Equal("••••ew11", ChannelSecrets.Mask("123456:ABC-ew11"));
        Assert.Equal("••••", ChannelSecrets.Mask("abc"));
    }
}
