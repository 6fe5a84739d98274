using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CommHub.Core.Channels;
using CommHub.Core.Conversations;

namespace CommHub.Core.Rules;

/// <summary>What a rule's conditions are checked against: one message (or none, for idle) in its conversation.</summary>
public sealed record RuleSubject(
    string Text,
    int ChannelId,
    BusinessHours? BusinessHours,
    IReadOnlySet<string> ContactLabels,
    bool HasAttachment,
    ConversationStatus Status,
    ConversationPriority Priority,
    DateTime AtUtc);

/// <summary>Pure evaluation of conditions; no database, so the tester and the engine agree exactly.</summary>
public static class RuleConditions
{
    public static bool Matches(Rule rule, RuleSubject subject, TimeSpan regexTimeout)
    {
        if (rule.Conditions.Count == 0) return true;
        return rule.MatchMode == RuleMatchMode.All
            ? rule.Conditions.All(c => Matches(c, subject, regexTimeout))
            : rule.Conditions.Any(c => Matches(c, subject, regexTimeout));
    }

    public static bool Matches(RuleCondition condition, RuleSubject subject, TimeSpan regexTimeout) => condition.Kind switch
    {
        RuleConditionKind.TextContains => ContainsKeywords(condition, subject.Text, regexTimeout),
        RuleConditionKind.TextMatchesRegex => condition.Pattern is { } pattern && IsMatch(pattern, subject.Text, regexTimeout),
        RuleConditionKind.ChannelIs => condition.ChannelId == subject.ChannelId,
        RuleConditionKind.ContactHasLabel => condition.Label is { } label && subject.ContactLabels.Contains(label),
        RuleConditionKind.HasAttachment => subject.HasAttachment,
        RuleConditionKind.StatusIs => condition.Value == (int)subject.Status,
        RuleConditionKind.PriorityIs => condition.Value == (int)subject.Priority,
        // A channel without a schedule has no hours to be outside of.
        RuleConditionKind.OutsideBusinessHours => subject.BusinessHours is { } hours && !BusinessHoursCalendar.IsOpen(hours, subject.AtUtc),
        _ => false,
    };

    /// <summary>Null when the pattern compiles; otherwise a sentence for the rule editor.</summary>
    public static string? ValidatePattern(string? pattern, TimeSpan regexTimeout)
    {
        if (string.IsNullOrWhiteSpace(pattern)) return "Enter a regular expression.";
        try
        {
            Build(pattern, regexTimeout);
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"The regular expression \"{pattern}\" is not valid: {ex.Message}";
        }
    }

    private static bool ContainsKeywords(RuleCondition condition, string text, TimeSpan regexTimeout)
    {
        var keywords = condition.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToList();
        if (keywords.Count == 0) return false;
        bool Has(string keyword) => condition.WholeWord ? ContainsWholeWord(text, keyword) : text.Contains(keyword, StringComparison.OrdinalIgnoreCase);
        return condition.AllKeywords ? keywords.All(Has) : keywords.Any(Has);
    }

    // Plain scanning rather than a regex: keywords need no timeout, so a busy machine can never make one miss.
    private static bool ContainsWholeWord(string text, string keyword)
    {
        for (var at = text.IndexOf(keyword, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = text.IndexOf(keyword, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + keyword.Length;
            // A boundary matters only on a side where the keyword itself ends in a word character ("c++" ends in '+').
            var startOk = at == 0 || !IsWordChar(keyword[0]) || !IsWordChar(text[at - 1]);
            var endOk = end == text.Length || !IsWordChar(keyword[^1]) || !IsWordChar(text[end]);
            if (startOk && endOk) return true;
        }
        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    // A pattern that times out counts as no match: ingestion must go on whatever an admin typed.
    private static bool IsMatch(string pattern, string text, TimeSpan regexTimeout)
    {
        try
        {
            return Build(pattern, regexTimeout).IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // NonBacktracking runs in linear time; patterns it cannot run (backreferences, lookarounds) fall back
    // to the backtracking engine, which the timeout bounds.
    // Built regexes are kept: the non-backtracking engine builds its automaton lazily while matching, so a fresh
    // instance is slowest on its first messages, exactly when the timeout is counting.
    private static readonly ConcurrentDictionary<(string, TimeSpan), Regex> Cache = new();
    private const int CacheLimit = 1000;

    private static Regex Build(string pattern, TimeSpan regexTimeout)
    {
        if (Cache.TryGetValue((pattern, regexTimeout), out var cached)) return cached;
        var regex = Create(pattern, regexTimeout);
        if (Cache.Count >= CacheLimit) Cache.Clear();
        Cache[(pattern, regexTimeout)] = regex;
        return regex;
    }

    private static Regex Create(string pattern, TimeSpan regexTimeout)
    {
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking, regexTimeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, options, regexTimeout);
        }
    }
}
