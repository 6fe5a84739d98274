using AngleSharp.Dom;
using Ganss.Xss;

namespace CommHub.Infrastructure.Email;

/// <summary>
/// Makes an email's HTML safe to show: no script, no event handlers, no javascript: links, no CSS that
/// runs or fetches, and no remote image loaded until the agent asks (a remote image tells the sender the
/// mail was opened, and from where). Remote images keep their address in data-remote-src; inline images
/// (cid:) keep theirs in data-cid for the view to point at the stored attachment.
/// </summary>
public sealed class EmailHtmlSanitizer
{
    public const string RemoteSourceAttribute = "data-remote-src";
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
        sanitizer.AllowedAttributes.Add("target");
        sanitizer.AllowedAttributes.Add("rel");
    }

    public string Sanitize(string html) => sanitizer.Sanitize(html);
}
