using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Retention;

/// <summary>
/// A blob whose attachment row is gone: written in the transaction that deletes the row, removed once the blob is deleted.
/// So a crash between the two leaves this row, and the next run deletes the blob; never a row without its file.
/// </summary>
public class PendingBlobDelete
{
    public long Id { get; set; }
    public string BlobKey { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

internal sealed class PendingBlobDeleteConfiguration : IEntityTypeConfiguration<PendingBlobDelete>
{
    public void Configure(EntityTypeBuilder<PendingBlobDelete> builder)
    {
        builder.Property(p => p.BlobKey).HasMaxLength(200);
        builder.Property(p => p.LastError).HasMaxLength(1000);
    }
}
