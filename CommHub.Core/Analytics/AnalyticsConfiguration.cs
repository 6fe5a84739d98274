using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Analytics;

internal sealed class AnalyticsEventConfiguration : IEntityTypeConfiguration<AnalyticsEvent>
{
    public void Configure(EntityTypeBuilder<AnalyticsEvent> builder)
    {
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.HasOne(e => e.Conversation).WithMany().HasForeignKey(e => e.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // The fold: unfolded events in order.
        builder.HasIndex(e => new { e.Folded, e.Id });
    }
}

internal sealed class AnalyticsHourConfiguration : IEntityTypeConfiguration<AnalyticsHour>
{
    public void Configure(EntityTypeBuilder<AnalyticsHour> builder)
    {
        builder.Property(h => h.AgentKey).HasMaxLength(450);
        // The page: one label (0 = all) and one agent key (the all-agents sums "*", or one agent) over a period, so a
        // period's rows are one contiguous range and not interleaved with every agent's; the fold finds a row by its whole key.
        builder.HasIndex(h => new { h.LabelId, h.AgentKey, h.HourStart, h.ChannelId }).IsUnique();
    }
}

internal sealed class ConversationCycleConfiguration : IEntityTypeConfiguration<ConversationCycle>
{
    public void Configure(EntityTypeBuilder<ConversationCycle> builder)
    {
        builder.Property(c => c.AgentId).HasMaxLength(450);
        builder.Property(c => c.FirstResponderId).HasMaxLength(450);
        builder.Ignore(c => c.IsOpen);
        // The fold: a conversation's current cycle; one cycle per number.
        builder.HasIndex(c => new { c.ConversationId, c.Number }).IsUnique();
        // The page: first responses by the day the customer wrote; resolutions by the day of the resolve; the backlog.
        // Covering (the values and the channel and agent filters are in the index), so a year's cycles are read from the
        // index alone, without a table lookup per cycle. First responses carry the responder (for the agents table) rather
        // than the assignee: two 450-character keys would pass SQL Server's 1,700-byte index key limit.
        builder.HasIndex(c => new { c.FirstInboundAt, c.FirstResponseSeconds, c.ChannelId, c.FirstResponderId });
        builder.HasIndex(c => new { c.ResolvedAt, c.ResolutionSeconds, c.ChannelId, c.AgentId });
        builder.HasIndex(c => new { c.StartedAt, c.ResolvedAt, c.ChannelId, c.AgentId });
    }
}

internal sealed class AnalyticsStateConfiguration : IEntityTypeConfiguration<AnalyticsState>
{
    public void Configure(EntityTypeBuilder<AnalyticsState> builder) =>
        builder.Property(s => s.Id).ValueGeneratedNever();
}
