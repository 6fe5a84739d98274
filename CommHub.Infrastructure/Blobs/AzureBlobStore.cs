using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CommHub.Core.Attachments;

namespace CommHub.Infrastructure.Blobs;

/// <summary>The production blob store: one block blob per key in one Azure Blob Storage container.</summary>
public sealed class AzureBlobStore(BlobContainerClient container) : IBlobStore
{
    private readonly SemaphoreSlim creating = new(1, 1);
    private volatile bool containerExists;

    public AzureBlobStore(string connectionString, string containerName)
        : this(new BlobContainerClient(connectionString, containerName))
    {
    }

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(key);
        await EnsureContainerAsync(cancellationToken);
        // Upload commits the whole blob at once (single shot or block list), so a reader never sees half of it.
        await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(key);
        try
        {
            // allowModifications: false pins the ETag, so a concurrent replace fails the read instead of mixing two versions.
            return await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Missing blob or a container not created yet: both mean nothing is stored under the key.
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await BlobOf(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        (await BlobOf(key).ExistsAsync(cancellationToken)).Value;

    // Only writes need the container; reads and deletes of a missing container already answer "nothing there".
    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (containerExists) return;
        await creating.WaitAsync(cancellationToken);
        try
        {
            if (!containerExists)
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                containerExists = true;
            }
        }
        finally
        {
            creating.Release();
        }
    }

    private BlobClient BlobOf(string key)
    {
        if (!BlobKeys.IsValid(key)) throw new ArgumentException($"'{key}' is not a valid blob key.", nameof(key));
        return container.GetBlobClient(key);
    }
}
