using Fluid;
using Fluid.Ast;

namespace CommHub.Core.Templates;

/// <summary>The values a template can use: one conversation, its contact, channel and the agent answering.</summary>
public sealed record TemplateVariables(string? ContactName, string? AgentName, int ConversationId, string? ChannelName);

/// <summary>
/// Renders Liquid bodies with Fluid. Every variable is checked against the known ones before anything is
/// rendered, because Liquid prints an unknown variable as nothing and the customer would get a gap.
/// </summary>
public sealed class TemplateRenderer
{
    /// <summary>The variables a body may use, as typed in Liquid.</summary>
    public static readonly IReadOnlyList<string> KnownVariables = ["contact.name", "agent.name", "conversation.id", "channel.name"];

    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new() { StrictFilters = true };

    /// <summary>Null when the body parses and uses only known variables; otherwise a sentence saying what to fix.</summary>
    public static string? Validate(string body) => Parse(body, out _);

    public static TemplateRendering Render(string body, TemplateVariables variables)
    {
        if (Parse(body, out var template) is { } error) return new TemplateRendering(null, error);
        var context = new TemplateContext(Options);
        context.SetValue("contact", new Dictionary<string, object?> { ["name"] = Blank(variables.ContactName) });
        context.SetValue("agent", new Dictionary<string, object?> { ["name"] = Blank(variables.AgentName) });
        context.SetValue("conversation", new Dictionary<string, object?> { ["id"] = variables.ConversationId });
        context.SetValue("channel", new Dictionary<string, object?> { ["name"] = Blank(variables.ChannelName) });
        try
        {
            return new TemplateRendering(template!.Render(context), null);
        }
        catch (Exception ex) when (ex is ParseException or InvalidOperationException or ArgumentException)
        {
            return new TemplateRendering(null, $"The template could not be rendered: {ex.Message}");
        }
    }

    // An empty name counts as missing, so `default:` supplies the fallback.
    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static string? Parse(string body, out IFluidTemplate? template)
    {
        if (!Parser.TryParse(body, out template, out var error))
            return $"The template has a syntax error: {error}. Check the braces and tags near that position.";
        var unknown = new VariableCollector().Collect(template).Where(v => !KnownVariables.Contains(v)).ToList();
        if (unknown.Count > 0)
            return $"Unknown variable {string.Join(", ", unknown.Select(v => "{{ " + v + " }}"))}. Use {string.Join(", ", KnownVariables)}.";
        return null;
    }

    private sealed class VariableCollector : AstVisitor
    {
        private readonly List<string> found = [];

        public IReadOnlyList<string> Collect(IFluidTemplate template)
        {
            VisitTemplate(template);
            return found.Distinct().ToList();
        }

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            found.Add(string.Join('.', memberExpression.Segments.Select(s => s is IdentifierSegment id ? id.Identifier : "[]")));
            return base.VisitMemberExpression(memberExpression);
        }
    }
}

public sealed record TemplateRendering(string? Text, string? Error)
{
    public bool Succeeded => Error is null;
}
