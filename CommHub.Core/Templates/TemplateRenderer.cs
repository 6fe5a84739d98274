using System.Globalization;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;

namespace CommHub.Core.Templates;

/// <summary>The values a template can use: one conversation, its contact, channel and the agent answering.</summary>
public sealed record TemplateVariables(string? ContactName, string? AgentName, int ConversationId, string? ChannelName);

/// <summary>
/// Renders reply templates with Fluid (Liquid): output with filters (<c>{{ contact.name | default: "there" }}</c>) and the
/// tags a reply needs (<c>if</c>, <c>unless</c>, <c>case</c>, <c>for</c>, <c>assign</c>, <c>capture</c>). Everything is
/// checked before anything is sent: a syntax error, an unknown variable or filter, or a tag that reaches outside the
/// template (<c>include</c>, <c>render</c>) is an error with its line and column, never a gap or raw braces in what the
/// customer receives; a loop is cut off after <see cref="MaxSteps"/> steps.
/// </summary>
public static partial class TemplateRenderer
{
    /// <summary>The variables a body may use, as typed in Liquid.</summary>
    public static readonly IReadOnlyList<string> KnownVariables = ["contact.name", "agent.name", "conversation.id", "channel.name"];

    /// <summary>Steps a rendering may take: a reply never needs more, a runaway loop stops here.</summary>
    public const int MaxSteps = 10_000;

    private static readonly FluidParser Parser = new();

    private static readonly TemplateOptions Options = new TemplateOptionsBuilder()
        .WithStrictFilters(true)
        .WithMaxSteps(MaxSteps)
        .WithMaxOutputSize(100_000)
        .WithCultureInfo(CultureInfo.InvariantCulture)
        .Build();

    private static readonly HashSet<string> Objects = KnownVariables.Select(v => v.Split('.')[0]).ToHashSet();

    /// <summary>Null when the body parses and uses only known variables, filters and tags; otherwise a sentence saying what to fix.</summary>
    public static string? Validate(string body) => Parse(body, out _);

    public static TemplateRendering Render(string body, TemplateVariables variables)
    {
        if (Parse(body, out var template) is { } error) return new TemplateRendering(null, error);
        var model = new Dictionary<string, object?>
        {
            ["contact"] = new Dictionary<string, object?> { ["name"] = Blank(variables.ContactName) },
            ["agent"] = new Dictionary<string, object?> { ["name"] = Blank(variables.AgentName) },
            ["conversation"] = new Dictionary<string, object?> { ["id"] = variables.ConversationId },
            ["channel"] = new Dictionary<string, object?> { ["name"] = Blank(variables.ChannelName) },
        };
        try
        {
            return new TemplateRendering(template!.Render(new TemplateContext(model, Options)), null);
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("steps", StringComparison.Ordinal))
        {
            return new TemplateRendering(null, $"The template runs too long (more than {MaxSteps:N0} steps): check its loops.");
        }
        catch (Exception ex) when (ex is FluidException or InvalidOperationException)
        {
            return new TemplateRendering(null, $"The template could not be rendered: {ex.Message}.");
        }
    }

    // An empty name counts as missing (nil), so `default:` supplies the fallback and `{% if contact.name %}` is false.
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Parse(string body, out IFluidTemplate? template)
    {
        if (!Parser.TryParse(body, out template, out var error))
        {
            template = null;
            var match = FluidPosition().Match(error);
            return match.Success
                ? $"The template has a syntax error: {match.Groups["what"].Value} (line {match.Groups["line"].Value}, column {match.Groups["column"].Value})."
                : $"The template has a syntax error: {error.Split('\n')[0]}";
        }
        var check = new Checker();
        check.VisitTemplate(template);
        return check.Problem is { } problem ? Describe(body, problem) : null;
    }

    private static string Describe(string body, (string Kind, string Name) problem) => problem.Kind switch
    {
        "variable" => $"Unknown variable {{{{ {problem.Name} }}}} ({Position(body, problem.Name)}). Use {string.Join(", ", KnownVariables)}.",
        "filter" => $"Unknown filter \"{problem.Name}\" ({Position(body, problem.Name)}). Use default, upcase, downcase, capitalize, strip or another Liquid filter.",
        _ => $"The tag {{% {problem.Name} %}} is not available in templates ({Position(body, problem.Name)}): a template cannot include other files.",
    };

    /// <summary>Walks the parsed template: every variable must be known (or made by the template itself), every filter exist.</summary>
    private sealed class Checker : AstVisitor
    {
        private readonly HashSet<string> declared = ["forloop"];

        public (string Kind, string Name)? Problem { get; private set; }

        protected override Statement VisitAssignStatement(AssignStatement statement)
        {
            declared.Add(statement.Identifier);
            return base.VisitAssignStatement(statement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement statement)
        {
            declared.Add(statement.Identifier);
            return base.VisitCaptureStatement(statement);
        }

        protected override Statement VisitForStatement(ForStatement statement)
        {
            declared.Add(statement.Identifier);
            return base.VisitForStatement(statement);
        }

        protected override Statement VisitIncrementStatement(IncrementStatement statement)
        {
            declared.Add(statement.Identifier);
            return base.VisitIncrementStatement(statement);
        }

        protected override Statement VisitIncludeStatement(IncludeStatement statement)
        {
            Problem ??= ("tag", "include");
            return statement;
        }

        protected override Statement VisitRenderStatement(RenderStatement statement)
        {
            Problem ??= ("tag", "render");
            return statement;
        }

        protected override Expression VisitMemberExpression(MemberExpression expression)
        {
            var names = expression.Segments.TakeWhile(s => s is IdentifierSegment).Cast<IdentifierSegment>().Select(s => s.Identifier).ToList();
            if (names.Count > 0 && !declared.Contains(names[0]))
            {
                var path = string.Join('.', names);
                if (!Objects.Contains(names[0]) || !KnownVariables.Contains(path)) Problem ??= ("variable", path);
            }
            return base.VisitMemberExpression(expression);
        }

        protected override Expression VisitFilterExpression(FilterExpression expression)
        {
            if (!Options.Filters.TryGetValue(expression.Name, out _)) Problem ??= ("filter", expression.Name);
            return base.VisitFilterExpression(expression);
        }
    }

    private static string Position(string body, string text)
    {
        var index = Math.Max(0, body.IndexOf(text, StringComparison.Ordinal));
        var line = 1 + body.AsSpan(0, index).Count('\n');
        var lineStart = index == 0 ? 0 : body.LastIndexOf('\n', index - 1) + 1;
        return $"line {line}, column {index - lineStart + 1}";
    }

    [GeneratedRegex(@"^(?<what>.*?) at \((?<line>\d+):(?<column>\d+)\)")]
    private static partial Regex FluidPosition();
}

public sealed record TemplateRendering(string? Text, string? Error)
{
    public bool Succeeded => Error is null;
}
