using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Templates;

internal sealed class TemplateConfiguration : IEntityTypeConfiguration<Template>
{
    public void Configure(EntityTypeBuilder<Template> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.Shortcut).HasMaxLength(64);
        builder.Property(t => t.Category).HasMaxLength(100);
        builder.Property(t => t.Body).HasMaxLength(10_000);
        builder.HasOne(t => t.Owner).WithMany().HasForeignKey(t => t.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Channels).WithMany().UsingEntity("TemplateChannels");
        // Composer picker: an agent's own and the shared templates, most used first.
        builder.HasIndex(t => new { t.OwnerId, t.UsageCount });
    }
}
