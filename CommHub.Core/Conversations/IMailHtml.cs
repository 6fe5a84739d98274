namespace CommHub.Core.Conversations;

/// <summary>
/// What the thread does with a mail's sanitized HTML before showing it: its inline (cid:) images pointed at addresses
/// the viewer may load. A port: the HTML parser behind it is Infrastructure's.
/// </summary>
public interface IMailHtml
{
    /// <summary>
    /// The HTML with each inline image's source set to <paramref name="sourceFor"/>'s address for its Content-ID; a
    /// Content-ID it does not know (none of this mail's files) stays without a source.
    /// </summary>
    string WithInlineImages(string sanitizedHtml, Func<string, string?> sourceFor);
}

public static class MailHtml
{
    /// <summary>Where sanitizing keeps a remote image's address, so it loads only after "Show images".</summary>
    public const string RemoteSourceAttribute = "data-remote-src";
}
