using CommHub.Core.Attachments;

namespace CommHub.Tests.Core.Attachments;

public sealed class BlobKeysTests
{
    [Fact]
    public void BlobKeys_AreServerMade_AndValid()
    {
        var key = BlobKeys.New("originals", TimeProvider.System);

        Assert.True(BlobKeys.IsValid(key));
        Assert.StartsWith("originals/", key);
        Assert.NotEqual(key, BlobKeys.New("originals", TimeProvider.System));
    }
}
