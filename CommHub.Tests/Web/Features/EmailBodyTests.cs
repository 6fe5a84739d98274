using Bunit;
using CommHub.Infrastructure.Email;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Conversations;

namespace CommHub.Tests.Web.Features;

public sealed class EmailBodyTests : ComponentTestBase
{
    private static readonly string Html = new EmailHtmlSanitizer().Sanitize(
        "<p>Hello</p><img src=\"https://tracker.example/open.gif\"><script>alert(1)</script>");

    [Fact]
    public void TheMail_IsInASandboxWithoutScriptsOrTheAppsOrigin_LinksMayOpenATab_AndRemoteImagesStayBlocked()
    {
        var body = Render<EmailBody>(p => p.Add(b => b.Html, Html));

        var frame = body.Find("[data-testid=email-frame]");
        // Only popups (a clicked link opens a new tab, outside the sandbox); never allow-scripts or allow-same-origin.
        Assert.Equal("allow-popups allow-popups-to-escape-sandbox", frame.GetAttribute("sandbox"));
        var document = frame.GetAttribute("srcdoc")!;
        Assert.Contains("<p>Hello</p>", document);
        Assert.DoesNotMatch("(?<![-\\w])src=\"https://tracker", document);
        Assert.DoesNotContain("<script", document);
        Assert.Single(body.FindAll("[data-testid=show-images]"));
    }

    [Fact]
    public async Task ShowImages_LoadsThem_OnlyWhenAsked()
    {
        var body = Render<EmailBody>(p => p.Add(b => b.Html, Html));

        await body.Find("[data-testid=show-images]").ClickAsync(new());

        Assert.Matches("(?<![-\\w])src=\"https://tracker.example/open.gif\"", body.Find("[data-testid=email-frame]").GetAttribute("srcdoc"));
        Assert.Empty(body.FindAll("[data-testid=show-images]"));
    }
}
