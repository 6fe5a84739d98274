namespace CommHub.Core.Attachments;

/// <summary>Server-made blob keys: nothing from the user's file name reaches storage paths.</summary>
public static class BlobKeys
{
    public static string New(string purpose, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return $"{purpose}/{now:yyyy}/{now:MM}/{Guid.NewGuid():N}";
    }

    /// <summary>True for keys of the form produced by <see cref="New"/>: lower-case letters, digits, '/', '-'.</summary>
    public static bool IsValid(string key) =>
        key.Length is > 0 and <= 200
        && !key.StartsWith('/')
        && !key.Contains("..", StringComparison.Ordinal)
        && key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '/' or '-');
}
