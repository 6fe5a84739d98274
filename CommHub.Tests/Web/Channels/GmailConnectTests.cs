using CommHub.Core.Channels;
using CommHub.Core.Users;
using CommHub.Infrastructure.Gmail;
using CommHub.Infrastructure.Jobs;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Channels;
using Hangfire;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Web.Channels;

/// <summary>"Connect with Google" end to end over HTTP: the app, the fake consent page and the fake token endpoint.</summary>
public sealed class GmailConnectTests : FakeGmailTest
{
    private HttpClient admin = default!;

    public override async Task InitializeAsync()
    {
        admin = Factory.CreateBrowserLikeClient();
        await admin.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
    }

    public override async Task DisposeAsync()
    {
        admin.Dispose();
        await base.DisposeAsync();
    }

    private async Task<int> AddChannelAsync(string name = "Support mail")
    {
        var created = await Factory.Services.GetRequiredService<GmailChannelService>()
            .CreateAsync(new GmailChannelDraft(name, Gmail.ClientId, Gmail.ClientSecret, "-- Acme support"), null);
        Assert.True(created.Succeeded, created.ErrorText);
        return created.Value;
    }

    /// <summary>GET /channels/gmail/{id}/connect: where the app sends the admin (the fake's consent page).</summary>
    private static async Task<string> StartAsync(HttpClient client, int channelId)
    {
        var response = await client.GetAsync($"/channels/gmail/{channelId}/connect");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.ToString();
    }

    /// <summary>Follows Google's answer back into the app; returns the message the channels page shows.</summary>
    private async Task<(bool Succeeded, string Text)> CallbackAsync(HttpClient client, Uri callback)
    {
        var response = await client.GetAsync(callback.PathAndQuery);
        var landing = response.RedirectPath()!;
        Assert.StartsWith("/channels?gmail=", landing);
        var notice = QueryHelpers.ParseQuery(new Uri("https://x" + landing).Query)["gmail"];
        return GmailEndpoints.ReadNotice(Factory.Services.GetRequiredService<IDataProtectionProvider>(), notice)!.Value;
    }

    private async Task<(bool Succeeded, string Text)> ConnectAsync(int channelId, HttpClient? client = null)
    {
        client ??= admin;
        return await CallbackAsync(client, await Gmail.ConsentAsync(await StartAsync(client, channelId)));
    }

    private async Task<Channel> ChannelAsync(int id)
    {
        await using var db = await Factory.CreateDbAsync();
        return await db.Channels.SingleAsync(c => c.Id == id);
    }

    [Fact]
    public async Task ConnectWithGoogle_UsesPkceAndState_StoresTheGrantEncrypted_AndStartsPolling()
    {
        var id = await AddChannelAsync();
        Assert.Equal(ChannelStatus.Disconnected, (await ChannelAsync(id)).Status);

        var authorize = await StartAsync(admin, id);
        var query = QueryHelpers.ParseQuery(new Uri(authorize).Query);
        Assert.StartsWith(Gmail.AuthorizationEndpoint, authorize);
        Assert.Equal(("code", "S256", "offline", "consent"), (query["response_type"].ToString(), query["code_challenge_method"].ToString(), query["access_type"].ToString(), query["prompt"].ToString()));
        Assert.Equal("https://www.googleapis.com/auth/gmail.modify", query["scope"]);
        Assert.Equal("https://localhost/channels/gmail/callback", query["redirect_uri"]);
        Assert.True(query["state"].ToString().Length > 40);
        Assert.False(query.ContainsKey("code_verifier"));

        var notice = await CallbackAsync(admin, await Gmail.ConsentAsync(authorize));

        Assert.True(notice.Succeeded, notice.Text);
        Assert.Equal("Support mail (support@acme.example) is connected; its mail is being fetched.", notice.Text);
        var (_, verifierMatched) = Assert.Single(Gmail.CodeExchanges);
        Assert.True(verifierMatched);
        var channel = await ChannelAsync(id);
        Assert.Equal((ChannelStatus.Active, null), (channel.Status, channel.LastError));
        Assert.DoesNotContain(Gmail.RefreshToken, channel.ProtectedSecrets);
        Assert.Equal(Gmail.RefreshToken, Factory.Services.GetRequiredService<ChannelSecrets>().Read(channel)[GmailCredentials.RefreshTokenKey]);
        Assert.Equal(("support@acme.example", "-- Acme support"), (GmailChannelSettings.Of(channel).Address, GmailChannelSettings.Of(channel).Signature));
        using var jobs = Factory.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Contains(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(jobs), j => j.Id == GmailPollJob.RecurringId(id));
        Assert.Equal("support@acme.example", (await Factory.Services.GetRequiredService<GmailChannelService>().TestAsync(id)).Value);
        // The first sync runs at once, not at the polling job's next minute: it leaves the mailbox's history id.
        var until = DateTime.UtcNow.AddSeconds(20);
        while ((await ChannelAsync(id)).SyncCursor is null && DateTime.UtcNow < until) await Task.Delay(100);
        Assert.NotNull((await ChannelAsync(id)).SyncCursor);
    }

    [Fact]
    public async Task AReplayedForgedOrForeignState_IsRefused_AndChangesNothing()
    {
        var id = await AddChannelAsync();
        var callback = await Gmail.ConsentAsync(await StartAsync(admin, id));
        Assert.True((await CallbackAsync(admin, callback)).Succeeded);
        var connected = await ChannelAsync(id);

        var replayed = await CallbackAsync(admin, callback);
        var forged = await CallbackAsync(admin, new Uri("https://localhost/channels/gmail/callback?state=made-up&code=code-1"));
        // Started in one browser, answered in another signed in as the same admin: no cookie, no match.
        using var otherBrowser = Factory.CreateBrowserLikeClient();
        await otherBrowser.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        var foreign = await CallbackAsync(otherBrowser, await Gmail.ConsentAsync(await StartAsync(admin, id)));
        // Two connects in one browser: only the newest one's answer is accepted.
        var older = await Gmail.ConsentAsync(await StartAsync(admin, id));
        await StartAsync(admin, id);
        var superseded = await CallbackAsync(admin, older);

        foreach (var refused in new[] { replayed, forged, foreign, superseded })
        {
            Assert.False(refused.Succeeded);
            Assert.Equal(GmailConnectService.BadState, refused.Text);
        }
        Assert.Single(Gmail.CodeExchanges);
        var after = await ChannelAsync(id);
        Assert.Equal((connected.ProtectedSecrets, ChannelStatus.Active), (after.ProtectedSecrets, after.Status));
    }

    [Fact]
    public async Task DeniedConsent_OrABadCode_SaysWhat_AndTheChannelStaysDisconnected()
    {
        var id = await AddChannelAsync("Billing mail");

        var denied = await CallbackAsync(admin, await Gmail.ConsentAsync(await StartAsync(admin, id), allow: false));
        var allowed = await Gmail.ConsentAsync(await StartAsync(admin, id));
        var badCode = await CallbackAsync(admin, new Uri(allowed.ToString().Replace("code=code-", "code=stolen-", StringComparison.Ordinal)));

        Assert.Equal((false, "Google access was not granted, so Billing mail is not connected. Connect again and choose Allow."), denied);
        Assert.Equal((false, "Google did not complete the connection of Billing mail: Malformed auth code."), badCode);
        var channel = await ChannelAsync(id);
        Assert.Equal(ChannelStatus.Disconnected, channel.Status);
        Assert.False(Factory.Services.GetRequiredService<ChannelSecrets>().Read(channel).ContainsKey(GmailCredentials.RefreshTokenKey));
        Assert.False((await Factory.Services.GetRequiredService<GmailChannelService>().TestAsync(id)).Succeeded);
    }

    [Fact]
    public async Task ARevokedGrant_Disconnects_AndReconnectingCarriesOnFromTheStoredHistoryId()
    {
        var id = await AddChannelAsync();
        Assert.True((await ConnectAsync(id)).Succeeded);
        Gmail.Deliver("From: Dan <dan@example.com>\r\nSubject: Hello\r\nMessage-ID: <d1@example.com>\r\n\r\nbefore\r\n");
        var sync = Factory.Services.GetRequiredService<GmailSyncService>();
        await sync.SyncAsync(id);
        var cursor = (await ChannelAsync(id)).SyncCursor;
        Assert.NotNull(cursor);

        Gmail.Revoked = true;
        Factory.Services.GetRequiredService<GmailTokenService>().Forget(id);
        Gmail.Deliver("From: Dan <dan@example.com>\r\nSubject: Hello again\r\nMessage-ID: <d2@example.com>\r\n\r\nwhile disconnected\r\n");
        Assert.Equal(GmailSyncOutcome.Disconnected, (await sync.SyncAsync(id)).Outcome);
        var test = await Factory.Services.GetRequiredService<GmailChannelService>().TestAsync(id);
        Assert.Equal("Google refused the stored grant (Token has been expired or revoked.); use Reconnect.", test.ErrorText);

        // From here on, every sync (the one reconnecting starts at once, and this test's) continues from the stored
        // history id: none lists the mailbox afresh.
        Gmail.Calls.Clear();
        var reconnected = await ConnectAsync(id);
        Assert.Equal((true, "Support mail (support@acme.example) is reconnected; mail that arrived meanwhile is being fetched."), reconnected);
        await sync.SyncAsync(id);

        Assert.Contains("history.list", Gmail.Calls);
        Assert.DoesNotContain("messages.list", Gmail.Calls);
        await using var db = await Factory.CreateDbAsync();
        Assert.Equal(["before", "while disconnected"], await db.Messages.Where(m => m.ChannelId == id).OrderBy(m => m.Id).Select(m => m.Text).ToListAsync());
        Assert.Equal(ChannelStatus.Active, (await ChannelAsync(id)).Status);
    }

    [Fact]
    public async Task ReconnectingWithAnotherMailbox_IsRefused_KeepingTheOldGrant()
    {
        var id = await AddChannelAsync();
        Assert.True((await ConnectAsync(id)).Succeeded);
        var before = (await ChannelAsync(id)).ProtectedSecrets;
        Gmail.Address = "someone.else@acme.example";

        var notice = await ConnectAsync(id);

        Assert.Equal((false, "Support mail is the mailbox support@acme.example, but Google signed in someone.else@acme.example. "
            + "Reconnect with support@acme.example, or add someone.else@acme.example as a new channel."), notice);
        Assert.Equal(before, (await ChannelAsync(id)).ProtectedSecrets);
    }

    [Fact]
    public async Task ChangingTheSettings_KeepsTheAddress_AndABadWindowIsRefusedChangingNothing()
    {
        var id = await AddChannelAsync();
        Assert.True((await ConnectAsync(id)).Succeeded);
        var service = Factory.Services.GetRequiredService<GmailChannelService>();

        var bad = await service.UpdateSettingsAsync(id, "New signature", true, 0);
        var good = await service.UpdateSettingsAsync(id, "  New signature  ", false, 14);

        Assert.Equal("The subject-threading window must be between 1 and 90 days.", bad.ErrorText);
        Assert.True(good.Succeeded);
        Assert.Equal(new GmailChannelSettings { Address = "support@acme.example", Signature = "New signature", SubjectThreading = false, SubjectThreadingDays = 14 },
            await service.GetSettingsAsync(id));
    }

    [Fact]
    public async Task AnAgent_CannotStartOrFinishAConnect()
    {
        var id = await AddChannelAsync();
        await Factory.CreateUserAsync("gmail.agent@example.com", Roles.Agent);
        using var agent = Factory.CreateBrowserLikeClient();
        await agent.SignInAsync("gmail.agent@example.com", "a long enough password");

        var start = await agent.GetAsync($"/channels/gmail/{id}/connect");
        var callback = await agent.GetAsync("/channels/gmail/callback?state=x&code=y");

        Assert.StartsWith("/account/access-denied", start.RedirectPath());
        Assert.StartsWith("/account/access-denied", callback.RedirectPath());
    }

    [Fact]
    public async Task TheFakeGoogle_RefusesACodeRedeemedWithTheWrongVerifier()
    {
        var challenge = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("right-verifier-right-verifier-right-verifier"u8.ToArray()))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var callback = await Gmail.ConsentAsync(QueryHelpers.AddQueryString(Gmail.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = Gmail.ClientId, ["redirect_uri"] = "https://localhost/cb",
            ["scope"] = GmailConnectService.Scope, ["access_type"] = "offline", ["prompt"] = "consent",
            ["state"] = "s", ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
        }));
        var code = QueryHelpers.ParseQuery(callback.Query)["code"].ToString();
        var tokens = Factory.Services.GetRequiredService<GmailTokenService>();

        var wrong = await Assert.ThrowsAsync<GmailDisconnectedException>(() =>
            tokens.ExchangeCodeAsync(0, Gmail.ClientId, Gmail.ClientSecret, code, "wrong-verifier-wrong-verifier-wrong-verifier", "https://localhost/cb", default));

        Assert.Equal("Invalid code verifier.", wrong.Message);
        Assert.Equal([false], Gmail.CodeExchanges.Select(e => e.VerifierMatched));
    }
}
