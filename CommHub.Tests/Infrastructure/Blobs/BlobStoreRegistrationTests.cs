using CommHub.Core.Attachments;
using CommHub.Infrastructure.Blobs;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Infrastructure.Blobs;

public sealed class BlobStoreRegistrationTests
{
    [Fact]
    public async Task NoProvider_KeepsTheLocalFolderStore()
    {
        await using var app = new CommHubFactory();

        Assert.IsType<LocalFolderBlobStore>(app.Services.GetRequiredService<IBlobStore>());
    }

    [Fact]
    public async Task ProviderAzure_WithoutAConnectionString_FailsToStart_SayingWhatIsMissing()
    {
        await using var app = new CommHubFactory();
        app.Settings["CommHub:Blobs:Provider"] = "Azure";

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("CommHub:Blobs:Provider is Azure but ConnectionStrings:Blobs is empty", error.Message);
    }
}
