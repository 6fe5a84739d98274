using CommHub.Core.Contacts;
using CommHub.Core.Search;
using CommHub.Tests.Core.Retention;
using CommHub.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CommHub.Tests.Core.Search;

public sealed class SearchAfterDeletesTests : SearchAfterDeletes<CommHubFactory>;

public sealed class SearchAfterDeletesTestsOnPostgres : SearchAfterDeletes<PostgresFactory>;

/// <summary>The retention run and a contact's erasure, through their real services: what they delete is no longer found.</summary>
public abstract class SearchAfterDeletes<TFactory> : RetentionTestBase<TFactory> where TFactory : CommHubFactory, new()
{
    private SearchService Search => Factory.Services.GetRequiredService<SearchService>();

    private async Task<int[]> FoundAsync(string text) =>
        (await Search.SearchAsync(text, new SearchFilter(), SearchViewer.Staff("someone"))).Messages.Select(m => m.MessageId).ToArray();

    [Fact]
    public async Task Retention_RemovesExpiredMessagesFromTheIndex()
    {
        var channel = await Seed.ChannelAsync(retentionDays: 30);
        var conversation = await Seed.ConversationAsync(channel, "Ola");
        await Seed.MessageAsync(conversation, Now.AddDays(-40), files: 1, text: "expired gazebo 古いメッセージ");
        var recent = await Seed.MessageAsync(conversation, Now.AddDays(-1), text: "recent gazebo");
        Assert.Equal(2, (await FoundAsync("gazebo")).Length);

        await Retention.RunAsync();

        Assert.Equal([recent.Id], await FoundAsync("gazebo"));
        Assert.Empty(await FoundAsync("メッセージ"));
        Assert.Empty(await FoundAsync("photo0"));
    }

    [Fact]
    public async Task Erasure_RemovesTheContactsMessagesFromTheIndex_AndEmptiesTheirMessagesInGroups()
    {
        var channel = await Seed.ChannelAsync(retentionDays: null);
        var own = await Seed.ConversationAsync(channel, "Erin");
        var group = await Seed.ConversationAsync(channel, "The group");
        await Seed.MessageAsync(own, Now, text: "my own walrus");
        await Seed.MessageAsync(group, Now, text: "group walrus from erin", senderContactId: own.ContactId);
        var other = await Seed.MessageAsync(group, Now, text: "someone else's walrus");
        Assert.Equal(3, (await FoundAsync("walrus")).Length);

        var erased = await Factory.Services.GetRequiredService<ContactErasure>().EraseAsync(own.ContactId, "Erin", null);

        Assert.True(erased.Succeeded, erased.ErrorText);
        Assert.Equal([other.Id], await FoundAsync("walrus"));
        Assert.Empty((await Search.SearchAsync("erin", new SearchFilter(), SearchViewer.Staff("someone"))).Contacts);
    }
}
