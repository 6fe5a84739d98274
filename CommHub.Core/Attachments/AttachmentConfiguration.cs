using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Attachments;

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public const int ContentIdLength = 300;

    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.Property(a => a.FileName).HasMaxLength(255);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.OriginalBlobKey).HasMaxLength(200);
        builder.Property(a => a.CompressedBlobKey).HasMaxLength(200);
        builder.Property(a => a.ThumbnailBlobKey).HasMaxLength(200);
        builder.Property(a => a.Error).HasMaxLength(1000);
        builder.Property(a => a.ContentId).HasMaxLength(ContentIdLength);
        builder.HasOne(a => a.Message).WithMany(m => m.Attachments).HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        // Media sweep: attachments left Pending.
        builder.HasIndex(a => new { a.State, a.CreatedAt });
    }
}
