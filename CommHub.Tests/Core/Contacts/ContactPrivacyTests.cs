using System.IO.Compression;
using System.Net;
using System.Text.Json;
using CommHub.Core.Audit;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Ingest;
using CommHub.Tests.Core.Retention;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Contacts;

/// <summary>Export (GDPR 15/20) and erasure (GDPR 17) of one contact, with a private chat, a group chat and a bystander.</summary>
public abstract class ContactPrivacyScenarios<TFactory> : IAsyncLifetime where TFactory : CommHubFactory, new()
{
    private static readonly DateTime At = new(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
    private readonly TFactory factory = new();
    private World world = default!;

    private sealed record World(int Ann, int AnnChat, int Group, int BobMessage, int AnnGroupMessage, int CarolChat,
        IReadOnlyList<string> AnnKeys, IReadOnlyList<string> OtherKeys);

    public async Task InitializeAsync()
    {
        factory.StopSweeps();
        var seed = new RetentionSeed(factory);
        var channel = await seed.ChannelAsync(retentionDays: null);
        var ingest = factory.Services.GetRequiredService<IngestService>();
        InboundSender Person(string id, string name) => new(CommHub.Core.Contacts.IdentityKind.Telegram, id, name, "@" + name.ToLowerInvariant());
        var group = new InboundSender(CommHub.Core.Contacts.IdentityKind.Telegram, "-100777", "Site crew");

        var annPrivate = await ingest.IngestAsync(new InboundMessage(channel.Id, "ann:1", "ann", null, Person("701", "Ann"), "Ann's private question", At));
        var bob = await ingest.IngestAsync(new InboundMessage(channel.Id, "grp:1", "grp", "Site crew", Person("702", "Bob"), "Bob's group line", At, Chat: group));
        var annGroup = await ingest.IngestAsync(new InboundMessage(channel.Id, "grp:2", "grp", "Site crew", Person("701", "Ann"), "Ann's group line", At.AddMinutes(1), Chat: group));
        var carol = await ingest.IngestAsync(new InboundMessage(channel.Id, "carol:1", "carol", null, Person("703", "Carol"), "Carol's secret", At));
        var admin = await AdminIdAsync();
        var conversations = factory.Services.GetRequiredService<ConversationService>();
        Assert.True((await conversations.ReplyAsync(annPrivate.ConversationId, admin, "Our answer to Ann")).Succeeded);
        Assert.True((await conversations.ReplyAsync(annPrivate.ConversationId, admin, "Staff-only note", privateNote: true)).Succeeded);

        var annFiles = new[] { await seed.AttachAsync(annPrivate.MessageId, "ann-photo.jpg"), await seed.AttachAsync(annGroup.MessageId, "ann-group.jpg") };
        var otherFiles = new[] { await seed.AttachAsync(bob.MessageId, "bob.jpg"), await seed.AttachAsync(carol.MessageId, "carol.jpg") };
        await using var db = await factory.CreateDbAsync();
        var ann = await db.ContactIdentities.Where(i => i.Value == "701").Select(i => i.ContactId).SingleAsync();
        world = new World(ann, annPrivate.ConversationId, bob.ConversationId, bob.MessageId, annGroup.MessageId, carol.ConversationId,
            annFiles.SelectMany(RetentionSeed.Keys).ToList(), otherFiles.SelectMany(RetentionSeed.Keys).ToList());
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<string> AdminIdAsync()
    {
        await using var db = await factory.CreateDbAsync();
        return await db.Users.Where(u => u.Email == CommHubFactory.AdminEmail).Select(u => u.Id).SingleAsync();
    }

    [Fact]
    public async Task Export_IsAZipWithEverythingOfTheContact_AndNothingOfOthers()
    {
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(CommHubFactory.AdminEmail, CommHubFactory.AdminPassword);

        var response = await client.GetAsync($"/admin/contacts/{world.Ann}/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var json = await new StreamReader(zip.GetEntry("contact.json")!.Open()).ReadToEndAsync();
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("Ann", root.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal("701", Assert.Single(root.GetProperty("identities").EnumerateArray()).GetProperty("value").GetString());
        var texts = root.GetProperty("conversations").EnumerateArray()
            .SelectMany(c => c.GetProperty("messages").EnumerateArray()).Select(m => m.GetProperty("text").GetString()).Order().ToList();
        Assert.Equal(["Ann's group line", "Ann's private question", "Our answer to Ann"], texts);
        Assert.DoesNotContain("Bob", json);
        Assert.DoesNotContain("Carol", json);
        Assert.DoesNotContain("Staff-only note", json);
        var files = zip.Entries.Where(e => e.FullName.StartsWith("files/", StringComparison.Ordinal)).Select(e => e.FullName).Order().ToList();
        Assert.Equal(2, files.Count);
        Assert.Contains(files, f => f.EndsWith("-ann-photo.jpg", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("-ann-group.jpg", StringComparison.Ordinal));
        Assert.Equal(3, zip.GetEntry(files[0])!.Length);
        await using var db = await factory.CreateDbAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.ContactExported);
        Assert.Equal(world.Ann.ToString(), entry.EntityId);
        Assert.Equal("conversations=2, messages=3, files=2", entry.Details);
    }

    [Fact]
    public async Task Erase_DeletesTheContactsChatsAndFiles_LeavesGroupMessagesOfOthers_AndANewMessageMakesANewContact()
    {
        var erasure = factory.Services.GetRequiredService<ContactErasure>();
        var admin = await AdminIdAsync();
        Assert.Equal("Type the contact's name exactly as shown (Ann) to confirm.", (await erasure.EraseAsync(world.Ann, "ann", admin)).ErrorText);

        var result = await erasure.EraseAsync(world.Ann, "Ann", admin);

        Assert.True(result.Succeeded, result.ErrorText);
        Assert.Equal(new ErasureCounts(Messages: 3, Files: 2, Conversations: 1, Identities: 1, ErasedInGroups: 1), result.Value);
        var blobs = new RetentionSeed(factory).Blobs;
        foreach (var key in world.AnnKeys) Assert.False(await blobs.ExistsAsync(key), key);
        foreach (var key in world.OtherKeys) Assert.True(await blobs.ExistsAsync(key), key);
        await using (var db = await factory.CreateDbAsync())
        {
            Assert.False(await db.Contacts.AnyAsync(c => c.Id == world.Ann));
            Assert.False(await db.ContactIdentities.AnyAsync(i => i.Value == "701"));
            Assert.False(await db.Conversations.AnyAsync(c => c.Id == world.AnnChat));
            Assert.Equal("Bob's group line", (await db.Messages.SingleAsync(m => m.Id == world.BobMessage)).Text);
            var erased = await db.Messages.Include(m => m.Attachments).SingleAsync(m => m.Id == world.AnnGroupMessage);
            Assert.Equal(("", (string?)null, (int?)null), (erased.Text, erased.SenderName, erased.SenderContactId));
            Assert.NotNull(erased.ErasedAt);
            Assert.Empty(erased.Attachments);
            Assert.Equal(ContactErasure.ErasedText, (await db.Conversations.SingleAsync(c => c.Id == world.Group)).LastMessagePreview);
            Assert.True(await db.Conversations.AnyAsync(c => c.Id == world.CarolChat));
            var entry = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.ContactErased);
            Assert.Equal((admin, world.Ann.ToString()), (entry.UserId, entry.EntityId));
            Assert.DoesNotContain("Ann", entry.Details);
            Assert.Empty(await db.PendingBlobDeletes.ToListAsync());
        }
        var thread = await factory.Services.GetRequiredService<ConversationService>().GetThreadAsync(world.Group);
        Assert.True(thread!.Messages.Single(m => m.Id == world.AnnGroupMessage).Erased);

        var channel = await ChannelOfAsync(world.Group);
        var again = await factory.Services.GetRequiredService<IngestService>().IngestAsync(new InboundMessage(channel, "ann:9", "ann", null,
            new InboundSender(CommHub.Core.Contacts.IdentityKind.Telegram, "701", "Ann"), "I'm back", At.AddDays(1)));
        await using var check = await factory.CreateDbAsync();
        var newContact = await check.ContactIdentities.Where(i => i.Value == "701").Select(i => i.ContactId).SingleAsync();
        Assert.NotEqual(world.Ann, newContact);
        Assert.NotEqual(world.AnnChat, again.ConversationId);
    }

    [Fact]
    public async Task Erase_IsRefused_WhileAConversationOfTheContactIsOnLegalHold()
    {
        Assert.True((await factory.Services.GetRequiredService<CommHub.Core.Retention.LegalHolds>().SetAsync(world.Group, true, null)).Succeeded);

        var result = await factory.Services.GetRequiredService<ContactErasure>().EraseAsync(world.Ann, "Ann", null);

        Assert.Equal("1 of this contact's conversation(s) are on legal hold. Lift the hold first, or keep the data.", result.ErrorText);
        await using var db = await factory.CreateDbAsync();
        Assert.True(await db.Contacts.AnyAsync(c => c.Id == world.Ann));
    }

    private async Task<int> ChannelOfAsync(int conversationId)
    {
        await using var db = await factory.CreateDbAsync();
        return await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.ChannelId).SingleAsync();
    }
}

public sealed class ContactPrivacySqliteTests : ContactPrivacyScenarios<CommHubFactory>;

public sealed class ContactPrivacyPostgresTests : ContactPrivacyScenarios<PostgresFactory>;
