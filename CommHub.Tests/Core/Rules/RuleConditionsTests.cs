using CommHub.Core.Channels;
using CommHub.Core.Conversations;
using CommHub.Core.Rules;

namespace CommHub.Tests.Core.Rules;

public sealed class RuleConditionsTests
{
    // Generous: a test machine under load must not turn a match into a timeout. The runaway test sets its own.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // Monday 2 March 2026, 10:00 UTC.
    private static readonly DateTime Monday10Utc = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    private static RuleSubject Subject(
        string text = "", int channelId = 1, BusinessHours? hours = null, string[]? labels = null, bool attachment = false,
        ConversationStatus status = ConversationStatus.New, ConversationPriority priority = ConversationPriority.Normal, DateTime? at = null) =>
        new(text, channelId, hours, new HashSet<string>(labels ?? [], StringComparer.OrdinalIgnoreCase), attachment, status, priority, at ?? Monday10Utc);

    private static bool Matches(RuleCondition condition, RuleSubject subject) => RuleConditions.Matches(condition, subject, Timeout);

    [Theory]
    [InlineData("Where is my REFUND?", true)]
    [InlineData("refunded already", true)]
    [InlineData("nothing to see", false)]
    public void Keywords_Any_AreCaseInsensitive_AndMatchInsideWords(string text, bool expected) =>
        Assert.Equal(expected, Matches(new RuleCondition { Kind = RuleConditionKind.TextContains, Keywords = ["refund", "invoice"] }, Subject(text)));

    [Theory]
    [InlineData("my refund for the invoice", true)]
    [InlineData("my refund", false)]
    public void Keywords_All_NeedEveryKeyword(string text, bool expected) =>
        Assert.Equal(expected, Matches(new RuleCondition { Kind = RuleConditionKind.TextContains, Keywords = ["refund", "invoice"], AllKeywords = true }, Subject(text)));

    [Theory]
    [InlineData("I want a Refund.", true)]
    [InlineData("refunded already", false)]
    [InlineData("refund_policy", false)]
    [InlineData("Refund", true)]
    public void Keywords_WholeWord_IgnoreLongerWords(string text, bool expected) =>
        Assert.Equal(expected, Matches(new RuleCondition { Kind = RuleConditionKind.TextContains, Keywords = ["refund"], WholeWord = true }, Subject(text)));

    [Theory]
    [InlineData("see a.b now", "a.b", true)]
    [InlineData("see axb now", "a.b", false)]
    [InlineData("my c++ code", "c++", true)]
    [InlineData("my abc++ code", "c++", false)]
    public void Keywords_WholeWord_AreTakenLiterally(string text, string keyword, bool expected) =>
        Assert.Equal(expected, Matches(new RuleCondition { Kind = RuleConditionKind.TextContains, Keywords = [keyword], WholeWord = true }, Subject(text)));

    [Theory]
    [InlineData(@"order\s+#?\d{5}", "about ORDER #12345", true)]
    [InlineData(@"order\s+#?\d{5}", "about order 12", false)]
    public void Regex_IsCaseInsensitive(string pattern, string text, bool expected) =>
        Assert.Equal(expected, Matches(new RuleCondition { Kind = RuleConditionKind.TextMatchesRegex, Pattern = pattern }, Subject(text)));

    [Fact]
    public void Regex_Catastrophic_LinearPatterns_RunOnTheNonBacktrackingEngine() =>
        Assert.False(Matches(new RuleCondition { Kind = RuleConditionKind.TextMatchesRegex, Pattern = "^(a+)+$" }, Subject(new string('a', 5000) + "!")));

    [Fact]
    public void Regex_ThatNeedsBacktracking_AndRunsAway_TimesOut_AsNoMatch()
    {
        // The lookahead forces the backtracking engine; (a+)+ on a long run of a's without the final b is exponential.
        var condition = new RuleCondition { Kind = RuleConditionKind.TextMatchesRegex, Pattern = "^(a+)+(?=b)b" };

        Assert.False(RuleConditions.Matches(condition, Subject(new string('a', 40) + "!"), TimeSpan.FromMilliseconds(200)));
    }

    [Theory]
    [InlineData("(unclosed")]
    [InlineData("a{2,1}")]
    [InlineData("")]
    public void ValidatePattern_RejectsInvalidPatterns_WithASentence(string pattern)
    {
        var error = RuleConditions.ValidatePattern(pattern, Timeout);

        Assert.NotNull(error);
        Assert.EndsWith(".", error.TrimEnd(')'));
    }

    [Fact]
    public void ValidatePattern_AcceptsPatternsOnlyTheBacktrackingEngineRuns() =>
        Assert.Null(RuleConditions.ValidatePattern(@"(\w)\1", Timeout));

    [Fact]
    public void ChannelIs_ComparesTheChannel()
    {
        Assert.True(Matches(new RuleCondition { Kind = RuleConditionKind.ChannelIs, ChannelId = 7 }, Subject(channelId: 7)));
        Assert.False(Matches(new RuleCondition { Kind = RuleConditionKind.ChannelIs, ChannelId = 7 }, Subject(channelId: 8)));
    }

    [Fact]
    public void ContactHasLabel_LooksAtTheContactsLabels()
    {
        var condition = new RuleCondition { Kind = RuleConditionKind.ContactHasLabel, Label = "vip" };

        Assert.True(Matches(condition, Subject(labels: ["billing", "VIP"])));
        Assert.False(Matches(condition, Subject(labels: ["billing"])));
    }

    [Fact]
    public void HasAttachment_FollowsTheMessage()
    {
        Assert.True(Matches(new RuleCondition { Kind = RuleConditionKind.HasAttachment }, Subject(attachment: true)));
        Assert.False(Matches(new RuleCondition { Kind = RuleConditionKind.HasAttachment }, Subject(attachment: false)));
    }

    [Fact]
    public void StatusAndPriority_CompareTheirValues()
    {
        Assert.True(Matches(new RuleCondition { Kind = RuleConditionKind.StatusIs, Value = (int)ConversationStatus.Open }, Subject(status: ConversationStatus.Open)));
        Assert.False(Matches(new RuleCondition { Kind = RuleConditionKind.StatusIs, Value = (int)ConversationStatus.Open }, Subject(status: ConversationStatus.New)));
        Assert.True(Matches(new RuleCondition { Kind = RuleConditionKind.PriorityIs, Value = (int)ConversationPriority.Urgent }, Subject(priority: ConversationPriority.Urgent)));
        Assert.False(Matches(new RuleCondition { Kind = RuleConditionKind.PriorityIs, Value = (int)ConversationPriority.Urgent }, Subject()));
    }

    private static BusinessHours Weekdays9To17(string zone, params DateOnly[] holidays) => new(
        zone,
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new BusinessHoursSlot(d, new TimeOnly(9, 0), new TimeOnly(17, 0)))],
        holidays);

    private static readonly RuleCondition Outside = new() { Kind = RuleConditionKind.OutsideBusinessHours };

    [Fact]
    public void OutsideBusinessHours_IsJudgedInTheChannelsTimeZone()
    {
        // 10:00 UTC on a Monday: 11:00 in Berlin (open), 05:00 in New York (closed), 19:00 in Tokyo (closed).
        Assert.False(Matches(Outside, Subject(hours: Weekdays9To17("Europe/Berlin"))));
        Assert.True(Matches(Outside, Subject(hours: Weekdays9To17("America/New_York"))));
        Assert.True(Matches(Outside, Subject(hours: Weekdays9To17("Asia/Tokyo"))));
    }

    [Fact]
    public void OutsideBusinessHours_FollowsTheDaylightSavingChange()
    {
        var berlin = Weekdays9To17("Europe/Berlin");
        // Berlin moves from UTC+1 to UTC+2 on Sunday 29 March 2026. 07:30 UTC is 08:30 (closed) the Friday
        // before and 09:30 (open) the Monday after; 15:30 UTC is 16:30 (open) before and 17:30 (closed) after.
        Assert.True(Matches(Outside, Subject(hours: berlin, at: new DateTime(2026, 3, 27, 7, 30, 0, DateTimeKind.Utc))));
        Assert.False(Matches(Outside, Subject(hours: berlin, at: new DateTime(2026, 3, 30, 7, 30, 0, DateTimeKind.Utc))));
        Assert.False(Matches(Outside, Subject(hours: berlin, at: new DateTime(2026, 3, 27, 15, 30, 0, DateTimeKind.Utc))));
        Assert.True(Matches(Outside, Subject(hours: berlin, at: new DateTime(2026, 3, 30, 15, 30, 0, DateTimeKind.Utc))));
    }

    [Fact]
    public void OutsideBusinessHours_OnAHoliday_AndAtTheWeekend()
    {
        Assert.True(Matches(Outside, Subject(hours: Weekdays9To17("Europe/Berlin", new DateOnly(2026, 3, 2)))));
        Assert.True(Matches(Outside, Subject(hours: Weekdays9To17("Europe/Berlin"), at: Monday10Utc.AddDays(-1))));
    }

    [Fact]
    public void OutsideBusinessHours_WithoutASchedule_NeverMatches() =>
        Assert.False(Matches(Outside, Subject(hours: null)));

    [Fact]
    public void MatchMode_AllNeedsEveryCondition_AnyNeedsOne()
    {
        var rule = new Rule
        {
            Conditions =
            [
                new RuleCondition { Kind = RuleConditionKind.TextContains, Keywords = ["refund"] },
                new RuleCondition { Kind = RuleConditionKind.ChannelIs, ChannelId = 2 },
            ],
        };

        rule.MatchMode = RuleMatchMode.All;
        Assert.False(RuleConditions.Matches(rule, Subject("refund please", channelId: 1), Timeout));
        Assert.True(RuleConditions.Matches(rule, Subject("refund please", channelId: 2), Timeout));
        rule.MatchMode = RuleMatchMode.Any;
        Assert.True(RuleConditions.Matches(rule, Subject("refund please", channelId: 1), Timeout));
        Assert.False(RuleConditions.Matches(rule, Subject("hello", channelId: 1), Timeout));
    }

    [Fact]
    public void ARuleWithoutConditions_MatchesEverything() =>
        Assert.True(RuleConditions.Matches(new Rule(), Subject("anything"), Timeout));
}
