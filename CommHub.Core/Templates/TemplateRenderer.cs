using System.Globalization;
using System.Text;

namespace CommHub.Core.Templates;

/// <summary>The values a template can use: one conversation, its contact, channel and the agent answering.</summary>
public sealed record TemplateVariables(string? ContactName, string? AgentName, int ConversationId, string? ChannelName);

/// <summary>
/// Renders the Liquid output syntax templates use: <c>{{ contact.name }}</c>, with filters such as
/// <c>{{ contact.name | default: "there" }}</c>. Fluid was the intended engine, but Fluid.Core 2.41.1 calls
/// Parlot 1.5.9 APIs and the registry here only serves Parlot 2.2.1, so it fails at run time; replies need no
/// Liquid tags, so this covers output and filters only and rejects tags with a clear message.
/// Everything is checked before anything renders: an unknown variable or filter, or a syntax error, is an error
/// with its line and column, never a gap or raw braces in what the customer receives.
/// </summary>
public static class TemplateRenderer
{
    /// <summary>The variables a body may use, as typed in Liquid.</summary>
    public static readonly IReadOnlyList<string> KnownVariables = ["contact.name", "agent.name", "conversation.id", "channel.name"];

    private static readonly IReadOnlyDictionary<string, int> KnownFilters = new Dictionary<string, int>
    {
        ["default"] = 1, ["upcase"] = 0, ["downcase"] = 0, ["capitalize"] = 0, ["strip"] = 0,
    };

    /// <summary>Null when the body parses and uses only known variables and filters; otherwise a sentence saying what to fix.</summary>
    public static string? Validate(string body) => Parse(body, out _);

    public static TemplateRendering Render(string body, TemplateVariables variables)
    {
        if (Parse(body, out var parts) is { } error) return new TemplateRendering(null, error);
        var values = new Dictionary<string, string?>
        {
            ["contact.name"] = Blank(variables.ContactName),
            ["agent.name"] = Blank(variables.AgentName),
            ["conversation.id"] = variables.ConversationId.ToString(CultureInfo.InvariantCulture),
            ["channel.name"] = Blank(variables.ChannelName),
        };
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Literal is { } literal)
            {
                text.Append(literal);
                continue;
            }
            var value = values[part.Variable!];
            foreach (var (filter, argument) in part.Filters) value = Apply(filter, argument, value);
            text.Append(value);
        }
        return new TemplateRendering(text.ToString(), null);
    }

    // An empty name counts as missing, so `default:` supplies the fallback.
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Apply(string filter, string? argument, string? value) => filter switch
    {
        "default" => string.IsNullOrEmpty(value) ? argument : value,
        "upcase" => value?.ToUpperInvariant(),
        "downcase" => value?.ToLowerInvariant(),
        "capitalize" => string.IsNullOrEmpty(value) ? value : char.ToUpperInvariant(value[0]) + value[1..],
        "strip" => value?.Trim(),
        _ => value,
    };

    private sealed record Part(string? Literal, string? Variable, IReadOnlyList<(string Name, string? Argument)> Filters);

    private static string? Parse(string body, out List<Part> parts)
    {
        parts = [];
        var at = 0;
        while (at < body.Length)
        {
            var open = body.IndexOf('{', at);
            while (open >= 0 && open + 1 < body.Length && body[open + 1] is not ('{' or '%')) open = body.IndexOf('{', open + 1);
            if (open < 0 || open + 1 >= body.Length)
            {
                parts.Add(new Part(body[at..], null, []));
                break;
            }
            if (open > at) parts.Add(new Part(body[at..open], null, []));
            if (body[open + 1] == '%')
                return $"Liquid tags such as {{% if %}} are not supported in templates ({Position(body, open)}); use variables and filters only.";
            var close = body.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0) return $"The template has a syntax error: \"{{{{\" is never closed with \"}}}}\" ({Position(body, open)}).";
            if (ParseOutput(body, open + 2, close) is not { } part)
                return $"The template has a syntax error: \"{body[open..(close + 2)]}\" is not a variable with optional filters ({Position(body, open)}).";
            if (!KnownVariables.Contains(part.Variable!))
                return $"Unknown variable {{{{ {part.Variable} }}}} ({Position(body, open)}). Use {string.Join(", ", KnownVariables)}.";
            foreach (var (name, argument) in part.Filters)
            {
                if (!KnownFilters.TryGetValue(name, out var arguments))
                    return $"Unknown filter \"{name}\" ({Position(body, open)}). Use {string.Join(", ", KnownFilters.Keys)}.";
                if ((argument is null ? 0 : 1) != arguments)
                    return arguments == 1
                        ? $"The filter \"{name}\" needs a value, as in {{{{ contact.name | {name}: \"there\" }}}} ({Position(body, open)})."
                        : $"The filter \"{name}\" takes no value ({Position(body, open)}).";
            }
            parts.Add(part);
            at = close + 2;
        }
        return null;
    }

    // `path (| name (: "argument")?)*` between the braces; a quote inside an argument is not supported.
    private static Part? ParseOutput(string body, int start, int end)
    {
        var segments = Split(body[start..end]);
        if (segments is null || segments.Count == 0) return null;
        var variable = segments[0].Trim();
        if (!IsPath(variable)) return null;
        var filters = new List<(string, string?)>();
        foreach (var segment in segments.Skip(1))
        {
            var colon = segment.IndexOf(':');
            var name = (colon < 0 ? segment : segment[..colon]).Trim();
            if (!IsName(name)) return null;
            if (colon < 0)
            {
                filters.Add((name, null));
                continue;
            }
            var argument = segment[(colon + 1)..].Trim();
            if (argument.Length < 2 || argument[0] is not ('"' or '\'') || argument[^1] != argument[0]) return null;
            filters.Add((name, argument[1..^1]));
        }
        return new Part(null, variable, filters);
    }

    // Splits on '|' outside quotes; null when a quote is left open.
    private static List<string>? Split(string inner)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        foreach (var c in inner)
        {
            if (quote is null && c == '|')
            {
                result.Add(current.ToString());
                current.Clear();
                continue;
            }
            if (c is '"' or '\'') quote = quote is null ? c : quote == c ? null : quote;
            current.Append(c);
        }
        if (quote is not null) return null;
        result.Add(current.ToString());
        return result;
    }

    private static bool IsPath(string text) => text.Length > 0 && text.Split('.').All(IsName);

    private static bool IsName(string text) => text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => char.IsLetterOrDigit(c) || c is '_' or '-');

    private static string Position(string body, int index)
    {
        var line = 1 + body.AsSpan(0, index).Count('\n');
        var lineStart = index == 0 ? 0 : body.LastIndexOf('\n', index - 1) + 1;
        var column = index - lineStart + 1;
        return $"line {line}, column {column}";
    }
}

public sealed record TemplateRendering(string? Text, string? Error)
{
    public bool Succeeded => Error is null;
}
