using CommHub.Core.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Ingest;

internal sealed class InboundUpdateConfiguration : IEntityTypeConfiguration<InboundUpdate>
{
    public const int ExternalIdLength = 100;
    public const int ErrorLength = 1000;
    public const int SkipKindLength = 40;

    public void Configure(EntityTypeBuilder<InboundUpdate> builder)
    {
        builder.ToTable("InboundUpdates");
        builder.Property(u => u.ExternalId).HasMaxLength(ExternalIdLength);
        builder.Property(u => u.LastError).HasMaxLength(ErrorLength);
        builder.Property(u => u.SkipKind).HasMaxLength(SkipKindLength);
        builder.HasOne<Channel>().WithMany().HasForeignKey(u => u.ChannelId).OnDelete(DeleteBehavior.Cascade);
        // A redelivered update (same channel, same id) is one row.
        builder.HasIndex(u => new { u.ChannelId, u.ExternalId }).IsUnique();
        // Draining: a channel's pending rows in arrival order; also the failed/skipped counts on /channels.
        builder.HasIndex(u => new { u.ChannelId, u.State, u.Id });
        // Purge: done rows past retention.
        builder.HasIndex(u => new { u.State, u.ProcessedAt });
    }
}
