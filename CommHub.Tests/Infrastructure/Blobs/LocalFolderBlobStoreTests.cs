using CommHub.Core.Attachments;
using CommHub.Infrastructure.Blobs;

namespace CommHub.Tests.Infrastructure.Blobs;

public sealed class LocalFolderBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "commhub-blobs-" + Guid.NewGuid().ToString("N"));

    public LocalFolderBlobStoreTests() => Store = new LocalFolderBlobStore(root);

    protected override IBlobStore Store { get; }

    [Fact]
    public async Task Put_LeavesNoTemporaryFilesBehind()
    {
        var key = BlobKeys.New("test", TimeProvider.System);

        await Store.PutAsync(key, new MemoryStream(new byte[100_000]), "application/octet-stream");

        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories);
        Assert.Single(files);
        Assert.EndsWith(key.Split('/')[^1], files[0]);
    }

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }
}
