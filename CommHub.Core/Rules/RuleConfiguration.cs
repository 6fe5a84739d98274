using Microsoft.EntityFrameworkCore;
using CommHub.Core.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CommHub.Core.Rules;

internal sealed class RuleConfiguration : IEntityTypeConfiguration<Rule>
{
    public void Configure(EntityTypeBuilder<Rule> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(200);
        // Conditions and actions are read and written whole with their rule, so they live as JSON columns.
        builder.Property(r => r.Conditions).HasConversion(JsonColumn<List<RuleCondition>>.Converter, JsonColumn<List<RuleCondition>>.Comparer);
        builder.Property(r => r.Actions).HasConversion(JsonColumn<List<RuleAction>>.Converter, JsonColumn<List<RuleAction>>.Comparer);
        // Rule engine: enabled rules of a trigger in order.
        builder.HasIndex(r => new { r.Trigger, r.Enabled, r.Order });
    }
}

internal sealed class RuleHitConfiguration : IEntityTypeConfiguration<RuleHit>
{
    public void Configure(EntityTypeBuilder<RuleHit> builder)
    {
        builder.Property(h => h.ActionsTaken).HasMaxLength(2000);
        builder.HasOne(h => h.Rule).WithMany().HasForeignKey(h => h.RuleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Conversations.Conversation>().WithMany().HasForeignKey(h => h.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // Cooldown: the rule's latest hit on this conversation.
        builder.HasIndex(h => new { h.RuleId, h.ConversationId, h.At });
    }
}
