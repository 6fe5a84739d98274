using Bunit;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Conversations;

namespace CommHub.Tests.Web.Features;

public sealed class TemplatePickerInComposerTests : ComponentTestBase
{
    public TemplatePickerInComposerTests() => AddAttachmentServices();

    [Fact]
    public async Task WithoutAConversationForTemplates_TypingSlash_OffersNoTemplates()
    {
        // The customer portal's composer: templates are for staff only.
        var composer = Render<Composer>(p => p.Add(c => c.OnSend, _ => Task.FromResult<string?>(null)));

        await composer.Find("textarea").InputAsync(new() { Value = "/thanks" });

        Assert.Empty(composer.FindAll("[data-testid=template-picker]"));
    }
}
