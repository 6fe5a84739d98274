using CommHub.Core.Common;

namespace CommHub.Core.Ingest;

/// <summary>
/// What a connector hands over, made fit for the columns it is stored in (see <see cref="ColumnText"/>): a 300-character
/// display name or a NUL in a mail body is stored, clipped or cleaned, rather than failing the message on a server database.
/// Identities (external ids, thread keys, identity values) are left whole: clipped, two could become one.
/// </summary>
internal static class InboundLimits
{
    // The column lengths of ConversationConfiguration, ContactConfiguration and AttachmentConfiguration.
    private const int Name = 200;
    private const int Email = 320;
    private const int MessageId = 500;
    private const int Location = 300;
    private const int FileName = 255;
    private const int Error = 1000;

    public static InboundMessage Fit(InboundMessage m) => m with
    {
        ThreadTitle = ColumnText.Clean(m.ThreadTitle),
        Sender = Fit(m.Sender),
        Chat = m.Chat is null ? null : Fit(m.Chat),
        Text = ColumnText.Clean(m.Text),
        SanitizedHtml = ColumnText.Clean(m.SanitizedHtml),
        InternetMessageId = ColumnText.Fit(m.InternetMessageId, MessageId),
        LocationName = ColumnText.Fit(m.LocationName, Location),
        StaffName = ColumnText.Fit(m.StaffName, Name),
        Cc = ColumnText.Clean(m.Cc),
        Email = m.Email is null ? null : m.Email with
        {
            Subject = ColumnText.Fit(m.Email.Subject, Conversations.Message.SubjectLength),
            References = Conversations.EmailReplies.Chain(m.Email.References),
            ReplyTo = ColumnText.Clean(m.Email.ReplyTo),
        },
        Files = m.Files?.Select(f => f with { FileName = ColumnText.Fit(f.FileName, FileName), Unavailable = ColumnText.Fit(f.Unavailable, Error) }).ToList(),
    };

    private static InboundSender Fit(InboundSender s) =>
        s with { Name = ColumnText.Fit(s.Name, Name), Handle = ColumnText.Fit(s.Handle, Name), Email = ColumnText.Fit(s.Email, Email) };
}
