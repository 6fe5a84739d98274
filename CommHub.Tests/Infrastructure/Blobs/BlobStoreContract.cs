using System.Text;
using CommHub.Core.Attachments;

namespace CommHub.Tests.Infrastructure.Blobs;

/// <summary>What every <see cref="IBlobStore"/> must do; each implementation's test class derives from this.</summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore Store { get; }

    private static string NewKey() => BlobKeys.New("test", TimeProvider.System);

    [Fact]
    public async Task Put_ThenOpen_ReturnsTheSameBytes()
    {
        var key = NewKey();
        var bytes = Encoding.UTF8.GetBytes("hello blob");

        await Store.PutAsync(key, new MemoryStream(bytes), "text/plain");

        await using var read = await Store.OpenReadAsync(key);
        Assert.NotNull(read);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.True(await Store.ExistsAsync(key));
    }

    [Fact]
    public async Task Put_Twice_Replaces()
    {
        var key = NewKey();
        await Store.PutAsync(key, new MemoryStream([1, 2, 3]), "application/octet-stream");

        await Store.PutAsync(key, new MemoryStream([9]), "application/octet-stream");

        await using var read = await Store.OpenReadAsync(key);
        Assert.Equal(9, read!.ReadByte());
        Assert.Equal(-1, read.ReadByte());
    }

    [Fact]
    public async Task Missing_OpensAsNull_AndDeletesQuietly()
    {
        var key = NewKey();

        Assert.Null(await Store.OpenReadAsync(key));
        Assert.False(await Store.ExistsAsync(key));
        await Store.DeleteAsync(key);
    }

    [Fact]
    public async Task Delete_RemovesTheBlob()
    {
        var key = NewKey();
        await Store.PutAsync(key, new MemoryStream([1]), "application/octet-stream");

        await Store.DeleteAsync(key);

        Assert.False(await Store.ExistsAsync(key));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    [InlineData("Upper/Case")]
    [InlineData("name with spaces.jpg")]
    public async Task KeysNotMadeByTheServer_AreRefused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new MemoryStream([1]), "application/octet-stream"));
    }
}
