using CommHub.Core.Channels;
using CommHub.Core.Contacts;
using CommHub.Core.Conversations;
using CommHub.Core.Search;
using CommHub.Core.Users;
using CommHub.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Search;

public sealed class SearchServiceTests(SearchServiceTests.Factory factory) : SearchServiceTestsBase<SearchServiceTests.Factory>(factory)
{
    public sealed class Factory : SearchFactory;
}

public sealed class SearchServiceTestsOnPostgres(SearchServiceTestsOnPostgres.Factory factory) : SearchServiceTestsBase<SearchServiceTestsOnPostgres.Factory>(factory)
{
    public sealed class Factory : SearchFactory
    {
        public Factory() => UsePostgres();
    }
}

/// <summary>The app on a real database with one small world to search, seeded once per test class.</summary>
public abstract class SearchFactory : CommHubFactory
{
    internal SearchWorld? World { get; set; }
}

internal sealed record SearchWorld(
    string AgentId, string CustomerId, string OtherCustomerId, Channel Telegram, Channel Mail, Contact Pat, Contact Kim,
    Conversation Refund, Conversation Delivery, Conversation KimOwn, Message Twice, Message Once, Message Note, Message Invoice, Message Reply);

public abstract class SearchServiceTestsBase<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime where TFactory : SearchFactory
{
    private SearchWorld world = null!;

    private SearchService Search => factory.Services.GetRequiredService<SearchService>();

    private SearchViewer Staff => SearchViewer.Staff(world.AgentId);

    public async Task InitializeAsync() => world = factory.World ??= await SeedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<SearchWorld> SeedAsync()
    {
        var seed = new SearchSeed(factory);
        var agentId = (await factory.CreateUserAsync("search.agent@example.com", Roles.Agent)).Id;
        var customerId = await factory.RegisterCustomerAsync("pat.customer@example.com", "Pat Portal");
        var otherCustomerId = await factory.RegisterCustomerAsync("kim.customer@example.com", "Kim Portal");
        var telegram = await seed.ChannelAsync("Support bot");
        var mail = await seed.ChannelAsync("Sales mailbox", ChannelKind.Gmail);
        var pat = await seed.ContactAsync("Pat Quigley", "pat.quigley@example.com", "+44 20 7946 0958", "@patq", customerId);
        var kim = await seed.ContactAsync("Kim Østergaard", "kim@example.org", portalUserId: otherCustomerId);
        var refund = await seed.ConversationAsync(telegram, pat, "Refund for order 1042", assigneeId: agentId, label: "billing");
        var delivery = await seed.ConversationAsync(mail, pat, "Parcel questions", ConversationStatus.Resolved);
        var kimOwn = await seed.ConversationAsync(telegram, kim, "Kim's request");
        var twice = await seed.MessageAsync(refund, "Refund please, the refund was promised", minutes: 1);
        var once = await seed.MessageAsync(delivery, "I asked about a refund in a very long message about parcels, couriers, depots, weather and the many other things that make a delivery late", minutes: 2);
        var note = await seed.MessageAsync(refund, "Private: the customer was refunded twice before, watch out for fraudulent refund claims", minutes: 3, note: true);
        var invoice = await seed.MessageAsync(delivery, "Here is the document", minutes: 4, direction: MessageDirection.Outbound, file: "invoice-march.pdf");
        var reply = await seed.MessageAsync(delivery, "Your parcel is with the courier", minutes: 5, direction: MessageDirection.Outbound);
        await seed.MessageAsync(kimOwn, "Where is my refund? Kim", minutes: 6);
        return new SearchWorld(agentId, customerId, otherCustomerId, telegram, mail, pat, kim, refund, delivery, kimOwn, twice, once, note, invoice, reply);
    }

    [Fact]
    public async Task Ranking_PutsTheShortMessageWithTheWordTwiceFirst_AndSnippetsMarkTheWord()
    {
        var results = await Search.SearchAsync("refund", new SearchFilter(Kind: SearchKind.Customer), Staff);

        Assert.Equal(world.Twice.Id, results.Messages[0].MessageId);
        Assert.Contains(world.Once.Id, results.Messages.Select(m => m.MessageId));
        var snippet = results.Messages[0].Snippet;
        Assert.Equal(["Refund", "refund"], snippet.Where(p => p.Match).Select(p => p.Text));
        Assert.Equal("Refund please, the refund was promised", string.Concat(snippet.Select(p => p.Text)));
        var longer = results.Messages.Single(m => m.MessageId == world.Once.Id);
        Assert.Equal("Refund for order 1042", results.Messages[0].Subject);
        Assert.Equal("Pat Quigley", longer.ContactName);
        Assert.Equal("Sales mailbox", longer.ChannelName);
        Assert.Equal(SearchSeed.Start.AddMinutes(2), longer.CreatedAt);
    }

    [Fact]
    public async Task Words_AreWholeWords_AllRequired_CaseAndAccentsIgnored()
    {
        Assert.Single((await Search.SearchAsync("COURIER parcel", new SearchFilter(Kind: SearchKind.Staff), Staff)).Messages);
        Assert.Empty((await Search.SearchAsync("courier refund", new SearchFilter(Kind: SearchKind.Staff), Staff)).Messages);
        // "refunded" is another word than "refund": only the note has it.
        Assert.Equal([world.Note.Id], (await Search.SearchAsync("refunded", new SearchFilter(), Staff)).Messages.Select(m => m.MessageId));
    }

    [Fact]
    public async Task Subjects_FileNames_AndContacts_AreFound()
    {
        var subject = await Search.SearchAsync("parcel questions", new SearchFilter(), Staff);
        Assert.Equal([world.Delivery.Id], subject.Conversations.Select(c => c.ConversationId));
        Assert.Equal(["Parcel", "questions"], subject.Conversations[0].Subject.Where(p => p.Match).Select(p => p.Text));

        var file = await Search.SearchAsync("invoice", new SearchFilter(), Staff);
        var hit = Assert.Single(file.Messages);
        Assert.Equal(world.Invoice.Id, hit.MessageId);
        Assert.Equal(["invoice-march.pdf"], hit.FileNames);

        Assert.Equal([world.Pat.Id], (await Search.SearchAsync("@patq", new SearchFilter(), Staff)).Contacts.Select(c => c.ContactId));
        Assert.Equal([world.Pat.Id], (await Search.SearchAsync("pat.quigley@example.com", new SearchFilter(), Staff)).Contacts.Select(c => c.ContactId));
        Assert.Equal([world.Pat.Id], (await Search.SearchAsync("7946", new SearchFilter(), Staff)).Contacts.Select(c => c.ContactId));
        Assert.Equal([world.Kim.Id], (await Search.SearchAsync("KIM@EXAMPLE", new SearchFilter(), Staff)).Contacts.Select(c => c.ContactId));
    }

    [Fact]
    public async Task Filters_NarrowTheMessages()
    {
        async Task<int[]> Ids(string text, SearchFilter filter) =>
            (await Search.SearchAsync(text, filter, Staff)).Messages.Select(m => m.MessageId).Order().ToArray();

        var allRefunds = await Ids("refund", new SearchFilter());
        Assert.Equal(4, allRefunds.Length);
        Assert.Equal([world.Twice.Id, world.Note.Id], await Ids("refund", new SearchFilter(ChannelId: world.Telegram.Id, ContactId: world.Pat.Id)));
        Assert.Equal([world.Once.Id], await Ids("refund", new SearchFilter(Status: ConversationStatus.Resolved)));
        Assert.Equal([world.Twice.Id, world.Note.Id], await Ids("refund", new SearchFilter(Assignee: AssigneeFilter.Me)));
        Assert.Equal(2, (await Ids("refund", new SearchFilter(Assignee: AssigneeFilter.Unassigned))).Length);
        Assert.Equal([world.Twice.Id, world.Note.Id], await Ids("refund", new SearchFilter(Label: "Billing")));
        Assert.Equal([world.Note.Id], await Ids("refund", new SearchFilter(Kind: SearchKind.PrivateNote)));
        Assert.Equal([world.Reply.Id], await Ids("parcel", new SearchFilter(Kind: SearchKind.Staff)));
        Assert.Equal([world.Invoice.Id], await Ids("document", new SearchFilter(HasFiles: true)));
        Assert.Empty(await Ids("parcel", new SearchFilter(HasFiles: true)));
        var from = SearchSeed.Start.AddMinutes(2);
        Assert.Equal([world.Once.Id, world.Note.Id], await Ids("refund", new SearchFilter(From: from, To: from.AddMinutes(2))));
    }

    [Fact]
    public async Task Customers_FindOnlyTheirOwnConversations_AndNeverPrivateNotes()
    {
        var pat = await Search.SearchAsync("refund", new SearchFilter(), SearchViewer.Customer(world.CustomerId));
        var kim = await Search.SearchAsync("refund", new SearchFilter(), SearchViewer.Customer(world.OtherCustomerId));
        var staff = await Search.SearchAsync("fraudulent", new SearchFilter(), Staff);

        Assert.Equal(new[] { world.Twice.Id, world.Once.Id }.Order(), pat.Messages.Select(m => m.MessageId).Order());
        Assert.All(kim.Messages, m => Assert.Equal(world.KimOwn.Id, m.ConversationId));
        Assert.Single(kim.Messages);
        Assert.Empty(pat.Contacts);
        Assert.Empty((await Search.SearchAsync("fraudulent", new SearchFilter(), SearchViewer.Customer(world.CustomerId))).Messages);
        Assert.Empty((await Search.SearchAsync("parcel", new SearchFilter(), SearchViewer.Customer(world.OtherCustomerId))).Conversations);
        Assert.Equal([world.Note.Id], staff.Messages.Select(m => m.MessageId));
        Assert.Equal(SearchKind.PrivateNote, staff.Messages[0].Kind);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("NEAR(")]
    [InlineData("(((")]
    [InlineData("refund)")]
    [InlineData("\"refund")]
    [InlineData("refund*")]
    [InlineData("NEAR(refund promised")]
    [InlineData("refund AND OR NOT")]
    [InlineData("col:refund ^refund -refund +refund")]
    [InlineData("re\"fund' ; DROP TABLE Messages; --")]
    [InlineData("%_\\")]
    public async Task HostileQueries_AreReadAsPlainWords(string query)
    {
        var results = await Search.SearchAsync(query, new SearchFilter(), Staff);

        var terms = SearchTerms.Parse(query);
        Assert.Equal(terms.IsEmpty, results.NoWords);
        if (terms.Words.SequenceEqual(["refund"])) Assert.Equal(4, results.Messages.Count);
        if (query == "NEAR(refund promised") Assert.Empty(results.Messages); // "near" is a word too, and no message has it
        await using var db = await factory.CreateDbAsync();
        Assert.True(await db.Messages.AnyAsync());
    }

    [Fact]
    public async Task Cjk_AndThai_AreFound_ShortAndLongWords()
    {
        var seed = new SearchSeed(factory);
        var conversation = await seed.ConversationAsync(world.Telegram, world.Kim, "注文について");
        var japanese = await seed.MessageAsync(conversation, "東京都に住んでいます。荷物はまだ届いていません。", minutes: 10);
        var chinese = await seed.MessageAsync(conversation, "我的订单还没有到，请帮我查一下。", minutes: 11);
        var thai = await seed.MessageAsync(conversation, "สินค้ายังไม่มาถึงครับ", minutes: 12);

        async Task<int[]> Ids(string text) => (await Search.SearchAsync(text, new SearchFilter(), Staff)).Messages.Select(m => m.MessageId).ToArray();

        Assert.Equal([japanese.Id], await Ids("東京"));
        Assert.Equal([japanese.Id], await Ids("荷物"));
        Assert.Equal([japanese.Id], await Ids("届いていません"));
        Assert.Equal([chinese.Id], await Ids("订单"));
        Assert.Equal([chinese.Id], await Ids("订单 查一下"));
        Assert.Equal([thai.Id], await Ids("ยังไม่มา"));
        Assert.Empty(await Ids("大阪"));
        var hit = (await Search.SearchAsync("荷物", new SearchFilter(), Staff)).Messages.Single();
        Assert.Equal("荷物", hit.Snippet.Single(p => p.Match).Text);
    }

    [Fact]
    public async Task Index_FollowsEditsAndDeletes()
    {
        var seed = new SearchSeed(factory);
        var conversation = await seed.ConversationAsync(world.Telegram, world.Pat, "Edits");
        var message = await seed.MessageAsync(conversation, "the zeppelin arrived", minutes: 20);
        var cjk = await seed.MessageAsync(conversation, "飛行船が来た", minutes: 21);
        Assert.Single((await Search.SearchAsync("zeppelin", new SearchFilter(), Staff)).Messages);

        await using (var db = await factory.CreateDbAsync())
        {
            var row = await db.Messages.SingleAsync(m => m.Id == message.Id);
            row.Text = "the airship arrived";
            await db.SaveChangesAsync();
            await db.Messages.Where(m => m.Id == cjk.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, "飛行機が来た"));
        }
        Assert.Empty((await Search.SearchAsync("zeppelin", new SearchFilter(), Staff)).Messages);
        Assert.Equal([message.Id], (await Search.SearchAsync("airship", new SearchFilter(), Staff)).Messages.Select(m => m.MessageId));
        Assert.Empty((await Search.SearchAsync("飛行船", new SearchFilter(), Staff)).Messages);
        Assert.Equal([cjk.Id], (await Search.SearchAsync("飛行機", new SearchFilter(), Staff)).Messages.Select(m => m.MessageId));

        await using (var db = await factory.CreateDbAsync())
        {
            await db.Messages.Where(m => m.ConversationId == conversation.Id).ExecuteDeleteAsync();
            await db.Conversations.Where(c => c.Id == conversation.Id).ExecuteDeleteAsync();
        }
        Assert.Empty((await Search.SearchAsync("airship", new SearchFilter(), Staff)).Messages);
        Assert.Empty((await Search.SearchAsync("飛行機", new SearchFilter(), Staff)).Messages);
        Assert.Empty((await Search.SearchAsync("edits", new SearchFilter(), Staff)).Conversations);
    }

    [Fact]
    public async Task Rebuild_KeepsEveryMatch()
    {
        var before = await Search.SearchAsync("refund", new SearchFilter(), Staff);

        var said = await Search.RebuildAsync();

        var after = await Search.SearchAsync("refund", new SearchFilter(), Staff);
        Assert.Equal(before.Messages.Select(m => m.MessageId), after.Messages.Select(m => m.MessageId));
        Assert.StartsWith("Rebuilt", said);
        Assert.Equal(4, after.Messages.Count);
    }
}

/// <summary>SQLite only: the FTS5 tables stay consistent through edits and deletes, and the rebuild refills an emptied index.</summary>
public sealed class SqliteSearchIndexTests : IAsyncLifetime
{
    private readonly CommHubFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Rebuild_RestoresAnEmptiedIndex()
    {
        var seed = new SearchSeed(factory);
        var conversation = await seed.ConversationAsync(await seed.ChannelAsync("Bot"), await seed.ContactAsync("Ren"), "Lost index");
        var latin = await seed.MessageAsync(conversation, "the narwhal is back");
        var cjk = await seed.MessageAsync(conversation, "一角獣が戻った");
        var search = factory.Services.GetRequiredService<SearchService>();
        var staff = SearchViewer.Staff("someone");
        await using (var db = await factory.CreateDbAsync())
        {
            foreach (var table in new[] { "MessageSearch", "MessageSearchGrams", "ConversationSearch" })
            {
                var sql = $"""INSERT INTO "{table}"("{table}") VALUES ('delete-all')""";
                await db.Database.ExecuteSqlRawAsync(sql);
            }
        }
        Assert.Empty((await search.SearchAsync("narwhal", new SearchFilter(), staff)).Messages);

        var said = await search.RebuildAsync();

        Assert.Equal("Rebuilt the search index of 2 messages.", said);
        Assert.Equal([latin.Id], (await search.SearchAsync("narwhal", new SearchFilter(), staff)).Messages.Select(m => m.MessageId));
        Assert.Equal([cjk.Id], (await search.SearchAsync("一角獣", new SearchFilter(), staff)).Messages.Select(m => m.MessageId));
        Assert.Equal([conversation.Id], (await search.SearchAsync("lost index", new SearchFilter(), staff)).Conversations.Select(c => c.ConversationId));
        await using var check = await factory.CreateDbAsync();
        await check.Database.ExecuteSqlRawAsync("""INSERT INTO "MessageSearch"("MessageSearch", rank) VALUES ('integrity-check', 1)""");
        // The trigram table holds only some of the messages by design: checked on its own, not against Messages (rank 0).
        await check.Database.ExecuteSqlRawAsync("""INSERT INTO "MessageSearchGrams"("MessageSearchGrams", rank) VALUES ('integrity-check', 0)""");
    }

    [Fact]
    public async Task EditsAndDeletes_LeaveTheIndexIntact()
    {
        var seed = new SearchSeed(factory);
        var conversation = await seed.ConversationAsync(await seed.ChannelAsync("Bot"), await seed.ContactAsync("Ren"), "Edits");
        var message = await seed.MessageAsync(conversation, "東京の天気 is sunny");
        await using var db = await factory.CreateDbAsync();
        // Scripts without spaces in, out and in again, then gone: each step moves the row between the trigram table and not.
        foreach (var text in new[] { "大阪の天気 is rainy", "plain words only", "京都の天気", "" })
            await db.Messages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Text, text));
        await db.Messages.Where(m => m.Id == message.Id).ExecuteDeleteAsync();

        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "MessageSearch"("MessageSearch", rank) VALUES ('integrity-check', 1)""");
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "MessageSearchGrams"("MessageSearchGrams", rank) VALUES ('integrity-check', 0)""");
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("""SELECT COUNT(*) AS "Value" FROM "MessageSearchGrams" WHERE "MessageSearchGrams" MATCH '"天気"'""").SingleAsync());
    }
}
