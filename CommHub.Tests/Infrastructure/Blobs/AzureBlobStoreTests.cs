using Azure.Storage.Blobs;
using CommHub.Core.Attachments;
using CommHub.Infrastructure.Blobs;
using CommHub.Tests.TestSupport;

namespace CommHub.Tests.Infrastructure.Blobs;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite) : BlobStoreContract
{
    private const string ContainerName = "azure-blob-store-tests";
    private readonly BlobContainerClient container = azurite.Container(ContainerName);

    protected override IBlobStore Store { get; } = new AzureBlobStore(azurite.Container(ContainerName));

    [Fact]
    public async Task Put_StoresTheContentType_InTheBlobsHeaders()
    {
        var key = BlobKeys.New("test", TimeProvider.System);

        await Store.PutAsync(key, new MemoryStream([0xFF, 0xD8, 0xFF]), "image/jpeg");

        var properties = await container.GetBlobClient(key).GetPropertiesAsync();
        Assert.Equal("image/jpeg", properties.Value.ContentType);
    }

    [Fact]
    public async Task FirstPut_CreatesTheContainer_AndReadsBeforeThatFindNothing()
    {
        var fresh = azurite.Container("first-use-" + Guid.NewGuid().ToString("N")[..12]);
        var store = new AzureBlobStore(fresh);
        var key = BlobKeys.New("test", TimeProvider.System);
        Assert.False((await fresh.ExistsAsync()).Value);
        Assert.Null(await store.OpenReadAsync(key));
        Assert.False(await store.ExistsAsync(key));
        await store.DeleteAsync(key);

        // Concurrent first writes: the container is created once and none of them fails.
        var keys = Enumerable.Range(0, 8).Select(_ => BlobKeys.New("test", TimeProvider.System)).ToList();
        await Task.WhenAll(keys.Select(k => store.PutAsync(k, new MemoryStream([7]), "application/octet-stream")));

        Assert.True((await fresh.ExistsAsync()).Value);
        foreach (var k in keys) Assert.True(await store.ExistsAsync(k));
    }
}
