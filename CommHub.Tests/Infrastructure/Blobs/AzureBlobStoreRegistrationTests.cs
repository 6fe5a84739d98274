using CommHub.Core.Attachments;
using CommHub.Infrastructure.Blobs;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Infrastructure.Blobs;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreRegistrationTests(AzuriteFixture azurite)
{
    private const string ContainerName = "azure-blob-store-registration-tests";

    [Fact]
    public async Task ProviderAzure_ComposesTheAzureStore_OnTheConfiguredContainer()
    {
        await using var app = new CommHubFactory();
        app.Settings["CommHub:Blobs:Provider"] = "Azure";
        app.Settings["CommHub:Blobs:ContainerName"] = ContainerName;
        app.Settings["ConnectionStrings:Blobs"] = azurite.ConnectionString;

        var store = Assert.IsType<AzureBlobStore>(app.Services.GetRequiredService<IBlobStore>());

        var key = BlobKeys.New("test", TimeProvider.System);
        await store.PutAsync(key, new MemoryStream([1, 2]), "application/octet-stream");
        Assert.True((await azurite.Container(ContainerName).GetBlobClient(key).ExistsAsync()).Value);
    }
}
