using CommHub.Core.Attachments;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Crew;
using CommHub.Core.Projects;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Crew;

public sealed class CrewServiceTests(CommHubFactory factory) : CrewServiceTestsBase<CommHubFactory>(factory);

public sealed class CrewServiceTestsOnPostgres(PostgresFactory factory) : CrewServiceTestsBase<PostgresFactory>(factory);

public abstract class CrewServiceTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : CommHubFactory
{
    private CrewService Crew => factory.Services.GetRequiredService<CrewService>();
    private ProjectService Projects => factory.Services.GetRequiredService<ProjectService>();

    [Fact]
    public async Task Post_IsIngestedOnTheCrewChannel_IntoTheMembersThreadOfTheProject()
    {
        var project = await factory.CreateProjectAsync("Harbour bridge repaint");
        var crew = await factory.AddCrewAsync(project, "paula.painter@example.com");

        var first = await factory.CrewPostAsync(crew, project, "Scaffolding is up on the north side.");
        var second = await factory.CrewPostAsync(crew, project, "Starting the primer.");

        Assert.Equal(first.ConversationId, second.ConversationId);
        await using var db = await factory.CreateDbAsync();
        var conversation = await db.Conversations.Include(c => c.Channel).Include(c => c.Contact!.Identities).SingleAsync(c => c.Id == first.ConversationId);
        Assert.Equal((ChannelKind.Crew, project, 2), (conversation.Channel!.Kind, conversation.ProjectId, conversation.AgentUnreadCount));
        Assert.Equal("Harbour bridge repaint · paula.painter", conversation.Subject);
        Assert.Contains(conversation.Contact!.Identities, i => i.Kind == IdentityKind.PortalUser && i.Value == crew);
        var thread = (await Crew.GetProjectAsync(crew, project))!;
        Assert.Equal(["Scaffolding is up on the north side.", "Starting the primer."], thread.Messages.Select(m => m.Text));
        Assert.Equal(first.ConversationId, thread.ConversationId);
    }

    [Fact]
    public async Task Post_SentAgainWithTheSameClientId_IsStoredOnce()
    {
        var project = await factory.CreateProjectAsync("Retry project");
        var crew = await factory.AddCrewAsync(project, "retry.crew@example.com");
        var post = new CrewPost(Guid.NewGuid(), "Sent over a flaky connection");

        var first = await Crew.PostAsync(crew, project, post);
        var again = await Crew.PostAsync(crew, project, post);

        Assert.False(first.Value!.Duplicate);
        Assert.True(again.Value!.Duplicate);
        Assert.Equal(first.Value.MessageId, again.Value.MessageId);
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.Text == "Sent over a flaky connection"));
    }

    [Fact]
    public async Task AnotherProjectsThreadAndFiles_ByGuessingIds_AreNotFound()
    {
        var theirs = await factory.CreateProjectAsync("Their project");
        var owner = await factory.AddCrewAsync(theirs, "owner.crew@example.com");
        var file = await Crew.PostFileAsync(owner, theirs, Guid.NewGuid(), "site.png", new MemoryStream(TestImages.Png(40, 30)), 0);
        Assert.True(file.Succeeded, file.ErrorText);
        var mine = await factory.CreateProjectAsync("My project");
        var guesser = await factory.AddCrewAsync(mine, "guessing.crew@example.com");
        await using var db = await factory.CreateDbAsync();
        var attachment = await db.Attachments.SingleAsync(a => a.MessageId == file.Value!.MessageId);

        Assert.Null(await Crew.GetProjectAsync(guesser, theirs));
        Assert.False((await Crew.PostAsync(guesser, theirs, new CrewPost(Guid.NewGuid(), "hello?"))).Succeeded);
        Assert.DoesNotContain(await Crew.ListProjectsAsync(guesser), p => p.Id == theirs);
        var attachments = factory.Services.GetRequiredService<AttachmentService>();
        Assert.Null(await attachments.OpenAsync(attachment.Id, FileVariant.Original, guesser, isStaff: false));
        Assert.NotNull(await attachments.OpenAsync(attachment.Id, FileVariant.Original, owner, isStaff: false));
    }

    [Fact]
    public async Task RemovedMember_LosesTheThreadAndItsFiles_AtOnce_WhileTheOfficeKeepsThem()
    {
        var project = await factory.CreateProjectAsync("Removal project");
        var crew = await factory.AddCrewAsync(project, "removed.crew@example.com");
        var file = await Crew.PostFileAsync(crew, project, Guid.NewGuid(), "wall.png", new MemoryStream(TestImages.Png(40, 30)), 0);
        await using var db = await factory.CreateDbAsync();
        var attachment = await db.Attachments.SingleAsync(a => a.MessageId == file.Value!.MessageId);
        var events = new List<ProjectEvent>();
        using var _ = factory.Services.GetRequiredService<ProjectNotifier>().Subscribe(e =>
        {
            lock (events) events.Add(e);
            return Task.CompletedTask;
        });

        Assert.True((await Projects.RemoveMemberAsync(project, crew, actingUserId: null)).Succeeded);

        Assert.Null(await Crew.GetProjectAsync(crew, project));
        Assert.Empty(await Crew.ListProjectsAsync(crew));
        var refused = await Crew.PostAsync(crew, project, new CrewPost(Guid.NewGuid(), "still here?"));
        Assert.Equal("This project was not found among yours.", refused.ErrorText);
        var attachments = factory.Services.GetRequiredService<AttachmentService>();
        Assert.Null(await attachments.OpenAsync(attachment.Id, FileVariant.Original, crew, isStaff: false));
        Assert.NotNull(await attachments.OpenAsync(attachment.Id, FileVariant.Original, "", isStaff: true));
        Assert.True(await db.Conversations.AnyAsync(c => c.Id == file.Value!.ConversationId && c.ProjectId == project));
        await WaitUntilAsync(() => { lock (events) return events.Contains(new ProjectEvent(project, crew)); });
    }

    [Fact]
    public async Task PositionAndCheckIn_AreStoredAsFields_AndShowOnTheProjectPage()
    {
        var project = await factory.CreateProjectAsync("Located project");
        var crew = await factory.AddCrewAsync(project, "located.crew@example.com");
        var takenAt = new DateTime(2026, 12, 4, 9, 30, 0, DateTimeKind.Utc);

        var sent = await Crew.PostAsync(crew, project, new CrewPost(Guid.NewGuid(), null, new CrewPosition(59.9139, 10.7522, 12.4, takenAt), CheckInKind.Arrived));

        Assert.True(sent.Succeeded, sent.ErrorText);
        await using var db = await factory.CreateDbAsync();
        var message = await db.Messages.SingleAsync(m => m.Id == sent.Value!.MessageId);
        Assert.Equal((59.9139, 10.7522, 12.4, takenAt, CheckInKind.Arrived), (message.Latitude, message.Longitude, message.LocationAccuracy, message.LocationAt, message.CheckIn));
        Assert.Equal("✅ Arrived on site (±12 m)", message.Text);
        var member = Assert.Single((await factory.Services.GetRequiredService<ProjectQueries>().GetAsync(project))!.Members);
        Assert.Equal(new MessageLocation(59.9139, 10.7522, 12.4, takenAt), member.LastLocation);
        Assert.Equal(CheckInKind.Arrived, member.CheckIn!.Kind);
        var shown = Assert.Single((await Crew.GetProjectAsync(crew, project))!.Messages);
        Assert.Equal((12.4, CheckInKind.Arrived), (shown.Location!.Accuracy, shown.CheckIn));
    }

    [Theory]
    [InlineData(91, 0, "The position is not a place on Earth; try sharing it again.")]
    [InlineData(0, 181, "The position is not a place on Earth; try sharing it again.")]
    public async Task Post_WithAPositionOffTheEarth_IsRefused(double latitude, double longitude, string error)
    {
        var project = await factory.CreateProjectAsync($"Off the earth {latitude} {longitude}");
        var crew = await factory.AddCrewAsync(project, $"off.{latitude}.{longitude}@example.com");

        var sent = await Crew.PostAsync(crew, project, new CrewPost(Guid.NewGuid(), null, new CrewPosition(latitude, longitude, 5, null)));

        Assert.Equal(error, sent.ErrorText);
    }

    [Fact]
    public async Task PostFile_RetriedAfterItWasStored_IsNotReadAgain_AndStoresNothing()
    {
        var project = await factory.CreateProjectAsync("Upload retry project");
        var crew = await factory.AddCrewAsync(project, "upload.retry@example.com");
        var clientId = Guid.NewGuid();
        var first = await Crew.PostFileAsync(crew, project, clientId, "north.png", new MemoryStream(TestImages.Png(64, 48)), 0);

        var again = await Crew.PostFileAsync(crew, project, clientId, "north.png", new UnreadableStream(), 0);

        Assert.True(again.Value!.Duplicate);
        Assert.Equal(first.Value!.MessageId, again.Value.MessageId);
        await using var db = await factory.CreateDbAsync();
        Assert.Equal(1, await db.Attachments.CountAsync(a => a.Message!.ConversationId == first.Value.ConversationId));
    }

    [Fact]
    public async Task ArchivedProject_StaysReadable_ButTakesNoMessages()
    {
        var project = await factory.CreateProjectAsync("Finished job");
        var crew = await factory.AddCrewAsync(project, "finished.crew@example.com");
        await factory.CrewPostAsync(crew, project, "All done");

        Assert.True((await Projects.SetArchivedAsync(project, true, actingUserId: null)).Succeeded);

        var shown = (await Crew.GetProjectAsync(crew, project))!;
        Assert.False(shown.CanPost);
        Assert.Single(shown.Messages);
        var refused = await Crew.PostAsync(crew, project, new CrewPost(Guid.NewGuid(), "one more"));
        Assert.Equal("This project is archived; it takes no new messages.", refused.ErrorText);
    }

    [Fact]
    public async Task OfficeReply_IsUnreadForTheCrew_UntilTheyOpenTheThread()
    {
        var project = await factory.CreateProjectAsync("Unread project");
        var crew = await factory.AddCrewAsync(project, "unread.crew@example.com");
        var sent = await factory.CrewPostAsync(crew, project, "Need more paint");
        var admin = await factory.CreateUserAsync("unread.agent@example.com", CommHub.Core.Users.Roles.Agent);

        var conversations = factory.Services.GetRequiredService<ConversationService>();
        var reply = await conversations.ReplyAsync(sent.ConversationId, admin.Id, "Two buckets on the way");
        Assert.True(reply.Succeeded, reply.ErrorText);
        Assert.True((await conversations.ReplyAsync(sent.ConversationId, admin.Id, "They always ask for more", privateNote: true)).Succeeded);
        Assert.DoesNotContain((await Crew.GetProjectAsync(crew, project))!.Messages, m => m.IsPrivateNote || m.Text.Contains("always ask"));

        Assert.Equal(1, Assert.Single(await Crew.ListProjectsAsync(crew)).UnreadCount);
        await Crew.MarkReadAsync(crew, project);
        Assert.Equal(0, Assert.Single(await Crew.ListProjectsAsync(crew)).UnreadCount);
        Assert.Equal(DeliveryStatus.Read, (await Crew.GetProjectAsync(crew, project))!.Messages[^1].DeliveryStatus);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "The condition was not met within 10 seconds.");
            await Task.Delay(20);
        }
    }

    /// <summary>A request body that must not be read: reading it fails the test.</summary>
    private sealed class UnreadableStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The retry's body was read.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The retry's body was read.");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The retry's body was read.");
    }
}
