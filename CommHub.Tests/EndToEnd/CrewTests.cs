using System.Text.Json;
using System.Text.RegularExpressions;
using CommHub.Core.Attachments;
using CommHub.Core.Conversations;
using CommHub.Core.Crew;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommHub.Tests.EndToEnd;

/// <summary>The crew portal on a phone-sized Chromium (390 x 844), against the real app.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CrewTests(BrowserFixture browser)
{
    private static readonly Geolocation Oslo = new() { Latitude = 59.9139f, Longitude = 10.7522f, Accuracy = 8 };

    private Task<IPage> PhoneAsync(bool locationAllowed = false) => browser.NewPageAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        Geolocation = Oslo,
        Permissions = locationAllowed ? ["geolocation"] : [],
    });

    private async Task<IPage> SignedInCrewAsync(string email, bool locationAllowed = false)
    {
        var page = await PhoneAsync(locationAllowed);
        await new LoginPage(page).SignInAsync(email, CrewSeed.CrewPassword);
        await page.WaitForURLAsync("**/crew");
        return page;
    }

    private async Task<IPage> SignedInAdminAsync()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);
        await page.WaitForURLAsync("**/inbox");
        return page;
    }

    [Fact]
    public async Task CrewMember_SharesTheirPosition_AndChecksIn_AndTheOfficeSeesWhereTheyAre()
    {
        var project = await browser.App.CreateProjectAsync("Fjord pier", "Pier 4, Oslo", 59.91, 10.75);
        await browser.App.AddCrewAsync(project, "gps.granted@example.com");
        var phone = await SignedInCrewAsync("gps.granted@example.com", locationAllowed: true);
        var thread = new CrewThreadPage(phone);

        await new AppShell(phone).WaitInteractiveAsync();
        await phone.ClickAsync("[data-testid=crew-project]:has-text('Fjord pier')");
        await thread.WaitReadyAsync();
        await thread.ShareLocationAsync();
        await Expect(phone.Locator("[data-testid=message-location]").Last).ToContainTextAsync("59.9139, 10.7522");
        await Expect(phone.Locator("[data-testid=message-accuracy]").Last).ToHaveTextAsync("±8 m");
        await thread.ArriveAsync();
        await Expect(thread.Message("Arrived on site")).ToBeVisibleAsync();
        await Expect(thread.Messages).ToHaveCountAsync(2);

        var office = await SignedInAdminAsync();
        var page = new ProjectPageObject(office);
        await page.OpenAsync(project);
        var member = page.Member("gps.granted");
        await Expect(member.Locator("[data-testid=member-checkin]")).ToContainTextAsync("On site");
        await Expect(member.Locator("[data-testid=member-accuracy]")).ToContainTextAsync("±8 m");
        await Expect(member.Locator("[data-testid=member-map]")).ToHaveAttributeAsync("href", "https://www.openstreetmap.org/?mlat=59.9139&mlon=10.7522#map=17/59.9139/10.7522");

        // The office answers in the thread; the phone shows it live, and the crew's messages get the read ticks.
        await office.ClickAsync("[data-testid=project-thread]");
        // The office has the thread open (and listens to it) before the phone types.
        await Expect(office.Locator("[data-testid=thread-subject]")).ToContainTextAsync("Fjord pier");
        await new AppShell(office).WaitInteractiveAsync();
        await thread.Input.PressSequentiallyAsync("At the");
        await Expect(office.Locator("[data-testid=typing]")).ToContainTextAsync("gps.granted is typing");
        await office.Locator("[data-testid=composer-input] textarea, textarea[data-testid=composer-input]").PressSequentiallyAsync("Thanks");
        await Expect(phone.Locator("[data-testid=typing]")).ToHaveTextAsync("The office is typing…");
        await office.Locator("[data-testid=composer-input] textarea, textarea[data-testid=composer-input]").ClearAsync();
        await new InboxPage(office).ReplyAsync("Thanks, see you at the gate.");
        await Expect(thread.Message("see you at the gate")).ToBeVisibleAsync();
        await Expect(phone.Locator("[data-testid=ticks]").First).ToHaveAttributeAsync("data-status", "read");
    }

    [Fact]
    public async Task LocationRefused_SaysSoClearly_AndACheckInGoesWithoutAPosition()
    {
        var project = await browser.App.CreateProjectAsync("No GPS job");
        await browser.App.AddCrewAsync(project, "gps.denied@example.com");
        var phone = await SignedInCrewAsync("gps.denied@example.com");
        var thread = new CrewThreadPage(phone);
        await thread.OpenAsync(project);

        await thread.ShareLocationAsync();
        await Expect(thread.Notice).ToContainTextAsync("Location is blocked for CommHub. Allow location for this site");
        await Expect(thread.Notice).ToHaveAttributeAsync("data-kind", "error");
        await Expect(thread.Messages).ToHaveCountAsync(0);

        await thread.ArriveAsync();
        await Expect(thread.Message("Arrived on site")).ToBeVisibleAsync();
        await Expect(thread.Notice).ToContainTextAsync("Your check-in was sent without a position.");
        await Expect(phone.Locator("[data-testid=message-location]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task PhotoFromTheCamera_IsScaledDownOnThePhone_AndOriginalQualityKeepsTheFile()
    {
        var project = await browser.App.CreateProjectAsync("Photo job");
        var crew = await browser.App.AddCrewAsync(project, "photo.crew@example.com");
        var phone = await SignedInCrewAsync("photo.crew@example.com");
        var thread = new CrewThreadPage(phone);
        await thread.OpenAsync(project);
        var photo = TestImages.Jpeg(4000, 3000, quality: 92, noise: true);

        await thread.ChoosePhotoFromCameraAsync("IMG_0001.jpg", photo);
        await Expect(phone.Locator("[data-testid=attachments]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(thread.Uploads).ToHaveCountAsync(0);

        var scaled = await StoredFilesAsync(crew, project);
        var first = Assert.Single(scaled);
        Assert.Equal("IMG_0001.jpg", first.FileName);
        // The original is stored as the server received it, byte for byte: its size is what the phone sent.
        Assert.True(first.Size < photo.Length / 2, $"{first.Size:N0} bytes were sent for a {photo.Length:N0}-byte photo.");
        var header = await HeaderAsync(first);
        Assert.Equal((2560, 1920), (header.Width, header.Height));

        await phone.CheckAsync("[data-testid=crew-original]");
        await thread.ChoosePhotoFromCameraAsync("IMG_0002.jpg", photo);
        await Expect(phone.Locator("[data-testid=attachments]")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        var original = (await StoredFilesAsync(crew, project)).Single(f => f.FileName == "IMG_0002.jpg");
        Assert.Equal(photo.Length, original.Size);
    }

    [Fact]
    public async Task UploadCutOffAfterTheServerStoredIt_IsSentAgain_AndArrivesOnce()
    {
        var project = await browser.App.CreateProjectAsync("Flaky signal job");
        var crew = await browser.App.AddCrewAsync(project, "flaky.crew@example.com");
        var phone = await SignedInCrewAsync("flaky.crew@example.com");
        var thread = new CrewThreadPage(phone);
        await thread.OpenAsync(project);
        var tries = 0;
        await phone.RouteAsync("**/crew/api/projects/*/files?**", async route =>
        {
            if (Interlocked.Increment(ref tries) == 1)
            {
                // The server gets the whole photo and stores it, but the answer never reaches the phone.
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }
            await route.ContinueAsync();
        });

        await thread.ChoosePhotoFromCameraAsync("wall.jpg", TestImages.Jpeg(1200, 900));

        await Expect(phone.Locator("[data-testid=attachments]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(thread.Uploads).ToHaveCountAsync(0);
        Assert.True(tries >= 2, $"The photo was sent {tries} time(s).");
        Assert.Single(await StoredFilesAsync(crew, project));
        await Expect(thread.Messages).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task PhotoNotSentWhenTheTabIsClosed_IsSentOnTheNextVisit_Once()
    {
        var project = await browser.App.CreateProjectAsync("Dead zone job");
        var crew = await browser.App.AddCrewAsync(project, "deadzone.crew@example.com");
        var phone = await SignedInCrewAsync("deadzone.crew@example.com");
        var thread = new CrewThreadPage(phone);
        await thread.OpenAsync(project);
        await phone.RouteAsync("**/crew/api/projects/*/files?**", route => route.AbortAsync("internetdisconnected"));

        await thread.ChoosePhotoFromCameraAsync("gate.jpg", TestImages.Jpeg(800, 600));
        await Expect(thread.Uploads).ToHaveAttributeAsync("data-state", "retrying");
        await phone.CloseAsync();

        var again = await phone.Context.NewPageAsync();
        var next = new CrewThreadPage(again);
        await next.OpenAsync(project);
        await Expect(again.Locator("[data-testid=attachments]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(next.Uploads).ToHaveCountAsync(0);
        Assert.Equal("gate.jpg", Assert.Single(await StoredFilesAsync(crew, project)).FileName);
    }

    [Fact]
    public async Task MessageSentWhileOffline_IsKept_AndSentOnceBackOnline_AndADraftSurvivesAReload()
    {
        var project = await browser.App.CreateProjectAsync("Basement job");
        await browser.App.AddCrewAsync(project, "offline.crew@example.com");
        var phone = await PhoneAsync();
        // The live connection goes through here, so the test can cut it as a tunnel or a dead zone would.
        IWebSocketRoute? live = null;
        var dead = false;
        await phone.RouteWebSocketAsync(new Regex("/_blazor"), ws =>
        {
            if (dead)
            {
                _ = ws.CloseAsync();
                return;
            }
            live = ws;
            ws.ConnectToServer();
        });
        await new LoginPage(phone).SignInAsync("offline.crew@example.com", CrewSeed.CrewPassword);
        await phone.WaitForURLAsync("**/crew");
        var thread = new CrewThreadPage(phone);
        await thread.OpenAsync(project);

        await thread.Input.FillAsync("Half-typed before the reload");
        await phone.ReloadAsync();
        await thread.WaitReadyAsync();
        await Expect(thread.Input).ToHaveValueAsync("Half-typed before the reload");

        dead = true;
        await phone.Context.SetOfflineAsync(true);
        await live!.CloseAsync();
        await Expect(phone.Locator("[data-testid=reconnect-banner]")).ToBeVisibleAsync();
        await Expect(phone.Locator("[data-testid=reconnect-banner]")).ToContainTextAsync("Connection lost. Reconnecting");
        await thread.SendAsync("Sent from the basement");
        await Expect(thread.Pending).ToHaveAttributeAsync("data-state", "waiting");
        await Expect(thread.Pending).ToContainTextAsync("waiting for a connection");
        dead = false;
        await phone.Context.SetOfflineAsync(false);

        await Expect(thread.Message("Sent from the basement")).ToBeVisibleAsync(new() { Timeout = 45_000 });
        await Expect(thread.Pending).ToHaveCountAsync(0);
        await Expect(phone.Locator("[data-testid=reconnect-banner]")).ToBeHiddenAsync();
        await using var db = await browser.App.CreateDbAsync();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.Text == "Sent from the basement"));
    }

    [Fact]
    public async Task RemovingAMember_EndsTheirAccess_InTheirOpenPage()
    {
        var project = await browser.App.CreateProjectAsync("Reassigned job");
        var crew = await browser.App.AddCrewAsync(project, "reassigned.crew@example.com");
        await browser.App.CrewPostAsync(crew, project, "On my way");
        var phone = await SignedInCrewAsync("reassigned.crew@example.com");
        var thread = new CrewThreadPage(phone);
        await thread.OpenAsync(project);
        await Expect(thread.Message("On my way")).ToBeVisibleAsync();

        var office = await SignedInAdminAsync();
        var page = new ProjectPageObject(office);
        await page.OpenAsync(project);
        await page.RemoveMemberAsync("reassigned.crew");

        await Expect(phone.Locator("[data-testid=crew-removed]")).ToBeVisibleAsync();
        await Expect(phone.Locator("[data-testid=crew-composer]")).ToHaveCountAsync(0);
        await Expect(phone.Locator("body")).Not.ToContainTextAsync("On my way");
        var post = await phone.APIRequest.PostAsync($"/crew/api/projects/{project}/messages", new()
        {
            Headers = new Dictionary<string, string> { ["X-CommHub-Crew"] = "1" },
            DataObject = new { clientId = Guid.NewGuid(), text = "let me back in" },
        });
        Assert.Equal(404, post.Status);
        await Expect(office.Locator("[data-testid=crew-empty]")).ToBeVisibleAsync();
        await Expect(office.Locator("[data-testid=project-thread]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task AnotherProjectsThreadAndFiles_ByGuessingIds_AreNotFound()
    {
        var theirs = await browser.App.CreateProjectAsync("Somebody else's job");
        var owner = await browser.App.AddCrewAsync(theirs, "owner.guess@example.com");
        var file = await browser.App.Services.GetRequiredService<CrewService>()
            .PostFileAsync(owner, theirs, Guid.NewGuid(), "secret-site.png", new MemoryStream(TestImages.Png(50, 40)), 0);
        var mine = await browser.App.CreateProjectAsync("My own job");
        await browser.App.AddCrewAsync(mine, "guesser@example.com");
        var attachment = (await StoredFilesAsync(owner, theirs)).Single();
        var phone = await SignedInCrewAsync("guesser@example.com");

        await phone.GotoAsync($"/crew/{theirs}");
        await Expect(phone.Locator("[data-testid=not-found]")).ToBeVisibleAsync();
        await Expect(phone.Locator("body")).Not.ToContainTextAsync("Somebody else's job");
        Assert.Equal(404, (await phone.APIRequest.GetAsync($"/files/{attachment.Id}")).Status);
        Assert.Equal(404, (await phone.APIRequest.GetAsync($"/files/{attachment.Id}/original")).Status);
        var post = await phone.APIRequest.PostAsync($"/crew/api/projects/{theirs}/files?clientId={Guid.NewGuid()}&name=x.png", new()
        {
            Headers = new Dictionary<string, string> { ["X-CommHub-Crew"] = "1", ["Content-Type"] = "image/png" },
            DataByte = TestImages.Png(10, 10),
        });
        Assert.Equal(404, post.Status);
        // Without the crew pages' header (a form on another site cannot add it), even their own project refuses.
        var forged = await phone.APIRequest.PostAsync($"/crew/api/projects/{mine}/messages", new() { DataObject = new { clientId = Guid.NewGuid(), text = "forged" } });
        Assert.Equal(400, forged.Status);
        Assert.True(file.Succeeded);
        // The inbox is staff-only: a crew member guessing its address gets no conversation.
        await phone.GotoAsync($"/inbox/{file.Value!.ConversationId}");
        await Expect(phone.Locator("body")).Not.ToContainTextAsync("secret-site.png");
    }

    [Fact]
    public async Task MyProjects_ShowsAnOfficeReplyAsUnread_Live_ActiveProjectsFirst()
    {
        var active = await browser.App.CreateProjectAsync("Live list job");
        var done = await browser.App.CreateProjectAsync("Finished list job");
        var crew = await browser.App.AddCrewAsync(active, "list.crew@example.com");
        await browser.App.AddMemberAsync(done, crew);
        await browser.App.Services.GetRequiredService<CommHub.Core.Projects.ProjectService>().SetArchivedAsync(done, true, null);
        var sent = await browser.App.CrewPostAsync(crew, active, "Which gate do I use?");
        var phone = await SignedInCrewAsync("list.crew@example.com");
        await new AppShell(phone).WaitInteractiveAsync();
        await Expect(phone.Locator("[data-testid=crew-project-name]")).ToHaveTextAsync(["Live list job", "Finished list job"]);

        var agent = await browser.App.CreateUserAsync("list.agent@example.com", CommHub.Core.Users.Roles.Agent);
        var reply = await browser.App.Services.GetRequiredService<ConversationService>().ReplyAsync(sent.ConversationId, agent.Id, "The north gate.");
        Assert.True(reply.Succeeded, reply.ErrorText);

        var row = phone.Locator("[data-testid=crew-project]", new() { HasTextString = "Live list job" });
        await Expect(row.Locator("[data-testid=unread-badge]")).ToHaveTextAsync("1");
        await Expect(row).ToContainTextAsync("The north gate.");
        await row.ClickAsync();
        await new CrewThreadPage(phone).WaitReadyAsync();
        await phone.GotoAsync("/crew");
        await Expect(phone.Locator("[data-testid=crew-project]").First).ToBeVisibleAsync();
        await Expect(phone.Locator("[data-testid=unread-badge]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task CrewPages_FitA360PixelScreen()
    {
        var project = await browser.App.CreateProjectAsync("Narrow screen job with a rather long name for a phone", "Unit 12, The Long Industrial Estate Road, Somewhere");
        var crew = await browser.App.AddCrewAsync(project, "narrow.crew@example.com");
        await browser.App.CrewPostAsync(crew, project, "A long first message that has to wrap on a narrow phone screen without pushing the page sideways at all.",
            new CrewPosition(59.913912345, 10.752212345, 1234.5, null));
        var page = await browser.NewPageAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 360, Height = 740 }, IsMobile = true });
        await new LoginPage(page).SignInAsync("narrow.crew@example.com", CrewSeed.CrewPassword);
        await page.WaitForURLAsync("**/crew");

        foreach (var path in new[] { "/crew", $"/crew/{project}" })
        {
            await page.GotoAsync(path);
            await new AppShell(page).WaitInteractiveAsync();
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 360, $"{path} is {scrollWidth}px wide on a 360px screen");
        }
        await Expect(page.Locator("[data-testid=crew-send]")).ToBeInViewportAsync();
    }

    [Fact]
    public async Task CrewPages_AreInstallable_WithAManifestAndIcons()
    {
        var project = await browser.App.CreateProjectAsync("Installable job");
        await browser.App.AddCrewAsync(project, "install.crew@example.com");
        var phone = await SignedInCrewAsync("install.crew@example.com");

        var href = await phone.Locator("link[rel=manifest]").GetAttributeAsync("href");
        var manifest = await phone.APIRequest.GetAsync("/" + href);
        Assert.Equal(200, manifest.Status);
        using var json = JsonDocument.Parse(await manifest.TextAsync());
        Assert.Equal(("/crew", "standalone"), (json.RootElement.GetProperty("start_url").GetString(), json.RootElement.GetProperty("display").GetString()));
        foreach (var icon in json.RootElement.GetProperty("icons").EnumerateArray())
            Assert.Equal(200, (await phone.APIRequest.GetAsync(icon.GetProperty("src").GetString()!)).Status);
        await Expect(phone.Locator("[data-testid=crew-project]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task StaffInbox_ShowsTheProjectBadge_AndFiltersByProject()
    {
        await browser.App.CreateUserAsync("badge.crew@example.com", CommHub.Core.Users.Roles.Crew, CrewSeed.CrewPassword);
        var office = await SignedInAdminAsync();
        await office.GotoAsync("/projects");
        await new AppShell(office).WaitInteractiveAsync();
        await office.ClickAsync("[data-testid=new-project]");
        var dialog = office.Locator(".mud-dialog");
        await dialog.Locator("[data-testid=project-name-input] input, input[data-testid=project-name-input]").FillAsync("Badge tower");
        await dialog.Locator("[data-testid=project-address] input, input[data-testid=project-address]").FillAsync("7 High Street");
        await dialog.Locator("[data-testid=project-save]").ClickAsync();
        await office.ClickAsync("[data-testid=project-name]:text-is('Badge tower')");
        await Expect(office.Locator("[data-testid=project-page]")).ToBeVisibleAsync();
        var projectId = int.Parse(office.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        await new ProjectPageObject(office).AddMemberAsync("badge.crew@example.com");
        await Expect(office.Locator("[data-testid=member-name]")).ToHaveTextAsync("badge.crew");
        await using (var db = await browser.App.CreateDbAsync())
        {
            var crew = await db.Users.SingleAsync(u => u.Email == "badge.crew@example.com");
            await browser.App.CrewPostAsync(crew.Id, projectId, "Crane arrives at noon");
        }
        var customer = await browser.App.RegisterCustomerAsync("badge.customer@example.com");
        await browser.App.StartRequestAsync(customer, "Not a project", "hello");

        await office.GotoAsync("/inbox");
        await new AppShell(office).WaitInteractiveAsync();
        var row = office.Locator("[data-testid=inbox-row]", new() { HasTextString = "Crane arrives at noon" });
        await Expect(row.Locator("[data-testid=row-project]")).ToHaveTextAsync("Badge tower");
        await office.ClickAsync("[data-testid=filter-project]");
        await office.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "Badge tower" }).ClickAsync();
        await Expect(office.Locator("[data-testid=inbox-row]")).ToHaveCountAsync(1);
        await Expect(row).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Agents_ReadProjects_ButDoNotManageThem()
    {
        var project = await browser.App.CreateProjectAsync("Read-only for agents", "3 Mill Lane");
        await browser.App.AddCrewAsync(project, "agentview.crew@example.com");
        await browser.App.CreateUserAsync("project.reader@example.com", CommHub.Core.Users.Roles.Agent);
        var agent = await browser.NewPageAsync();
        await new LoginPage(agent).SignInAsync("project.reader@example.com", "a long enough password");
        await agent.WaitForURLAsync("**/inbox");

        await agent.GotoAsync("/projects");
        await new AppShell(agent).WaitInteractiveAsync();
        await Expect(agent.Locator("[data-testid=project-name]:text-is('Read-only for agents')")).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=new-project]")).ToHaveCountAsync(0);
        await Expect(agent.Locator("[data-testid=edit-project]")).ToHaveCountAsync(0);
        var page = new ProjectPageObject(agent);
        await page.OpenAsync(project);
        await Expect(page.Member("agentview.crew")).ToBeVisibleAsync();
        await Expect(agent.Locator("[data-testid=remove-member]")).ToHaveCountAsync(0);
        await Expect(agent.Locator("[data-testid=member-picker]")).ToHaveCountAsync(0);
    }

    private async Task<List<Attachment>> StoredFilesAsync(string crewUserId, int projectId)
    {
        await using var db = await browser.App.CreateDbAsync();
        return await db.Attachments.AsNoTracking()
            .Where(a => a.Message!.Conversation!.ProjectId == projectId && a.Message.Direction == MessageDirection.Inbound
                && a.Message.SenderContact!.Identities.Any(i => i.Value == crewUserId))
            .OrderBy(a => a.Id).ToListAsync();
    }

    private async Task<ImageHeader> HeaderAsync(Attachment attachment)
    {
        var blobs = browser.App.Services.GetRequiredService<IBlobStore>();
        await using var stored = (await blobs.OpenReadAsync(attachment.OriginalBlobKey!))!;
        return browser.App.Services.GetRequiredService<IImageProcessor>().ReadHeader(stored);
    }
}
