using Bunit;
using CommHub.Core.Conversations;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Conversations;

namespace CommHub.Tests.Web.Features;

public sealed class ComposerEmailTests : ComponentTestBase
{
    private readonly List<ComposerMessage> sent = [];

    public ComposerEmailTests() => AddAttachmentServices();

    private IRenderedComponent<Composer> RenderComposer(bool email) =>
        Render<Composer>(p => p
            .Add(c => c.AllowPrivateNote, true)
            .Add(c => c.EmailFields, email)
            .Add(c => c.OnSend, message =>
            {
                sent.Add(message);
                return Task.FromResult<string?>(null);
            }));

    [Fact]
    public async Task ABadCcAddress_IsShownAtTheField_AndNothingIsSent_ThenAGoodOneIsSent()
    {
        var composer = RenderComposer(email: true);
        await composer.Find("[data-testid=composer-show-copies]").ClickAsync(new());
        await composer.Find("textarea").InputAsync(new() { Value = "Hello" });

        await composer.Find("input[data-testid=composer-cc]").ChangeAsync(new() { Value = "boss@example.com, nonsense" });
        await composer.Find("[data-testid=composer-send]").ClickAsync(new());

        Assert.Empty(sent);
        Assert.Contains("“nonsense” in Cc is not an email address (like name@example.com).", composer.Markup);

        await composer.Find("input[data-testid=composer-cc]").ChangeAsync(new() { Value = "boss@example.com" });
        await composer.Find("input[data-testid=composer-bcc]").ChangeAsync(new() { Value = "audit@example.com" });
        await composer.Find("[data-testid=composer-send]").ClickAsync(new());

        var message = Assert.Single(sent);
        Assert.Equal(new EmailCopies("boss@example.com", "audit@example.com"), message.Copies);
        Assert.Empty(composer.FindAll("[data-testid=composer-copies]"));
    }

    [Fact]
    public void OutsideEmail_ThereIsNoCcOrBcc()
    {
        var composer = RenderComposer(email: false);

        Assert.Empty(composer.FindAll("[data-testid=composer-show-copies]"));
    }
}
