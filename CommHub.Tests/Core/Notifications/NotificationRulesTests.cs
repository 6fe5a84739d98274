using CommHub.Core.Conversations;
using CommHub.Core.Notifications;

namespace CommHub.Tests.Core.Notifications;

public sealed class NotificationRulesTests
{
    private static readonly NotificationSettings Quiet = NotificationSettings.Default with
    {
        QuietHoursOn = true, QuietFrom = new TimeOnly(22, 0), QuietUntil = new TimeOnly(7, 0), TimeZoneId = "Europe/Berlin",
    };

    [Theory]
    // The night before Berlin's clocks go forward (29 March 2026, 02:00 -> 03:00): 06:30 CET is still quiet...
    [InlineData("2026-03-28T05:30:00Z", true)]
    // ...and the morning after, 07:30 CEST (05:30 UTC) is not, although it is the same UTC time of day.
    [InlineData("2026-03-29T05:30:00Z", false)]
    [InlineData("2026-03-29T04:30:00Z", true)]
    // The autumn change (25 October 2026, 03:00 -> 02:00): 21:59 CET is not quiet yet, 22:00 is.
    [InlineData("2026-10-25T20:59:00Z", false)]
    [InlineData("2026-10-25T21:00:00Z", true)]
    [InlineData("2026-07-01T12:00:00Z", false)]
    public void QuietHours_AreReadOnTheUsersWallClock_AcrossDaylightSavingChanges(string utc, bool quiet) =>
        Assert.Equal(quiet, Quiet.IsQuiet(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void QuietHours_Off_OrAWindowWithinADay()
    {
        var noon = DateTimeOffset.Parse("2026-07-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.False((Quiet with { QuietHoursOn = false, QuietFrom = new TimeOnly(0, 0), QuietUntil = new TimeOnly(23, 59) }).IsQuiet(noon));
        Assert.True((Quiet with { QuietFrom = new TimeOnly(13, 0), QuietUntil = new TimeOnly(15, 0) }).IsQuiet(noon));
        Assert.Equal("'Mars/Olympus' is not a time zone this server knows (use a name like Europe/Berlin).", (Quiet with { TimeZoneId = "Mars/Olympus" }).Problem());
    }

    [Fact]
    public void Mentions_MatchWholeStaffNames_LongestFirst_IgnoringCase()
    {
        AgentOption ana = new("1", "Ana"), anaSilva = new("2", "Ana Silva"), anastasia = new("3", "Anastasia"), ben = new("4", "Ben");
        var staff = new[] { ana, anaSilva, anastasia, ben };

        Assert.Equal([anaSilva], Mentions.Find("@ana silva can you check?", staff));
        Assert.Equal([anastasia], Mentions.Find("cc @Anastasia", staff));
        Assert.Equal([ana, ben], Mentions.Find("@Ben and @Ana.", staff).OrderBy(a => a.Id));
        Assert.Empty(Mentions.Find("mail ben@example.com", staff));
        Assert.Empty(Mentions.Find("no mentions here", staff));
    }

    [Fact]
    public void MentionParts_CutANoteIntoTextAndMentions()
    {
        var parts = Mentions.Split("Ask @Ana Silva, then @ben.", ["Ana Silva", "Ben", "Ana"]).ToList();

        Assert.Equal([("Ask ", false), ("@Ana Silva", true), (", then ", false), ("@ben", true), (".", false)], parts);
    }
}
