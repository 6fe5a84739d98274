using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Retention;

/// <summary>Files of expired messages are deleted from Azure Blob Storage (Azurite) too.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RetentionAzuriteTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly CommHubFactory factory = new();

    public Task InitializeAsync()
    {
        factory.StopSweeps();
        factory.Settings["CommHub:Blobs:Provider"] = "Azure";
        factory.Settings["CommHub:Blobs:ContainerName"] = "retention-tests";
        factory.Settings["ConnectionStrings:Blobs"] = azurite.ConnectionString;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Run_DeletesTheOriginalCustomerCopyAndThumbnail_FromAzureBlobStorage()
    {
        var seed = new RetentionSeed(factory);
        var channel = await seed.ChannelAsync(retentionDays: 1);
        var conversation = await seed.ConversationAsync(channel);
        var old = await seed.MessageAsync(conversation, DateTime.UtcNow.AddDays(-5), files: 1);
        var recent = await seed.MessageAsync(conversation, DateTime.UtcNow, files: 1);
        var container = azurite.Container("retention-tests");
        foreach (var key in RetentionSeed.Keys(old)) Assert.True((await container.GetBlobClient(key).ExistsAsync()).Value);

        await factory.Services.GetRequiredService<CommHub.Core.Retention.RetentionService>().RunAsync();

        foreach (var key in RetentionSeed.Keys(old)) Assert.False((await container.GetBlobClient(key).ExistsAsync()).Value, key);
        foreach (var key in RetentionSeed.Keys(recent)) Assert.True((await container.GetBlobClient(key).ExistsAsync()).Value, key);
        await using var db = await factory.CreateDbAsync();
        Assert.Empty(await db.PendingBlobDeletes.ToListAsync());
    }
}
