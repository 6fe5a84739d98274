using System.ComponentModel.DataAnnotations;

namespace CommHub.Infrastructure.Blobs;

public enum BlobProvider
{
    Local,
    Azure,
}

/// <summary>Section <c>CommHub:Blobs</c>; the Azure connection string is <c>ConnectionStrings:Blobs</c>.</summary>
public sealed class BlobStorageOptions
{
    public const string Section = "CommHub:Blobs";
    public const string ConnectionStringName = "Blobs";
    public const string MissingConnectionString =
        "CommHub:Blobs:Provider is Azure but ConnectionStrings:Blobs is empty. Set it to the storage account's connection string.";

    public BlobProvider Provider { get; set; } = BlobProvider.Local;

    /// <summary>Azure container for every blob; Azure's naming rules: 3–63 lower-case letters, digits and single hyphens.</summary>
    [Required]
    [RegularExpression("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "CommHub:Blobs:ContainerName must be 3-63 lower-case letters, digits and single hyphens.")]
    public string ContainerName { get; set; } = "commhub";

    /// <summary>Copied from <c>ConnectionStrings:Blobs</c>, where connection strings live, not bound from the section.</summary>
    public string? ConnectionString { get; set; }

    public bool IsValid => Provider != BlobProvider.Azure || !string.IsNullOrWhiteSpace(ConnectionString);
}
