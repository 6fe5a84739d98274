using Bunit;
using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using CommHub.Tests.TestSupport;
using CommHub.Infrastructure.Blobs;
using CommHub.Web.Features.Conversations;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Web.Features;

public sealed class ComposerTests : ComponentTestBase
{
    private readonly List<(string Text, bool Note)> sent = [];

    public ComposerTests() => AddAttachmentServices();

    private IRenderedComponent<Composer> RenderComposer(bool allowNotes = true, string? serverError = null) =>
        Render<Composer>(p => p
            .Add(c => c.AllowPrivateNote, allowNotes)
            .Add(c => c.OnSend, message =>
            {
                sent.Add((message.Text, message.PrivateNote));
                return Task.FromResult(serverError);
            }));

    [Fact]
    public async Task Empty_IsRefusedWithAMessage_AndNothingIsSent()
    {
        var composer = RenderComposer();

        await composer.Find("[data-testid=composer-send]").ClickAsync(new());

        Assert.Empty(sent);
        Assert.Contains("Write a message first.", composer.Markup);
    }

    [Fact]
    public async Task OverTheLimit_IsRefusedWithAMessage_AndNothingIsSent()
    {
        var composer = RenderComposer();
        var tooLong = new string('a', MessageRules.MaxLength + 1);

        await composer.Find("textarea").InputAsync(new() { Value = tooLong });
        await composer.Find("[data-testid=composer-send]").ClickAsync(new());

        Assert.Empty(sent);
        Assert.Contains("Messages can be at most 10,000 characters; this one has 10,001.", composer.Markup);
        Assert.Contains("10,001 / 10,000", composer.Find("[data-testid=composer-count]").TextContent);
    }

    [Fact]
    public async Task CtrlEnter_Sends_AndClearsTheBox()
    {
        var composer = RenderComposer();

        await composer.Find("textarea").InputAsync(new() { Value = "Hello there" });
        await composer.Find("textarea").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter", CtrlKey = true });

        Assert.Equal([("Hello there", false)], sent);
        Assert.Equal("", composer.Find("textarea").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task AServerError_IsShown_AndTheTextKept()
    {
        var composer = RenderComposer(serverError: "This conversation is closed.");

        await composer.Find("textarea").InputAsync(new() { Value = "Still there?" });
        await composer.Find("[data-testid=composer-send]").ClickAsync(new());

        Assert.Contains("This conversation is closed.", composer.Markup);
        Assert.Contains("Still there?", composer.Find("textarea").GetAttribute("value") ?? composer.Find("textarea").TextContent);
    }

    [Fact]
    public async Task ASendThatThrows_ShowsAFriendlyMessage_AndKeepsTheText()
    {
        var composer = Render<Composer>(p => p.Add(c => c.OnSend, _ => throw new InvalidOperationException("database is locked")));

        await composer.Find("textarea").InputAsync(new() { Value = "Please call me back" });
        await composer.Find("[data-testid=composer-send]").ClickAsync(new());

        Assert.Contains(Composer.SendFailed, composer.Markup);
        Assert.DoesNotContain("database is locked", composer.Markup);
        Assert.Equal("Please call me back", composer.Find("textarea").GetAttribute("value"));
        Assert.False(composer.Find("[data-testid=composer-send]").HasAttribute("disabled"));
    }

    [Fact]
    public void WithoutNotes_ThereIsNoPrivateNoteSwitch()
    {
        var composer = RenderComposer(allowNotes: false);

        Assert.Empty(composer.FindAll("[data-testid=composer-mode]"));
    }

    [Fact]
    public async Task FilesUploadedButNeverSent_AreDeleted_WhenTheComposerCloses()
    {
        var blobs = UseBlobFolder();
        var composer = RenderComposer();

        composer.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("draft notes", "notes.txt"));
        composer.WaitForAssertion(() => Assert.Single(composer.FindAll("[data-testid=upload][data-state=ready]")));
        Assert.Single(StoredFiles(blobs));

        await DisposeComponentsAsync();

        Assert.Empty(StoredFiles(blobs));
    }

    [Fact]
    public async Task FilesThatWereSent_StayWhenTheComposerCloses()
    {
        var blobs = UseBlobFolder();
        var composer = RenderComposer();

        composer.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("the invoice", "invoice.txt"));
        composer.WaitForAssertion(() => Assert.Single(composer.FindAll("[data-testid=upload][data-state=ready]")));
        await composer.Find("[data-testid=composer-send]").ClickAsync(new());
        Assert.Single(sent);
        await DisposeComponentsAsync();

        Assert.Single(StoredFiles(blobs));
    }

    private string UseBlobFolder()
    {
        var root = Directory.CreateTempSubdirectory("commhub-composer-").FullName;
        Services.AddSingleton<IBlobStore>(new LocalFolderBlobStore(root));
        return root;
    }

    private static string[] StoredFiles(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories);
}
