using CommHub.Core.Conversations;
using CommHub.Web.Features.Inbox;

namespace CommHub.Tests.Web.Features;

public sealed class InboxFilterQueryTests
{
    [Fact]
    public void Filters_GoIntoTheAddress_AndComeBackTheSame()
    {
        var filter = new InboxFilter(ConversationStatus.Pending, 3, AssigneeFilter.Me, "late delivery", FailedSends: true, ProjectId: 7, Sort: InboxSort.WaitingLongest);

        var query = InboxFilterQuery.ToQuery(filter);

        Assert.Equal("?status=Pending&channel=3&assignee=Me&label=late%20delivery&project=7&failed=1&sort=waiting", query);
        var back = System.Web.HttpUtility.ParseQueryString(query);
        Assert.Equal(filter, InboxFilterQuery.Parse(back["status"], back["channel"], back["assignee"], back["label"], back["project"], back["failed"], back["sort"]));
        Assert.Equal("", InboxFilterQuery.ToQuery(new InboxFilter()));
    }

    [Fact]
    public void MalformedValues_AreIgnored_NeverAnError() =>
        Assert.Equal(new InboxFilter(), InboxFilterQuery.Parse("Sleeping", "-1", "Everyone", "  ", "x", "maybe", "sideways"));
}
