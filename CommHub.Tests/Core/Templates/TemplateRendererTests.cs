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
        Assert.Equal("Unknown variable {{ contact.phone }} (line 1, column 7). Use contact.name, agent.name, conversation.id, channel.name.", result.Error);
    }

    [Fact]
    public void SyntaxError_SaysWhere()
    {
        var result = TemplateRenderer.Render("Hello,\nthanks {{ contact.name ", Dana);

        Assert.Null(result.Text);
        Assert.Equal("The template has a syntax error: End of tag '}}' was expected (line 2, column 23).", result.Error);
    }

    [Theory]
    [InlineData("{{ contact.name | shout }}", "Unknown filter \"shout\" (line 1, column 19)")]
    [InlineData("{{ contact.name | default: there }}", "Unknown variable {{ there }}")]
    [InlineData("{% if contact.name %}x", "The template has a syntax error: '{% endif %}' was expected (line 1, column 23)")]
    [InlineData("{% include 'other' %}", "The tag {% include %} is not available in templates")]
    [InlineData("{% for i in (1..100000) %}x{% endfor %}", "The template runs too long")]
    public void OtherMistakes_AreFlagged(string body, string start)
    {
        var result = TemplateRenderer.Render(body, Dana);

        Assert.Null(result.Text);
        Assert.StartsWith(start, result.Error);
    }

    [Theory]
    [InlineData("{% if contact.name %}Hi {{ contact.name }}{% else %}Hello{% endif %}", "Dana", "Hi Dana")]
    [InlineData("{% if contact.name %}Hi {{ contact.name }}{% else %}Hello{% endif %}", "", "Hello")]
    [InlineData("{% unless contact.name %}Hello there{% endunless %}", null, "Hello there")]
    [InlineData("{% case channel.name %}{% when 'Customer portal' %}portal{% else %}other{% endcase %}", "Dana", "portal")]
    [InlineData("{% assign first = contact.name | default: 'friend' %}{% for i in (1..3) %}{{ first }}{{ forloop.index }} {% endfor %}", "Dana", "Dana1 Dana2 Dana3 ")]
    public void LiquidTags_Work(string body, string? name, string expected)
    {
        Assert.Null(TemplateRenderer.Validate(body));
        Assert.Equal(expected, TemplateRenderer.Render(body, Dana with { ContactName = name }).Text);
    }

    [Fact]
    public void Validate_AcceptsAGoodTemplate() =>
        Assert.Null(TemplateRenderer.Validate("Hi {{ contact.name | default: \"there\" | capitalize }}"));
}
