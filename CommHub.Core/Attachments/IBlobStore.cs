namespace CommHub.Core.Attachments;

/// <summary>Port for file storage: a local folder by default, Azure Blob Storage in production.</summary>
public interface IBlobStore
{
    /// <summary>Stores the stream under the key, replacing what was there.</summary>
    Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Opens the blob for reading, or returns null when there is none under the key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the blob; deleting a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);
}
