using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Retention;

/// <summary>The one row of retention settings that are not per channel.</summary>
public class RetentionSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Days to keep messages of a channel that has no period of its own; null keeps them forever.</summary>
    public int? DefaultDays { get; set; }
}

internal sealed class RetentionSettingsConfiguration : IEntityTypeConfiguration<RetentionSettings>
{
    public void Configure(EntityTypeBuilder<RetentionSettings> builder) => builder.Property(s => s.Id).ValueGeneratedNever();
}
