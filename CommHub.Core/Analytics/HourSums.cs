namespace CommHub.Core.Analytics;

internal static class HourSums
{
    public static void AddTo(AnalyticsHour row, AnalyticsHour delta)
    {
        row.Inbound += delta.Inbound;
        row.InboundWithAttachments += delta.InboundWithAttachments;
        row.Outbound += delta.Outbound;
        row.OutboundWithAttachments += delta.OutboundWithAttachments;
        row.Automated += delta.Automated;
        row.Opened += delta.Opened;
        row.Reopened += delta.Reopened;
        row.Resolved += delta.Resolved;
        row.ResolvedByRules += delta.ResolvedByRules;
        row.Assigned += delta.Assigned;
        row.InboundRead += delta.InboundRead;
        row.OutboundRead += delta.OutboundRead;
        row.Replies += delta.Replies;
        row.ReplySeconds += delta.ReplySeconds;
    }
}
