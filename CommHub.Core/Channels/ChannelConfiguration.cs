using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Channels;

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.LastError).HasMaxLength(1000);
        builder.Property(c => c.SyncCursor).HasMaxLength(200);
        builder.Property(c => c.BusinessHours).HasConversion(JsonColumn<BusinessHours>.Converter!, JsonColumn<BusinessHours>.Comparer);
        // Polling jobs: enabled channels of a kind.
        builder.HasIndex(c => new { c.Kind, c.Enabled });
    }
}
