using CommHub.Core.Channels;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CommHub.Core.Ingest;
using CommHub.Infrastructure.Jobs;
using CommHub.Infrastructure.Telegram;
using CommHub.Tests.Fakes;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CommHub.Tests.Fakes.TelegramUpdates;
using static CommHub.Tests.Infrastructure.Telegram.IntakeTestSupport;

namespace CommHub.Tests.Infrastructure.Telegram;

public sealed class TelegramIntakeWebhookTests() : TelegramIntakeWebhookTestsBase(onPostgres: false);

public sealed class TelegramIntakeWebhookTestsOnPostgres() : TelegramIntakeWebhookTestsBase(onPostgres: true);

/// <summary>
/// The webhook's durable intake. The host's job client records and never runs jobs, and its sweep never comes due, so
/// nothing is processed unless a test drains: what the table holds after the 200 is all there is.
/// </summary>
public abstract class TelegramIntakeWebhookTestsBase : FakeTelegramTest
{
    private readonly JsonObject ann = User(3001, "Ann");
    private readonly RecordingJobClient jobs = new();
    private readonly FailingSaveInterceptor failing = new();
    private int channelId;

    protected TelegramIntakeWebhookTestsBase(bool onPostgres) : base("https://commhub.example", onPostgres)
    {
        Factory.Settings["CommHub:Jobs:SweepCron"] = "0 0 1 1 *";
        Factory.ConfigureServices = services =>
        {
            services.AddSingleton<Hangfire.IBackgroundJobClient>(jobs);
            services.AddInterceptors(failing);
        };
    }

    public override async Task InitializeAsync() => channelId = await Telegram.AddChannelAsync(Factory, TelegramMode.Webhook);

    private async Task<HttpStatusCode> PostAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/telegram/webhook/{channelId}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(TelegramWebhook.SecretHeader, Telegram.WebhookSecret);
        using var response = await Factory.CreateClient().SendAsync(request);
        return response.StatusCode;
    }

    private static string Body(JsonObject update, JsonNode updateId)
    {
        update["update_id"] = updateId;
        return update.ToJsonString();
    }

    private Task DrainAsync(CommHubFactory host) => host.Services.GetRequiredService<TelegramIntakeProcessor>().DrainAsync(channelId);

    private int DrainsAsked() => jobs.Jobs.Count(j => j.Type == typeof(IntakeDrainJob) && Convert.ToInt32(j.Args[0]) == channelId);

    [Fact]
    public async Task AnAcceptedUpdate_IsCommittedBeforeThe200_AndARestartedHostProcessesIt()
    {
        var body = Body(Update(Message(PrivateChat(ann), ann, "Stored before the answer")), 41);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(body));

        // Answered: the row is there, pending, with the body as received; a drain was asked for, which this host never runs.
        var row = Assert.Single(await Factory.RowsAsync(channelId));
        Assert.Equal(("41", InboundUpdateState.Pending, body), (row.ExternalId, row.State, row.Payload));
        Assert.Equal(1, DrainsAsked());
        Assert.Empty(await Factory.MessageTextsAsync(channelId));

        // A new host over the same database, with empty job storage: its sweep finds the row.
        await using var restarted = Factory.SecondHost(Telegram);
        await restarted.Services.GetRequiredService<IntakeSweepJob>().RunAsync(CancellationToken.None);

        Assert.Equal(["Stored before the answer"], await restarted.MessageTextsAsync(channelId));
        Assert.Equal(InboundUpdateState.Processed, Assert.Single(await restarted.RowsAsync(channelId)).State);
    }

    [Fact]
    public async Task ADuplicateDelivery_Is200_AndStoresOneRowAndOneMessage()
    {
        var body = Body(Update(Message(PrivateChat(ann), ann, "Twice delivered")), 42);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (await PostAsync(body), await PostAsync(body)));
        await DrainAsync(Factory);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(body));
        await DrainAsync(Factory);

        Assert.Single(await Factory.RowsAsync(channelId));
        Assert.Equal(["Twice delivered"], await Factory.MessageTextsAsync(channelId));
    }

    [Fact]
    public async Task UpdateIdsPast32Bits_OrAsNumericStrings_AreStoredUnderTheirIds_AndProcessed()
    {
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Body(Update(Message(PrivateChat(ann), ann, "wide id")), 9_000_000_000_123L)));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(Body(Update(Message(PrivateChat(ann), ann, "string id")), "77")));

        await DrainAsync(Factory);

        var rows = await Factory.RowsAsync(channelId);
        Assert.Equal([("9000000000123", InboundUpdateState.Processed), ("77", InboundUpdateState.Processed)], rows.Select(r => (r.ExternalId, r.State)));
        Assert.Equal(["wide id", "string id"], await Factory.MessageTextsAsync(channelId));
        Assert.Equal(0, (await Factory.ChannelAsync(channelId)).ErrorCount);
    }

    [Fact]
    public async Task AnUpdateWithoutAnUpdateId_IsStoredUnderAContentHash_AndCountedAsSkipped()
    {
        var body = Update(Message(PrivateChat(ann), ann, "no id")).ToJsonString();

        Assert.Equal(HttpStatusCode.OK, await PostAsync(body));
        await DrainAsync(Factory);

        var row = Assert.Single(await Factory.RowsAsync(channelId));
        Assert.StartsWith("sha256:", row.ExternalId);
        Assert.Equal(InboundUpdateState.Skipped, row.State);
        Assert.Empty(await Factory.MessageTextsAsync(channelId));
        Assert.Equal(1, (await Factory.ChannelAsync(channelId)).ErrorCount);
        Assert.Equal(1, (await Factory.Services.GetRequiredService<IntakeService>().CountsAsync())[channelId].Skipped);
    }

    [Fact]
    public async Task WhenTheRowCannotBeStored_TheAnswerIs503_SoTelegramRetries_AndTheRetryIsStored()
    {
        var body = Body(Update(Message(PrivateChat(ann), ann, "Refused at first")), 43);
        failing.FailWhen = db => db.ChangeTracker.Entries<InboundUpdate>().Any(e => e.State == EntityState.Added);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await PostAsync(body));
        Assert.Empty(await Factory.RowsAsync(channelId));
        Assert.Equal(0, DrainsAsked());

        failing.FailWhen = null;
        Assert.Equal(HttpStatusCode.OK, await PostAsync(body));
        await DrainAsync(Factory);
        Assert.Equal(["Refused at first"], await Factory.MessageTextsAsync(channelId));
    }
}
