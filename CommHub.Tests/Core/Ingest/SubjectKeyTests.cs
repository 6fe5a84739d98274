using CommHub.Core.Ingest;

namespace CommHub.Tests.Core.Ingest;

public sealed class SubjectKeyTests
{
    [Theory]
    [InlineData("Printer broken", "printer broken")]
    [InlineData("Re: Printer broken", "printer broken")]
    [InlineData("RE:RE: Fwd:  Printer   broken ", "printer broken")]
    [InlineData("AW: SV: Printer broken", "printer broken")]
    [InlineData("Re[2]: Printer broken", "printer broken")]
    [InlineData("WG: Antw: Printer broken", "printer broken")]
    [InlineData("Réponse: Printer", "réponse: printer")]
    public void Of_StripsReplyAndForwardPrefixes_SpacingAndCase(string subject, string key) =>
        Assert.Equal(key, SubjectKey.Of(subject));

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("(no subject)")]
    [InlineData("Re: ")]
    public void Of_ASubjectTooEmptyToThreadBy_IsNull(string? subject) => Assert.Null(SubjectKey.Of(subject));

    [Fact]
    public void Of_AShortenedStoredSubject_MatchesTheFullOne()
    {
        var full = "Order 4711: " + new string('x', 100);
        var stored = full[..79] + "…";

        Assert.Equal(SubjectKey.Of("Re: " + full), SubjectKey.Of(stored));
    }
}
