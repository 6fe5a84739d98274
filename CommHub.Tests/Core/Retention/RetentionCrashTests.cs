using CommHub.Core.Attachments;
using CommHub.Core.Retention;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Retention;

/// <summary>A run stopped half way: nothing is left behind, neither rows without files nor files without rows.</summary>
public sealed class RetentionCrashTests : RetentionTestBase<CommHubFactory>
{
    private readonly FailingCommandInterceptor database = new();
    private readonly SwitchableBlobStore blobs = new();

    protected override void Configure(IServiceCollection services)
    {
        database.AddTo(services);
        services.AddSingleton<IBlobStore>(sp => blobs.Wrap(sp));
    }

    [Fact]
    public async Task StoppedAfterTheRowsCommitted_TheFilesStayListed_AndTheNextRunDeletesThem()
    {
        var channel = await Seed.ChannelAsync(retentionDays: 30);
        var conversation = await Seed.ConversationAsync(channel);
        var old = await Seed.MessageAsync(conversation, Now.AddDays(-40), files: 2);
        blobs.Down = true;

        // The blob store is unreachable after the commit, as if the process had died there.
        await Retention.RunAsync();

        await using (var db = await Factory.CreateDbAsync())
        {
            Assert.False(await db.Messages.AnyAsync(m => m.Id == old.Id));
            Assert.Equal(RetentionSeed.Keys(old).Order(), (await db.PendingBlobDeletes.Select(p => p.BlobKey).ToListAsync()).Order());
        }
        foreach (var key in RetentionSeed.Keys(old)) Assert.True(await Seed.Blobs.ExistsAsync(key));

        blobs.Down = false;
        var resumed = await Retention.RunAsync();

        Assert.Equal(6, resumed.Blobs.Deleted);
        foreach (var key in RetentionSeed.Keys(old)) Assert.False(await Seed.Blobs.ExistsAsync(key));
        await using var check = await Factory.CreateDbAsync();
        Assert.Empty(await check.PendingBlobDeletes.ToListAsync());
    }

    [Fact]
    public async Task StoppedInsideABatch_NothingOfTheBatchIsDeleted_AndTheNextRunDeletesItAll()
    {
        var channel = await Seed.ChannelAsync(retentionDays: 30);
        var conversation = await Seed.ConversationAsync(channel);
        var old = await Seed.MessageAsync(conversation, Now.AddDays(-40), files: 1);
        // The message delete fails after the pending blob rows were written in the same transaction.
        database.FailWhen = sql => sql.StartsWith("DELETE FROM \"Messages\"", StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<Exception>(() => Retention.RunAsync());

        await using (var db = await Factory.CreateDbAsync())
        {
            Assert.True(await db.Messages.AnyAsync(m => m.Id == old.Id));
            Assert.Equal(1, await db.Attachments.CountAsync());
            Assert.Empty(await db.PendingBlobDeletes.ToListAsync());
        }
        foreach (var key in RetentionSeed.Keys(old)) Assert.True(await Seed.Blobs.ExistsAsync(key));

        database.FailWhen = null;
        await Retention.RunAsync();

        foreach (var key in RetentionSeed.Keys(old)) Assert.False(await Seed.Blobs.ExistsAsync(key));
        await using var check = await Factory.CreateDbAsync();
        Assert.False(await check.Messages.AnyAsync());
        Assert.Empty(await check.PendingBlobDeletes.ToListAsync());
    }

    /// <summary>The app's blob store, whose deletes fail while <see cref="Down"/> is set.</summary>
    private sealed class SwitchableBlobStore
    {
        public bool Down { get; set; }

        public IBlobStore Wrap(IServiceProvider services) =>
            new Store(new CommHub.Infrastructure.Blobs.LocalFolderBlobStore(services.GetRequiredService<CommHub.Infrastructure.Data.DataPaths>().Blobs), this);

        private sealed class Store(IBlobStore inner, SwitchableBlobStore state) : IBlobStore
        {
            public Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default) => inner.PutAsync(key, content, contentType, cancellationToken);

            public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

            public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
                state.Down ? throw new IOException("The blob store is unreachable (made to fail by the test).") : inner.DeleteAsync(key, cancellationToken);

            public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);
        }
    }
}
