using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

/// <summary>A crew member's project thread on the phone (/crew/{id}).</summary>
public sealed class CrewThreadPage(IPage page)
{
    public ILocator Input => page.Locator("[data-testid=crew-input]");
    public ILocator Notice => page.Locator("[data-testid=crew-notice]");
    public ILocator Pending => page.Locator("[data-testid=pending-message]");
    public ILocator Uploads => page.Locator("[data-testid=upload]");

    public ILocator Message(string text) => page.Locator("[data-testid=message-text]", new() { HasTextString = text });

    public ILocator Messages => page.Locator("[data-testid=message]");

    public async Task OpenAsync(int projectId)
    {
        await page.GotoAsync($"/crew/{projectId}");
        await WaitReadyAsync();
    }

    /// <summary>Waits until crew.js has taken over the composer (it sends with or without the live connection).</summary>
    public async Task WaitReadyAsync()
    {
        await new AppShell(page).WaitInteractiveAsync();
        await Expect(page.Locator("[data-testid=crew-composer][data-crew-ready=true]")).ToBeVisibleAsync();
    }

    public async Task SendAsync(string text)
    {
        await Input.FillAsync(text);
        await page.ClickAsync("[data-testid=crew-send]");
        await Expect(Input).ToHaveValueAsync("");
    }

    public Task ShareLocationAsync() => page.ClickAsync("[data-testid=crew-share-location]");

    public Task ArriveAsync() => page.ClickAsync("[data-testid=crew-arrived]");

    public Task ChoosePhotoFromCameraAsync(string name, byte[] jpeg) =>
        page.Locator("[data-testid=crew-camera]").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "image/jpeg", Buffer = jpeg });
}

/// <summary>The staff's project page (/projects/{id}).</summary>
public sealed class ProjectPageObject(IPage page)
{
    public ILocator Member(string name) => page.Locator("[data-testid=member-row]", new() { HasTextString = name }).Locator("xpath=ancestor::tr");

    public async Task OpenAsync(int projectId)
    {
        await page.GotoAsync($"/projects/{projectId}");
        await new AppShell(page).WaitInteractiveAsync();
        await Expect(page.Locator("[data-testid=project-page]")).ToBeVisibleAsync();
    }

    public async Task AddMemberAsync(string email)
    {
        await page.ClickAsync("[data-testid=member-picker]");
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = email }).ClickAsync();
        await page.ClickAsync("[data-testid=add-member]");
    }

    public async Task RemoveMemberAsync(string name)
    {
        await Member(name).Locator("[data-testid=remove-member]").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
    }
}
