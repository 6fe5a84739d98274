using CommHub.Core.Conversations;
using AngleSharp.Dom;
using Ganss.Xss;

namespace CommHub.Infrastructure.Email;

/// <summary>
/// Makes an email's HTML safe to show: no script, no event handlers, no javascript: links, no CSS that
/// runs or fetches, and no remote image loaded until the agent asks (a remote image tells the sender the
/// mail was opened, and from where). Remote images keep their address in data-remote-src; inline images
/// (cid:) keep theirs in data-cid for the view to point at the stored attachment.
/// </summary>
public sealed class EmailHtmlSanitizer : IMailHtml
{
    public const string RemoteSourceAttribute = MailHtml.RemoteSourceAttribute;
    public const string ContentIdAttribute = "data-cid";

    private static readonly string[] FetchingCss = ["background", "background-image", "list-style", "list-style-image", "content", "cursor", "behavior", "-moz-binding"];

    private readonly HtmlSanitizer sanitizer;

    public EmailHtmlSanitizer()
    {
        sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedSchemes.Add("cid");
        sanitizer.AllowedAttributes.Add(RemoteSourceAttribute);
        sanitizer.AllowedAttributes.Add(ContentIdAttribute);
        foreach (var property in FetchingCss) sanitizer.AllowedCssProperties.Remove(property);
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element) return;
            if (element.GetAttribute("style") is { } style && style.Contains("url(", StringComparison.OrdinalIgnoreCase))
            {
                // Any CSS url() fetches (border-image, mask-image and whatever comes next): like a remote image, none is kept.
                var kept = Declarations(style).Where(d => !d.Contains("url(", StringComparison.OrdinalIgnoreCase)).ToList();
                if (kept.Count == 0) element.RemoveAttribute("style");
                else element.SetAttribute("style", string.Join("; ", kept));
            }
            if (element.LocalName == "a" && element.HasAttribute("href"))
            {
                // Links open outside the mail view and tell the target nothing about it.
                element.SetAttribute("target", "_blank");
                element.SetAttribute("rel", "noopener noreferrer nofollow");
            }
            if (element.LocalName != "img" || element.GetAttribute("src") is not { } source) return;
            element.RemoveAttribute("src");
            if (source.StartsWith("cid:", StringComparison.OrdinalIgnoreCase)) element.SetAttribute(ContentIdAttribute, source[4..]);
            else element.SetAttribute(RemoteSourceAttribute, source);
        };
        // Quoted-history markers of the common mail clients (the sandboxed view has no stylesheet of theirs anyway).
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.AllowedAttributes.Add("target");
        sanitizer.AllowedAttributes.Add("rel");
    }

    /// <summary>A style attribute's declarations, split at the semicolons that are outside quotes and parentheses.</summary>
    private static IEnumerable<string> Declarations(string style)
    {
        var start = 0;
        var depth = 0;
        char? quote = null;
        for (var i = 0; i <= style.Length; i++)
        {
            var c = i < style.Length ? style[i] : ';';
            if (quote is not null) { if (c == quote) quote = null; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c == '(') depth++;
            else if (c == ')') depth = Math.Max(0, depth - 1);
            else if (c == ';' && depth == 0)
            {
                if (style[start..i].Trim() is { Length: > 0 } declaration) yield return declaration;
                start = i + 1;
            }
        }
    }

    public string Sanitize(string html) => CollapseQuotedHistory(sanitizer.Sanitize(html));

    /// <summary>
    /// Sanitized HTML with its inline images (cid:) pointed at <paramref name="sourceFor"/>'s address for each Content-ID;
    /// a Content-ID it does not know (none of this mail's files) stays without a source.
    /// </summary>
    string IMailHtml.WithInlineImages(string sanitizedHtml, Func<string, string?> sourceFor) => WithInlineImages(sanitizedHtml, sourceFor);

    public static string WithInlineImages(string sanitizedHtml, Func<string, string?> sourceFor)
    {
        if (!sanitizedHtml.Contains(ContentIdAttribute, StringComparison.Ordinal)) return sanitizedHtml;
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<body>{sanitizedHtml}</body>");
        var changed = false;
        foreach (var image in document.QuerySelectorAll($"img[{ContentIdAttribute}]"))
        {
            // cid: URLs are percent-encoded (RFC 2392); the Content-ID header is not.
            var contentId = Uri.UnescapeDataString(image.GetAttribute(ContentIdAttribute)!).Trim('<', '>', ' ');
            if (sourceFor(contentId) is not { } source) continue;
            image.SetAttribute("src", source);
            changed = true;
        }
        return changed ? document.Body!.InnerHtml : sanitizedHtml;
    }

    /// <summary>
    /// Earlier mails quoted below a reply fold into a closed &lt;details&gt;, which opens without any script
    /// (the view shows the mail in a sandbox where none may run).
    /// </summary>
    private static string CollapseQuotedHistory(string html)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<body>{html}</body>");
        var quotes = document.QuerySelectorAll("div.gmail_quote, blockquote, div#appendonsend, div.moz-cite-prefix")
            .Where(q => q.ParentElement?.Closest("div.gmail_quote, blockquote, details.quoted") is null)
            .ToList();
        if (quotes.Count == 0) return html;
        foreach (var quote in quotes)
        {
            var details = document.CreateElement("details");
            details.ClassName = "quoted";
            var summary = document.CreateElement("summary");
            summary.TextContent = "Show quoted text";
            details.AppendChild(summary);
            quote.Parent!.ReplaceChild(details, quote);
            details.AppendChild(quote);
        }
        return document.Body!.InnerHtml;
    }
}
