using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Outbox;

internal sealed class OutboxItemConfiguration : IEntityTypeConfiguration<OutboxItem>
{
    public void Configure(EntityTypeBuilder<OutboxItem> builder)
    {
        builder.Property(o => o.LastError).HasMaxLength(1000);
        builder.HasOne(o => o.Message).WithMany().HasForeignKey(o => o.MessageId).OnDelete(DeleteBehavior.Cascade);
        // Outbox sweep: due items in order.
        builder.HasIndex(o => new { o.State, o.NextAttemptAt });
    }
}
