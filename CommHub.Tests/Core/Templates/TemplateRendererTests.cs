using CommHub.Core.Templates;

namespace CommHub.Tests.Core.Templates;

public sealed class TemplateRendererTests
{
    private static readonly TemplateVariables Dana = new("Dana", "Ana Agent", 42, "Customer portal");

    [Fact]
    public void Render_FillsEveryKnownVariable()
    {
        var result = TemplateRenderer.Render("Hi {{ contact.name }}, {{agent.name}} here about #{{ conversation.id }} on {{ channel.name }}.", Dana);

        Assert.Equal("Hi Dana, Ana Agent here about #42 on Customer portal.", result.Text);
    }

    [Theory]
    [InlineData(null, "Hi there!")]
    [InlineData("  ", "Hi there!")]
    [InlineData("Dana", "Hi Dana!")]
    public void Default_ReplacesAMissingValue(string? name, string expected) =>
        Assert.Equal(expected, TemplateRenderer.Render("Hi {{ contact.name | default: \"there\" }}!", Dana with { ContactName = name }).Text);

    [Fact]
    public void Filters_Chain() =>
        Assert.Equal("DANA", TemplateRenderer.Render("{{ contact.name | default: 'x|y' | upcase }}", Dana).Text);

    [Fact]
    public void TextWithoutVariables_AndSingleBraces_StaysAsIs() =>
        Assert.Equal("Use {curly} braces {", TemplateRenderer.Render("Use {curly} braces {", Dana).Text);

    [Fact]
    public void UnknownVariable_IsAnError_AndNothingRenders()
    {
        var result = TemplateRenderer.Render("Hi {{ contact.phone }}", Dana);

        Assert.Null(result.Text);
        Assert.Equal("Unknown variable {{ contact.phone }} (line 1, column 4). Use contact.name, agent.name, conversation.id, channel.name.", result.Error);
    }

    [Fact]
    public void SyntaxError_SaysWhere()
    {
        var result = TemplateRenderer.Render("Hello,\nthanks {{ contact.name ", Dana);

        Assert.Null(result.Text);
        Assert.Equal("The template has a syntax error: \"{{\" is never closed with \"}}\" (line 2, column 8).", result.Error);
    }

    [Theory]
    [InlineData("{{ contact.name | shout }}", "Unknown filter \"shout\"")]
    [InlineData("{{ contact.name | default }}", "The filter \"default\" needs a value")]
    [InlineData("{{ contact.name | default: there }}", "is not a variable with optional filters")]
    [InlineData("{{ }}", "is not a variable with optional filters")]
    [InlineData("{% if contact.name %}x{% endif %}", "Liquid tags such as {% if %} are not supported")]
    public void OtherMistakes_AreFlagged(string body, string start)
    {
        Assert.Contains(start, TemplateRenderer.Validate(body));
        Assert.Null(TemplateRenderer.Render(body, Dana).Text);
    }

    [Fact]
    public void Validate_AcceptsAGoodTemplate() =>
        Assert.Null(TemplateRenderer.Validate("Hi {{ contact.name | default: \"there\" | capitalize }}"));
}
