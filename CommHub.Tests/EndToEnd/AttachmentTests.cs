using CommHub.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class AttachmentTests(BrowserFixture browser)
{
    [Fact]
    public async Task CustomerAttachesImagesAndAPdf_AgentSeesThumbnailsLive_AndThePdfDownloads()
    {
        var customerId = await browser.App.RegisterCustomerAsync("files.customer@example.com", "Fiona Files");
        var id = await browser.App.StartRequestAsync(customerId, "Photos of the damage", "Sending photos next");
        var agent = await browser.NewPageAsync();
        await new LoginPage(agent).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await agent.WaitForURLAsync("**/inbox");
        await agent.GotoAsync($"/inbox/{id}");
        await new AppShell(agent).WaitInteractiveAsync();

        var customer = await browser.NewPageAsync();
        await new LoginPage(customer).SignInAsync("files.customer@example.com", ConversationSeed.CustomerPassword);
        await customer.WaitForURLAsync("**/portal");
        await customer.GotoAsync($"/portal/{id}");
        await new AppShell(customer).WaitInteractiveAsync();
        await customer.Locator("[data-testid=composer-files]").SetInputFilesAsync(
        [
            new FilePayload { Name = "front.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(1200, 900) },
            new FilePayload { Name = "side.png", MimeType = "image/png", Buffer = TestImages.Png(800, 600) },
            new FilePayload { Name = "quote.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray() },
        ]);
        await Expect(customer.Locator("[data-testid=upload][data-state=ready]")).ToHaveCountAsync(3);
        await customer.ClickAsync("[data-testid=composer-send]");
        await Expect(customer.Locator("[data-testid=upload]")).ToHaveCountAsync(0);

        // The agent's open conversation shows both thumbnails once the media jobs finish, without a reload.
        var thumbnails = agent.Locator("[data-testid=attachment-image] img");
        await Expect(thumbnails).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        // Each image is waited for until the browser has loaded it or given up on it; only then is it checked.
        foreach (var thumbnail in await thumbnails.AllAsync())
            Assert.True(await thumbnail.EvaluateAsync<bool>(
                "img => img.complete ? img.naturalWidth > 0 : new Promise(done => { img.addEventListener('load', () => done(img.naturalWidth > 0), { once: true }); img.addEventListener('error', () => done(false), { once: true }); })"),
                "a thumbnail did not load");

        var pdf = agent.Locator("[data-testid=attachment-file]", new() { HasTextString = "quote.pdf" });
        var download = await agent.RunAndWaitForDownloadAsync(() => pdf.ClickAsync());
        Assert.Equal("quote.pdf", download.SuggestedFilename);
        var path = await download.PathAsync();
        Assert.StartsWith("%PDF-1.4", await File.ReadAllTextAsync(path!));
    }

    [Fact]
    public async Task ANewRequest_CanCarryFilesFromTheStart()
    {
        var page = await browser.NewPageAsync();
        var portal = new PortalPage(page);
        await portal.RegisterAsync("Nina New", "nina.new@example.com", "nina's long password");

        await portal.StartRequestAsync("Leak under the sink", "Photo attached.",
            new FilePayload { Name = "sink.jpg", MimeType = "image/jpeg", Buffer = TestImages.Jpeg(1000, 750) });

        await Expect(page.Locator("[data-testid=message-text]")).ToHaveTextAsync("Photo attached.");
        await Expect(page.Locator("[data-testid=attachment-image] img")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task ANewRequestWithoutASubject_IsRefused_AndKeepsItsFiles()
    {
        var page = await browser.NewPageAsync();
        var portal = new PortalPage(page);
        await portal.RegisterAsync("Sam Subjectless", "sam.subjectless@example.com", "sam's long password");

        await page.ClickAsync("[data-testid=new-request]");
        var form = page.Locator("[data-testid=new-request-form]");
        await form.Locator("[data-testid=composer-files]").SetInputFilesAsync(
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "all the details"u8.ToArray() });
        await Expect(form.Locator("[data-testid=upload][data-state=ready]")).ToHaveCountAsync(1);
        await form.Locator("[data-testid=composer-send]").ClickAsync();

        await Expect(form).ToContainTextAsync("Give your request a subject.");
        await Expect(form.Locator("[data-testid=upload][data-state=ready]")).ToHaveCountAsync(1);
        Assert.EndsWith("/portal", page.Url);
    }

    [Fact]
    public async Task FilesDroppedOrPastedOnTheComposer_AreUploaded()
    {
        var customerId = await browser.App.RegisterCustomerAsync("drop.files@example.com");
        var id = await browser.App.StartRequestAsync(customerId, "Dropping files");
        var customer = await browser.NewPageAsync();
        await new LoginPage(customer).SignInAsync("drop.files@example.com", ConversationSeed.CustomerPassword);
        await customer.WaitForURLAsync("**/portal");
        await customer.GotoAsync($"/portal/{id}");
        await new AppShell(customer).WaitInteractiveAsync();

        await customer.Locator("[data-testid=composer]").EvaluateAsync("""
            zone => {
                const drop = new DataTransfer();
                drop.items.add(new File(["dropped text"], "dropped.txt", { type: "text/plain" }));
                zone.dispatchEvent(new DragEvent("drop", { dataTransfer: drop, bubbles: true, cancelable: true }));
            }
            """);
        await Expect(customer.Locator("[data-testid=upload][data-state=ready]")).ToHaveCountAsync(1);
        await customer.Locator("textarea").EvaluateAsync("""
            box => {
                const paste = new DataTransfer();
                paste.items.add(new File(["pasted text"], "pasted.txt", { type: "text/plain" }));
                box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: paste, bubbles: true, cancelable: true }));
            }
            """);

        await Expect(customer.Locator("[data-testid=upload][data-state=ready]")).ToHaveCountAsync(2);
        await customer.ClickAsync("[data-testid=composer-send]");
        await Expect(customer.Locator("[data-testid=attachment-file]")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task ABadFile_GetsItsOwnError_AndTheOthersStillGo()
    {
        var customerId = await browser.App.RegisterCustomerAsync("mixed.files@example.com");
        var id = await browser.App.StartRequestAsync(customerId, "Mixed files");
        var customer = await browser.NewPageAsync();
        await new LoginPage(customer).SignInAsync("mixed.files@example.com", ConversationSeed.CustomerPassword);
        await customer.WaitForURLAsync("**/portal");
        await customer.GotoAsync($"/portal/{id}");
        await new AppShell(customer).WaitInteractiveAsync();

        await customer.Locator("[data-testid=composer-files]").SetInputFilesAsync(
        [
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "all good"u8.ToArray() },
            new FilePayload { Name = "invoice.jpg", MimeType = "image/jpeg", Buffer = "MZ\x90\x00 not really a picture"u8.ToArray() },
        ]);

        await Expect(customer.Locator("[data-testid=upload-error]")).ToHaveTextAsync("“invoice.jpg” is a program; programs cannot be attached.");
        await Expect(customer.Locator("[data-testid=upload][data-state=ready]")).ToHaveCountAsync(1);
        await customer.ClickAsync("[data-testid=composer-send]");
        await Expect(customer.Locator("[data-testid=attachment-file]", new() { HasTextString = "notes.txt" })).ToBeVisibleAsync();
        await Expect(customer.Locator("[data-testid=attachment-file]", new() { HasTextString = "invoice.jpg" })).ToHaveCountAsync(0);
    }
}
