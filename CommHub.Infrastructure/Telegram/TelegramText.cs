using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace CommHub.Infrastructure.Telegram;

/// <summary>Telegram text both ways: entities to safe HTML and hashtags on the way in, 4096-character pieces on the way out.</summary>
public static partial class TelegramText
{
    public const int MaxMessageLength = 4096;

    private static readonly string[] SafeSchemes = ["http://", "https://", "mailto:", "tg://"];

    /// <summary>
    /// HTML for a text with formatting entities, or null when it has none (the plain text is then enough). Every
    /// character of the text is encoded; only the tags made here are markup, and links keep only safe schemes.
    /// </summary>
    public static string? ToHtml(string text, IReadOnlyList<MessageEntity>? entities)
    {
        // Bounds first: an entity pointing past the end of the text is ignored, never read (a URL entity reads its text).
        var formatting = (entities ?? []).Where(e => InBounds(text, e) && Tags(e) is not null)
            .OrderBy(e => e.Offset).ThenByDescending(e => e.Length).ToList();
        if (formatting.Count == 0) return null;

        var html = new StringBuilder();
        var open = new List<MessageEntity>();
        // Where a tag opens or closes; the text between two of them is encoded as one run, so an emoji (two UTF-16
        // units) is encoded whole, never half by half into two replacement characters.
        var boundaries = formatting.SelectMany(e => new[] { e.Offset, e.Offset + e.Length }).Append(text.Length).Distinct().Order().ToList();
        for (var i = 0; i <= text.Length;)
        {
            // Close what ends here (innermost first); an entity overlapping another is closed and reopened around it.
            var ending = open.Where(e => e.Offset + e.Length == i).ToList();
            if (ending.Count > 0)
            {
                var depth = open.IndexOf(ending.MinBy(open.IndexOf)!);
                var reopen = open.Skip(depth).Where(e => !ending.Contains(e)).ToList();
                for (var j = open.Count - 1; j >= depth; j--) html.Append(Tags(open[j])!.Value.Close);
                open.RemoveRange(depth, open.Count - depth);
                foreach (var e in reopen)
                {
                    html.Append(Tags(e)!.Value.Open);
                    open.Add(e);
                }
            }
            foreach (var e in formatting.Where(e => e.Offset == i))
            {
                html.Append(Tags(e)!.Value.Open);
                open.Add(e);
            }
            if (i == text.Length) break;
            var next = boundaries.First(b => b > i);
            html.Append(WebUtility.HtmlEncode(text[i..next]).Replace("\n", "<br>", StringComparison.Ordinal));
            i = next;
        }
        return html.ToString();

        (string Open, string Close)? Tags(MessageEntity e) => e.Type switch
        {
            MessageEntityType.Bold => ("<b>", "</b>"),
            MessageEntityType.Italic => ("<i>", "</i>"),
            MessageEntityType.Underline => ("<u>", "</u>"),
            MessageEntityType.Strikethrough => ("<s>", "</s>"),
            MessageEntityType.Code => ("<code>", "</code>"),
            MessageEntityType.Pre => ("<pre>", "</pre>"),
            MessageEntityType.Blockquote or MessageEntityType.ExpandableBlockquote => ("<blockquote>", "</blockquote>"),
            MessageEntityType.TextLink when SafeLink(e.Url) is { } url => Link(url),
            MessageEntityType.Url when SafeLink(text.Substring(e.Offset, e.Length)) is { } url => Link(url),
            _ => null,
        };

        static (string Open, string Close) Link(string url) =>
            ($"<a href=\"{WebUtility.HtmlEncode(url)}\" rel=\"noopener noreferrer\" target=\"_blank\">", "</a>");
    }

    private static bool InBounds(string text, MessageEntity e) =>
        e.Offset >= 0 && e.Length > 0 && (long)e.Offset + e.Length <= text.Length;

    private static string? SafeLink(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        url = url.Trim();
        if (!url.Contains("://", StringComparison.Ordinal) && !url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) url = "https://" + url;
        return SafeSchemes.Any(s => url.StartsWith(s, StringComparison.OrdinalIgnoreCase)) && Uri.TryCreate(url, UriKind.Absolute, out _) ? url : null;
    }

    /// <summary>The hashtags Telegram marked in the text, without '#'.</summary>
    public static IReadOnlyList<string> Hashtags(string text, IReadOnlyList<MessageEntity>? entities) =>
        (entities ?? []).Where(e => e.Type == MessageEntityType.Hashtag && InBounds(text, e))
            .Select(e => text.Substring(e.Offset, e.Length).TrimStart('#'))
            .ToList();

    /// <summary>The bot command the message starts with ("/start", "/end@acme_bot" → "/end"), if any.</summary>
    public static string? Command(string text, IReadOnlyList<MessageEntity>? entities)
    {
        var command = (entities ?? []).FirstOrDefault(e => e.Type == MessageEntityType.BotCommand && e.Offset == 0);
        if (command is not null && command.Length > 0 && command.Length <= text.Length) return text[..command.Length].Split('@')[0].ToLowerInvariant();
        // Some clients (and bridges) send "/start" without marking it: the leading word is still the command.
        var match = LeadingCommand().Match(text);
        return match.Success ? match.Groups[1].Value.ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"^(/[A-Za-z0-9_]{1,32})(?:@[A-Za-z0-9_]{1,64})?(?=\s|$)")]
    private static partial Regex LeadingCommand();

    /// <summary>Pieces of at most <paramref name="max"/> characters, cut at a paragraph, then a line, then a word, and only then mid-word.</summary>
    public static IReadOnlyList<string> Split(string text, int max = MaxMessageLength)
    {
        var pieces = new List<string>();
        var rest = text.Trim();
        while (rest.Length > max)
        {
            var cut = LastBefore(rest, "\n\n", max) ?? LastBefore(rest, "\n", max) ?? LastBefore(rest, " ", max) ?? max;
            // Never cut between the halves of a surrogate pair (an emoji).
            if (char.IsHighSurrogate(rest[cut - 1])) cut--;
            pieces.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0) pieces.Add(rest);
        return pieces;
    }

    private static int? LastBefore(string text, string separator, int max)
    {
        var at = text.LastIndexOf(separator, max, StringComparison.Ordinal);
        return at > max / 4 ? at : null;
    }
}
