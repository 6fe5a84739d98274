using CommHub.Core.Audit;
using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Search;
using CommHub.Tests.Core.Search;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Contacts;

public sealed class ContactDirectoryTests : ContactDirectoryTestsBase<CommHubFactory>;

public sealed class ContactDirectoryTestsOnPostgres : ContactDirectoryTestsBase<PostgresFactory>;

/// <summary>/contacts' services on a fresh database per test: list and sort, edit, merge (with the search index after it).</summary>
public abstract class ContactDirectoryTestsBase<TFactory> : IAsyncLifetime where TFactory : CommHubFactory, new()
{
    private readonly TFactory factory = new();
    private SearchSeed seed = null!;

    private ContactDirectory Directory => factory.Services.GetRequiredService<ContactDirectory>();
    private ContactProfiles Profiles => factory.Services.GetRequiredService<ContactProfiles>();
    private ContactMerge Merge => factory.Services.GetRequiredService<ContactMerge>();

    public Task InitializeAsync()
    {
        seed = new SearchSeed(factory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task List_SearchesAnyPartOfNameEmailPhoneOrHandle_AndSorts()
    {
        var channel = await seed.ChannelAsync("Bot");
        var zoe = await seed.ContactAsync("Zoë Adams", "zoe@example.com", "+1 555 0100", "@zoe_a");
        var al = await seed.ContactAsync("Al Brown", "al@brown.example");
        var mia = await seed.ContactAsync("Mia Chen");
        await seed.ConversationAsync(channel, mia, "Recent");

        Assert.Equal(["Al Brown", "Mia Chen", "Zoë Adams"], (await Directory.ListAsync(null, ContactSort.Name, 0, 50)).Items.Select(c => c.Name));
        Assert.Equal(["Mia Chen", "Al Brown", "Zoë Adams"], (await Directory.ListAsync(null, ContactSort.Newest, 0, 50)).Items.Select(c => $"{c.Name}"));
        Assert.Equal(mia.Id, (await Directory.ListAsync(null, ContactSort.RecentActivity, 0, 50)).Items[0].Id);
        Assert.Equal([zoe.Id], (await Directory.ListAsync("dams", ContactSort.Name, 0, 50)).Items.Select(c => c.Id));
        Assert.Equal([zoe.Id], (await Directory.ListAsync("ZOE_A", ContactSort.Name, 0, 50)).Items.Select(c => c.Id));
        Assert.Equal([zoe.Id], (await Directory.ListAsync("555 0100", ContactSort.Name, 0, 50)).Items.Select(c => c.Id));
        Assert.Equal([al.Id], (await Directory.ListAsync("brown.example", ContactSort.Name, 0, 50)).Items.Select(c => c.Id));
        Assert.Equal([al.Id], (await Directory.ListAsync("al", ContactSort.Name, 0, 50)).Items.Select(c => c.Id));
        var second = await Directory.ListAsync(null, ContactSort.Name, 1, 2);
        Assert.Equal(3, second.Total);
        Assert.Equal(["Zoë Adams"], second.Items.Select(c => c.Name));
    }

    [Theory]
    [InlineData("", null, null, "Enter the contact's name.")]
    [InlineData("Pat", "not-an-address", null, "“not-an-address” is not an e-mail address (like name@example.com).")]
    [InlineData("Pat", "pat@localhost", null, "“pat@localhost” is not an e-mail address (like name@example.com).")]
    [InlineData("Pat", null, "call me", "Enter the phone number with digits (at least 5), and if you like +, spaces, dashes or brackets.")]
    [InlineData("Pat", null, "12", "Enter the phone number with digits (at least 5), and if you like +, spaces, dashes or brackets.")]
    public async Task Update_RefusesBadDetails_WithASentence(string name, string? email, string? phone, string expected)
    {
        var pat = await seed.ContactAsync("Pat");

        var result = await Profiles.UpdateAsync(pat.Id, new ContactEdit(name, email, phone, null));

        Assert.Equal(expected, result.ErrorText);
        Assert.Equal("Pat", (await Profiles.GetAsync(pat.Id))!.Name);
    }

    [Fact]
    public async Task Update_StoresTrimmedDetails_AndTheContactIsFoundByThem()
    {
        var pat = await seed.ContactAsync("Pat Zed");

        var result = await Profiles.UpdateAsync(pat.Id, new ContactEdit("  Patricia Quinn ", " pq@example.com ", "+44 (0)20 7946-0958", "Prefers e-mail"));

        Assert.True(result.Succeeded, result.ErrorText);
        var profile = (await Profiles.GetAsync(pat.Id))!;
        Assert.Equal(("Patricia Quinn", "pq@example.com", "+44 (0)20 7946-0958", "Prefers e-mail"), (profile.Name, profile.Email, profile.Phone, profile.Notes));
        Assert.Equal([pat.Id], (await Directory.FindAsync("quinn", 5)).Select(c => c.ContactId));
        Assert.Empty(await Directory.FindAsync("zed", 5));
    }

    [Fact]
    public async Task Merge_MovesIdentitiesConversationsAndGroupMessages_KeepsTheSearchIndexRight_AndIsAudited()
    {
        var telegram = await seed.ChannelAsync("Bot");
        var mail = await seed.ChannelAsync("Mail", ChannelKind.Gmail);
        var keep = await seed.ContactAsync("Sam on Telegram", handle: "@samt");
        var other = await seed.ContactAsync("Sam Smith", "sam@example.com", "+1 555 0199");
        await using (var db = await factory.CreateDbAsync())
        {
            db.ContactIdentities.Add(new ContactIdentity { ContactId = other.Id, Kind = IdentityKind.Email, Value = "sam@example.com" });
            await db.SaveChangesAsync();
        }
        var chat = await seed.ConversationAsync(telegram, keep, "Chat", label: "vip");
        var email = await seed.ConversationAsync(mail, other, "Mail thread", label: "billing");
        await seed.MessageAsync(chat, "hello from telegram");
        var mailed = await seed.MessageAsync(email, "the quokka invoice");
        var admin = (await factory.CreateUserAsync("merge.admin@example.com", CommHub.Core.Users.Roles.Admin)).Id;

        var result = await Merge.MergeAsync(keep.Id, other.Id, admin);

        Assert.True(result.Succeeded, result.ErrorText);
        Assert.Equal(new MergeCounts(1, 1, 0), result.Value);
        var profile = (await Profiles.GetAsync(keep.Id))!;
        Assert.Equal(("sam@example.com", "+1 555 0199"), (profile.Email, profile.Phone));
        Assert.Equal(new[] { IdentityKind.Telegram, IdentityKind.Email }, profile.Identities.Select(i => i.Kind));
        Assert.Equal(new[] { chat.Id, email.Id }.Order(), profile.Conversations.Select(c => c.Id).Order());
        Assert.Equal(["billing", "vip"], profile.Labels);
        Assert.Null(await Profiles.GetAsync(other.Id));
        var search = factory.Services.GetRequiredService<SearchService>();
        var found = await search.SearchAsync("quokka", new SearchFilter(ContactId: keep.Id), SearchViewer.Staff(admin));
        Assert.Equal([mailed.Id], found.Messages.Select(m => m.MessageId));
        Assert.Equal("Sam on Telegram", found.Messages[0].ContactName);
        Assert.Equal([keep.Id], (await Directory.FindAsync("sam@example", 5)).Select(c => c.ContactId));
        Assert.Empty(await Directory.FindAsync("Sam Smith", 5));
        var entry = Assert.Single(await factory.Services.GetRequiredService<AuditQuery>().SearchAsync(new AuditFilter(Action: AuditActions.ContactMerged)));
        Assert.Equal(admin, entry.UserId);
        Assert.Equal(keep.Id.ToString(), entry.EntityId);
        Assert.Contains($"merged contact {other.Id} into {keep.Id}", entry.Details);
    }

    [Fact]
    public async Task Merge_RefusesTheSameContact_AMissingOne_AndTwoPortalAccounts()
    {
        var first = await factory.RegisterCustomerAsync("first.portal@example.com", "First");
        var second = await factory.RegisterCustomerAsync("second.portal@example.com", "Second");
        await using var db = await factory.CreateDbAsync();
        var a = await db.ContactIdentities.Where(i => i.Value == first).Select(i => i.ContactId).SingleAsync();
        var b = await db.ContactIdentities.Where(i => i.Value == second).Select(i => i.ContactId).SingleAsync();

        Assert.Equal("Pick two different contacts to merge.", (await Merge.MergeAsync(a, a, null)).ErrorText);
        Assert.Equal("One of the two contacts no longer exists.", (await Merge.MergeAsync(a, 999_999, null)).ErrorText);
        Assert.Equal("Both contacts have a customer portal account. Merging them would show each account the other's requests.",
            (await Merge.MergeAsync(a, b, null)).ErrorText);
        Assert.Equal(2, await db.Contacts.CountAsync(c => c.Id == a || c.Id == b));
    }
}
