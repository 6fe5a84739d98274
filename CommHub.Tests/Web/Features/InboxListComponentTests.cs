using Bunit;
using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Tests.TestSupport;
using CommHub.Web.Features.Inbox;

namespace CommHub.Tests.Web.Features;

public sealed class InboxListComponentTests : ComponentTestBase
{
    private static InboxItem Item(int unread, params string[] labels) => new(
        7, "Invoice is wrong", "Olivia Andersen", ChannelKind.Gmail, "support@acme.example", ConversationStatus.Open,
        ConversationPriority.Urgent, "Ana Silva", "Hi, our last invoice…", unread, DateTime.UtcNow.AddMinutes(-5), labels);

    [Fact]
    public void Row_ShowsUnreadBadge_Status_Priority_Labels_AndAssignee()
    {
        var row = Render<InboxRow>(p => p.Add(r => r.Item, Item(3, "billing", "vip")));

        Assert.Equal("3", row.Find("[data-testid=unread-badge]").TextContent);
        Assert.Contains("unread", row.Find("a").ClassList);
        Assert.Equal("/inbox/7", row.Find("a").GetAttribute("href"));
        Assert.Equal("Open", row.Find("[data-testid=row-status]").TextContent);
        Assert.Equal(["#billing", "#vip"], row.FindAll(".label-chip").Select(e => e.TextContent));
        Assert.Contains("Urgent", row.Markup);
        Assert.Contains("Ana Silva", row.Markup);
        Assert.Equal("5 min", row.Find(".inbox-row-time").TextContent);
    }

    [Fact]
    public void Row_OfACrewThread_ShowsItsProject()
    {
        var row = Render<InboxRow>(p => p.Add(r => r.Item, Item(1) with { ChannelKind = ChannelKind.Crew, ProjectName = "Harbour bridge" }));

        Assert.Equal("Harbour bridge", row.Find("[data-testid=row-project]").TextContent.Trim());
    }

    [Fact]
    public void Row_OutsideAProject_HasNoProjectBadge()
    {
        var row = Render<InboxRow>(p => p.Add(r => r.Item, Item(1)));

        Assert.Empty(row.FindAll("[data-testid=row-project]"));
    }

    [Fact]
    public void Row_WithNothingUnread_HasNoBadge()
    {
        var row = Render<InboxRow>(p => p.Add(r => r.Item, Item(0)));

        Assert.Empty(row.FindAll("[data-testid=unread-badge]"));
        Assert.DoesNotContain("unread", row.Find("a").ClassList);
    }

    [Fact]
    public void Row_RendersWhatACustomerTyped_AsText()
    {
        var item = Item(1) with { Subject = "<img src=x onerror=alert(1)>", Preview = "<script>alert(2)</script>" };

        var row = Render<InboxRow>(p => p.Add(r => r.Item, item));

        Assert.Empty(row.FindAll("img"));
        Assert.Empty(row.FindAll("script"));
        Assert.Equal("<img src=x onerror=alert(1)>", row.Find("[data-testid=row-subject]").TextContent);
    }

    [Fact]
    public void Filters_OfferStatusChannelLabelAndAssignee()
    {
        var filters = Render<InboxFilters>(p => p
            .Add(f => f.Filter, new InboxFilter())
            .Add(f => f.Channels, [new ChannelOption(1, "Customer portal", ChannelKind.Portal)])
            .Add(f => f.Labels, ["billing"]));

        Assert.Single(filters.FindAll("[data-testid=filter-status]"));
        Assert.Single(filters.FindAll("[data-testid=filter-channel]"));
        Assert.Single(filters.FindAll("[data-testid=filter-label]"));
        Assert.Equal(["Anyone", "Mine", "Unassigned"], filters.FindAll("[data-testid=filter-assignee] .mud-chip").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task Filters_ChoosingMine_RaisesTheNewFilter()
    {
        InboxFilter? raised = null;
        var filters = Render<InboxFilters>(p => p
            .Add(f => f.Filter, new InboxFilter(Status: ConversationStatus.Open))
            .Add(f => f.FilterChanged, (InboxFilter f) => raised = f));

        await filters.FindAll("[data-testid=filter-assignee] .mud-chip").Single(c => c.TextContent.Trim() == "Mine").ClickAsync(new());

        Assert.Equal(new InboxFilter(Status: ConversationStatus.Open, Assignee: AssigneeFilter.Me), raised);
    }
}
