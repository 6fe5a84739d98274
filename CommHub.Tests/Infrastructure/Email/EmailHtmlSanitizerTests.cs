using CommHub.Infrastructure.Email;

namespace CommHub.Tests.Infrastructure.Email;

public sealed class EmailHtmlSanitizerTests
{
    private readonly EmailHtmlSanitizer sanitizer = new();

    [Theory]
    [InlineData("<p>Hi</p><script>alert(1)</script>", "<script")]
    [InlineData("<img src=x onerror=\"alert(1)\">", "onerror")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>", "javascript:")]
    [InlineData("<div style=\"width: expression(alert(1))\">x</div>", "expression")]
    [InlineData("<div style=\"background-image: url(https://tracker.example/p.gif)\">x</div>", "tracker.example")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "<iframe")]
    [InlineData("<form action=\"https://evil.example\"><input name=password></form>", "<input")]
    [InlineData("<svg><script>alert(1)</script></svg>", "alert")]
    [InlineData("<object data=\"x.swf\"></object>", "<object")]
    public void WhatCouldRunOrCallHome_IsRemoved(string html, string forbidden) =>
        Assert.DoesNotContain(forbidden, sanitizer.Sanitize(html), StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void RemoteImages_AreHeldBack_UntilTheAgentAsks()
    {
        var safe = sanitizer.Sanitize("<img src=\"https://tracker.example/open.gif\" alt=\"logo\">");

        Assert.DoesNotContain(" src=", safe);
        Assert.Contains("data-remote-src=\"https://tracker.example/open.gif\"", safe);
        Assert.Contains("alt=\"logo\"", safe);
    }

    [Fact]
    public void InlineImages_KeepTheirContentId()
    {
        var safe = sanitizer.Sanitize("<img src=\"cid:logo123@mail\">");

        Assert.Contains("data-cid=\"logo123@mail\"", safe);
        Assert.DoesNotContain(" src=", safe);
    }

    [Fact]
    public void OrdinaryFormattingAndLinks_Survive()
    {
        var safe = sanitizer.Sanitize("<p style=\"color: red\"><b>Bold</b> and <a href=\"https://example.com/x\">a link</a></p><table><tr><td>cell</td></tr></table>");

        Assert.Contains("<b>Bold</b>", safe);
        Assert.Contains("style=\"color:", safe);
        Assert.Contains("href=\"https://example.com/x\"", safe);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", safe);
        Assert.Contains("<td>cell</td>", safe);
    }

    [Fact]
    public void QuotedHistory_FoldsAway_WithoutScript()
    {
        var safe = sanitizer.Sanitize("<p>New answer</p><div class=\"gmail_quote\">On Monday Ann wrote:<blockquote>old text</blockquote></div>");

        Assert.StartsWith("<p>New answer</p><details class=\"quoted\"><summary>Show quoted text</summary><div class=\"gmail_quote\">", safe);
        Assert.Equal(1, safe.Split("<details").Length - 1);
    }

    [Theory]
    [InlineData("border-image: url(https://t.example/a.png) 30 round")]
    [InlineData("border-image-source: url('https://t.example/b.png')")]
    [InlineData("mask-image: url(&quot;https://t.example/c.svg&quot;)")]
    public void EveryCssUrl_IsRemoved_AsRemoteContent_WhileTheOtherDeclarationsStay(string fetching)
    {
        var safe = sanitizer.Sanitize($"<div style=\"color: red; {fetching}; font-weight: bold\">x</div>");

        Assert.DoesNotContain("t.example", safe);
        Assert.Contains("color: rgba(255, 0, 0, 1)", safe);
        Assert.Contains("font-weight: bold", safe);
    }
}
